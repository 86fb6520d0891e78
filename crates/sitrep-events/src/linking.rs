//! One report, one event: two trigger words of a sentence that the parse
//! ties together describe one act. "A roadside bomb exploded …, killing
//! two officers", "2 soldiers were wounded following an ambush", "1
//! commando was killed and 1 was wounded by a sniper" each report one
//! event; the noun, the verb and the participle clause are its mentions.
//!
//! ACLED codes "one type of interaction, between named actors, at one
//! place, on one day" (codebook, event definition): a clause that only
//! states the consequence or the manner of the act is that act.

use crate::sentence::SentView;

/// Relations by which one mention of an act modifies or completes
/// another: its subject ("the blast killed"), its circumstance ("wounded
/// in an attack"), a coordinated or participle clause ("…, killing").
fn links(rel: &str) -> bool {
    let base = rel.split(':').next().unwrap_or(rel);
    matches!(
        base,
        "nsubj" | "obl" | "nmod" | "conj" | "advcl" | "acl" | "xcomp" | "compound" | "appos"
    )
}

/// Case words that make the other act a different one: a reason ("in
/// retaliation for the bombing"), a contrast ("despite the ceasefire").
const OTHER_ACT: &[&str] = &["for", "despite", "before", "since", "unlike"];

/// Participles that say an act set off what they govern ("…, sparking a
/// gunfight", "triggering clashes").
const CAUSING: &[&str] = &[
    "sparking",
    "triggering",
    "prompting",
    "provoking",
    "igniting",
];

/// Whether the trigger tokens `a` and `b` (half-open ranges) are joined
/// by a direct dependency that makes them one act.
pub fn linked(v: &SentView, a: (usize, usize), b: (usize, usize)) -> bool {
    if !v.parsed {
        return false;
    }
    // A conjunct stands in its first conjunct's relation (UD's
    // convention): "…, killing a worshipper and abducting the pastor"
    // ties "abducting" to "stormed" as "killing" is.
    let via_first_conjunct = |x: usize, to: (usize, usize)| {
        v.deprel(x) == "conj"
            && v.head(x).is_some_and(|h| {
                links(v.deprel(h)) && v.head(h).is_some_and(|g| (to.0..to.1).contains(&g))
            })
    };
    let tied = |from: (usize, usize), to: (usize, usize)| {
        (from.0..from.1).any(|x| {
            ((v.head(x).is_some_and(|h| (to.0..to.1).contains(&h)) && links(v.deprel(x)))
                || via_first_conjunct(x, to))
                && !v
                    .case_of(x)
                    .is_some_and(|c| OTHER_ACT.contains(&c.as_str()))
                && !v
                    .deps(x, "mark")
                    .any(|m| OTHER_ACT.contains(&v.lower[m].as_str()))
        })
    };
    // "killed following an ambush": the act is the object of a
    // preposition the parser read as a verb on the other trigger. "attacked
    // a base, sparking a gunfight": the act the other set off, in the
    // participle clause that states its consequence, is the same fight.
    let through = |from: (usize, usize), to: (usize, usize)| {
        (from.0..from.1).any(|x| {
            v.deprel(x) == "obj"
                && v.head(x).is_some_and(|p| {
                    (crate::args::is_temporal_link(&v.lower[p])
                        || CAUSING.contains(&v.lower[p].as_str()))
                        && v.head(p).is_some_and(|h| (to.0..to.1).contains(&h))
                })
        })
    };
    tied(a, b) || tied(b, a) || through(a, b) || through(b, a)
}
