//! The date of an event: which of a sentence's time mentions dates a
//! trigger.
//!
//! A date in the trigger's own clause wins. Otherwise a date the sentence
//! opens with ("On 16 March 2020, …", "As reported on Sunday, …",
//! "Detonation: on 8 March, …") is a frame for the whole sentence and dates
//! every event in it, whatever the parser made of the clauses after it —
//! except an event told in a relative clause ("after an escalation that
//! followed a strike that killed …"), which describes a referent as
//! background and happened before.
//! Failing both, a date is taken only for an event of the main clause.

use crate::sentence::SentView;
use crate::temporal::TimeMention;

/// The time mention that dates the trigger at token `trig` (whose light
/// verb, if any, is `support`), or `None` when the sentence gives none.
pub fn pick_date<'t>(
    v: &SentView,
    times: &'t [TimeMention],
    trig: usize,
    support: Option<usize>,
) -> Option<&'t TimeMention> {
    let rel = v.toks[trig].start - v.start;
    let (cs, ce) = (v.clause_start(trig), v.clause_end(trig));
    let (cs_b, ce_b) = (
        v.toks[cs].start - v.start,
        v.toks[ce.max(cs + 1) - 1].end - v.start,
    );
    let in_clause = times
        .iter()
        .filter(|t| t.start >= cs_b && t.end <= ce_b)
        .min_by_key(|t| t.start.abs_diff(rel));
    if in_clause.is_some() {
        return in_clause;
    }
    // A date the parse hangs on the trigger across a comma ("killed in
    // Tibu, Norte de Santander, on Monday, the army said").
    let own = times
        .iter()
        .find(|t| [Some(trig), support].contains(&attached_to(v, t)));
    if own.is_some() {
        return own;
    }
    // The act a "when" clause or a coordinated verb tells happened when
    // this one did ("were killed when jets bombed a village …, on Sunday";
    // "killed 35 people and burned their bodies … on Friday").
    let linked: Vec<(usize, usize)> = v.children[trig]
        .iter()
        .copied()
        .filter(|&c| {
            v.upos(c) == "VERB"
                && (v.deprel(c) == "conj"
                    || (v.deprel(c).starts_with("advcl")
                        && v.children[c].iter().any(|&m| m < c && v.lower[m] == "when")))
        })
        .map(|c| v.subtree(c))
        .collect();
    // (Also a date the parse hung on the attribution after the act —
    // "…, on Sunday, a local group said" — standing before the speaker: a
    // statement is dated by its own verb, "said on Sunday", not so.)
    let before_speaker = |t: &TimeMention, a: usize| {
        v.head(a) == Some(trig)
            && matches!(
                v.lower[a].as_str(),
                "said" | "says" | "told" | "reported" | "added"
            )
            // (The parse may take the date itself for a subject: a subject
            // whose words all follow the date is the speaker.)
            && v.deps(a, "nsubj").any(|n| {
                let (lo, _) = v.subtree(n);
                v.toks[lo].start - v.start >= t.end
            })
    };
    let told_with = times.iter().find(|t| {
        attached_to(v, t).is_some_and(|a| {
            linked.iter().any(|&(lo, hi)| (lo..hi).contains(&a)) || before_speaker(t, a)
        })
    });
    if told_with.is_some() {
        return told_with;
    }
    if let Some(open) = opening_date(v, times) {
        if !in_relative_clause(v, support.unwrap_or(trig), open.end) {
            return Some(open);
        }
    }
    if !in_main_clause(v, support.unwrap_or(trig)) {
        // A participle clause tells the outcome of the act its head
        // names ("threw a grenade … on Thursday, killing a constable"):
        // it happened when that act did.
        let participle = v.toks[trig].xpos == "VBG" && v.deprel(trig) == "advcl";
        return match v.head(trig) {
            Some(h) if participle && support.is_none() => pick_date(v, times, h, None),
            _ => None,
        };
    }
    // The only date of a one-date sentence, when it comes near the trigger.
    times.iter().find(|t| times.len() == 1 && t.end <= rel + 60)
}

/// The word a time mention hangs on in the parse: the head of its first
/// word whose head lies outside the mention. `None` without a parse.
fn attached_to(v: &SentView, t: &TimeMention) -> Option<usize> {
    if !v.parsed {
        return None;
    }
    let inside = |i: usize| {
        let b = v.toks[i].start - v.start;
        b >= t.start && b < t.end
    };
    (0..v.len())
        .filter(|&i| inside(i))
        .find_map(|i| v.head(i).filter(|&h| !inside(h)))
}

/// The date phrase the sentence opens with, if any: a time mention before
/// which stand only function words and a reporting participle ("On",
/// "As reported on", "Early on"), after an optional heading that ends in a
/// colon ("Agreement: On 19 March, …"). A noun, name or finite verb before
/// the date means it belongs to a clause of its own.
pub fn opening_date<'t>(v: &SentView, times: &'t [TimeMention]) -> Option<&'t TimeMention> {
    let first = times.iter().min_by_key(|t| t.start)?;
    let before: Vec<usize> = (0..v.len())
        .take_while(|&i| v.toks[i].start - v.start < first.start)
        .collect();
    let after_heading = before
        .iter()
        .rposition(|&i| v.lower[i] == ":")
        .map_or(0, |p| p + 1);
    before[after_heading..]
        .iter()
        .all(|&i| frames_date(v, i))
        .then_some(first)
}

/// Whether token `i` may stand before a sentence's opening date: a
/// preposition, adverb, subordinator or punctuation, or a reporting verb's
/// past participle ("reported", "confirmed"). Without tags, the same small
/// closed class by its words.
fn frames_date(v: &SentView, i: usize) -> bool {
    let w = v.lower[i].as_str();
    if v.tagged {
        match v.upos(i) {
            "ADP" | "ADV" | "SCONJ" | "PUNCT" | "PART" => true,
            "VERB" => w.ends_with("ed"),
            _ => false,
        }
    } else {
        matches!(
            w,
            "on" | "as" | "at" | "in" | "early" | "late" | "reported" | "," | "-" | "–"
        )
    }
}

/// Whether the word at `p` sits inside a relative clause: the walk up the
/// parse passes an `acl:relcl` on a noun after the opening date (which ends
/// at byte `date_end` of the sentence). A clause the parser hung on the
/// date phrase itself ("On 5 March, 1 'Arbaki' was killed" read as a
/// relative clause of "5" or of a word hung on it) is the sentence's main
/// clause misparsed.
fn in_relative_clause(v: &SentView, p: usize, date_end: usize) -> bool {
    // A root inside the date phrase means the parser read the date as the
    // main clause; its relations say nothing about what is background.
    let root = (0..v.len()).find(|&i| v.head(i).is_none() && v.deprel(i) == "root");
    if root.is_some_and(|r| v.toks[r].start - v.start < date_end) {
        return false;
    }
    let mut cur = p;
    for _ in 0..8 {
        let Some(h) = v.head(cur) else { return false };
        if v.deprel(cur) == "acl:relcl" && v.toks[h].start - v.start >= date_end {
            return true;
        }
        cur = h;
    }
    false
}

/// Whether the word at `p` belongs to the main clause: the walk up the parse
/// reaches the root without passing a relative, adverbial or complement
/// clause or a noun modifier. Unparsed text counts as one clause.
fn in_main_clause(v: &SentView, p: usize) -> bool {
    if !v.parsed {
        return true;
    }
    let mut cur = p;
    for _ in 0..4 {
        let Some(h) = v.head(cur) else { break };
        let r = v.deprel(cur);
        if r.starts_with("acl")
            || r.starts_with("advcl")
            || r == "ccomp"
            || (r.starts_with("obl") && v.upos(cur) == "NOUN" && cur != p)
        {
            return false;
        }
        cur = h;
    }
    v.head(cur).is_none()
}
