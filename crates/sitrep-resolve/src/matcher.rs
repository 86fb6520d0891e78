//! Spotting known names in raw text, for when the tagger misses one, and
//! counting the countries a story is about.
//!
//! Why n-grams over capitalised words rather than a raw automaton over the
//! text: the gazetteer holds "Of", "Mobile" and "Hope" as towns; requiring a
//! capitalised start, a stop list and a population floor for one-word names
//! keeps ordinary words out, and folding each n-gram finds the spelling
//! variants an exact-string automaton would miss.

use serde::Serialize;

use crate::context::DocContext;
use crate::normalize::fold;
use crate::places::store::{record_of, Floor, Kind, PRIMARY};
use crate::Kb;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    Place,
    Actor,
}

/// A known name found in text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub kind: MentionKind,
    pub text: String,
    /// Byte offsets in the text searched.
    pub start: usize,
    pub end: usize,
    /// The folded key that matched.
    pub key: String,
}

/// Words of English grammar (pronouns, articles, prepositions, …) and
/// counting words: capitalised only at a sentence's start, and never a
/// name there. Folded, "They" is "Thai".
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "he", "she", "it", "we", "they", "i",
    "his", "her", "its", "our", "their", "but", "and", "or", "if", "when", "while", "after",
    "before", "since", "as", "at", "in", "on", "of", "for", "from", "by", "with", "to", "no",
    "not", "all", "some", "more", "most", "many", "one", "two", "three", "first", "last", "new",
    "old",
];

/// One-word names that are ordinary capitalised English words far more
/// often than places (sentence starts, headings, titles), besides
/// [`FUNCTION_WORDS`].
const ORDINARY_WORDS: &[&str] = &[
    "president",
    "minister",
    "prime",
    "general",
    "king",
    "queen",
    "prince",
    "army",
    "police",
    "state",
    "city",
    "province",
    "district",
    "region",
    "government",
    "forces",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mobile",
    "hope",
    "victoria",
    "florence",
    "nice",
    "reading",
    "bath",
    "split",
    "union",
    "independence",
    "liberty",
    "commerce",
    "progress",
    "paradise",
    "unity",
    "university",
    "english",
    "french",
    "aden's",
    "see",
    "also",
    "read",
    "reuters",
    "news",
    "media",
    "security",
    "attack",
    "attacks",
    "strike",
    "strikes",
    "after",
    "during",
    "among",
    "resistance",
    "islamic",
    "national",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "mount",
    "lake",
    "river",
    "best",
    "good",
    "well",
    "young",
    "home",
    "post",
    "mission",
    "washington",
    "sky",
    "jordan's",
    "leave",
    "reply",
    "email",
];

/// Whether a one-word n-gram is too ordinary a word to be a place.
fn stop_word(lower: &str) -> bool {
    FUNCTION_WORDS.contains(&lower) || ORDINARY_WORDS.contains(&lower)
}

/// Words that may sit lower-case inside a multi-word name ("Deir ez-Zor",
/// "Ain al-Asad", "Bosnia and Herzegovina").
const INNER: &[&str] = &[
    "al", "el", "ez", "es", "ad", "ar", "as", "ash", "at", "az", "an", "de", "del", "la", "le",
    "du", "of", "and", "e", "bin", "ibn", "abu",
];

struct Word {
    start: usize,
    end: usize,
    upper: bool,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-');
    for (i, c) in text.char_indices() {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(word(text, s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(word(text, s, text.len()));
    }
    out
}

fn word(text: &str, start: usize, end: usize) -> Word {
    // Trailing hyphens/apostrophes are punctuation, not part of the name.
    let mut e = end;
    while e > start && text[..e].ends_with(['-', '\'', '’']) {
        e -= text[..e].chars().next_back().map_or(1, char::len_utf8);
    }
    let upper = text[start..e]
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    Word {
        start,
        end: e.max(start),
        upper,
    }
}

/// A text's words and the folded keys of the n-grams scanned so far: the
/// document context scans one text for countries and then for places, and
/// folding the same n-grams twice was a sixtieth of a run's instructions.
struct Grams<'t> {
    text: &'t str,
    words: Vec<Word>,
    keys: std::collections::HashMap<(usize, usize), String>,
}

impl<'t> Grams<'t> {
    fn new(text: &'t str) -> Grams<'t> {
        Grams {
            text,
            words: words(text),
            keys: std::collections::HashMap::new(),
        }
    }

    /// The folded key of `text[start..end]`.
    fn key(&mut self, start: usize, end: usize) -> String {
        let text = self.text;
        self.keys
            .entry((start, end))
            .or_insert_with(|| fold(&text[start..end]))
            .clone()
    }
}

/// Longest-first, non-overlapping n-gram scan; `accept` says whether an
/// n-gram is a match, given its text, folded key, length in words and
/// whether it sits between other capitalised words (inside a longer name
/// such as "Abu Bakr al-Saadi" or "Qais Khazali").
fn scan(
    grams: &mut Grams,
    max_words: usize,
    kind: MentionKind,
    mut accept: impl FnMut(&str, &str, usize, bool) -> bool,
) -> Vec<Mention> {
    let text = grams.text;
    let ws = std::mem::take(&mut grams.words);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !ws[i].upper {
            i += 1;
            continue;
        }
        let mut found = None;
        for n in (1..=max_words.min(ws.len() - i)).rev() {
            let last = &ws[i + n - 1];
            if !last.upper {
                continue;
            }
            // Inner words must be capitalised or particles, and the n-gram
            // must not cross a sentence or clause break.
            let ok = ws[i..i + n]
                .iter()
                .all(|w| w.upper || INNER.contains(&text[w.start..w.end].to_lowercase().as_str()))
                && ws[i..i + n].windows(2).all(|p| {
                    let gap = &text[p[0].end..p[1].start];
                    gap.chars().all(|c| c == ' ' || c == '-')
                });
            if !ok {
                continue;
            }
            // "US$ 20,000": a currency's sign, not the country it names.
            if text[last.end..].starts_with('$') {
                continue;
            }
            let span = &text[ws[i].start..last.end];
            let key = grams.key(ws[i].start, last.end);
            if key.is_empty() {
                continue;
            }
            let joined = |a: &Word, b: &Word| {
                a.upper && b.upper && text[a.end..b.start].chars().all(|c| c == ' ')
            };
            let inside = (i > 0 && joined(&ws[i - 1], &ws[i]))
                || ws.get(i + n).is_some_and(|next| joined(last, next));
            if accept(span, &key, n, inside) {
                found = Some((n, span.to_string(), key));
                break;
            }
        }
        match found {
            Some((n, span, key)) => {
                out.push(Mention {
                    kind,
                    text: span,
                    start: ws[i].start,
                    end: ws[i + n - 1].end,
                    key,
                });
                i += n;
            }
            None => i += 1,
        }
    }
    grams.words = ws;
    out
}

pub fn find_places(kb: &Kb, text: &str) -> Vec<Mention> {
    let mut grams = Grams::new(text);
    let countries = country_mentions(kb, &mut grams);
    find_places_with(kb, &mut grams, &countries)
}

/// [`find_places`] given the text's [`country_mentions`] (the document
/// context has them already). A mention's key is its text folded, so
/// countries are looked up by key, not by folding the text again.
fn find_places_with(kb: &Kb, grams: &mut Grams, countries: &[Mention]) -> Vec<Mention> {
    let g = &kb.places;
    let t = &kb.actors;
    // Countries the text names: a one-word small town counts only in a
    // story about its country ("Montalvo" in a Los Angeles story is a
    // surname, not the Ecuadorian town).
    let named: std::collections::HashSet<u16> = countries
        .iter()
        .filter_map(|m| g.country_of_key(&m.key))
        .collect();
    scan(grams, 4, MentionKind::Place, |span, key, n, inside| {
        if n == 1 && stop_word(&span.to_lowercase()) {
            return false;
        }
        let country = g.country_of_key(key);
        // "Hamas" is a group before it is any town of that name.
        if n == 1 && !t.by_key(key).is_empty() && country.is_none() {
            return false;
        }
        // A demonym or an actor's name is not a place mention.
        if country.is_some_and(|c| g.country(c).name.to_lowercase() != span.to_lowercase())
            && g.lookup(key, false)
                .iter()
                .all(|&p| g.facts(p).kind != Kind::Country)
        {
            return false;
        }
        let floor = if n == 1 { Floor::K15 } else { Floor::K1 };
        // Each candidate is judged from the facts its posting keeps; only
        // a test of its country reads its record.
        g.lookup(key, false).iter().any(|&p| {
            let f = g.facts(p);
            let own = p & PRIMARY != 0;
            let named_country = || named.contains(&g.rec(record_of(p)).country);
            match f.kind {
                Kind::Country => own || n > 1,
                Kind::Region => n > 1 || (own && named_country()),
                Kind::District => n > 1 && own,
                // One word inside a longer capitalised name is a person or
                // an organisation unless it is a large city.
                Kind::Town if n == 1 && inside => own && f.at_least(Floor::K500),
                Kind::Town if n == 1 => {
                    own && (f.at_least(floor) || f.curated)
                        && (f.at_least(Floor::K100) || named_country())
                }
                Kind::Town => {
                    (f.at_least(floor) || (f.curated && own)) && !span.starts_with("The ")
                }
            }
        })
    })
}

pub fn find_actors(kb: &Kb, text: &str) -> Vec<Mention> {
    let t = &kb.actors;
    scan(
        &mut Grams::new(text),
        7,
        MentionKind::Actor,
        |span, key, n, _| {
            if n == 1 && stop_word(&span.to_lowercase()) {
                return false;
            }
            let hits = t.by_key(key);
            if hits.is_empty() {
                return false;
            }
            // Acronyms ("HTS", "PMF") only as written in capitals.
            if n == 1 && span.len() <= 5 {
                let all_caps = span.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
                return all_caps && span.len() >= 3;
            }
            // One-word person surnames are too ambiguous to spot blind.
            !(n == 1 && hits.iter().all(|&i| t.entry(i).kind == "person"))
        },
    )
}

/// Country names and demonyms: any capitalised 1–3 word n-gram.
fn country_mentions(kb: &Kb, grams: &mut Grams) -> Vec<Mention> {
    let g = &kb.places;
    let text = grams.text;
    // (Folded, "They" is "Thai": the stop list holds here too.)
    let mut found = scan(grams, 3, MentionKind::Place, |span, key, n, _| {
        !(n == 1 && FUNCTION_WORDS.contains(&span.to_lowercase().as_str()))
            && g.names_country_as_written(key, span)
    });
    found.retain(|m| !names_water_before(&text[..m.start]));
    found
}

/// Whether the words before a country's name make it a lake's or a sea's
/// ("Lake Chad", "the Gulf of Mexico"): the water is named for the country
/// and lies beside it, and a story about it is not one about the country.
fn names_water_before(before: &str) -> bool {
    let mut words = before.split_whitespace().rev();
    let mut last = words.next().unwrap_or("");
    if last == "of" {
        last = words.next().unwrap_or("");
    }
    matches!(last, "Lake" | "Gulf" | "Sea" | "Bay" | "Ocean" | "Strait")
}

/// Whether the words after a name make it the head of a longer one: a
/// particle and a capitalised word ("San Antonio de los Baños", "Puerto
/// de la Cruz"), which the capitalised n-grams cannot span. Its head
/// alone may be a large namesake elsewhere (San Antonio, Texas).
fn heads_longer_name(after: &str) -> bool {
    let mut words = after.split_whitespace();
    let mut particles = 0;
    for w in words.by_ref() {
        if PARTICLES.contains(&w) {
            particles += 1;
            if particles > 2 {
                return false;
            }
            continue;
        }
        return particles > 0 && w.chars().next().is_some_and(char::is_uppercase);
    }
    false
}

/// Lowercase particles inside place names.
const PARTICLES: &[&str] = &[
    "de", "del", "la", "los", "las", "do", "da", "dos", "das", "di", "du", "des",
];

/// Countries counted from country names, demonyms and places in the text.
pub fn document_context(kb: &Kb, text: &str) -> DocContext {
    let g = &kb.places;
    let mut ctx = DocContext::default();
    let mut grams = Grams::new(text);
    let names = country_mentions(kb, &mut grams);
    for m in &names {
        if let Some(c) = g.country_of_key(&m.key) {
            *ctx.countries
                .entry(g.country(c).iso3.clone())
                .or_insert(0.0) += 1.0;
        }
    }
    // A story names its places again and again; each name is resolved
    // once (the resolution depends on the name's text alone here).
    let mut resolved: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for m in find_places_with(kb, &mut grams, &names) {
        if heads_longer_name(&text[m.end..]) {
            continue;
        }
        // The namesake the resolver picks without context (so that the
        // context agrees with what a bare mention resolves to: "Santiago"
        // is Chile's capital, not the Dominican province listed first): a
        // large place counts for its country, half as much as the
        // country's name.
        let best = match resolved.get(&m.text) {
            Some(&best) => best,
            None => {
                let postings = g.lookup(&m.key, false);
                let Some(&first) = postings.first() else {
                    continue;
                };
                let best = g
                    .resolve(&m.text, &crate::context::PlaceContext::default())
                    .best
                    .and_then(|b| b.geonameid)
                    .and_then(|id| {
                        postings
                            .iter()
                            .find(|&&p| g.rec(record_of(p)).geonameid == id)
                    })
                    .copied()
                    .unwrap_or(first);
                resolved.insert(m.text.clone(), best);
                best
            }
        };
        let r = g.rec(record_of(best));
        if r.kind == Kind::Country {
            continue;
        }
        if r.population >= 100_000 || r.kind == Kind::Region {
            *ctx.countries
                .entry(g.country(r.country).iso3.clone())
                .or_insert(0.0) += 0.5;
        }
    }
    ctx
}

#[cfg(test)]
mod tests {
    use super::heads_longer_name;

    #[test]
    fn a_name_before_a_particle_and_a_capital_heads_a_longer_one() {
        assert!(heads_longer_name(" de los Baños protested"));
        assert!(heads_longer_name(" do Sul, Brazil"));
        assert!(!heads_longer_name(" de facto rulers"));
        assert!(!heads_longer_name(", Texas"));
        assert!(!heads_longer_name(" on Monday"));
        assert!(!heads_longer_name(""));
    }
}
