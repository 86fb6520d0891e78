//! A sentence's first step: its triggers. A lexicon word or phrase is a
//! trigger where its part of speech fits how the sentence uses it ("the
//! attacks" is a noun whatever the tagger said), and its object can change
//! what it means: stopping aid is a SANCTION, lifting a curfew a CONCEDE.

use sitrep_core::PloverType;

use crate::counts::AggregateMention;
use crate::instruments;
use crate::lexicon::{Trigger, TriggerPos, LEXICON};
use crate::sentence::SentView;

/// A trigger found in a sentence, and where it stands.
pub(super) struct Candidate {
    /// Token range `[start, end)` of the trigger.
    pub start: usize,
    pub end: usize,
    /// The lexicon entry, as its object rewrote it.
    pub trig: Trigger,
    /// A noun ("the attack") rather than a verb ("attacked").
    pub nominal: bool,
    /// Its object made it a reduction or easing of relations ("ended
    /// mediation efforts", "lifted the curfew").
    pub reduced: bool,
    /// The tokens of the restriction the trigger verb eases ("lifted *the
    /// curfew*"): what is eased, never a participant.
    pub eased: Option<std::ops::Range<usize>>,
    /// Byte span of the trigger in the document.
    pub t_start: usize,
    pub t_end: usize,
    /// Byte offsets, in the sentence, of the trigger and of its clause's start.
    pub rel_start: usize,
    pub clause_from: usize,
}

impl Candidate {
    /// The words of the trigger's clause before it, where modality and
    /// stance cues stand.
    pub fn prefix<'s>(&self, lower_sentence: &'s str) -> &'s str {
        lower_sentence
            .get(self.clause_from..self.rel_start)
            .unwrap_or_default()
    }
}

/// The trigger that starts at token `i`, unless an earlier trigger covers
/// the token or a count over a period ("more than 165 attacks since
/// October") holds it: the aggregate reports those. The trigger's tokens
/// are marked covered.
pub(super) fn at(
    v: &SentView,
    i: usize,
    covered: &mut [bool],
    aggregate: Option<&AggregateMention>,
) -> Option<Candidate> {
    if covered[i] {
        return None;
    }
    let hits = LEXICON.at(&v.lower, i);
    let hit = hits.into_iter().find(|h| {
        let trig = &LEXICON.triggers[h.trigger];
        // "joint military exercises": a noun phrase's part of
        // speech is also its head's, the last word.
        (pos_fits(v, trig, h.start)
            || (trig.pos == TriggerPos::Noun
                && h.end - h.start > 1
                && pos_fits(v, trig, h.end - 1)))
            && (!trig.means || weapon_object(v, h.start))
            && (!trig.struck || weapon_object(v, h.start) || weapon_striking(v, h.start))
            && (!trig.base || base_object(v, h.start, h.end))
            && (!trig.ready || readies_violence(v, h.start))
            && (!trig.passage || opens_a_passage(v, h.start))
            && !(trig.pos == TriggerPos::Noun && names_a_kind(v, h.end - 1))
            && !ends_a_hyphenated_modifier(v, h.start)
    })?;
    for c in covered.iter_mut().take(hit.end).skip(hit.start) {
        *c = true;
    }
    let mut trig = LEXICON.triggers[hit.trigger].clone();
    let nominal = trig.pos == TriggerPos::Noun;
    // "ended mediation efforts", "would prohibit all aid": stopping
    // a cooperative relation is PLOVER SANCTION, not the relation.
    let reduced = reduces_relations(v, &mut trig, hit.start, hit.end);
    // "lifted a state of emergency", "shortened … the nightly
    // curfew": easing a restriction is CONCEDE (manual 3.4).
    let eased = if reduced {
        None
    } else {
        eases_restriction(v, &mut trig, hit.start, hit.end)
    };
    let reduced = reduced || eased.is_some();
    // The restriction a verb eases is what the verb is about, not a second
    // act ("lifted the curfew" is one concession, not one for "lifted"
    // and one for "curfew").
    let eased = eased.filter(|p| !p.is_empty());
    if let Some(phrase) = eased.clone() {
        for c in covered.iter_mut().take(phrase.end).skip(phrase.start) {
            *c = true;
        }
    }
    let t_start = v.toks[hit.start].start;
    let t_end = v.toks[hit.end - 1].end;
    if let Some(a) = aggregate {
        let (as_, ae) = (v.start + a.start, v.start + a.end);
        if t_start >= as_ && t_end <= ae {
            return None;
        }
    }
    Some(Candidate {
        start: hit.start,
        end: hit.end,
        trig,
        nominal,
        reduced,
        eased,
        t_start,
        t_end,
        rel_start: t_start - v.start,
        clause_from: v.toks[v.clause_start(hit.start)].start - v.start,
    })
}

/// Whether the noun at `i` only says what kind of thing its head is: a
/// compound modifier of a noun that is no occurrence ("protest leaders",
/// "attack helicopters", "the bomb squad", "ISIL attack planners"). Such a
/// word names no event; where its head is one ("a bomb attack", "the
/// shooting incident"), the head or the word itself stays the trigger.
fn names_a_kind(v: &SentView, i: usize) -> bool {
    /// Heads that are occurrences of what modifies them.
    const OCCURRENCES: &[&str] = &[
        "incident",
        "incidents",
        "effort",
        "efforts",
        "attempt",
        "attempts",
        "spree",
        "wave",
        "campaign",
        "operation",
        "operations",
    ];
    if !v.parsed || v.deprel(i) != "compound" {
        return false;
    }
    let Some(h) = v.head(i) else {
        return false;
    };
    // Only nouns stand between a modifier and its head in a compound, and
    // few: an adjective between them ("a hunger strike outside
    // Parliament") or a long run ("a drone strike hit pine nut farmers",
    // a verb read as a noun) means the parse joined two phrases.
    h > i
        && h - i <= 2
        && (i + 1..h).all(|m| v.deprel(m) == "compound")
        && matches!(v.upos(h), "NOUN" | "PROPN")
        && !OCCURRENCES.contains(&v.lower[h].as_str())
        && LEXICON.at(&v.lower, h).is_empty()
}

/// Whether the word at `i` closes a hyphenated word that describes the
/// noun after it: "Iranian-backed militias", "Saudi-led coalition
/// warplanes", "a car-bomb attack". Such a word says who stands behind
/// the noun or what kind it is and reports no act of its own ("a
/// counter-attack on the town", "the drone-strike killed" still do).
/// Read from the words, not the parse, which splits these compounds
/// every which way.
fn ends_a_hyphenated_modifier(v: &SentView, i: usize) -> bool {
    crate::sentence::after_glued_hyphen(v.toks, i)
        && v.toks
            .get(i + 1)
            .is_some_and(|n| v.tagged && matches!(n.upos.as_str(), "NOUN" | "PROPN" | "ADJ"))
}

/// Whether the verb at `i` has a weapon for its object ("dropped barrel
/// bombs", "threw a hand grenade"): by the parse, else among the next few
/// words before a preposition.
fn weapon_object(v: &SentView, i: usize) -> bool {
    if v.parsed {
        return v.deps(i, "obj").any(|o| instruments::is_means(&v.lower[o]));
    }
    v.lower[i + 1..]
        .iter()
        .take(4)
        .take_while(|w| !matches!(w.as_str(), "at" | "on" | "in" | "into" | "near" | "to"))
        .any(|w| instruments::is_means(w))
}

/// Whether what strikes at the verb at `i` is a weapon: its subject
/// ("shells hit a school") or its passive agent ("a school was hit by
/// rockets"); without a parse, the few words before the verb.
fn weapon_striking(v: &SentView, i: usize) -> bool {
    if v.parsed {
        let by_agent = v
            .deps(i, "obl")
            .chain(v.deps(i, "obl:agent"))
            .any(|o| v.case_of(o).as_deref() == Some("by") && munition(v, o));
        return by_agent || v.deps(i, "nsubj").any(|s| munition(v, s));
    }
    v.lower[..i]
        .iter()
        .rev()
        .take(3)
        .any(|w| instruments::is_means(w))
}

/// Whether the noun at `i` names a munition that can strike: a weapon
/// word, but a word that is also an everyday noun ("a new round of
/// sanctions hit", "the fire hit the warehouse") only with a weapon word
/// beside it ("mortar rounds", "an explosive device").
fn munition(v: &SentView, i: usize) -> bool {
    const EVERYDAY: &[&str] = &[
        "round", "rounds", "fire", "fires", "device", "devices", "gas", "barrel", "spray", "rock",
        "rocks", "stone", "stones", "shot", "shots",
    ];
    let w = v.lower[i].as_str();
    if !instruments::is_means(w) {
        return false;
    }
    !EVERYDAY.contains(&w)
        || v.deps(i, "compound")
            .chain(v.deps(i, "amod"))
            .any(|m| instruments::is_means(&v.lower[m]) || v.lower[m] == "explosive")
}

/// What armed forces set up and hold (ACLED's "Headquarters or base
/// established"): the head nouns of a base.
pub(super) const BASES: &[&str] = &[
    "base",
    "bases",
    "camp",
    "camps",
    "post",
    "posts",
    "outpost",
    "outposts",
    "headquarters",
    "barracks",
    "checkpoint",
    "checkpoints",
    "position",
    "positions",
    "garrison",
];

/// Whether the verb phrase `[i, end)` has a base for its object ("set up a
/// new military post"), by the parse or among the next few words (a
/// verb the tagger missed has no object in the parse).
fn base_object(v: &SentView, i: usize, end: usize) -> bool {
    if v.parsed
        && (i..end)
            .flat_map(|h| v.deps(h, "obj"))
            .any(|o| BASES.contains(&v.lower[o].as_str()))
    {
        return true;
    }
    v.lower[end..]
        .iter()
        .take(5)
        .take_while(|w| !matches!(w.as_str(), "at" | "on" | "in" | "near" | "to"))
        .any(|w| BASES.contains(&w.as_str()))
}

/// Ways into a country or a zone: what is opened to let others in (RETREAT
/// 'access').
const PASSAGES: &[&str] = &[
    "border",
    "borders",
    "frontier",
    "frontiers",
    "crossing",
    "crossings",
    "bridge",
    "corridor",
    "corridors",
    "airspace",
    "checkpoint",
    "checkpoints",
];

/// Whether the verb at `i` opens a way in: its object is a border, a
/// crossing, a bridge, a corridor or airspace ("opened its borders to
/// refugees", "reopened the Rafah crossing").
fn opens_a_passage(v: &SentView, i: usize) -> bool {
    v.parsed
        && v.upos(i) == "VERB"
        && v.deps(i, "obj")
            .any(|o| PASSAGES.contains(&v.lower[o].as_str()))
}

/// Whether the verb at `i` readies a violent act: its infinitive or
/// purpose ("prepared to storm", "prepared to resume shelling") or what it
/// prepares for ("preparing for an offensive") is a violent trigger.
/// Being prepared to act ("is prepared to use force") is a stance, told by
/// THREATEN or AGREE through the act's own word, not a move of forces.
fn readies_violence(v: &SentView, i: usize) -> bool {
    if !v.parsed || v.upos(i) != "VERB" {
        return false;
    }
    let be = |a: usize| {
        matches!(
            v.lower[a].as_str(),
            "is" | "are" | "was" | "were" | "be" | "been" | "being" | "'s" | "'re"
        )
    };
    if !v.lower[i].ends_with("ing")
        && v.children[i]
            .iter()
            .any(|&a| v.deprel(a).starts_with("aux") && be(a))
    {
        return false;
    }
    let violent = |k: usize| LEXICON.any_at(&v.lower, k, |t| t.violent);
    let complements = |h: usize| -> Vec<usize> {
        v.children[h]
            .iter()
            .copied()
            .filter(|&k| {
                matches!(v.deprel(k), "xcomp" | "advcl")
                    || (v.deprel(k).starts_with("obl") && v.case_of(k).as_deref() == Some("for"))
            })
            .collect()
    };
    complements(i).into_iter().any(|k| {
        violent(k)
            || (v.upos(k) == "VERB"
                && v.children[k]
                    .iter()
                    .any(|&g| matches!(v.deprel(g), "xcomp" | "obj") && violent(g)))
    })
}

fn pos_fits(v: &SentView, trig: &Trigger, i: usize) -> bool {
    let prev = if i > 0 { v.lower[i - 1].as_str() } else { "" };
    let determiner_before = matches!(
        prev,
        "a" | "an"
            | "the"
            | "its"
            | "their"
            | "his"
            | "her"
            | "this"
            | "that"
            | "these"
            | "those"
            | "new"
            | "latest"
            | "recent"
            | "deadly"
            | "lightning"
            | "us"
            | "u.s."
            | "israeli"
            | "american"
            | "russian"
    ) || prev.ends_with("'s");
    // "the US attacks", "its recent targeting": a determiner before the
    // word (or before a name or adjective before it) makes it a noun,
    // whatever the tagger said.
    let det2 = i >= 2
        && matches!(
            v.lower[i - 2].as_str(),
            "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this" | "these"
        );
    // "a declaration demanding that …": a participle after a common noun
    // is still the verb the tagger says it is.
    let participle = v.tagged
        && v.lower[i].ends_with("ing")
        && v.upos(i) == "VERB"
        && i > 0
        && v.upos(i - 1) == "NOUN";
    if trig.pos == TriggerPos::Verb
        && (determiner_before
            || det2
                && !v.lower[i].ends_with("ed")
                && !participle
                && !finite_after_plural_subject(v, i)
                && !past_like_base_after_noun(v, trig, i))
    {
        return false;
    }
    if trig.pos == TriggerPos::Noun && (determiner_before || det2) {
        return true;
    }
    if v.tagged {
        let upos = v.upos(i);
        return match trig.pos {
            TriggerPos::Verb => {
                matches!(upos, "VERB")
                    || finite_after_plural_subject(v, i)
                    || past_like_base_after_noun(v, trig, i)
                    || (upos == "AUX" && trig.lemma == "hold")
                    || (upos == "ADJ" && v.lower[i].ends_with("ed"))
                    || (upos == "ADJ" && after_be(v, i))
            }
            TriggerPos::Noun => {
                matches!(upos, "NOUN" | "PROPN") || (upos == "VERB" && determiner_before)
            }
        };
    }
    // Untagged: decide from the word before.
    match trig.pos {
        TriggerPos::Verb => !determiner_before,
        TriggerPos::Noun => true,
    }
}

/// "The Palestinians reject proposed Israeli changes": a bare or past verb
/// form (the tagger may take it for a noun, and the article before the
/// plural for the sign of a compound), right after a plural noun and followed
/// by what can only open its object (an article, a possessive, an
/// adjective, a participle or a number). A plural noun does not modify a
/// noun that way in English, so the word is the predicate.
fn finite_after_plural_subject(v: &SentView, i: usize) -> bool {
    if !v.tagged || i == 0 || i + 1 >= v.len() || !matches!(v.upos(i), "NOUN" | "VERB") {
        return false;
    }
    let w = v.lower[i].as_str();
    let plain = !w.ends_with('s') || w.ends_with("ss");
    let plural_before = matches!(v.toks[i - 1].xpos.as_str(), "NNS" | "NNPS");
    let opens_object = matches!(
        v.toks[i + 1].xpos.as_str(),
        "DT" | "PRP$" | "JJ" | "VBN" | "CD" | "NNP"
    );
    plain && plural_before && opens_object
}

/// "A suspected thief was beaten to death": a participle after a form of
/// "be" is a passive verb, though taggers often call it an adjective.
fn after_be(v: &SentView, i: usize) -> bool {
    i > 0
        && matches!(
            v.lower[i - 1].as_str(),
            "was" | "were" | "been" | "being" | "is" | "are" | "be"
        )
}

/// "A mob set fire to homes", "a crowd beat 13 men to death": English verbs
/// whose past tense is their bare form read, after a singular subject, like
/// the noun of a compound, and taggers take them for one (or worse). After a
/// common noun and followed by what opens an object — or as the first word
/// of a verb phrase the lexicon knows ("set fire") — they are the predicate.
fn past_like_base_after_noun(v: &SentView, trig: &Trigger, i: usize) -> bool {
    const SAME_PAST: &[&str] = &[
        "beat", "set", "hit", "cut", "shut", "put", "burst", "spread",
    ];
    if !v.tagged || i == 0 || i + 1 >= v.len() || !SAME_PAST.contains(&v.lower[i].as_str()) {
        return false;
    }
    let noun_before = matches!(v.toks[i - 1].xpos.as_str(), "NN" | "NNS");
    let opens_object = trig.lemma.contains(' ')
        || matches!(
            v.toks[i + 1].xpos.as_str(),
            "DT" | "PRP$" | "PRP" | "JJ" | "CD" | "NNP"
        );
    noun_before && opens_object
}

/// Verbs that stop what their object names: "halted aid", "broke off
/// talks", "ended mediation efforts".
const STOP_VERBS: &[&str] = &[
    "halt",
    "halted",
    "halts",
    "end",
    "ended",
    "ends",
    "stop",
    "stopped",
    "stops",
    "suspend",
    "suspended",
    "suspends",
    "cut",
    "cuts",
    "freeze",
    "froze",
    "frozen",
    "prohibit",
    "prohibited",
    "prohibits",
    "withhold",
    "withheld",
    "withholds",
    "break",
    "broke",
    "terminate",
    "terminated",
    "cancel",
    "cancelled",
    "canceled",
];

/// A nominal AID, CONSULT or COOPERATE trigger that a stop verb governs
/// reports a reduction of relations, PLOVER SANCTION (CAMEO 162 "reduce or
/// stop aid", 164/165 "halt negotiations, mediation"). Rewrites `trig` and
/// says whether it did (a SANCTION verb whose object is aid only gets the
/// mode 'discontinue': it is already the event).
fn reduces_relations(v: &SentView, trig: &mut Trigger, start: usize, end: usize) -> bool {
    // "suspended aid deliveries": a SANCTION verb stopping aid stops aid.
    if trig.pos == TriggerPos::Verb && trig.plover == PloverType::Sanction {
        let aid = v.deps(start, "obj").any(|o| {
            let (f, t) = v.core_phrase(o);
            (f..t).any(|j| {
                LEXICON.any_at(&v.lower, j, |x| {
                    x.plover == PloverType::Aid && x.pos == TriggerPos::Noun
                })
            })
        });
        if aid {
            trig.modes = vec!["discontinue".into()];
            trig.cameo = "162".into();
        }
        return false;
    }
    let (mode, cameo) = match trig.plover {
        PloverType::Aid => ("discontinue", "162"),
        PloverType::Consult if trig.cameo == "045" => ("withdraw", "165"),
        PloverType::Consult | PloverType::Cooperate => ("withdraw", "164"),
        _ => return false,
    };
    let stop = |i: usize| STOP_VERBS.contains(&v.lower[i].as_str());
    // The verb whose object the noun (or the noun it modifies) is…
    let by_parse = v.parsed && {
        let t = end - 1;
        let t = if v.deprel(t) == "compound" {
            v.head(t).unwrap_or(t)
        } else {
            t
        };
        v.deprel(t).starts_with("obj") && v.head(t).is_some_and(stop)
    };
    // …or, when the parse missed it, the verb a few words before across
    // determiners and modifiers ("prohibit all aid", "broke off the talks").
    let by_words = || {
        let mut j = start;
        for _ in 0..3 {
            let Some(p) = j.checked_sub(1) else {
                return false;
            };
            if stop(p) {
                return true;
            }
            if !matches!(
                v.lower[p].as_str(),
                "all"
                    | "the"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "off"
                    | "further"
                    | "economic"
                    | "military"
                    | "humanitarian"
                    | "foreign"
            ) {
                return false;
            }
            j = p;
        }
        false
    };
    if !(by_parse || by_words()) {
        return false;
    }
    trig.plover = PloverType::Sanction;
    trig.modes = vec![mode.to_string()];
    trig.cameo = cameo.to_string();
    trig.light = false;
    true
}

/// Verbs that ease or end what their object names.
const EASE_VERBS: &[&str] = &[
    "lift",
    "lifted",
    "lifts",
    "lifting",
    "ease",
    "eased",
    "eases",
    "easing",
    "relax",
    "relaxed",
    "relaxes",
    "shorten",
    "shortened",
    "shortens",
    "end",
    "ended",
    "ends",
    "rescind",
    "rescinded",
    "revoke",
    "revoked",
    "repeal",
    "repealed",
];

/// Restrictions a government imposes and can lift.
const RESTRICTIONS: &[&str] = &[
    "curfew",
    "curfews",
    "emergency",
    "martial",
    "ban",
    "bans",
    "restrictions",
];

/// A restriction (curfew, state of emergency, martial law, ban) that an
/// ease verb governs, or an ease verb whose object is one, reports a
/// concession: PLOVER CONCEDE, "removing curfews" (manual 3.4; CAMEO 081).
/// The table files CAMEO 0813/0814 under RETREAT, the manual's text under
/// CONCEDE; the text is followed. Rewrites `trig` and gives the tokens of
/// the restriction a verb trigger eases (empty for a noun trigger), or
/// `None` when it did not rewrite.
fn eases_restriction(
    v: &SentView,
    trig: &mut Trigger,
    start: usize,
    end: usize,
) -> Option<std::ops::Range<usize>> {
    let restriction = |i: usize| RESTRICTIONS.contains(&v.lower[i].as_str());
    let ease = |i: usize| EASE_VERBS.contains(&v.lower[i].as_str());
    let eased = match trig.pos {
        // "the nightly curfew" governed by "shortened"
        TriggerPos::Noun => (trig.plover == PloverType::Coerce
            && (start..end).any(restriction)
            && (v.head(end - 1).is_some_and(ease) || (start.saturating_sub(3)..start).any(ease)))
        .then_some(start..start),
        // "lifted a state of emergency", "lifted the ban on …", "the
        // curfew was lifted"
        TriggerPos::Verb if ease(start) => v
            .deps(start, "obj")
            .chain(v.deps(start, "nsubj:pass"))
            .map(|o| v.core_phrase(o))
            .find(|&(f, t)| (f..t).any(restriction))
            .map(|(f, t)| f..t)
            .or_else(|| {
                (end..(end + 4).min(v.len()))
                    .find(|&i| restriction(i))
                    .map(|i| end..i + 1)
            }),
        TriggerPos::Verb => None,
    };
    eased.as_ref()?;
    trig.plover = PloverType::Concede;
    trig.modes.clear();
    trig.cameo = "081".into();
    trig.light = false;
    eased
}
