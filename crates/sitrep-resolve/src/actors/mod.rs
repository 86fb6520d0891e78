//! Actors: armed groups, parties, state forces, office-holders and
//! international bodies, and the rules that turn a name as written into one.
//!
//! Resolution order, most specific first: a known name or alias ("Kattayib
//! Hezbollah"); a country, demonym or capital standing for its state
//! ("Washington", "Iran"), whose sector follows the event family; a country
//! word with an agent noun or a person ("Iraqi parliament", "Iraqi Foreign
//! Minister Fuad Hussein"); an agent noun alone in a story about one country;
//! the consonant skeleton of a known name. Anything else stays unresolved.

pub mod build;

use std::path::Path;

use sitrep_core::Actor;

use crate::context::{ActorContext, EventFamily};
use crate::error::KbError;
use crate::normalize::{fold, skeleton, skeleton_into};
use crate::places::store::{record_of, Kind, PRIMARY};
use crate::places::Gazetteer;
use crate::resolution::Resolution;

/// Where an actor row came from; curated rows win ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Curated,
    State,
    PhoenixNonState,
    PhoenixInternational,
    PhoenixCountries,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Curated => "curated",
            Source::State => "state",
            Source::PhoenixNonState => "phoenix-nonstate",
            Source::PhoenixInternational => "phoenix-international",
            Source::PhoenixCountries => "phoenix-countries",
        }
    }

    fn parse(s: &str) -> Option<Source> {
        Some(match s {
            "curated" => Source::Curated,
            "state" => Source::State,
            "phoenix-nonstate" => Source::PhoenixNonState,
            "phoenix-international" => Source::PhoenixInternational,
            "phoenix-countries" => Source::PhoenixCountries,
            _ => return None,
        })
    }

    /// Prior trust in a row from this source.
    fn prior(self) -> f32 {
        match self {
            Source::Curated => 0.5,
            Source::State => 0.4,
            Source::PhoenixNonState => 0.3,
            Source::PhoenixInternational => 0.25,
            Source::PhoenixCountries => 0.2,
        }
    }
}

/// The generic state and civilian actors every country has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Government,
    Military,
    Police,
    Legislature,
    Judiciary,
    Intelligence,
    Civilians,
    Protesters,
    Rioters,
    Unidentified,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Government,
        Role::Military,
        Role::Police,
        Role::Legislature,
        Role::Judiciary,
        Role::Intelligence,
        Role::Civilians,
        Role::Protesters,
        Role::Rioters,
        Role::Unidentified,
    ];

    /// The code used in ids and to match curated state rows.
    pub fn code(self) -> &'static str {
        match self {
            Role::Government => "GOV",
            Role::Military => "MIL",
            Role::Police => "COP",
            Role::Legislature => "LEG",
            Role::Judiciary => "JUD",
            Role::Intelligence => "SPY",
            Role::Civilians => "CVL",
            Role::Protesters => "PRO",
            Role::Rioters => "RIO",
            Role::Unidentified => "UAF",
        }
    }

    /// The PLOVER sector of the role.
    pub fn sector(self) -> &'static str {
        match self {
            Role::Protesters | Role::Rioters => "CVL",
            r => r.code(),
        }
    }

    fn from_sector(s: &str) -> Option<Role> {
        Some(match s {
            "GOV" => Role::Government,
            "MIL" => Role::Military,
            "COP" => Role::Police,
            "LEG" => Role::Legislature,
            "JUD" => Role::Judiciary,
            "SPY" => Role::Intelligence,
            "CVL" => Role::Civilians,
            "PRO" => Role::Protesters,
            "RIO" => Role::Rioters,
            "UAF" => Role::Unidentified,
            _ => return None,
        })
    }

    /// What a bare country, demonym or capital stands for in an event.
    fn for_family(f: EventFamily) -> Role {
        match f {
            EventFamily::Military => Role::Military,
            EventFamily::Political => Role::Government,
            EventFamily::Protest => Role::Protesters,
        }
    }
}

/// Agent nouns that decide the role by themselves, before the Phoenix agent
/// table (which files protesters under opposition and security forces under
/// police, where ACLED names military forces).
const AGENT_OVERRIDES: &[(&str, Role)] = &[
    ("protesters", Role::Protesters),
    ("protester", Role::Protesters),
    ("demonstrators", Role::Protesters),
    ("demonstrator", Role::Protesters),
    ("rioters", Role::Rioters),
    ("rioter", Role::Rioters),
    ("civilians", Role::Civilians),
    ("civilian", Role::Civilians),
    ("gunmen", Role::Unidentified),
    ("gunman", Role::Unidentified),
    ("armed men", Role::Unidentified),
    ("unidentified gunmen", Role::Unidentified),
    ("forces", Role::Military),
    ("security forces", Role::Military),
    ("troops", Role::Military),
    ("army", Role::Military),
    ("military", Role::Military),
    ("air force", Role::Military),
    ("navy", Role::Military),
    ("soldiers", Role::Military),
    ("warplanes", Role::Military),
    ("jets", Role::Military),
    ("drones", Role::Military),
    ("police", Role::Police),
    ("parliament", Role::Legislature),
    ("lawmakers", Role::Legislature),
    ("legislature", Role::Legislature),
    ("mps", Role::Legislature),
    ("government", Role::Government),
    ("authorities", Role::Government),
    ("officials", Role::Government),
    ("leadership", Role::Government),
    ("intelligence", Role::Intelligence),
    ("courts", Role::Judiciary),
    ("judiciary", Role::Judiciary),
];

/// Words after a group's name that do not change which group is meant.
const GENERIC_HEADS: &[&str] = &[
    "militia",
    "militias",
    "fighters",
    "militants",
    "group",
    "faction",
    "factions",
    "movement",
    "rebels",
    "members",
    "gunmen",
    "forces",
    "brigades",
    "organization",
    "organisation",
    "insurgents",
    "jihadists",
    "leadership",
    "officials",
    "spokesman",
    "spokesperson",
];

/// Whether a folded word is one of [`GENERIC_HEADS`]. The heads are
/// folded once: this runs for every name resolved.
fn is_generic_head(folded: &str) -> bool {
    static FOLDED: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| GENERIC_HEADS.iter().map(|h| fold(h)).collect());
    FOLDED.iter().any(|h| h == folded)
}

/// One row of the table, read from the mapped file when asked for: the
/// table keeps no strings of its own (see [`ActorTable`]).
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub country: Option<&'a str>,
    /// The PLOVER sectors as the file writes them, comma-separated; see
    /// [`Entry::sectors`].
    pub sector_list: &'a str,
    pub kind: &'a str,
    pub source: Source,
}

impl<'a> Entry<'a> {
    /// The PLOVER sectors, in the file's order.
    pub fn sectors(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.sector_list.split(',').filter(|s| !s.is_empty())
    }
}

/// Where a row is in the file.
#[derive(Debug, Clone, Copy)]
struct Row {
    start: u32,
    end: u32,
    source: Source,
}

/// Where a key's text is: a range of the table's file, or of its arena
/// (keys the file does not spell: skeletons, acronym letters) when
/// [`IN_ARENA`] is set in `start`.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
}

const IN_ARENA: u32 = 1 << 31;

impl Span {
    fn of_arena(arena: &str, from: usize) -> Span {
        Span {
            start: from as u32 | IN_ARENA,
            len: (arena.len() - from) as u32,
        }
    }

    /// `part`, a slice of `file`, as a span.
    fn of_file(file: &str, part: &str) -> Span {
        Span {
            start: (part.as_ptr() as usize - file.as_ptr() as usize) as u32,
            len: part.len() as u32,
        }
    }

    fn text<'a>(self, file: &'a [u8], arena: &'a [u8]) -> &'a [u8] {
        let (src, at) = if self.start & IN_ARENA != 0 {
            (arena, self.start & !IN_ARENA)
        } else {
            (file, self.start)
        };
        src.get(at as usize..at as usize + self.len as usize)
            .unwrap_or(&[])
    }
}

/// The hasher of the name maps. Fixed rather than random per process:
/// the maps are only looked up, never iterated, so no order is ever seen.
const KEY_HASH: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0x5172_e9a5);

fn key_hash(key: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    KEY_HASH.hash_one(key)
}

/// A name map, key → entries, built without a String or a Vec per key:
/// it was most of the table's loading time, which every run pays (a page
/// of the news takes less). Keys are spans of the file or the arena, a
/// key's entries a range of one postings array.
#[derive(Debug, Default)]
struct NameIndex {
    /// Key ids, hashed by their text.
    slots: hashbrown::HashTable<u32>,
    keys: Vec<Span>,
    /// Where each key's entries end in `postings`; they start where the
    /// previous key's end.
    ends: Vec<u32>,
    postings: Vec<u32>,
    /// (key id, entry) as loading adds them; [`NameIndex::finish`] turns
    /// them into `postings`.
    pairs: Vec<(u32, u32)>,
}

impl NameIndex {
    fn with_capacity(keys: usize) -> NameIndex {
        NameIndex {
            slots: hashbrown::HashTable::with_capacity(keys),
            keys: Vec::with_capacity(keys),
            pairs: Vec::with_capacity(keys),
            ..NameIndex::default()
        }
    }

    /// Files `entry` under the key at `span`. Returns whether the key is
    /// new: an arena key already known can be taken off the arena again.
    fn add(&mut self, file: &[u8], arena: &[u8], span: Span, entry: u32) -> bool {
        let key = span.text(file, arena);
        let keys = &self.keys;
        let (id, new) = match self.slots.entry(
            key_hash(key),
            |&k| keys[k as usize].text(file, arena) == key,
            |&k| key_hash(keys[k as usize].text(file, arena)),
        ) {
            hashbrown::hash_table::Entry::Occupied(o) => (*o.get(), false),
            hashbrown::hash_table::Entry::Vacant(v) => {
                let id = keys.len() as u32;
                v.insert(id);
                (id, true)
            }
        };
        if new {
            self.keys.push(span);
        }
        self.pairs.push((id, entry));
        new
    }

    /// Sorts the pairs added into each key's entries, in the order they
    /// were added, each once.
    fn finish(&mut self) {
        let n = self.keys.len();
        let mut at = vec![0u32; n + 1];
        for &(k, _) in &self.pairs {
            at[k as usize + 1] += 1;
        }
        for k in 0..n {
            at[k + 1] += at[k];
        }
        let starts = at.clone();
        let mut postings = vec![0u32; self.pairs.len()];
        for &(k, e) in &self.pairs {
            postings[at[k as usize] as usize] = e;
            at[k as usize] += 1;
        }
        // Entries are added in row order, so a row added twice under a key
        // is added twice in a row.
        let mut ends = Vec::with_capacity(n);
        let mut w = 0usize;
        for k in 0..n {
            let first = w;
            for r in starts[k] as usize..starts[k + 1] as usize {
                let e = postings[r];
                if w == first || postings[w - 1] != e {
                    postings[w] = e;
                    w += 1;
                }
            }
            ends.push(w as u32);
        }
        postings.truncate(w);
        self.postings = postings;
        self.ends = ends;
        self.pairs = Vec::new();
    }

    fn get<'a>(&'a self, file: &[u8], arena: &[u8], key: &[u8]) -> &'a [u32] {
        let Some(&id) = self.slots.find(key_hash(key), |&k| {
            self.keys[k as usize].text(file, arena) == key
        }) else {
            return &[];
        };
        let id = id as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id - 1] as usize
        };
        &self.postings[start..self.ends[id] as usize]
    }
}

/// The loaded actor table. Its rows and keys are read in place from the
/// mapped `actors.tsv`: loading allocates a few arrays, not 200,000
/// strings (which, with their hashing and freeing, were a third of a
/// one-page run's CPU time).
pub struct ActorTable {
    /// `actors.tsv`, checked to be UTF-8 and smaller than 2 GB.
    file: sitrep_core::FileBytes,
    /// Keys the file does not spell.
    arena: String,
    rows: Vec<Row>,
    /// Folded name or alias → entries.
    by_key: NameIndex,
    by_skeleton: NameIndex,
    /// Short one-word names and aliases, lower-cased but not folded → entries:
    /// how an acronym is looked up (see [`acronym`]).
    by_letters: NameIndex,
    /// (ISO3, role) → the state actor; the country a span of the file.
    state: hashbrown::HashTable<(Span, Role, u32)>,
    /// `agents.tsv`, checked to be UTF-8 and smaller than 2 GB.
    agent_file: sitrep_core::FileBytes,
    /// Folded agent noun → PLOVER sector, as spans of `agent_file` (or
    /// of the arena: [`AGENT_OVERRIDES`]).
    agents: hashbrown::HashTable<(Span, Span)>,
    /// Longest agent phrase, in words.
    agent_words: usize,
}

/// `s` split at an ASCII byte, as `str::split` splits it, by a plain
/// byte loop: the table's fields and keys are short, and `str::split`'s
/// memchr call for each was a third of the table's loading time.
fn split_byte(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    debug_assert!(sep.is_ascii());
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == sep) {
            Some(at) => {
                rest = Some(&r[at + 1..]);
                Some(&r[..at])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Lines in a text (an upper bound on the rows of a table).
fn bytecount_lines(text: &str) -> usize {
    // Counted in u8 over chunks that cannot overflow one, which the
    // compiler turns into wide compares (a usize count each byte was a
    // sixth of the table's loading).
    text.as_bytes()
        .chunks(255)
        .map(|c| c.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')) as usize)
        .sum::<usize>()
        + 1
}

fn sector_to_role(s: &str) -> Option<Role> {
    match s {
        "REB" | "OPP" | "PTY" | "BUS" | "EDU" | "HLH" | "MED" | "JRN" | "LAB" | "AGR" | "REL"
        | "CRM" | "ELI" | "HRI" | "ENV" | "REF" | "NGO" | "IGO" => None,
        other => Role::from_sector(other),
    }
}

/// Files row `i` under a folded key `k` (at `span`) and its skeleton.
fn add_key(
    file: &str,
    arena: &mut String,
    by_key: &mut NameIndex,
    by_skeleton: &mut NameIndex,
    k: &str,
    span: Span,
    i: u32,
) {
    by_key.add(file.as_bytes(), arena.as_bytes(), span, i);
    let mark = arena.len();
    skeleton_into(k, arena);
    if arena.len() - mark < 5
        || !by_skeleton.add(
            file.as_bytes(),
            arena.as_bytes(),
            Span::of_arena(arena, mark),
            i,
        )
    {
        arena.truncate(mark);
    }
}

fn state_hash(country: &[u8], role: Role) -> u64 {
    use std::hash::BuildHasher;
    KEY_HASH.hash_one((country, role))
}

/// Files row `i` as `country`'s state actor in `role` (`country` a slice
/// of `file`); an earlier row stays unless `replace`.
fn put_state(
    state: &mut hashbrown::HashTable<(Span, Role, u32)>,
    file: &str,
    country: &str,
    role: Role,
    i: u32,
    replace: bool,
) {
    let bytes = file.as_bytes();
    let key = country.as_bytes();
    match state.entry(
        state_hash(key, role),
        |&(c, r, _)| r == role && c.text(bytes, &[]) == key,
        |&(c, r, _)| state_hash(c.text(bytes, &[]), r),
    ) {
        hashbrown::hash_table::Entry::Occupied(mut o) => {
            if replace {
                o.get_mut().2 = i;
            }
        }
        hashbrown::hash_table::Entry::Vacant(v) => {
            v.insert((Span::of_file(file, country), role, i));
        }
    }
}

/// Files an agent noun's sector; a later one replaces an earlier.
fn put_agent(
    agents: &mut hashbrown::HashTable<(Span, Span)>,
    file: &[u8],
    arena: &[u8],
    key: Span,
    code: Span,
) {
    let k = key.text(file, arena);
    match agents.entry(
        key_hash(k),
        |&(a, _)| a.text(file, arena) == k,
        |&(a, _)| key_hash(a.text(file, arena)),
    ) {
        hashbrown::hash_table::Entry::Occupied(mut o) => o.get_mut().1 = code,
        hashbrown::hash_table::Entry::Vacant(v) => {
            v.insert((key, code));
        }
    }
}

impl ActorTable {
    pub fn load(dir: &Path, places: &Gazetteer) -> Result<ActorTable, KbError> {
        let path = dir.join("actors.tsv");
        // Mapped (see `sitrep_core::FileBytes`) and kept: rows and keys are
        // read from it in place.
        let bytes = sitrep_core::FileBytes::open(&path).map_err(|e| KbError::io(&path, e))?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| KbError::corrupt(&path, format!("not UTF-8: {e}")))?;
        if text.len() >= IN_ARENA as usize {
            return Err(KbError::corrupt(&path, "larger than 2 GB"));
        }
        // Sized from the line count, so nothing is grown (and its memory
        // zeroed) by doubling.
        let lines = bytecount_lines(text);
        let mut rows = Vec::with_capacity(lines);
        let mut arena = String::with_capacity(16 * lines);
        let mut by_key = NameIndex::with_capacity(lines + lines / 4);
        let mut by_skeleton = NameIndex::with_capacity(lines);
        let mut by_letters = NameIndex::with_capacity(lines / 4);
        let mut state = hashbrown::HashTable::with_capacity(lines / 8);
        let mut start = 0usize;
        for (n, raw) in text.split('\n').enumerate() {
            let line_start = start;
            start += raw.len() + 1;
            // As `str::lines` reads them.
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut f = [""; 8];
            let mut fields = 0;
            for (slot, field) in f.iter_mut().zip(split_byte(line, b'\t')) {
                *slot = field;
                fields += 1;
            }
            if fields < 7 {
                return Err(KbError::bad_line(
                    &path,
                    n + 1,
                    "expected 7 tab-separated fields",
                ));
            }
            let source = Source::parse(f[5]).ok_or_else(|| {
                KbError::bad_line(&path, n + 1, format!("unknown source {:?}", f[5]))
            })?;
            let i = rows.len() as u32;
            let country = f[2];
            if f[4] == "state" && !country.is_empty() {
                if let Some(role) = f[0]
                    .rsplit('-')
                    .next()
                    .and_then(|code| Role::from_sector(&code.to_ascii_uppercase()))
                {
                    put_state(&mut state, text, country, role, i, false);
                }
                if source == Source::Curated {
                    if let Some(role) = f[3]
                        .split(',')
                        .find(|s| !s.is_empty())
                        .and_then(Role::from_sector)
                    {
                        put_state(&mut state, text, country, role, i, true);
                    }
                }
            }
            for name in std::iter::once(f[1]).chain(split_byte(f[6], b'|')) {
                let mark = arena.len();
                if !short_word_into(name, &mut arena)
                    || !by_letters.add(
                        text.as_bytes(),
                        arena.as_bytes(),
                        Span::of_arena(&arena, mark),
                        i,
                    )
                {
                    arena.truncate(mark);
                }
            }
            if fields == 8 {
                for k in split_byte(f[7], b'|').filter(|k| !k.is_empty()) {
                    let span = Span::of_file(text, k);
                    add_key(text, &mut arena, &mut by_key, &mut by_skeleton, k, span, i);
                }
            } else {
                // A table written before the build folded the keys.
                for name in std::iter::once(f[1]).chain(f[6].split('|')) {
                    let k = fold(name);
                    if k.is_empty() {
                        continue;
                    }
                    let mark = arena.len();
                    arena.push_str(&k);
                    let span = Span::of_arena(&arena, mark);
                    add_key(text, &mut arena, &mut by_key, &mut by_skeleton, &k, span, i);
                }
            }
            rows.push(Row {
                start: line_start as u32,
                end: (line_start + line.len()) as u32,
                source,
            });
        }
        by_key.finish();
        by_skeleton.finish();
        by_letters.finish();
        let apath = dir.join("agents.tsv");
        let agent_file =
            sitrep_core::FileBytes::open(&apath).map_err(|e| KbError::io(&apath, e))?;
        let atext = std::str::from_utf8(&agent_file)
            .map_err(|e| KbError::corrupt(&apath, format!("not UTF-8: {e}")))?;
        if atext.len() >= IN_ARENA as usize {
            return Err(KbError::corrupt(&apath, "larger than 2 GB"));
        }
        let mut agents = hashbrown::HashTable::with_capacity(bytecount_lines(atext) + 64);
        let mut agent_words = 1;
        for line in atext.lines().filter(|l| !l.starts_with('#')) {
            if let Some((k, r)) = line.split_once('\t') {
                agent_words = agent_words.max(k.split(' ').count());
                let (k, r) = (Span::of_file(atext, k), Span::of_file(atext, r));
                put_agent(&mut agents, atext.as_bytes(), arena.as_bytes(), k, r);
            }
        }
        for (k, r) in AGENT_OVERRIDES {
            let mark = arena.len();
            arena.push_str(&fold(k));
            let key = Span::of_arena(&arena, mark);
            let mark = arena.len();
            arena.push_str(r.code());
            let code = Span::of_arena(&arena, mark);
            put_agent(&mut agents, atext.as_bytes(), arena.as_bytes(), key, code);
            agent_words = agent_words.max(k.split(' ').count());
        }
        let _ = places;
        Ok(ActorTable {
            file: bytes,
            arena,
            rows,
            by_key,
            by_skeleton,
            by_letters,
            state,
            agent_file,
            agents,
            agent_words,
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Row `i` (an index from [`ActorTable::by_key`]).
    pub fn entry(&self, i: u32) -> Entry<'_> {
        let row = self.rows[i as usize];
        // Checked to be UTF-8 at loading, so this is the whole line.
        let line =
            std::str::from_utf8(&self.file[row.start as usize..row.end as usize]).unwrap_or("");
        let mut f = line.split('\t');
        let mut next = || f.next().unwrap_or("");
        Entry {
            id: next(),
            name: next(),
            country: Some(next()).filter(|c| !c.is_empty()),
            sector_list: next(),
            kind: next(),
            source: row.source,
        }
    }

    /// Every row, in the file's order.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> + '_ {
        (0..self.rows.len() as u32).map(|i| self.entry(i))
    }

    fn lookup<'a>(&'a self, index: &'a NameIndex, key: &str) -> &'a [u32] {
        index.get(&self.file, self.arena.as_bytes(), key.as_bytes())
    }

    /// Entries whose folded name or alias is exactly `key`.
    pub(crate) fn by_key(&self, key: &str) -> &[u32] {
        self.lookup(&self.by_key, key)
    }

    fn actor(&self, text: &str, i: u32) -> Actor {
        let e = self.entry(i);
        Actor {
            text: text.to_string(),
            name: Some(e.name.to_string()),
            id: Some(e.id.to_string()),
            country: e.country.map(str::to_string),
            sector: e.sectors().map(str::to_string).collect(),
        }
    }

    /// Whether a name that is both `iso3`'s country word and an alias of
    /// `hits` means the country: yes unless the document weighs a hit's
    /// country above it. (Phoenix also files "COLOMBIA" as an alias of two
    /// Colombian groups: the country's name still means its state.)
    fn country_wins(&self, iso3: &str, hits: &[u32], ctx: &ActorContext) -> bool {
        let of = |i: &u32| self.entry(*i).country;
        let alias_weight = hits
            .iter()
            .filter_map(of)
            .map(|c| ctx.country_weight(c))
            .fold(0.0f32, f32::max);
        ctx.country_weight(iso3) >= alias_weight
    }

    /// A bare institution word that the lists also file as one state's
    /// ("Congress" for the United States', "the Senate"): every state has
    /// its congress or senate, so in a story about another country the
    /// word is that country's ("protesters outside Congress in Lima").
    /// The agent table says which words name a state's institution; the
    /// story's weight of countries says whose, as for a bare agent noun,
    /// but only when the story never mentions the listed state.
    fn story_institution(
        &self,
        text: &str,
        key: &str,
        hits: &[u32],
        ctx: &ActorContext,
    ) -> Option<Resolution<Actor>> {
        let role = self.institution(key)?;
        // The rows found must be that institution of some state (the UN's
        // "Security Council" is no state's council).
        if !hits
            .iter()
            .all(|&i| self.entry(i).sectors().any(|s| s == role.sector()))
        {
            return None;
        }
        let (iso3, w) = top_country(ctx)?;
        let listed = hits
            .iter()
            .filter_map(|&i| self.entry(i).country)
            .map(|c| ctx.country_weight(c))
            .fold(0.0f32, f32::max);
        // The listed state not in the story at all, and one country
        // weighing at least half of it.
        if listed > 0.0 || w < 0.5 {
            return None;
        }
        let i = self.state_actor(&iso3, role)?;
        Some(self.single(text, i, 0.4 * w, format!("institution+context:{iso3}")))
    }

    /// The state role a folded word names when the agent table files it
    /// under a state's institution ("congres", "police", "army").
    fn institution(&self, key: &str) -> Option<Role> {
        let role = Role::from_sector(self.agent(key)?)?;
        matches!(
            role,
            Role::Government
                | Role::Military
                | Role::Police
                | Role::Legislature
                | Role::Judiciary
                | Role::Intelligence
        )
        .then_some(role)
    }

    /// Whether a phrase, as written, is a bare word for a state's
    /// institution ("Congress", "the Police").
    pub fn names_institution(&self, text: &str) -> bool {
        let key = fold(clean(text));
        !key.is_empty() && self.institution(&key).is_some()
    }

    fn state_actor(&self, iso3: &str, role: Role) -> Option<u32> {
        let key = iso3.as_bytes();
        self.state
            .find(state_hash(key, role), |&(c, r, _)| {
                r == role && c.text(&self.file, &[]) == key
            })
            .map(|s| s.2)
    }

    /// The PLOVER sector of a folded agent noun.
    fn agent(&self, key: &str) -> Option<&str> {
        let arena = self.arena.as_bytes();
        let key = key.as_bytes();
        let &(_, code) = self.agents.find(key_hash(key), |&(k, _)| {
            k.text(&self.agent_file, arena) == key
        })?;
        std::str::from_utf8(code.text(&self.agent_file, arena)).ok()
    }

    fn score(&self, i: u32, ctx: &ActorContext) -> f32 {
        let e = self.entry(i);
        let mut s = e.source.prior();
        if let Some(c) = e.country {
            s += 0.8 * ctx.country_weight(c);
        }
        // A person matched by name alone is weaker than a group's alias.
        if e.kind == "person" {
            s -= 0.1;
        }
        s
    }

    /// The country a phrase names by country name, demonym or capital.
    fn country_word(&self, key: &str, places: &Gazetteer) -> Option<String> {
        if let Some(&c) = places.country_names.get(key) {
            return Some(places.country(c).iso3.clone());
        }
        if let Some(c) = key
            .strip_suffix('s')
            .and_then(|k| places.country_names.get(k))
        {
            return Some(places.country(*c).iso3.clone());
        }
        // Capitals as metonyms: only a national capital's own name.
        for &p in places.lookup(key, false) {
            if p & PRIMARY == 0 && key.len() < 5 {
                continue;
            }
            // Read from the posting: most names are no capital's.
            let f = places.facts(p);
            if f.kind == Kind::Town && f.capital {
                let r = places.rec(record_of(p));
                return Some(places.country(r.country).iso3.clone());
            }
        }
        None
    }

    /// The PLOVER sector of the agent noun a phrase ends in: "three
    /// suspected kidnappers" → CRM, "two journalists" → MED. The events
    /// stage asks it of a phrase no name or country resolves, to tell one
    /// that names people from one that names a thing ("the breadth");
    /// Phoenix's agent table lists some six thousand such nouns, more
    /// than any list of role words written by hand.
    pub fn agent_sector(&self, text: &str) -> Option<&str> {
        let key = fold(clean(text));
        let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        let end = words.len();
        (1..=self.agent_words.min(end))
            .rev()
            .find_map(|len| self.agent(&words[end - len..end].join(" ")))
    }

    fn agent_role(&self, words: &[&str]) -> Option<Role> {
        // The head noun comes last: scan from the end for the longest agent.
        // The longest agent ending at a word is the one meant there: a
        // "suicide bomber" is an insurgent, which no state role names, not
        // the air force's "bomber" inside it.
        for end in (1..=words.len()).rev() {
            let longest = (1..=self.agent_words.min(end))
                .rev()
                .find_map(|len| self.agent(&words[end - len..end].join(" ")));
            if let Some(r) = longest.and_then(sector_to_role) {
                return Some(r);
            }
        }
        None
    }

    fn best_of(
        &self,
        text: &str,
        hits: &[u32],
        ctx: &ActorContext,
        quality: f32,
        matched: String,
    ) -> Resolution<Actor> {
        let mut scored: Vec<(u32, f32)> = hits
            .iter()
            .map(|&i| (i, quality + self.score(i, ctx)))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.dedup_by_key(|x| x.0);
        let best = scored[0];
        // Rows that name the same actor (same name and country) do not compete.
        let z: f32 = scored
            .iter()
            .filter(|(i, _)| {
                *i == best.0 || {
                    let (a, b) = (self.entry(*i), self.entry(best.0));
                    a.name != b.name || a.country != b.country
                }
            })
            .map(|(_, s)| (4.0 * (s - best.1)).exp())
            .sum();
        let confidence = quality.min(1.0) / z;
        Resolution {
            best: Some(self.actor(text, best.0)),
            confidence,
            candidates: scored
                .iter()
                .take(8)
                .map(|&(i, s)| (self.actor(text, i), s))
                .collect(),
            matched: Some(matched),
        }
    }

    fn single(&self, text: &str, i: u32, confidence: f32, matched: String) -> Resolution<Actor> {
        let a = self.actor(text, i);
        Resolution {
            best: Some(a.clone()),
            confidence,
            candidates: vec![(a, confidence)],
            matched: Some(matched),
        }
    }

    /// Resolves an actor name as written.
    pub fn resolve(&self, text: &str, ctx: &ActorContext, places: &Gazetteer) -> Resolution<Actor> {
        let clean = clean(text);
        let key = fold(clean);
        // "The organization claimed the attack": a generic head alone points
        // back to a group named elsewhere; it names none itself (Phoenix
        // lists "Organization" as an alias of the Tanzim).
        if key.is_empty() || is_pronoun(clean) || is_generic_head(&key) {
            return Resolution::unresolved();
        }
        let country = self.country_word(&key, places);
        // 1. A known name or alias, unless the name is also a country's and
        //    the story is not about the alias's country: "PRC" is the
        //    Popular Resistance Committees in a Gaza story, China elsewhere;
        //    Phoenix lists "China" as an alias of a company.
        let hits = match acronym(clean) {
            Some(letters) => self.lookup(&self.by_letters, &letters),
            // A short word not in capitals is a word, not an acronym: "An"
            // (as in "An entity") is not the Aryan Nations' "AN". A short
            // key with a digit is no English word but a code name ("M23",
            // "G5"): it is looked up as written.
            None if key.len() <= 3
                && !key.contains(' ')
                && !key.chars().any(|c| c.is_ascii_digit()) =>
            {
                &[][..]
            }
            None => self.by_key(&key),
        };
        if !hits.is_empty()
            && !country
                .as_deref()
                .is_some_and(|c| self.country_wins(c, hits, ctx))
        {
            if let Some(r) = self.story_institution(text, &key, hits, ctx) {
                return r;
            }
            return self.best_of(text, hits, ctx, 1.0, format!("alias:{key}"));
        }
        // 1b. "Kyiv's forces", "Osama bin Laden's al-Qaeda network": what
        //     the owner has is the actor.
        if let Some(r) = self.possessed(text, clean, ctx, places) {
            return r;
        }
        // 2. A country, demonym or capital standing for its state.
        if let Some(iso3) = country {
            if let Some(i) = self.state_actor(&iso3, Role::for_family(ctx.family)) {
                return self.single(text, i, 0.75, format!("metonym:{iso3}"));
            }
        }
        let words: Vec<&str> = key.split(' ').collect();
        // 3. "<agent> of <country>": "Government of Iraq", "Prime Minister of Iraq".
        if let Some(at) = words.iter().position(|w| *w == "of") {
            let (left, right) = (&words[..at], &words[at + 1..]);
            if let Some(iso3) = self.country_word(&right.join(" "), places) {
                if let Some(role) = self.agent_role(left) {
                    if let Some(i) = self.state_actor(&iso3, role) {
                        return self.single(text, i, 0.8, format!("agent-of:{iso3}"));
                    }
                }
            }
        }
        // 3b. A known name that opens with a country word, before a
        //     generic head: "Pakistani Taliban militants" are the TTP the
        //     lists know as "Pakistani Taliban", not Pakistan's Taliban. (A
        //     state's organ stays the country's forces: "US Central Command
        //     forces" are the United States' military, as ACLED codes them.)
        if words.len() >= 3 && is_generic_head(words[words.len() - 1]) {
            let k = words[..words.len() - 1].join(" ");
            let hits = self.by_key(&k);
            let non_state = hits.iter().all(|&i| {
                !self
                    .entry(i)
                    .sectors()
                    .any(|s| matches!(s, "GOV" | "MIL" | "COP" | "LEG" | "JUD" | "SPY"))
            });
            if !hits.is_empty() && non_state && self.country_word(words[0], places).is_some() {
                return self.best_of(text, hits, ctx, 0.9, format!("name+head:{k}"));
            }
        }
        // 4. A country word, then a group, person or agent.
        for n in (1..words.len().min(4)).rev() {
            let Some(iso3) = self.country_word(&words[..n].join(" "), places) else {
                continue;
            };
            let rest = &words[n..];
            if let Some(r) = self.composite(text, &iso3, rest, ctx) {
                return r;
            }
        }
        // 5. A person or group named inside a longer phrase: "Foreign Minister
        //    Fuad Hussein", "the Hezbollah-run Al-Manar".
        for len in (2..words.len().min(5)).rev() {
            for start in 0..=words.len() - len {
                let k = words[start..start + len].join(" ");
                let hits = self.by_key(&k);
                if !hits.is_empty() {
                    let mut r = self.best_of(text, hits, ctx, 0.8, format!("inner:{k}"));
                    r.confidence *= 0.85;
                    return r;
                }
            }
        }
        // 6. A known name followed by a generic head: "Hezbollah fighters",
        //    "the Houthi militia".
        let last = words[words.len() - 1];
        if words.len() >= 2 && is_generic_head(last) {
            let k = words[..words.len() - 1].join(" ");
            let hits = self.by_key(&k);
            // "Taliban militants", "Houthi rebels": a group the lists know
            // both as a state and as insurgents is the insurgents when the
            // text calls its men militants or rebels.
            let insurgents: Vec<u32> = hits
                .iter()
                .copied()
                .filter(|&i| self.entry(i).sectors().any(|s| matches!(s, "REB" | "UAF")))
                .collect();
            let head_insurgent = self.agent(last).is_some_and(|s| matches!(s, "REB" | "UAF"));
            let hits = if head_insurgent && !insurgents.is_empty() {
                &insurgents[..]
            } else {
                hits
            };
            if !hits.is_empty() {
                let mut r = self.best_of(text, hits, ctx, 0.9, format!("alias+head:{k}"));
                r.confidence *= 0.9;
                return r;
            }
        }
        // 7. An agent noun alone, in a story about one country.
        if let Some(role) = self.agent_role(&words) {
            if let Some((iso3, w)) = top_country(ctx) {
                if let Some(i) = self.state_actor(&iso3, role) {
                    return self.single(text, i, 0.4 * w, format!("agent+context:{iso3}"));
                }
            }
        }
        // 8. The consonant skeleton of a known name — for names only:
        //    transliterations vary in names, and "a young woman" shares
        //    its skeleton with "Aung Min".
        let sk = skeleton(&key);
        let hits = self.lookup(&self.by_skeleton, &sk);
        if !hits.is_empty() && written_as_name(clean) {
            let mut r = self.best_of(text, hits, ctx, 0.6, format!("skeleton:{sk}"));
            r.confidence *= 0.8;
            return r;
        }
        Resolution::unresolved()
    }

    /// A possessive phrase, "<owner>'s <owned>": the owned when it names
    /// an actor itself ("Osama bin Laden's al-Qaeda terror network" is the
    /// network, not the man; "Iran's Revolutionary Guards"), else the
    /// owner's state in the role the owned words give ("Kyiv's forces",
    /// "Moscow's envoy"). `None` when the phrase has no possessive or
    /// neither reading finds anyone, so the other steps still run.
    fn possessed(
        &self,
        text: &str,
        clean: &str,
        ctx: &ActorContext,
        places: &Gazetteer,
    ) -> Option<Resolution<Actor>> {
        let (owner, owned) = split_possessive(clean)?;
        if let Some(iso3) = self.country_word(&fold(owner), places) {
            let key = fold(owned);
            let words: Vec<&str> = key.split(' ').collect();
            if let Some(r) = self.composite(text, &iso3, &words, ctx) {
                return Some(r);
            }
        }
        let inner = self.resolve(owned, ctx, places);
        // A bare role word resolved from the story's country, a
        // consonant-skeleton guess or a metonym is no actor of its own.
        let named = inner.matched.as_deref().is_some_and(|m| {
            !["agent+context", "skeleton", "metonym"]
                .iter()
                .any(|p| m.starts_with(p))
        });
        let best = inner.best.filter(|_| named)?;
        Some(Resolution {
            best: Some(Actor {
                text: text.to_string(),
                ..best
            }),
            ..inner
        })
    }

    fn composite(
        &self,
        text: &str,
        iso3: &str,
        rest: &[&str],
        ctx: &ActorContext,
    ) -> Option<Resolution<Actor>> {
        if rest.is_empty() {
            return None;
        }
        let rest_key = rest.join(" ");
        // "Iranian Revolutionary Guards": a group of that country.
        let same_country: Vec<u32> = self
            .by_key(&rest_key)
            .iter()
            .copied()
            .filter(|&i| self.entry(i).country.is_none_or(|c| c == iso3))
            .collect();
        if !same_country.is_empty() {
            let mut ctx = ctx.clone();
            ctx.countries.insert(iso3.to_string(), f32::MAX / 4.0);
            let mut r = self.best_of(
                text,
                &same_country,
                &ctx,
                0.95,
                format!("country+name:{iso3} {rest_key}"),
            );
            r.confidence *= 0.95;
            return Some(r);
        }
        // "Foreign Minister Fuad Hussein": a person at the end.
        for len in (2..=rest.len().min(4)).rev() {
            let k = rest[rest.len() - len..].join(" ");
            let people: Vec<u32> = self
                .by_key(&k)
                .iter()
                .copied()
                .filter(|&i| {
                    let e = self.entry(i);
                    e.kind == "person" && e.country.is_none_or(|c| c == iso3)
                })
                .collect();
            if !people.is_empty() {
                let mut r = self.best_of(
                    text,
                    &people,
                    ctx,
                    0.9,
                    format!("country+person:{iso3} {k}"),
                );
                r.confidence *= 0.9;
                return Some(r);
            }
        }
        // "Iraqi parliament", "US forces".
        let role = self.agent_role(rest)?;
        let i = self.state_actor(iso3, role)?;
        Some(self.single(text, i, 0.85, format!("country+agent:{iso3} {rest_key}")))
    }
}

/// The letters of an acronym as written ("ICC", "U.N."), lower-cased.
/// Folding is for transliterated names; applied to acronyms it merges
/// different bodies ("EEC" and "ICC" fold alike), so an acronym must match a
/// name's own letters.
fn acronym(text: &str) -> Option<String> {
    short_word(text).filter(|_| text.chars().all(|c| c == '.' || c.is_ascii_uppercase()))
}

/// A one-word name of two to six letters (dots aside), lower-cased: the
/// keys acronyms are looked up by. The dictionaries write many acronyms in
/// title case ("Imf", "Undp"), so case is not required here.
fn short_word(name: &str) -> Option<String> {
    let mut out = String::new();
    short_word_into(name, &mut out).then_some(out)
}

/// [`short_word`] appended to `out`; whether `name` is one.
fn short_word_into(name: &str, out: &mut String) -> bool {
    // Checked before anything is written: this runs for every name and
    // alias of the table at every start, and few are short words.
    let name = name.trim();
    let mut n = 0;
    for c in name.chars().filter(|&c| c != '.') {
        if !c.is_ascii_alphabetic() || n == 6 {
            return false;
        }
        n += 1;
    }
    if n < 2 {
        return false;
    }
    out.extend(
        name.chars()
            .filter(|&c| c != '.')
            .map(|c| c.to_ascii_lowercase()),
    );
    true
}

/// The country a context is most about, with its share of the weight.
fn top_country(ctx: &ActorContext) -> Option<(String, f32)> {
    let total: f32 = ctx.countries.values().sum();
    let (c, w) = ctx.countries.iter().max_by(|a, b| a.1.total_cmp(b.1))?;
    (total > 0.0).then(|| (c.clone(), w / total))
}

/// A personal or relative pronoun names no one by itself: folded, "you" and
/// "us" met the US and "they" Thailand. The extractor finds who a pronoun
/// means from the sentences before. "US" in capitals stays the country.
fn is_pronoun(text: &str) -> bool {
    const PRONOUNS: &[&str] = &[
        "i",
        "me",
        "you",
        "he",
        "him",
        "she",
        "her",
        "it",
        "we",
        "us",
        "they",
        "them",
        "who",
        "whom",
        "which",
        "that",
        "this",
        "these",
        "those",
        "one",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "everyone",
        "everybody",
        "nobody",
        "yourself",
        "ourselves",
        "themselves",
        "himself",
        "herself",
        "itself",
    ];
    let all_caps = text.len() > 1 && text.chars().all(|c| c.is_ascii_uppercase());
    !all_caps && PRONOUNS.iter().any(|p| p.eq_ignore_ascii_case(text))
}

/// Strips what surrounds a name in running text: quotes, "the", a
/// possessive.
fn clean(text: &str) -> &str {
    let mut s = text.trim().trim_matches(|c: char| {
        matches!(
            c,
            '"' | '“' | '”' | '«' | '»' | '\'' | '‘' | '’' | ',' | '.' | ':'
        )
    });
    for suffix in ["'s", "’s"] {
        if let Some(r) = s.strip_suffix(suffix) {
            s = r;
        }
    }
    for prefix in ["the ", "The ", "THE "] {
        if let Some(r) = s.strip_prefix(prefix) {
            s = r;
        }
    }
    s.trim()
}

/// The owner and the owned of a possessive phrase ("Kyiv's forces" →
/// "Kyiv", "forces"), split at its first clitic; `None` without one or
/// when either side is empty.
fn split_possessive(text: &str) -> Option<(&str, &str)> {
    let (at, len) = ["'s ", "’s "]
        .iter()
        .filter_map(|c| text.find(c).map(|i| (i, c.len())))
        .min()?;
    let (owner, owned) = (text[..at].trim(), clean(&text[at + len..]));
    (!owner.is_empty() && !owned.is_empty()).then_some((owner, owned))
}

/// Articles, particles and the ezafe that names write in lower case.
const NAME_PARTICLES: &[&str] = &[
    "a", "an", "the", "of", "and", "al", "el", "bin", "ibn", "wal", "ul", "e", "i", "ye", "de",
    "du", "la", "le",
];

/// Whether every word of a phrase that is not a function word starts with
/// a capital (or a digit): "Kattayib Hezbollah", "Aung Min", not "a young
/// woman" or "the militants".
fn written_as_name(text: &str) -> bool {
    let mut content = text
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .filter(|w| !NAME_PARTICLES.contains(&w.to_lowercase().as_str()))
        .peekable();
    content.peek().is_some() && content.all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::{split_byte, written_as_name, NameIndex, Span};

    /// A key's entries come back in the order they were added, each once,
    /// whether the key is in the file or the arena.
    #[test]
    fn name_index_keeps_order_and_drops_repeats() {
        let file = "alpha|beta|alpha";
        let arena = "gamma";
        let mut index = NameIndex::with_capacity(2);
        let keys: Vec<&str> = split_byte(file, b'|').collect();
        assert_eq!(keys, ["alpha", "beta", "alpha"]);
        let gamma = Span::of_arena(arena, 0);
        for (entry, k) in [(3, keys[0]), (3, keys[2]), (5, keys[1]), (7, keys[2])] {
            index.add(
                file.as_bytes(),
                arena.as_bytes(),
                Span::of_file(file, k),
                entry,
            );
        }
        assert!(index.add(file.as_bytes(), arena.as_bytes(), gamma, 9));
        assert!(!index.add(file.as_bytes(), arena.as_bytes(), gamma, 9));
        index.finish();
        let get = |k: &str| {
            index
                .get(file.as_bytes(), arena.as_bytes(), k.as_bytes())
                .to_vec()
        };
        assert_eq!(get("alpha"), [3, 7]);
        assert_eq!(get("beta"), [5]);
        assert_eq!(get("gamma"), [9]);
        assert!(get("delta").is_empty());
        assert_eq!(split_byte("", b'|').collect::<Vec<_>>(), [""]);
        assert_eq!(split_byte("a||", b'|').collect::<Vec<_>>(), ["a", "", ""]);
    }

    #[test]
    fn only_names_are_matched_by_their_skeleton() {
        for name in [
            "Aung Min",
            "Kattayib Hezbollah",
            "Jaish al-Adl",
            "the Lashkar-e-Taiba",
        ] {
            assert!(written_as_name(name), "{name}");
        }
        for phrase in ["a young woman", "the militants", "Army soldiers", "a"] {
            assert!(!written_as_name(phrase), "{phrase}");
        }
    }
}
