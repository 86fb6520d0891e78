//! Reading a place phrase as written ("near al-Qaim, Anbar", "the outskirts
//! of Kharkiv", "on the Syrian border", "Nineveh province") into the name to
//! look up and what the words around it say.

use crate::context::PlaceModifier;
use crate::places::store::Kind;

#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pub name: String,
    pub admin: Option<String>,
    pub modifier: Option<PlaceModifier>,
    /// The phrase names its level: "district", "province", "city".
    pub kind: Option<Kind>,
}

const NEAR_PREFIXES: &[&str] = &[
    "on the outskirts of ",
    "the outskirts of ",
    "outskirts of ",
    "in the vicinity of ",
    "the vicinity of ",
    "vicinity of ",
    "close to ",
    "near to ",
    "near ",
    "nearby ",
    "outside of ",
    "outside ",
    "around ",
    "north of ",
    "south of ",
    "east of ",
    "west of ",
    "northeast of ",
    "northwest of ",
    "southeast of ",
    "southwest of ",
    "the countryside of ",
    "countryside of ",
    "rural ",
];

const PLAIN_PREFIXES: &[&str] = &[
    "in ",
    "at ",
    "from ",
    "into ",
    "the city of ",
    "the town of ",
    "the village of ",
    "city of ",
    "town of ",
    "village of ",
    "the ",
];

const KIND_SUFFIXES: &[(&str, Kind)] = &[
    (" district", Kind::District),
    (" districts", Kind::District),
    (" county", Kind::District),
    (" territory", Kind::District),
    (" qada", Kind::District),
    (" province", Kind::Region),
    (" governorate", Kind::Region),
    (" region", Kind::Region),
    (" oblast", Kind::Region),
    (" state", Kind::Region),
    (" city", Kind::Town),
    (" town", Kind::Town),
    (" village", Kind::Town),
    (" camp", Kind::Town),
];

const BORDER_PREFIXES: &[&str] = &["on the ", "along the ", "near the ", "at the ", "the "];

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let at = s.len().checked_sub(suffix.len())?;
    let tail = s.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &s[..at])
}

/// Nouns that name a body of water. The gazetteer holds no seas, so a
/// phrase naming one matched land that shares a word with it: "the Gulf"
/// went to Papua New Guinea's Gulf province or Gulf County, Florida. "Bay"
/// alone is Somalia's Bay region and "lake" or "river" names states
/// ("Lakes", "River Nile"): those count only in "Bay of …".
const WATER: &[&str] = &["gulf", "sea", "ocean", "strait", "straits"];
const WATER_OF: &[&str] = &["gulf", "sea", "ocean", "strait", "straits", "bay"];

/// Road words a pair of place names may precede ("Abuja-Kaduna highway").
const ROADS: &[&str] = &["highway", "road", "expressway", "motorway"];

/// The two places a road is named for: "Abuja-Kaduna highway" →
/// ("Abuja", "Kaduna"); `None` for any other name.
pub fn road_between(name: &str) -> Option<(&str, &str)> {
    let name = name.trim();
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    let (pair, road) = name.rsplit_once(' ')?;
    if !ROADS.contains(&road.to_lowercase().as_str()) {
        return None;
    }
    let (from, to) = pair.split_once('-')?;
    let (from, to) = (from.trim(), to.trim());
    // (A town's name is longer than an article or a kinship word joined
    // to a name: "Al-Rashid road", "Abu-Ghraib road".)
    let town = |w: &str| w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() > 3;
    (town(from) && town(to) && !to.contains('-')).then_some((from, to))
}

/// Whether the phrase names a body of water rather than a place on land:
/// a water noun alone ("the Gulf"), first before "of" ("Gulf of Aden",
/// "Bay of Bengal") or last ("Persian Gulf", "Arabian Sea"). A phrase that
/// names its level names the land area called after the water ("Red Sea
/// State", "Red Sea governorate").
pub fn names_water(ph: &Phrase) -> bool {
    if ph.kind.is_some() {
        return false;
    }
    let lower = ph.name.to_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.first() == Some(&"the") {
        words.remove(0);
    }
    match words.as_slice() {
        [one] => WATER.contains(one),
        [first, "of", ..] => WATER_OF.contains(first),
        [.., last] => WATER.contains(last),
        [] => false,
    }
}

pub fn parse(text: &str) -> Phrase {
    let mut s = text
        .trim()
        .trim_matches(|c: char| {
            c == '"' || c == '“' || c == '”' || c == '.' || c == ',' || c == '(' || c == ')'
        })
        .trim();
    let mut modifier = None;
    // "on the Syrian border", "the Iraq-Syria border area".
    for suffix in [" border area", " border region", " borders", " border"] {
        if let Some(rest) = strip_suffix_ci(s, suffix) {
            let mut rest = rest;
            for p in BORDER_PREFIXES {
                if let Some(r) = strip_prefix_ci(rest, p) {
                    rest = r;
                    break;
                }
            }
            return Phrase {
                name: rest.trim().to_string(),
                admin: None,
                modifier: Some(PlaceModifier::Border),
                kind: Some(Kind::Country),
            };
        }
    }
    let mut changed = true;
    while changed {
        changed = false;
        for p in NEAR_PREFIXES {
            if let Some(r) = strip_prefix_ci(s, p) {
                s = r.trim_start();
                modifier = Some(PlaceModifier::Near);
                changed = true;
            }
        }
        for p in PLAIN_PREFIXES {
            // Keep "The Hague": only strip "the" before another word when
            // what follows is more than one word or a known level word.
            if let Some(r) = strip_prefix_ci(s, p) {
                if *p == "the " && !r.contains(' ') {
                    continue;
                }
                s = r.trim_start();
                changed = true;
            }
        }
    }
    let (name, admin) = match s.split_once(',') {
        Some((n, a)) if !n.trim().is_empty() && !a.trim().is_empty() => {
            (n.trim(), Some(a.trim().to_string()))
        }
        _ => (s.trim_end_matches(',').trim(), None),
    };
    let mut name = name;
    let mut kind = None;
    for (suffix, k) in KIND_SUFFIXES {
        if let Some(r) = strip_suffix_ci(name, suffix) {
            if !r.trim().is_empty() {
                name = r.trim();
                kind = Some(*k);
                break;
            }
        }
    }
    let admin = admin.map(|a| {
        let mut a = a.as_str();
        for (suffix, _) in KIND_SUFFIXES {
            if let Some(r) = strip_suffix_ci(a, suffix) {
                a = r.trim();
                break;
            }
        }
        a.to_string()
    });
    Phrase {
        name: name.to_string(),
        admin,
        modifier,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_road_named_for_two_towns_names_both() {
        assert_eq!(
            road_between("the Abuja-Kaduna highway"),
            Some(("Abuja", "Kaduna"))
        );
        assert_eq!(
            road_between("Kabul-Jalalabad road"),
            Some(("Kabul", "Jalalabad"))
        );
        assert_eq!(road_between("Abuja-Kaduna"), None);
        assert_eq!(road_between("the ring road"), None);
        // An Arabic article joins its name: a street, not two towns.
        assert_eq!(road_between("Al-Rashid road"), None);
    }

    #[test]
    fn seas_and_gulfs_are_water() {
        for t in [
            "the Gulf",
            "Gulf",
            "the Arabian Gulf",
            "Persian Gulf",
            "Gulf of Aden",
            "the Strait of Hormuz",
            "Bay of Bengal",
            "in the Arabian Sea",
            "the Caspian Sea",
            "near the Gulf of Guinea",
        ] {
            assert!(names_water(&parse(t)), "{t}");
        }
        for t in [
            "Bay",
            "Red Sea State",
            "Red Sea governorate",
            "Gulf province",
            "Lakes",
            "Seattle",
            "Odessa",
            "Sea Point",
        ] {
            assert!(!names_water(&parse(t)), "{t}");
        }
    }

    #[test]
    fn reads_real_phrases() {
        let p = parse("near al-Qaim, Anbar province");
        assert_eq!(p.name, "al-Qaim");
        assert_eq!(p.admin.as_deref(), Some("Anbar"));
        assert_eq!(p.modifier, Some(PlaceModifier::Near));

        let p = parse("on the outskirts of Kharkiv");
        assert_eq!(p.name, "Kharkiv");
        assert_eq!(p.modifier, Some(PlaceModifier::Near));

        let p = parse("on the Syrian border");
        assert_eq!(p.name, "Syrian");
        assert_eq!(p.modifier, Some(PlaceModifier::Border));

        let p = parse("Nineveh province");
        assert_eq!((p.name.as_str(), p.kind), ("Nineveh", Some(Kind::Region)));

        assert_eq!(parse("The Hague").name, "The Hague");
        assert_eq!(parse("Baghdad").name, "Baghdad");
        assert_eq!(parse("in the city of Mosul").name, "Mosul");
    }
}
