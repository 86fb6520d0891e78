//! The dead counted from the parse: the people a death predicate is said
//! of, and how many the words for them say they are.
//!
//! The phrase patterns of [`crate::counts`] read a number next to its verb
//! ("killing 3", "12 people were killed"). News puts whole phrases between
//! the two ("Three members of the Islamic State organization were
//! killed"), names one victim ("Shinzo Abe was shot dead") or several
//! ("a woman and her child were killed", "the general and nine others"),
//! or splits the verb ("beat two shopkeepers to death"). The dependency
//! parse already says who was killed: the passive subject of *killed*,
//! the object of *killing*, the subject of *died*. This reads the count
//! off that phrase — its number, or one for a singular noun or a name,
//! summed over coordinated victims — so that it holds whatever stands
//! between the number and the verb.

use sitrep_core::Count;

use crate::counts::{not_a_count, parse_quantity, CountMention};
use crate::sentence::SentView;

/// Verbs whose object (active) or passive subject is the dead.
const KILL_VERBS: &[&str] = &[
    "kill",
    "kills",
    "killed",
    "killing",
    "slay",
    "slew",
    "slain",
    "murder",
    "murdered",
    "murdering",
    "assassinate",
    "assassinated",
    "assassinating",
    "execute",
    "executed",
    "executing",
    "behead",
    "beheaded",
    "beheading",
    "lynch",
    "lynched",
    "lynching",
    "massacre",
    "massacred",
    "massacring",
    // Translated Arabic and Persian press: "were martyred".
    "martyred",
];

/// Verbs whose subject is the dead.
pub(crate) const DIE_VERBS: &[&str] = &["die", "died", "dies", "dying", "perish", "perished"];

/// Verbs of harm that kill when the sentence says so: "shot dead",
/// "beaten to death", "left … dead"; "burned alive" is not among them
/// (survivors exist).
const HARM_VERBS: &[&str] = &[
    "shot",
    "shoot",
    "shooting",
    "gunned",
    "beat",
    "beaten",
    "beating",
    "stoned",
    "stoning",
    "hacked",
    "stabbed",
    "burned",
    "burnt",
    "crushed",
    "tortured",
    "clubbed",
    "bludgeoned",
    "trampled",
    // "a gunfight that left eight soldiers and 12 militants dead": what
    // leaves people dead killed them.
    "left",
    "leaving",
];

/// The deaths the parse of `v` states, as a count with the span of the
/// words it came from (byte offsets in the sentence text, which starts at
/// `v.start` in the document). `None` when the sentence is not parsed or
/// no death predicate has a victim the words count.
pub fn fatalities(v: &SentView, stext: &str) -> Option<CountMention> {
    if !v.parsed {
        return None;
    }
    (0..v.len()).find_map(|i| {
        let victims = victims_of(v, i);
        if victims.is_empty() {
            return None;
        }
        let mut total = Tally::default();
        for &n in &victims {
            total.add(&people_in(v, stext, n)?);
        }
        let first = victims.iter().map(|&n| leftmost(v, n)).min()?.min(i);
        let last = victims.iter().copied().max()?.max(i);
        let (start, end) = (v.toks[first].start - v.start, v.toks[last].end - v.start);
        Some(CountMention {
            start,
            end,
            count: Count {
                text: stext.get(start..end)?.to_string(),
                min: Some(total.min),
                max: total.max,
            },
        })
    })
}

/// The nominals the token at `i` says died, with their conjuncts.
fn victims_of(v: &SentView, i: usize) -> Vec<usize> {
    let w = v.lower[i].as_str();
    let passive = v
        .deps(i, "aux")
        .any(|a| v.deprel(a) == "aux:pass" || matches!(v.lower[a].as_str(), "was" | "were"))
        || v.deps(i, "nsubj").any(|s| v.deprel(s) == "nsubj:pass");
    // The result may hang on the verb or, where the parser attached it
    // to the nearest noun, on the verb's object ("beat two shopkeepers to
    // death": "to death" read as a modifier of the shopkeepers).
    let result = |c: usize| {
        let lc = v.lower[c].as_str();
        lc == "dead" || (lc == "death" && v.case_of(c).as_deref() == Some("to"))
    };
    let fatal_harm = HARM_VERBS.contains(&w)
        && (v.children[i].iter().any(|&c| result(c))
            || v.deps(i, "obj")
                .any(|o| v.children[o].iter().any(|&c| c > o && result(c))));
    // A clause has one subject and one object; a second one is the
    // parser's mistake ("Two men suspected of stealing a motorcycle were
    // lynched": "motorcycle" read as a second subject), so the first is
    // taken.
    let head = if DIE_VERBS.contains(&w) {
        v.deps(i, "nsubj").next()
    } else if KILL_VERBS.contains(&w) || fatal_harm {
        if passive {
            // Either subject relation: the parser reads "3 militants
            // including a commander were killed" with "militants" as nsubj.
            v.deps(i, "nsubj").next()
        } else {
            v.deps(i, "obj").next()
        }
    } else {
        None
    };
    let Some(h) = head else {
        return Vec::new();
    };
    let mut out = vec![h];
    out.extend(v.deps(h, "conj"));
    // A conjunct the parser hung on the victim's name in apposition
    // ("commander Abu Hamza and seven others") is the victim's all the same.
    out.extend(v.deps(h, "appos").flat_map(|a| v.deps(a, "conj")));
    // The parser sometimes hangs a conjunct on the verb beside the first
    // ("A woman and her child were killed": two passive subjects); its
    // coordinator says it is one.
    let rel = v
        .deprel(h)
        .split(':')
        .next()
        .unwrap_or_default()
        .to_string();
    out.extend(
        v.deps(i, &rel)
            .filter(|&c| c > h && v.deps(c, "cc").next().is_some()),
    );
    if let Some(c) = stray_conjunct(v, *out.iter().max().unwrap_or(&h)) {
        out.push(c);
    }
    out
}

/// A counted nominal coordinated with the victim phrase ending at `last`
/// that the parser hung elsewhere ("killed the general and nine others
/// early on Friday": "others" read as a modifier of "early"). Its
/// coordinator follows the phrase directly and its number is its own, so
/// the words say it is one more victim whatever the tree says.
fn stray_conjunct(v: &SentView, last: usize) -> Option<usize> {
    let end = (last..v.len())
        .take_while(|&t| t == last || in_subtree(v, t, last))
        .last()?;
    let cc = end + 1;
    if cc >= v.len() || v.deprel(cc) != "cc" {
        return None;
    }
    let c = v.head(cc)?;
    let counted = matches!(v.upos(c), "NOUN" | "PRON") && v.deps(c, "nummod").next().is_some();
    (c > cc && counted && !in_subtree(v, c, last) && !in_subtree(v, last, c)).then_some(c)
}

/// A running sum of people: exact until one term is open-ended.
#[derive(Default)]
struct Tally {
    min: u32,
    max: Option<u32>,
    open: bool,
}

impl Tally {
    fn add(&mut self, (min, max): &(u32, Option<u32>)) {
        self.min = self.min.saturating_add(*min);
        match (max, self.open) {
            (Some(m), false) => self.max = Some(self.max.unwrap_or(0).saturating_add(*m)),
            _ => {
                self.open = true;
                self.max = None;
            }
        }
    }
}

/// How many people the nominal at `n` is: its number ("three members",
/// "at least 12 people"), the number it is ("three of them"), one for a
/// singular noun or a person's name. `None` when the words do not say
/// (a plural without a number, a pronoun, something that is not people).
fn people_in(v: &SentView, stext: &str, n: usize) -> Option<(u32, Option<u32>)> {
    let quantity = |q: usize| -> Option<(u32, Option<u32>)> {
        let (s, e) = (
            v.toks[leftmost(v, q)].start - v.start,
            v.toks[q].end - v.start,
        );
        if not_a_count(stext, s, e) {
            return None;
        }
        parse_quantity(stext.get(s..e)?)
    };
    // A coordinated verb among the words before the noun means the parser
    // has run two clauses into one phrase ("killing a civilian and wounding three
    // others" read as one object, "others"): its number is not the dead.
    if (leftmost(v, n)..n).any(|t| v.upos(t) == "VERB" && v.deprel(t) == "conj") {
        return None;
    }
    if v.upos(n) == "NUM" {
        return quantity(n);
    }
    if let Some(q) = v.deps(n, "nummod").next() {
        return quantity(q);
    }
    match v.upos(n) {
        "PROPN" if v.toks[n].ner.ends_with("PER") => Some((1, Some(1))),
        "NOUN" if v.toks[n].xpos == "NN" => {
            let counted = v.deps(n, "det").any(|d| {
                matches!(
                    v.lower[d].as_str(),
                    "a" | "an" | "the" | "one" | "this" | "that"
                )
            }) || v.deps(n, "nmod:poss").next().is_some()
                || v.deps(n, "appos").any(|a| v.toks[a].ner.ends_with("PER"));
            counted.then_some((1, Some(1)))
        }
        _ => None,
    }
}

/// Whether token `t` lies under `root` in the tree.
fn in_subtree(v: &SentView, t: usize, root: usize) -> bool {
    let mut at = t;
    for _ in 0..v.len() {
        match v.head(at) {
            Some(h) if h == root => return true,
            Some(h) => at = h,
            None => return false,
        }
    }
    false
}

/// The first token of the phrase headed by `n`.
fn leftmost(v: &SentView, n: usize) -> usize {
    (0..n).find(|&t| in_subtree(v, t, n)).unwrap_or(n)
}
