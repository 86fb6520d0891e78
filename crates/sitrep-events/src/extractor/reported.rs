//! A sentence's second step: whether a trigger reports an event at all.
//! Most mentions of violence in a news story are not reports of it: the
//! topic of talks ("a halt to attacks"), a wish ("I hope both sides will
//! stop their attacks"), a plan, a purpose ("to complain"), a description
//! ("factions backed by Iran"), the consequence of another trigger ("an
//! attack that killed 3") or the content of a request. Each check here
//! drops one of those, or says how the event is held (modality).

use sitrep_core::{Modality, PloverType};

use super::participants::REPORTING;
use super::trigger::Candidate;
use crate::args::{self, Arg};
use crate::counts::CountMention;
use crate::lexicon::LEXICON;
use crate::merge;
use crate::modality;
use crate::sentence::SentView;

/// How a trigger that reports an event is held.
pub(super) struct Report {
    /// Wished, planned, denied, hypothetical… (`None`: as stated).
    pub modality: Option<Modality>,
    /// The verb a purpose clause hangs on when that verb is no event
    /// itself ("summoned Niger's ambassador to complain").
    pub purpose_of: Option<usize>,
    /// Who requests it when the sentence says another must do it
    /// ("Russia said that Sudan must return the helicopter").
    pub speaker: Option<Arg>,
}

/// Whether the trigger reports an event, read before its arguments;
/// `earlier` holds the events already found in the sentence.
pub(super) fn judge(
    v: &SentView,
    c: &Candidate,
    lower_sentence: &str,
    earlier: &[merge::Mention],
) -> Option<Report> {
    let prefix = c.prefix(lower_sentence);
    // The verb a purpose clause hangs on when that verb is no event
    // itself ("summoned Niger's ambassador to complain").
    let mut purpose_of: Option<usize> = None;
    let mut modality =
        modality::modality_before(&sentence_prefix(lower_sentence, c.rel_start, c.clause_from));
    // A trigger verb after "to" is a purpose or a plan, not a fact.
    // The governing verb ("called on … to join", "promised to
    // continue") is the event; its complement is what it is about.
    if !c.nominal && c.start > 0 && NON_FACTIVE.contains(&v.lower[c.start - 1].as_str()) {
        // …unless what governs it only states an intention ("is
        // willing to withdraw", "is prepared to lift"): PLOVER codes
        // the intention itself.
        let governor = v
            .head(c.start)
            .map(|h| v.lower[h].as_str())
            .or_else(|| c.start.checked_sub(2).map(|j| v.lower[j].as_str()));
        // "attempted to assassinate", "tried to hack": an attempt is
        // coded as the act itself.
        let attempt = governor.is_some_and(|g| ATTEMPT.contains(&g));
        let intent = governor.is_some_and(|g| INTENT.contains(&g));
        // "summoned the ambassador to complain": a governing verb
        // that is no event itself leaves the complement as what
        // happened (or was set in motion).
        let bare = !c.trig.violent
            && !intent
            && v.head(c.start)
                .is_some_and(|h| LEXICON.at(&v.lower, h).is_empty());
        if !attempt {
            if (!intent || c.trig.violent) && !bare {
                return None;
            }
            if bare {
                purpose_of = v.head(c.start);
            }
            modality = Some(Modality::Planned);
        }
    }
    // An act told as repeated or as a record of conduct ("has used such
    // weapons at least once", "on at least three occasions", "in the
    // past") is a history, not one event with a time and place (ACLED's
    // unit is the single event).
    if c.trig.violent && repeated(v, c.start) {
        return None;
    }
    // A participle describing a noun ("factions backed by Iran") is
    // a description, not a report.
    if !c.nominal
        && v.parsed
        && v.deprel(c.start) == "acl"
        && v.toks[c.start].xpos == "VBN"
                        && (v.head(c.start) == Some(c.start.wrapping_sub(1)) || v.lower.get(c.start + 1).is_some_and(|w| w == "by"))
        // "Palestinians blamed Israel": a participle with an object
        // is a misparsed main verb, not a description.
        && v.deps(c.start, "obj").next().is_none()
        // "Senior officials agreed on Wednesday …" parsed with no
        // finite verb: the participle hangs on the root noun, and
        // it is the sentence's predicate.
        && !args::hangs_on_root_noun(v, c.start)
        // "Nigerian troops clashed with …, the army said": a noun
        // read as the reported clause (ccomp) needs a predicate, and
        // the participle on it is that predicate.
        && !v.head(c.start).is_some_and(|h| {
            matches!(v.deprel(h), "ccomp" | "parataxis")
                // (…or a noun the parse hung on a sentence-opening
                // date: "On 18 March 2020, Taliban militants
                // ambushed …".)
                || v.head(h).is_some_and(|d| v.upos(d) == "NUM")
        })
    {
        return None;
    }
    if !c.nominal
        && modality == Some(Modality::Planned)
        && v.lower[c.start].ends_with("ing")
        && !c.trig.violent
    {
        modality = None;
    }
    // A gerund after a preposition ("in expelling") names an aim.
    if !c.nominal
        && v.lower[c.start].ends_with("ing")
        && c.start > 0
        && matches!(
            v.lower[c.start - 1].as_str(),
            "in" | "of" | "for" | "by" | "from" | "about" | "on"
        )
    {
        return None;
    }
    // An infinitive's governor was weighed above ("decided to
    // allow" is an intention, not a topic).
    let infinitive =
        !c.nominal && c.start > 0 && NON_FACTIVE.contains(&v.lower[c.start - 1].as_str());
    // A preposition can govern a noun or a gerund, never a
    // finite verb ("a camp for refugees was attacked").
    let finite = !c.nominal && !v.lower[c.start].ends_with("ing");
    if !c.reduced && !infinitive && governed_as_topic(v, c.start, c.end, finite) {
        return None;
    }
    // "prisoners rioted …, setting fire to their mattresses": damage
    // done in the course of a riot is the riot (PLOVER PROTEST
    // 'riot'), not a second event.
    if c.trig.violent
        && !c.nominal
        && matches!(v.deprel(c.start), "advcl" | "conj" | "xcomp")
        && v.head(c.start).is_some_and(|h| {
            LEXICON.any_at(&v.lower, h, |t| {
                t.plover == PloverType::Protest && t.modes.iter().any(|m| m == "riot")
            })
        })
    {
        return None;
    }
    // "demanded that the US cancel plans": what a request asks for
    // is its content, not a second event.
    if !c.nominal && content_of_request(v, c.start) {
        return None;
    }
    // "Russia said that Sudan must return the helicopter": a
    // statement of what another must do is a REQUEST by the speaker.
    let speaker = if c.nominal {
        None
    } else {
        obligation_speaker(v, c.start)
    };
    // "no civilians were killed": a negated consequence is no event.
    if c.trig.kill && modality == Some(Modality::Denied) {
        return None;
    }
    if c.trig.violent
        && matches!(
            modality,
            Some(Modality::Requested | Modality::Hypothetical | Modality::Planned)
        )
    {
        // A wish, threat or hypothetical of violence is not an ASSAULT;
        // the wish itself is found through its own trigger.
        return None;
    }
    // A killing verb that hangs on another violent trigger is that
    // event's consequence ("an attack … that killed 3").
    if c.trig.kill
        && earlier
            .iter()
            .any(|m: &merge::Mention| m.violent && m.sentence == v.index)
        && !prefix.contains(" and ")
    {
        return None;
    }
    Some(Report {
        modality,
        purpose_of,
        speaker,
    })
}

/// A light nominal trigger with no arguments of its own, or a definite
/// one ("the strike", "the latest Baghdad attack"): a mention of an event
/// already reported, not a new one.
pub(super) fn is_anaphor(
    v: &SentView,
    c: &Candidate,
    a: &args::Args,
    fatal: Option<&CountMention>,
    time_mask: &[bool],
) -> bool {
    // A date of its own ("chemical attacks on the town in 2018", "took
    // part in attacks in 2018": on the noun or on the verb it hangs from)
    // tells another act, or the same one again in full: either way the
    // event stands on its own words, and merging checks that the dates
    // agree. (Not a date inside a name: "the Black Friday deals".)
    let governor = v.head(c.end - 1);
    let own_date = v.parsed
        && (0..v.len()).any(|j| {
            time_mask.get(j).copied().unwrap_or(false)
                && v.deprel(j) != "compound"
                && v.head(j)
                    .is_some_and(|h| (c.start..c.end).contains(&h) || Some(h) == governor)
        });
    if own_date {
        return false;
    }
    // A place argument is a name ("in Baghdad"); "in the area" adds
    // nothing.
    let named_place = a
        .places
        .iter()
        .any(|p| (p.from..p.to).any(|j| v.capitalised(j)));
    // "The group claimed the attack in a statement": a claim of an act the
    // story has told points back to it (the claimant is read apart, by
    // `claims`); "claimed an attack on a church in Kaduna" tells a new one.
    let claimed_back = a.support.is_some_and(|s| v.lower[s].starts_with("claim"));
    if c.nominal && c.trig.light && claimed_back && is_definite(v, c.start) && !named_place {
        return true;
    }
    if !(c.nominal && c.trig.light && a.support.is_none()) {
        return false;
    }
    // Its own participants count as much as its own place: "a U.S.
    // raid" names who acted, whichever word the parser hung "in
    // Barisha" on.
    let own_args = named_place
        || !a.recipients.is_empty()
        || !a.actors.is_empty()
        || fatal.is_some_and(|f| f.start > c.rel_start);
    is_definite(v, c.start) || !own_args
}

/// Whether someone identifiable takes part. Non-violent events need
/// someone to have done them; a light verb ("gave", "allowed", "met")
/// reports an event only when a known actor, or at least a name, does it
/// or a place is named.
pub(super) fn has_participants(
    c: &Candidate,
    a: &args::Args,
    actors: &[sitrep_core::Actor],
    recipients: &[sitrep_core::Actor],
) -> bool {
    if !c.trig.violent && actors.is_empty() && recipients.is_empty() {
        return false;
    }
    let named = |x: &sitrep_core::Actor| {
        x.name.is_some()
            || x.text
                .split_whitespace()
                .any(|w| w.chars().next().is_some_and(char::is_uppercase))
    };
    !c.trig.light || c.nominal || actors.iter().chain(recipients).any(named) || !a.places.is_empty()
}

/// Violence over a period ("has targeted the group with attacks in recent
/// weeks") is a pattern, not one event.
pub(super) fn is_pattern(c: &Candidate, date: Option<&sitrep_core::DateRange>) -> bool {
    c.trig.violent
        && date.is_some_and(|d| {
            let dt = d.text.to_lowercase();
            dt.contains("recent") || dt.starts_with("since") || dt.contains("past")
        })
}

/// Words that, governing a nominal trigger, make it the topic of something
/// else rather than a report: "talks over the withdrawal", "a halt to
/// attacks", "justifications for attacks", "in response to the attack".
const TOPIC_GOVERNORS: &[&str] = &[
    "discuss",
    "discussed",
    "discussing",
    "over",
    "about",
    "regarding",
    "halt",
    "end",
    "stop",
    "cease",
    "ceasing",
    "prevent",
    "preventing",
    "avoid",
    "justification",
    "justifications",
    "condemned",
    "condemn",
    "denounced",
    "for",
    "against",
    "fear",
    "fears",
    "risk",
    "threat",
    "threats",
    "warned",
    "resolution",
    "plan",
    "plans",
    "decided",
    "calls",
    "investigate",
    "investigating",
    "investigation",
];

/// Whether `w` makes a nominal trigger it governs a topic: one of
/// [`TOPIC_GOVERNORS`] or a word that forbids ("banned all protests").
fn governs_as_topic(w: &str) -> bool {
    TOPIC_GOVERNORS.contains(&w) || crate::frames::FORBIDDING.contains(&w)
}

/// Words whose infinitive complement is an intention, not a fact.
const INTENT: &[&str] = &[
    "willing",
    "prepared",
    "ready",
    "committed",
    "determined",
    "eager",
    "intends",
    "plans",
    "planning",
    "offered",
    "pledged",
    "promised",
    "vowed",
    "decided",
    "agreed",
    "expected",
    "set",
];

/// Verbs whose complement clause is not (yet) a fact: "tried to persuade",
/// "aims to eliminate".
const NON_FACTIVE: &[&str] = &["to"];

/// Whether the clause of the word at `i` says its act happened more than
/// once or at no one time.
fn repeated(v: &SentView, i: usize) -> bool {
    let (from, to) = (v.clause_start(i), v.clause_end(i));
    let words = &v.lower[from..to.min(v.len())];
    let has = |phrase: &[&str]| words.windows(phrase.len()).any(|w| w == phrase);
    has(&["in", "the", "past"])
        || has(&["at", "least", "once"])
        || has(&["repeatedly"])
        || words.iter().any(|w| w == "occasions")
}

/// Governors whose complement happened, if only as an attempt.
const ATTEMPT: &[&str] = &[
    "attempted",
    "tried",
    "attempt",
    "attempts",
    "tries",
    "sought",
];

/// The sentence text before the trigger from the last clause break, for
/// modality cues; a quoted wish keeps its "I hope" even after a colon.
fn sentence_prefix(lower: &str, rel_start: usize, clause_from: usize) -> String {
    let from = clause_from.min(rel_start);
    let mut p = lower.get(from..rel_start).unwrap_or_default().to_string();
    if p.split_whitespace().count() < 3 {
        // Too short to hold a cue: widen to the sentence so far, but not
        // past the start of a coordinated clause with words of its own
        // ("marched to demand higher pay, and police fired": the demand
        // is the marchers', the firing a fact).
        p = lower.get(..rel_start).unwrap_or_default().to_string();
        let tail: Vec<&str> = p.split_whitespace().collect();
        p = tail[tail.len().saturating_sub(8)..].join(" ");
        if let Some(at) = [", and ", ", but ", "; "]
            .iter()
            .filter_map(|sep| p.rfind(sep).map(|i| i + sep.len()))
            .max()
            .filter(|&at| !p[at..].trim().is_empty())
        {
            p = p[at..].to_string();
        }
    }
    p
}

/// The trigger is the object or complement of a word that makes it a topic
/// ("discuss the US attacks", "a halt to attacks", "talks over the
/// withdrawal"), read off the parse and, since parsers err on exactly
/// these attachments, off the three words before the phrase as well.
fn governed_as_topic(v: &SentView, start: usize, end: usize, finite: bool) -> bool {
    let governs = |w: &str| {
        governs_as_topic(w)
            && !(finite && matches!(w, "over" | "about" | "regarding" | "for" | "against"))
    };
    if v.parsed {
        // A phrase's head word: the verb of a phrasal verb ("called for",
        // whose particle is the case of what is called for, not a
        // preposition governing the call), else the last word ("air strike").
        let mut cur = if matches!(v.upos(end - 1), "ADP" | "PART") && end - start > 1 {
            start
        } else {
            end - 1
        };
        for _ in 0..2 {
            if let Some(case) = v.case_of(cur) {
                if governs_as_topic(case.as_str()) {
                    return true;
                }
            }
            let Some(h) = v.head(cur) else { break };
            if governs_as_topic(v.lower[h].as_str()) && h < start {
                return true;
            }
            cur = h;
        }
    }
    let mut j = start;
    let mut seen = 0;
    while j > 0 && seen < 4 {
        j -= 1;
        let w = v.lower[j].as_str();
        if governs(w) {
            return true;
        }
        if matches!(w, "," | ";" | ":" | "." | "and" | "but") {
            break;
        }
        seen += 1;
    }
    false
}

/// The trigger verb heads the clause a REQUEST trigger governs ("demanded
/// that the US cancel", "urged Iraq to withdraw"), or the content clause
/// of what it asks for ("demanded an apology for the claim that its
/// troops shot …", "called for proof that the army burned …"): what is
/// to be admitted, proven or done is the request's content, not a second
/// event told as fact. (A relative clause on the object — "demanded the
/// arrest of the men who shot …" — tells its own event; only a clause
/// opened by the conjunction "that", with no gap for a relative pronoun,
/// is content.)
fn content_of_request(v: &SentView, t: usize) -> bool {
    if !v.parsed {
        return false;
    }
    let requested = |h: usize| {
        LEXICON
            .at(&v.lower, h)
            .iter()
            .any(|hit| LEXICON.triggers[hit.trigger].plover == PloverType::Request)
    };
    if matches!(v.deprel(t), "ccomp" | "xcomp") {
        return v.head(t).is_some_and(requested);
    }
    let content_clause = matches!(v.deprel(t).split(':').next(), Some("acl" | "ccomp"))
        && v.deps(t, "mark").any(|m| v.lower[m] == "that");
    if !content_clause {
        return false;
    }
    // The noun the clause completes, then (through at most one "of"/"for"
    // phrase: "demanded an apology for the claim") the request it is the
    // object of.
    let Some(mut n) = v.head(t).filter(|&n| matches!(v.upos(n), "NOUN" | "PROPN")) else {
        return false;
    };
    for _ in 0..2 {
        let Some(h) = v.head(n) else {
            return false;
        };
        if v.deprel(n) == "obj" || (v.deprel(n).starts_with("obl") && v.upos(h) == "VERB") {
            return requested(h);
        }
        if !v.deprel(n).starts_with("nmod") {
            return false;
        }
        n = h;
    }
    false
}

/// For a trigger under "must"/"should" in a clause a reporting verb
/// governs, the reporting verb's subject: the speaker who requests it.
pub(super) fn obligation_speaker(v: &SentView, t: usize) -> Option<args::Arg> {
    if !v.parsed {
        return None;
    }
    // "said US and British forces must ensure security to allow …": the
    // obligation may sit on a verb the trigger's purpose clause hangs on.
    let mut t = t;
    for _ in 0..2 {
        if v.deprel(t) == "ccomp" {
            break;
        }
        if !matches!(v.deprel(t), "xcomp" | "advcl") {
            return None;
        }
        t = v.head(t)?;
    }
    if v.deprel(t) != "ccomp" {
        return None;
    }
    let obliged = v
        .deps(t, "aux")
        .any(|a| matches!(v.lower[a].as_str(), "must" | "should"));
    let h = v.head(t)?;
    let reporting = REPORTING.contains(&v.lower[h].as_str())
        || matches!(v.lower[h].as_str(), "concluded" | "declared");
    if !obliged || !reporting {
        return None;
    }
    let c = v.children[h]
        .iter()
        .copied()
        .find(|&c| v.deprel(c) == "nsubj")?;
    Some(args::arg(
        v,
        c,
        format!("nsubj({}) speaking", v.toks[h].text),
    ))
}

fn is_definite(v: &SentView, start: usize) -> bool {
    (start.saturating_sub(4)..start).rev().any(|j| {
        matches!(
            v.lower[j].as_str(),
            "the" | "this" | "that" | "its" | "their" | "these" | "those"
        )
    }) && !(start.saturating_sub(4)..start).any(|j| matches!(v.lower[j].as_str(), "a" | "an"))
}
