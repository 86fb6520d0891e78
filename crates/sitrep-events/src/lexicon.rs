//! The trigger lexicon: words and phrases that name events, with their
//! PLOVER type, implied modes and CAMEO code (`data/events/triggers.tsv`).
//!
//! The table holds lemmas; inflected forms are generated here so the table
//! stays readable and a tagger's lemma is not required.

use std::collections::HashMap;
use std::sync::LazyLock;

use sitrep_core::PloverType;

const TABLE: &str = include_str!("../../../data/events/triggers.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerPos {
    Verb,
    Noun,
}

#[derive(Debug, Clone)]
pub struct Trigger {
    pub lemma: String,
    pub pos: TriggerPos,
    pub plover: PloverType,
    pub modes: Vec<String>,
    pub cameo: String,
    /// Needs a support verb or its own arguments before it counts as an
    /// event ("the attack" alone may only refer back to one).
    pub light: bool,
    pub violent: bool,
    pub kill: bool,
    /// An act only when its object is a weapon: "dropped barrel bombs",
    /// "threw a grenade", "planted an explosive device" (but "dropped the
    /// charges", "threw a party").
    pub means: bool,
    /// An act only when what strikes or what is struck is a weapon:
    /// "shells hit a school", "the bus hit an explosive device", "a rocket
    /// landed near the embassy" (but "the storm hit the coast", "prices
    /// hit a record").
    pub struck: bool,
    /// What the verb takes is a place, and where the act happened:
    /// "captured the town of Shire", "overran Mocimboa da Praia".
    pub territory: bool,
    /// An act only when its object is a military base, camp or post:
    /// "set up a camp in Tillaberi" (but "set up a committee").
    pub base: bool,
    /// The subject fends off an attack ("troops repulsed their attack"):
    /// the attack's author initiated the fighting and is its actor.
    pub defend: bool,
    /// An act only when what it readies is violence: "troops prepared to
    /// storm the town", "rebels are preparing for an offensive" (MOBILIZE:
    /// readiness short of the use of force, manual 3.14), but "prepared a
    /// report", "is prepared to negotiate".
    pub ready: bool,
    /// An act only when what it opens is a way into a country or a zone:
    /// "opened its borders to refugees", "reopened the crossing" (RETREAT
    /// 'access', CAMEO 086: allowing entry), but "opened an inquiry".
    pub passage: bool,
}

pub struct Lexicon {
    /// First lowercase word form → triggers whose phrase starts with it, each
    /// with the full sequence of word forms to match.
    by_first: ByFirst,
    pub triggers: Vec<Trigger>,
}

/// [`Lexicon::by_first`]'s map, with foldhash's hasher rather than the
/// standard SipHash: every word of every sentence is looked up (150,000
/// lookups on the 91 benchmark pages), and hashing it was 25M
/// instructions of them. Only looked up, never iterated for output.
type ByFirst = HashMap<String, Vec<(Vec<String>, usize)>, foldhash::fast::RandomState>;

/// A trigger found at a token position.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub trigger: usize,
    /// Token range `[start, end)` the phrase covers.
    pub start: usize,
    pub end: usize,
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(TABLE));

impl Lexicon {
    fn parse(table: &str) -> Lexicon {
        let mut triggers = Vec::new();
        let mut by_first = ByFirst::default();
        for line in table.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let (Some(lemma), Some(pos), Some(plover), Some(modes), Some(cameo)) =
                (f.first(), f.get(1), f.get(2), f.get(3), f.get(4))
            else {
                continue;
            };
            let Some(plover) = PloverType::parse(plover) else {
                continue;
            };
            let flags = f.get(5).copied().unwrap_or("");
            let flag = |name: &str| flags.split(',').any(|x| x == name);
            let pos = if *pos == "V" {
                TriggerPos::Verb
            } else {
                TriggerPos::Noun
            };
            let idx = triggers.len();
            triggers.push(Trigger {
                lemma: lemma.to_string(),
                pos,
                plover,
                modes: modes
                    .split(',')
                    .filter(|m| *m != "-" && !m.is_empty())
                    .map(str::to_string)
                    .collect(),
                cameo: cameo.to_string(),
                light: flag("light"),
                violent: flag("violent"),
                kill: flag("kill"),
                means: flag("means"),
                struck: flag("struck"),
                territory: flag("territory"),
                base: flag("base"),
                defend: flag("defend"),
                ready: flag("ready"),
                passage: flag("passage"),
            });
            let words: Vec<&str> = lemma.split(' ').collect();
            // Inflect the first word of a verb phrase, the last word of a noun
            // phrase ("call on" → "called on"; "air strike" → "air strikes").
            let variants: Vec<Vec<String>> = match pos {
                TriggerPos::Verb => verb_forms(words[0])
                    .into_iter()
                    .map(|w| {
                        let mut v = vec![w];
                        v.extend(words[1..].iter().map(|s| s.to_string()));
                        v
                    })
                    .collect(),
                TriggerPos::Noun => {
                    let last = words.len() - 1;
                    noun_forms(words[last])
                        .into_iter()
                        .map(|w| {
                            let mut v: Vec<String> =
                                words[..last].iter().map(|s| s.to_string()).collect();
                            v.push(w);
                            v
                        })
                        .collect()
                }
            };
            for v in variants {
                by_first.entry(v[0].clone()).or_default().push((v, idx));
            }
        }
        for list in by_first.values_mut() {
            // Longest phrase first so "air strike" beats "air".
            list.sort_by_key(|x| std::cmp::Reverse(x.0.len()));
        }
        Lexicon { by_first, triggers }
    }

    /// Triggers starting at token `i` of `lower` (lowercased token texts),
    /// longest first. A phrase may skip one pronoun or article after a verb
    /// ("blew himself up", "called on").
    pub fn at(&self, lower: &[String], i: usize) -> Vec<Hit> {
        let Some(cands) = self.by_first.get(lower[i].as_str()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (words, idx) in cands {
            if let Some(end) = match_phrase(lower, i, words) {
                out.push(Hit {
                    trigger: *idx,
                    start: i,
                    end,
                });
            }
        }
        out
    }
}

impl Lexicon {
    /// Whether any trigger starts anywhere in `lower`, before any part of
    /// speech is known (the tags only ever rule a hit out).
    pub fn mentioned(&self, lower: &[String]) -> bool {
        (0..lower.len()).any(|i| !self.at(lower, i).is_empty())
    }

    /// Whether a trigger starting at token `i` is of the kind `pred` asks
    /// for ("a violent act", "an assault noun").
    pub fn any_at(&self, lower: &[String], i: usize, pred: impl Fn(&Trigger) -> bool) -> bool {
        self.at(lower, i)
            .iter()
            .any(|h| pred(&self.triggers[h.trigger]))
    }
}

fn match_phrase(lower: &[String], i: usize, words: &[String]) -> Option<usize> {
    let mut j = i;
    for (k, w) in words.iter().enumerate() {
        if j >= lower.len() {
            return None;
        }
        if lower[j] == *w {
            j += 1;
            continue;
        }
        // one skippable filler between a verb and its particle
        // (News English puts the day after the verb: "called Thursday on
        // Arabs to unite", "urged today for restraint".)
        let filler = matches!(
            lower[j].as_str(),
            "himself" | "herself" | "themselves" | "itself" | "a" | "the" | "an"
        ) || crate::args::is_day(&lower[j]);
        // …or one modifier of the fire opened or exchanged ("opened live
        // fire", "exchanged heavy fire") or of the control taken ("seized
        // full control", "regained complete control"): the act is the same.
        let of_fire = matches!(w.as_str(), "fire" | "control") && k + 1 == words.len();
        if k > 0 && (filler || of_fire) && j + 1 < lower.len() && lower[j + 1] == *w {
            j += 2;
            continue;
        }
        return None;
    }
    Some(j)
}

const IRREGULAR: &[(&str, &[&str])] = &[
    ("throw", &["threw", "thrown"]),
    ("strike", &["struck", "stricken"]),
    ("swear", &["swore", "sworn"]),
    ("shoot", &["shot"]),
    ("fight", &["fought"]),
    ("blow", &["blew", "blown"]),
    ("hold", &["held"]),
    ("meet", &["met"]),
    ("seize", &["seized"]),
    ("take", &["took", "taken"]),
    ("beat", &["beaten"]),
    ("lead", &["led"]),
    ("withdraw", &["withdrew", "withdrawn"]),
    ("overrun", &["overran"]),
    ("retake", &["retook", "retaken"]),
    ("send", &["sent"]),
    ("set", &["set"]),
    ("step", &["stepped"]),
    ("round", &["rounded"]),
    ("pull", &["pulled"]),
    ("hand", &["handed"]),
    ("gun", &["gunned", "gunning"]),
    ("sue", &["sued", "suing"]),
    ("free", &["freed", "freeing"]),
    ("rob", &["robbed", "robbing"]),
    ("stab", &["stabbed", "stabbing"]),
    ("ban", &["banned", "banning"]),
    ("sign", &["signed", "signing"]),
    ("shell", &["shelled", "shelling"]),
    ("give", &["gave", "given"]),
    ("forgive", &["forgave", "forgiven"]),
    ("go", &["went", "gone", "goes"]),
    ("break", &["broke", "broken"]),
    ("put", &["put", "putting"]),
    ("withhold", &["withheld"]),
    ("seek", &["sought"]),
    ("cut", &["cut", "cutting"]),
    ("freeze", &["froze", "frozen"]),
    ("burn", &["burnt"]),
    ("fall", &["fell", "fallen"]),
    ("hit", &["hitting"]),
];

/// Regular English verb inflections, plus the few irregular ones the table
/// needs. Over-generation ("meeted") is harmless: such forms never occur.
pub fn verb_forms(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    let (third, past, ing) = if let Some(stem) = lemma.strip_suffix('e') {
        (
            format!("{lemma}s"),
            format!("{lemma}d"),
            format!("{stem}ing"),
        )
    } else if let Some(stem) = lemma
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        (
            format!("{stem}ies"),
            format!("{stem}ied"),
            format!("{lemma}ing"),
        )
    } else if lemma.ends_with(['s', 'x', 'z']) || lemma.ends_with("sh") || lemma.ends_with("ch") {
        (
            format!("{lemma}es"),
            format!("{lemma}ed"),
            format!("{lemma}ing"),
        )
    } else {
        (
            format!("{lemma}s"),
            format!("{lemma}ed"),
            format!("{lemma}ing"),
        )
    };
    out.extend([third, past, ing]);
    // Consonant doubling ("expel" → "expelled", "ban" → "banned") turns on
    // stress, which spelling does not show; a final consonant after a single
    // vowel gets both forms, since the wrong one ("visitted") never occurs.
    let b = lemma.as_bytes();
    if let [.., x, y, z] = b {
        let vowel = |c: &u8| b"aeiou".contains(c);
        if !vowel(x) && vowel(y) && !vowel(z) && !b"wxy".contains(z) && !lemma.contains(' ') {
            let last = *z as char;
            out.push(format!("{lemma}{last}ed"));
            out.push(format!("{lemma}{last}ing"));
        }
    }
    if let Some((_, forms)) = IRREGULAR.iter().find(|(l, _)| *l == lemma) {
        out.extend(forms.iter().map(|f| f.to_string()));
    }
    out.sort();
    out.dedup();
    out
}

pub fn noun_forms(lemma: &str) -> Vec<String> {
    let plural =
        if lemma.ends_with(['s', 'x', 'z']) || lemma.ends_with("sh") || lemma.ends_with("ch") {
            format!("{lemma}es")
        } else if let Some(stem) = lemma
            .strip_suffix('y')
            .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
        {
            format!("{stem}ies")
        } else {
            format!("{lemma}s")
        };
    if lemma.ends_with('s') && !lemma.ends_with("ss") {
        vec![lemma.to_string()]
    } else {
        vec![lemma.to_string(), plural]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(s: &str) -> Vec<String> {
        s.split(' ').map(|w| w.to_lowercase()).collect()
    }

    #[test]
    fn inflections() {
        assert!(verb_forms("launch").contains(&"launched".to_string()));
        assert!(verb_forms("kill").contains(&"killing".to_string()));
        assert!(verb_forms("seize").contains(&"seizing".to_string()));
        assert!(verb_forms("expel").contains(&"expelled".to_string()));
        assert!(verb_forms("ban").contains(&"banned".to_string()));
        assert!(verb_forms("burn").contains(&"burnt".to_string()));
        assert!(verb_forms("strike").contains(&"struck".to_string()));
        assert!(noun_forms("strike").contains(&"strikes".to_string()));
        assert!(noun_forms("talks") == vec!["talks".to_string()]);
    }

    #[test]
    fn phrases_match_longest_first() {
        let toks = lower("US warplanes carried out air strikes on the town");
        let hits = LEXICON.at(&toks, 4);
        assert_eq!(LEXICON.triggers[hits[0].trigger].lemma, "air strike");
        assert_eq!((hits[0].start, hits[0].end), (4, 6));
        let toks = lower("two suicide bombers blew themselves up in Jeddah");
        let hits = LEXICON.at(&toks, 3);
        assert_eq!(LEXICON.triggers[hits[0].trigger].lemma, "blow up");
    }

    #[test]
    fn fire_opened_or_control_taken_may_have_one_modifier() {
        let toks = lower("soldiers opened live fire on the crowd");
        let hits = LEXICON.at(&toks, 1);
        assert_eq!(LEXICON.triggers[hits[0].trigger].lemma, "open fire");
        assert_eq!((hits[0].start, hits[0].end), (1, 4));
        let toks = lower("the army regained full control of the city");
        let hits = LEXICON.at(&toks, 2);
        assert_eq!(LEXICON.triggers[hits[0].trigger].lemma, "regain control");
        assert_eq!((hits[0].start, hits[0].end), (2, 5));
        // Only before "fire" or "control": "called him on Monday" is no
        // "call on".
        let toks = lower("the minister called him on monday");
        assert!(LEXICON
            .at(&toks, 2)
            .iter()
            .all(|h| LEXICON.triggers[h.trigger].lemma != "call on"));
    }

    #[test]
    fn cameo_codes_agree_with_cameo2plover() {
        // Every CAMEO code in the lexicon must map back to the same PLOVER
        // type in the 2021 conversion table, read backwards.
        let table = include_str!("../../../data/events/CAMEO2PLOVER-2021.txt");
        let mut map = HashMap::new();
        for line in table.lines() {
            if let Some((code, rest)) = line.split_once(':') {
                let ty = rest.split(',').next().unwrap_or("").trim();
                if let Some(t) = PloverType::parse(ty) {
                    map.insert(code.trim().to_string(), t);
                }
            }
        }
        for t in &LEXICON.triggers {
            let mapped = map.get(&t.cameo);
            // The table files sanctions under COERCE (163) and root codes
            // "16"/"03" may be absent; the lexicon's own choice stands there.
            if let Some(m) = mapped {
                assert_eq!(
                    *m, t.plover,
                    "{} ({}) maps to {m:?} in CAMEO2PLOVER",
                    t.lemma, t.cameo
                );
            }
        }
        assert!(LEXICON.triggers.len() > 200);
        for ty in PloverType::ALL {
            assert!(
                LEXICON.triggers.iter().any(|t| t.plover == ty),
                "no trigger for {ty}"
            );
        }
    }
}
