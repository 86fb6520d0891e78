//! Name lists as entity-tagger features: place names from GeoNames, armed
//! groups and international organisations and office holders from the
//! Phoenix/PETRARCH2 dictionaries. A match is only a hint: the tagger learns
//! how far to trust it next to capitalisation and context ("Mobile" the
//! city, "mobile" the adjective).
//!
//! Names are tokenized with sitrep's own tokenizer and stored as hashes of
//! their lowercased token sequences, so lookups need no strings.

use std::io::{BufRead, Read, Write};
use std::path::Path;

use crate::features::{feat, hash_str, Lex};
use crate::perceptron::{self, IdMap};
use crate::tagger::PAD;
use crate::NlpError;

pub const PER: u8 = 1;
pub const ORG: u8 = 2;
pub const LOC: u8 = 4;
/// A single word that starts a listed person's name ("Fuad").
pub const GIVEN: u8 = 8;
/// A single word that ends a listed person's name ("Hussein").
pub const SURNAME: u8 = 16;
/// The bits of whole names (as opposed to name parts).
const WHOLE: u8 = PER | ORG | LOC;
/// Longest name, in tokens, that is looked up.
const MAX_LEN: usize = 6;

/// Countries whose small places (population ≥ 500) are listed too: the
/// conflicts sitrep is mostly fed.
const CONFLICT_COUNTRIES: &[&str] = &[
    "IQ", "SY", "YE", "LB", "JO", "IL", "PS", "IR", "AF", "PK", "SA", "TR", "EG", "LY", "SD", "SS",
    "SO", "ML", "NE", "BF", "NG", "CD", "CF", "ET", "UA", "RU", "MM", "MZ", "TD", "KE",
];

#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    names: IdMap<u8>,
}

fn sequence_key(lowers: impl Iterator<Item = u64>) -> u32 {
    let mut h = 0x6a09_e667u64;
    for l in lowers {
        h = u64::from(feat(500, h, l, 0));
    }
    h as u32
}

impl Gazetteer {
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub(crate) fn add(&mut self, name: &str, kind: u8) {
        let name = name.trim();
        if name.chars().count() < 2 || !name.chars().any(char::is_alphabetic) {
            return;
        }
        let (spans, _) = crate::tokenize::tokenize(name);
        if spans.is_empty() || spans.len() > MAX_LEN {
            return;
        }
        let key = sequence_key(spans.iter().map(|s| hash_str(&name[s.start..s.end], true)));
        *self.names.entry(key).or_default() |= kind;
        // The parts of people's names: the many given names and surnames
        // of the lists ("Brant", "Nasrallah") tell people from the towns
        // that share their names.
        if kind == PER && spans.len() >= 2 {
            let word = |i: usize| &name[spans[i].start..spans[i].end];
            for (w, part) in [(word(0), GIVEN), (word(spans.len() - 1), SURNAME)] {
                if w.chars().count() >= 2 && w.chars().all(char::is_alphabetic) {
                    let key = sequence_key(std::iter::once(hash_str(w, true)));
                    *self.names.entry(key).or_default() |= part;
                }
            }
        }
    }

    /// Per padded position, a bit set: for each kind, bit `kind` if a
    /// listed name starts here and bit `kind << 3` if one continues here;
    /// bits 6 and 7 if the word is a listed given name or surname.
    pub fn marks(&self, lex: &[Lex], out: &mut Vec<u64>) {
        out.clear();
        out.resize(lex.len(), 0);
        if self.names.is_empty() {
            return;
        }
        let n = lex.len() - PAD;
        for i in PAD..n {
            for len in 1..=MAX_LEN.min(n - i) {
                let key = sequence_key(lex[i..i + len].iter().map(|l| l.lower));
                if let Some(&kind) = self.names.get(&key) {
                    out[i] |= u64::from(kind & WHOLE);
                    for m in &mut out[i + 1..i + len] {
                        *m |= u64::from(kind & WHOLE) << 3;
                    }
                    // Name parts, bits 6 and 7 (single words only).
                    out[i] |= u64::from(kind & !WHOLE) << 3;
                }
            }
        }
    }

    /// Every kind a single word is listed as (whole names and name parts),
    /// 0 when it is not listed.
    pub fn word_kinds(&self, lex: &Lex) -> u8 {
        let key = sequence_key(std::iter::once(lex.lower));
        self.names.get(&key).copied().unwrap_or(0)
    }

    /// The longest listed name starting at each padded position, as
    /// `(start, length, kinds)`, left to right and not overlapping.
    pub fn longest_matches(&self, lex: &[Lex]) -> Vec<(usize, usize, u8)> {
        let mut out = Vec::new();
        if self.names.is_empty() {
            return out;
        }
        let n = lex.len() - PAD;
        let mut i = PAD;
        while i < n {
            let found = (1..=MAX_LEN.min(n - i)).rev().find_map(|len| {
                let key = sequence_key(lex[i..i + len].iter().map(|l| l.lower));
                self.names
                    .get(&key)
                    .filter(|&&k| k & WHOLE != 0)
                    .map(|&k| (i, len, k & WHOLE))
            });
            match found {
                Some(m) => {
                    out.push(m);
                    i += m.1;
                }
                None => i += 1,
            }
        }
        out
    }

    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        perceptron::write_byte_map(&self.names, w)
    }

    pub fn read(r: &mut impl Read) -> std::io::Result<Gazetteer> {
        let names = perceptron::read_byte_map(r)?;
        Ok(Gazetteer { names })
    }

    /// Builds the lists from the shared data folder (`geonames/`, `actors/`)
    /// and, when given, sitrep's own knowledge-base folder (`data/kb`).
    pub fn build(data: &Path, kb: Option<&Path>) -> Result<Gazetteer, NlpError> {
        let mut g = Gazetteer::default();
        let geo = data.join("geonames");
        for line in lines(&geo.join("countryInfo.tsv"))? {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() > 5 && !line.starts_with('#') {
                g.add(cols[4], LOC);
                g.add(cols[5], LOC);
            }
        }
        for line in lines(&geo.join("admin1CodesASCII.txt"))? {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() > 2 {
                g.add(cols[1], LOC);
                g.add(cols[2], LOC);
            }
        }
        for (file, all) in [("cities15000.txt.gz", true), ("cities500.txt.gz", false)] {
            for line in lines(&geo.join(file))? {
                let cols: Vec<&str> = line.split('\t').collect();
                if cols.len() < 9 || !(all || CONFLICT_COUNTRIES.contains(&cols[8])) {
                    continue;
                }
                g.add(cols[1], LOC);
                g.add(cols[2], LOC);
                // Latin-script spellings only ("Al Qa'im", "al-Qaim"), not codes.
                for alt in cols[3].split(',') {
                    if alt.len() >= 4
                        && alt.is_ascii()
                        && alt.chars().any(|c| c.is_ascii_lowercase())
                    {
                        g.add(alt, LOC);
                    }
                }
            }
        }
        let actors = data.join("actors/phoenix-petrarch2");
        read_actors(
            &mut g,
            &actors.join("Phoenix.MilNonState.actors.txt"),
            |_| Some(ORG),
        )?;
        // Office holders carry dated codes; organisations do not.
        read_actors(
            &mut g,
            &actors.join("Phoenix.International.actors.txt"),
            |rest| {
                Some(
                    if rest
                        .split('#')
                        .next()
                        .is_some_and(|c| c.contains('-') || c.contains('>') || c.contains('<'))
                    {
                        PER
                    } else {
                        ORG
                    },
                )
            },
        )?;
        read_actors(
            &mut g,
            &actors.join("Phoenix.Countries.actors.txt"),
            |rest| rest.contains("CountryInfo.txt").then_some(PER),
        )?;
        if let Some(kb) = kb {
            g.add_kb(kb)?;
        }
        Ok(g)
    }

    /// Adds sitrep's own curated lists (`data/kb/actors-curated.tsv`,
    /// `data/kb/places-supplement.tsv`): current armed groups and places the
    /// older dictionaries lack. Absent files are skipped.
    fn add_kb(&mut self, kb: &Path) -> Result<(), NlpError> {
        let actors = kb.join("actors-curated.tsv");
        if actors.exists() {
            for line in lines(&actors)? {
                let cols: Vec<&str> = line.split('\t').collect();
                if line.starts_with('#') || cols.len() < 6 {
                    continue;
                }
                let kind = match cols[4] {
                    "group" | "party" | "igo" | "state" => ORG,
                    "person" => PER,
                    _ => continue,
                };
                self.add(cols[1], kind);
                for alias in cols[5].split('|') {
                    // Acronyms ("KH", "PMF") are left to the tagger's shape features.
                    if alias.chars().any(char::is_lowercase) {
                        self.add(alias, kind);
                    }
                }
            }
        }
        let places = kb.join("places-supplement.tsv");
        if places.exists() {
            for line in lines(&places)? {
                let cols: Vec<&str> = line.split('\t').collect();
                if line.starts_with('#') || cols.len() < 3 || cols[0] == "country-demonym" {
                    continue;
                }
                self.add(cols[1], LOC);
                for alias in cols[2].split('|') {
                    self.add(alias, LOC);
                }
            }
        }
        Ok(())
    }
}

/// Reads a PETRARCH actor dictionary: primary phrases `NAME_WORDS_ [CODE] # comment`
/// (and `+ALIAS_` lines for organisations); `kind` decides from the rest of
/// the primary line what the phrase names, or skips it.
fn read_actors(
    g: &mut Gazetteer,
    path: &Path,
    kind: impl Fn(&str) -> Option<u8>,
) -> Result<(), NlpError> {
    let mut current: Option<u8> = None;
    for line in lines(path)? {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with(['\t', ' ']) {
            continue;
        }
        let (alias, body) = match line.strip_prefix('+') {
            Some(b) => (true, b),
            None => (false, line.as_str()),
        };
        let phrase_end = body
            .find(|c: char| c.is_whitespace() || c == '[' || c == '#')
            .unwrap_or(body.len());
        let phrase = &body[..phrase_end];
        let rest = &body[phrase_end..];
        if !alias {
            current = kind(rest);
        }
        // Aliases of office holders are titles ("FOREIGN_MINISTER_GHANI_"): skip them.
        let Some(k) = current else { continue };
        if alias && k == PER {
            continue;
        }
        let name = phrase.trim_end_matches('_').replace('_', " ");
        g.add(&titlecase(&name), k);
    }
    Ok(())
}

fn titlecase(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Lines of a text file, gunzipped when the name ends in `.gz`.
fn lines(path: &Path) -> Result<Vec<String>, NlpError> {
    let io = |source| NlpError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    std::io::BufReader::new(reader)
        .lines()
        .map(|l| {
            l.or_else(|e| {
                if e.kind() == std::io::ErrorKind::InvalidData {
                    Ok(String::new())
                } else {
                    Err(e)
                }
            })
        })
        .collect::<Result<Vec<String>, _>>()
        .map_err(io)
}
