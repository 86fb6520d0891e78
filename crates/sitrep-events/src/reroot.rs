//! Parses repaired before the event rules read them: shapes the parser
//! gets wrong in news often enough that no rule finds who acted or whom
//! it hit, each undone here into the tree a correct parse would have
//! given ([`repair`] runs them in turn).
//!
//! The first: sentences the parser rooted on their opening date. "On 7
//! March 2020, Taliban militants ambushed and killed 2 policemen" is often
//! parsed with "7" as the root, the militants as its object and both verbs
//! hung on the date or on the noun. The date phrase is a circumstance of
//! the clause after its comma, so the clause's first verb becomes the
//! root, the noun before it its subject and the date its oblique.

use sitrep_core::{Sentence, Token};

/// Every repair below, in turn, each reading the previous one's output:
/// the sentence as a correct parse would have given it, or `None` when no
/// repair applied.
pub fn repair(s: &Sentence) -> Option<Sentence> {
    // A head past the sentence's end is a broken parse, not a shape to
    // repair; every step below indexes by head and keeps heads in range.
    if s.tokens.iter().any(|x| x.head > s.tokens.len()) {
        return None;
    }
    // A sentence the language pipeline did not analyse (most of a page:
    // see `select`) has no tag, relation or head, and every step needs
    // one of them to find its shape: skip the 22 scans.
    if s.tokens.iter().all(unanalysed) {
        return None;
    }
    let mut out = punctuation_as_head(s);
    let first = out.as_ref().unwrap_or(s);
    if let Some(r) = opening_date(first).or_else(|| verb_read_as_noun(first)) {
        out = Some(r);
    }
    for step in STEPS {
        if let Some(r) = step(out.as_ref().unwrap_or(s)) {
            out = Some(r);
        }
    }
    out
}

/// The repairs [`repair`] runs after the first two, in turn.
const STEPS: [fn(&Sentence) -> Option<Sentence>; 25] = [
    verb_read_as_adjective,
    count_read_as_subject,
    headline_passive,
    gerund_read_as_verb,
    auxiliary_read_as_verb,
    subject_on_auxiliary,
    shot_dead_read_as_noun,
    transitive_read_as_relative,
    complement_read_as_object,
    subject_split,
    clause_read_as_subject,
    phrase_read_as_compound,
    preposition_read_as_mark,
    participle_read_as_adverbial,
    reduced_relative,
    verb_inside_relative,
    phrase_read_as_count,
    link_read_as_verb,
    day_read_as_head,
    count_across_comma,
    participle_before_count,
    particle_read_as_preposition,
    hyphenated_modifier_as_root,
    hyphenated_modifier_as_subject,
    conjunct_read_as_relative,
];

/// Whether the tagger, parser and entity tagger left this token as they
/// found it ([`Token::unanalysed`]).
fn unanalysed(x: &Token) -> bool {
    x.head == 0 && x.upos.is_empty() && x.xpos.is_empty() && x.deprel.is_empty()
}

/// The repaired sentence, when its root is a date inside an opening
/// prepositional phrase ("On …,", "As reported on …,") and a verb follows
/// the comma; `None` when the parse needs no repair.
fn opening_date(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let root = t.iter().position(|x| x.head == 0)?;
    let comma = t.iter().position(|x| x.text == ",")?;
    if root >= comma
        || !matches!(t[root].upos.as_str(), "NUM" | "PROPN")
        || !t[..root].iter().any(|x| x.upos == "ADP")
    {
        return None;
    }
    let on_root = |i: usize| t[i].head == root + 1;
    // The first verb after the comma hung on the date, or on a word hung
    // on the date (a participle on the subject noun, a verb coordinated
    // with a noun the tagger misread).
    let pred = (comma + 1..t.len()).find(|&i| {
        t[i].upos == "VERB"
            && (on_root(i)
                || (t[i].head > 0
                    && on_root(t[i].head - 1)
                    && matches!(t[i].deprel.split(':').next(), Some("acl" | "conj"))))
    })?;
    let mut out = s.clone();
    let old_head = t[pred].head;
    let passive = t
        .iter()
        .any(|x| x.head == pred + 1 && x.deprel == "aux:pass");
    let subj = if passive { "nsubj:pass" } else { "nsubj" };
    for (i, x) in out.tokens.iter_mut().enumerate() {
        if i == pred {
            x.head = 0;
            x.deprel = "root".into();
        } else if i == root {
            x.head = pred + 1;
            x.deprel = "obl".into();
        } else if x.head == root + 1 && i > comma {
            x.head = pred + 1;
            // The noun before the verb, read as the date's object or
            // apposition, is the verb's subject.
            if i < pred && matches!(x.deprel.as_str(), "obj" | "appos" | "nmod" | "dep") {
                x.deprel = subj.into();
            }
        } else if x.head == root + 1 && x.deprel == "punct" {
            x.head = pred + 1;
        }
    }
    // The word the verb hung on, now its subject.
    if old_head != root + 1 && old_head > 0 {
        let n = &mut out.tokens[old_head - 1];
        if old_head - 1 < pred {
            n.head = pred + 1;
            n.deprel = subj.into();
        }
    }
    Some(out)
}

/// The repaired sentence, when the tagger read the first of two
/// coordinated verbs as the last noun of its subject: "a Taliban sniper
/// shot and killed 1 soldier" parsed as the noun "sniper shot", root,
/// with "killed" its conjunct. The root becomes the verb, the compound
/// noun before it the subject's head; `None` when the parse needs no
/// repair.
fn verb_read_as_noun(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let root = t.iter().position(|x| x.head == 0)?;
    if t[root].upos != "NOUN" {
        return None;
    }
    // A verb coordinated after it, no copula or subject of its own, and
    // a noun compounded right before it.
    let conj_verb =
        children(t, root).any(|k| k > root && t[k].upos == "VERB" && t[k].deprel == "conj");
    let own_clause =
        children(t, root).any(|k| t[k].deprel == "cop" || t[k].deprel.starts_with("nsubj"));
    let subj = root.checked_sub(1)?;
    if !conj_verb
        || own_clause
        || t[subj].head != root + 1
        || t[subj].deprel != "compound"
        || t[subj].upos != "NOUN"
    {
        return None;
    }
    let mut out = s.clone();
    for k in children(t, root).collect::<Vec<_>>() {
        if k < subj {
            out.tokens[k].head = subj + 1;
        }
    }
    out.tokens[subj].deprel = "nsubj".into();
    out.tokens[root].upos = "VERB".into();
    Some(out)
}

/// The repaired sentence, when a perfect's "has" was read as the main
/// verb and its participle as a clause it governs: "Chile has once again
/// outright rejected the offer" parsed with "has" the root, "rejected"
/// its object and the adverb "outright" the participle's subject — so
/// no rule finds who rejected. The participle takes the place of "has",
/// "has" becomes its auxiliary, whatever hung on "has" (the subject
/// first) hangs on the participle, and the words read as the
/// participle's subject between the two are its adverbs. Only when
/// nothing but modifiers stands between them; `None` when nothing needs
/// repair.
fn auxiliary_read_as_verb(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let mut out: Option<Sentence> = None;
    for (h, x) in t.iter().enumerate() {
        if x.upos != "VERB" || !crate::sentence::lower_is_any(&x.text, &["has", "have", "had"]) {
            continue;
        }
        if !children(t, h).any(|k| k < h && t[k].deprel == "nsubj") {
            continue;
        }
        let Some(p) = children(t, h).find(|&k| {
            k > h
                && t[k].upos == "VERB"
                && matches!(t[k].xpos.as_str(), "VBN" | "VBD")
                && matches!(t[k].deprel.as_str(), "obj" | "ccomp" | "xcomp")
        }) else {
            continue;
        };
        let modifiers_between = (h + 1..p).all(|k| {
            matches!(t[k].upos.as_str(), "ADV" | "ADJ" | "PART")
                && (t[k].head == p + 1 || (t[k].head > h + 1 && t[k].head <= p + 1))
        });
        // The participle's own subject, if a noun, makes it a clause.
        let own_subject = children(t, p).any(|k| {
            t[k].deprel.starts_with("nsubj") && !matches!(t[k].upos.as_str(), "ADV" | "ADJ")
        });
        if !modifiers_between || own_subject {
            continue;
        }
        let o = out.get_or_insert_with(|| s.clone());
        for k in children(t, h).filter(|&k| k != p) {
            o.tokens[k].head = p + 1;
        }
        for k in children(t, p).filter(|&k| k < p && t[k].deprel.starts_with("nsubj")) {
            o.tokens[k].deprel = "advmod".into();
        }
        o.tokens[p].head = x.head;
        o.tokens[p].deprel = x.deprel.clone();
        o.tokens[h].head = p + 1;
        o.tokens[h].deprel = "aux".into();
    }
    out
}

/// The repaired sentence, when a subject was hung on an auxiliary: "Peru
/// has once again flatly rejected the proposal" parsed with "Peru" the
/// subject of "has", which heads nothing in a treebank. The subject is
/// the verb's, unless the verb has a subject of its own; `None` when
/// nothing needs repair.
fn subject_on_auxiliary(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let mut out: Option<Sentence> = None;
    for (a, x) in t.iter().enumerate() {
        if !x.deprel.starts_with("aux") || x.head == 0 {
            continue;
        }
        let verb = x.head - 1;
        let has_own = children(t, verb).any(|k| t[k].deprel.starts_with("nsubj"));
        if has_own {
            continue;
        }
        for k in children(t, a).filter(|&k| t[k].deprel.starts_with("nsubj")) {
            out.get_or_insert_with(|| s.clone()).tokens[k].head = verb + 1;
        }
    }
    out
}

/// The repaired sentence, when a preposition that looks like a verb
/// ("following", "after", "during", "amid") was read as a clause of its
/// own — an `xcomp`, `advcl` or `acl` with the act as its object:
/// "1 soldier was killed following an attack by …". The object becomes
/// an oblique (or, under a noun, a modifier) of the word the preposition
/// hung on and the preposition its `case`, as treebanks annotate it;
/// whatever else hung on the preposition moves to that word. A clause
/// with a subject, an auxiliary or a marker of its own ("after they
/// attacked …") is a clause and is left alone; `None` when nothing needs
/// repair.
fn link_read_as_verb(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let mut out: Option<Sentence> = None;
    for (i, x) in t.iter().enumerate() {
        let rel = x.deprel.split(':').next().unwrap_or_default();
        if x.head == 0
            || !matches!(rel, "xcomp" | "advcl" | "acl")
            || !crate::args::is_temporal_link(&crate::sentence::lower(&x.text))
        {
            continue;
        }
        let own_clause = children(t, i).any(|k| {
            let d = t[k].deprel.as_str();
            d.starts_with("nsubj") || d.starts_with("aux") || d == "mark" || d == "cop"
        });
        let Some(obj) = children(t, i).find(|&k| k > i && t[k].deprel == "obj") else {
            continue;
        };
        if own_clause {
            continue;
        }
        let head = x.head;
        let under_noun = matches!(t[head - 1].upos.as_str(), "NOUN" | "PROPN" | "PRON" | "NUM");
        let o = out.get_or_insert_with(|| s.clone());
        for k in children(t, i).filter(|&k| k != obj) {
            o.tokens[k].head = head;
        }
        o.tokens[obj].head = head;
        o.tokens[obj].deprel = if under_noun { "nmod" } else { "obl" }.into();
        o.tokens[i].head = obj + 1;
        o.tokens[i].deprel = "case".into();
    }
    out
}

/// The repaired sentence, when "today", "yesterday", "tonight" or
/// "tomorrow" was read as the head of the noun before it: "reiterated
/// its demand today" parsed with "demand" a compound of "today". A
/// deictic time word modifies a clause and heads no noun phrase, so the
/// noun takes its place (an object under a verb) and the time word
/// becomes a temporal modifier of the same head; `None` when nothing
/// needs repair.
fn day_read_as_head(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let mut out: Option<Sentence> = None;
    for (d, x) in t.iter().enumerate() {
        if !crate::sentence::lower_is_any(&x.text, &["today", "yesterday", "tonight", "tomorrow"]) {
            continue;
        }
        let Some(n) = d
            .checked_sub(1)
            .filter(|&n| t[n].head == d + 1 && t[n].deprel == "compound")
            .filter(|&n| matches!(t[n].upos.as_str(), "NOUN" | "PROPN"))
        else {
            continue;
        };
        let head = x.head;
        let verb_head = head > 0 && t[head - 1].upos == "VERB";
        let o = out.get_or_insert_with(|| s.clone());
        for k in children(t, d).filter(|&k| k != n) {
            o.tokens[k].head = n + 1;
        }
        o.tokens[n].head = head;
        o.tokens[n].deprel = if verb_head && (x.deprel.starts_with("obl") || x.deprel == "obj") {
            "obj".into()
        } else {
            x.deprel.clone()
        };
        if head == 0 {
            o.tokens[d].head = n + 1;
            o.tokens[d].deprel = "nmod:tmod".into();
        } else {
            o.tokens[d].deprel = if verb_head { "obl:tmod" } else { "nmod:tmod" }.into();
        }
    }
    out
}

/// The repaired sentence, when the number that opens a noun phrase after
/// a comma was hung on something before the comma: "On 5 March 2020, 1
/// soldier was killed" parsed with "1" as part of the date. A number
/// directly before its noun (adjectives between) counts that noun, so it
/// becomes the noun's `nummod`; `None` when nothing needs repair.
fn count_across_comma(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let mut out: Option<Sentence> = None;
    for i in 1..t.len() {
        let x = &t[i];
        if x.upos != "NUM" || t[i - 1].text != "," || x.head == 0 || x.head > i {
            continue;
        }
        let mut n = i + 1;
        while n < t.len() && t[n].upos == "ADJ" {
            n += 1;
        }
        if n >= t.len() || t[n].upos != "NOUN" || t[n].head == i + 1 {
            continue;
        }
        let o = out.get_or_insert_with(|| s.clone());
        o.tokens[i].head = n + 1;
        o.tokens[i].deprel = "nummod".into();
    }
    out
}

/// The repaired sentence, when a past participle before a number was
/// read as an adjective of the counted noun: "shot and injured 1
/// civilian" parsed as the noun phrase "injured 1 civilian". English puts
/// no adjective before a numeral, so the participle is a verb and the
/// noun phrase its object; it takes the noun phrase's place in the tree
/// (with the words before it, such as "and"); `None` when nothing needs
/// repair.
fn participle_before_count(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let mut out: Option<Sentence> = None;
    for i in 0..t.len().saturating_sub(1) {
        let x = &t[i];
        let h = x.head;
        // The participle test (a lower-cased string) last, for the few
        // adjectives before a number.
        if x.upos != "ADJ"
            || x.deprel != "amod"
            || t[i + 1].upos != "NUM"
            || h <= i + 2
            || t[h - 1].head == i + 1
            || !(x.xpos == "VBN" || crate::sentence::lower(&x.text).ends_with("ed"))
        {
            continue;
        }
        let o = out.get_or_insert_with(|| s.clone());
        for (k, y) in t.iter().enumerate().take(i) {
            if y.head == h {
                o.tokens[k].head = i + 1;
            }
        }
        o.tokens[i].upos = "VERB".into();
        o.tokens[i].head = t[h - 1].head;
        o.tokens[i].deprel = t[h - 1].deprel.clone();
        o.tokens[h - 1].head = i + 1;
        o.tokens[h - 1].deprel = "obj".into();
    }
    out
}

/// The repaired sentence, when a prepositional phrase was read as a count
/// of the noun after it: "On July 7, U.S. Central Command conducted …"
/// parsed with "7" (and its "On") as a number modifying "Command". A
/// number with a preposition of its own is an oblique of the clause, so
/// it moves to the verb the noun depends on; `None` when nothing needs
/// repair.
fn phrase_read_as_count(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let mut out: Option<Sentence> = None;
    for (i, x) in t.iter().enumerate() {
        if x.deprel != "nummod" || x.head == 0 {
            continue;
        }
        let has_case = t
            .iter()
            .enumerate()
            .any(|(k, c)| k < i && c.head == i + 1 && c.deprel == "case");
        let noun = x.head - 1;
        let verb = t[noun].head;
        if !has_case || verb == 0 || t[verb - 1].upos != "VERB" {
            continue;
        }
        let o = out.get_or_insert_with(|| s.clone());
        o.tokens[i].head = verb;
        o.tokens[i].deprel = "obl".into();
    }
    out
}

/// The repaired sentence, when it has no verb at all and the word right
/// after its subject is a verb of violence in the trigger lexicon read as
/// an adjective: "Unknown gunmen burnt down a police station" parsed as the
/// noun phrase "gunmen burnt" with the station an oblique. A sentence
/// needs a verb, and a past form of "burn", "loot", "storm" after a noun
/// is that verb: it becomes the root, the noun its subject, a phrase
/// opened by a particle ("down", "up", "off", "out") its object and
/// whatever hung on the noun after it the verb's; `None` when nothing
/// needs repair.
fn verb_read_as_adjective(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    // The subject noun, then the adjective that is the verb; no verb
    // before them.
    let verb = (1..t.len()).find(|&i| {
        t[i].upos == "ADJ" && t[i].head == i && matches!(t[i - 1].upos.as_str(), "NOUN" | "PROPN")
    })?;
    // Lower-cased only for a sentence with the shape (most have none).
    let lower: Vec<String> = t.iter().map(|x| crate::sentence::lower(&x.text)).collect();
    let root = verb - 1;
    if t[..verb]
        .iter()
        .any(|x| matches!(x.upos.as_str(), "VERB" | "AUX"))
    {
        return None;
    }
    // The noun heads the sentence, or is the subject of a reporting verb
    // after it ("…, the police said"), which then reports the act.
    let reporter = match t[root].head {
        0 => None,
        h if t[root].deprel.starts_with("nsubj")
            && h - 1 > verb
            && matches!(
                lower[h - 1].as_str(),
                "said" | "says" | "told" | "reported" | "added" | "stated"
            ) =>
        {
            Some(h - 1)
        }
        _ => return None,
    };
    if t.iter()
        .enumerate()
        .any(|(k, x)| Some(k) != reporter && k > verb && matches!(x.upos.as_str(), "VERB" | "AUX"))
    {
        return None;
    }
    let past = lower[verb].ends_with("ed") || lower[verb].ends_with('t');
    let act = crate::lexicon::LEXICON.any_at(&lower, verb, |tr| {
        tr.plover == sitrep_core::PloverType::Assault && tr.pos == crate::lexicon::TriggerPos::Verb
    });
    // An object must follow, or a particle before one: "Protesters
    // killed in Lagos" (a preposition follows) stays a headline's passive.
    let object_follows = t.get(verb + 1).is_some_and(|n| {
        matches!(n.upos.as_str(), "DET" | "NUM" | "NOUN" | "PROPN")
            || matches!(lower[verb + 1].as_str(), "down" | "up" | "off" | "out")
    });
    if !past || !act || !object_follows {
        return None;
    }
    let mut out = s.clone();
    let o = &mut out.tokens;
    o[verb].upos = "VERB".into();
    o[verb].xpos = "VBD".into();
    o[verb].head = 0;
    o[verb].deprel = "root".into();
    o[root].head = verb + 1;
    o[root].deprel = "nsubj".into();
    for k in 0..t.len() {
        if k != verb && t[k].head == root + 1 && k > verb {
            o[k].head = verb + 1;
        }
    }
    if let Some(r) = reporter {
        for k in 0..t.len() {
            if k != root && t[k].head == r + 1 && k < r && t[k].deprel != "nsubj" {
                o[k].head = verb + 1;
            }
        }
        o[r].head = verb + 1;
        o[r].deprel = "parataxis".into();
    }
    // "burnt down a police station": the particle's phrase is the object.
    if let Some(p) = t.get(verb + 1).filter(|p| {
        matches!(lower[verb + 1].as_str(), "down" | "up" | "off" | "out") && p.head > verb + 1
    }) {
        let object = p.head - 1;
        o[object].head = verb + 1;
        o[object].deprel = "obj".into();
        o[verb + 1].head = verb + 1;
        o[verb + 1].deprel = "compound:prt".into();
    }
    Some(out)
}

/// The repaired sentence, when a headline's passive was read as an active
/// past: "Protesters killed in Lagos" parsed with the protesters killing.
/// Verbs that cannot go without their object in the active ("kill",
/// "wound", "abduct", "arrest") with a subject, no object and a
/// preposition right after them are passives that dropped "were": the
/// subject is the one the act befell; `None` when nothing needs repair.
fn headline_passive(s: &Sentence) -> Option<Sentence> {
    const BEFALLS: &[&str] = &[
        "killed",
        "murdered",
        "massacred",
        "assassinated",
        "beheaded",
        "executed",
        "wounded",
        "injured",
        "abducted",
        "kidnapped",
        "arrested",
        "detained",
    ];
    let t = &s.tokens;
    let lower = |i: usize| crate::sentence::lower(&t[i].text);
    let verb = (1..t.len().saturating_sub(1)).find(|&i| {
        t[i].upos == "VERB"
            && t[i].xpos == "VBD"
            && BEFALLS.contains(&lower(i).as_str())
            && t[i + 1].upos == "ADP"
            && !children(t, i).any(|c| {
                matches!(
                    t[c].deprel.as_str(),
                    "obj" | "aux" | "aux:pass" | "ccomp" | "xcomp"
                )
            })
    })?;
    let subject = children(t, verb).find(|&c| t[c].deprel == "nsubj" && c < verb)?;
    let mut out = s.clone();
    out.tokens[subject].deprel = "nsubj:pass".into();
    out.tokens[verb].xpos = "VBN".into();
    Some(out)
}

/// The repaired sentence, when a gerund that names an act and opens its
/// clause was read as the clause's verb: "shelling by Afghan forces hit a
/// house" parsed with "shelling" the verb, the forces the subject of
/// "hit" and "hit" a clausal complement. A gerund followed by a by-phrase
/// and then a finite verb is a noun, the act's agent its `nmod` and the
/// act the subject of that verb, which takes the gerund's place in the
/// tree and whatever else hung on it; `None` when nothing needs repair.
fn gerund_read_as_verb(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let gerund = (0..t.len()).find(|&i| {
        t[i].xpos == "VBG"
            && (i == 0 || t[i - 1].upos == "PUNCT")
            && t.get(i + 1)
                .is_some_and(|b| crate::sentence::lower(&b.text) == "by")
    })?;
    // The agent's noun phrase, then the finite verb right after it.
    let after = gerund + 2;
    let agent_end = (after..t.len())
        .take_while(|&k| matches!(t[k].upos.as_str(), "DET" | "ADJ" | "NUM" | "NOUN" | "PROPN"))
        .last()?;
    let verb = agent_end + 1;
    let finite = t
        .get(verb)
        .is_some_and(|x| x.upos == "VERB" && matches!(x.xpos.as_str(), "VBD" | "VBP" | "VBZ"));
    if !finite || !matches!(t[agent_end].upos.as_str(), "NOUN" | "PROPN") {
        return None;
    }
    let mut out = s.clone();
    let o = &mut out.tokens;
    o[verb].head = t[gerund].head;
    o[verb].deprel = t[gerund].deprel.clone();
    o[gerund].head = verb + 1;
    o[gerund].deprel = "nsubj".into();
    o[gerund].upos = "NOUN".into();
    o[gerund].xpos = "NN".into();
    o[agent_end].head = gerund + 1;
    o[agent_end].deprel = "nmod".into();
    o[gerund + 1].head = agent_end + 1;
    o[gerund + 1].deprel = "case".into();
    for k in after..agent_end {
        if t[k].head == verb + 1 || t[k].head == gerund + 1 {
            o[k].head = agent_end + 1;
        }
    }
    // What hung on the gerund (the opening date, the clause's other
    // parts) belongs to the verb now.
    for k in children(t, gerund) {
        if k != verb && !(gerund + 1..=agent_end).contains(&k) {
            o[k].head = verb + 1;
        }
    }
    Some(out)
}

/// The repaired sentence, when a number and the participle after it were
/// read as a clause of their own: "arrested 27 suspected members of the
/// group" parsed as "27 [who] suspected members", the number the
/// participle's subject and the noun its object. A bare numeral with no
/// noun of its own does not do anything to a noun right after it with no
/// determiner between them: the participle is an adjective of that noun,
/// the number its count, and the noun takes the participle's place in the
/// tree (what else hung on the participle goes to the participle's head);
/// `None` when nothing needs repair.
fn count_read_as_subject(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let num = (0..t.len().saturating_sub(2)).find(|&i| {
        let p = i + 1;
        t[i].upos == "NUM"
            && t[i].deprel.starts_with("nsubj")
            && t[i].head == p + 1
            && t[p].upos == "VERB"
            && matches!(t[p].xpos.as_str(), "VBN" | "VBD")
            && t[p].head != 0
    })?;
    let part = num + 1;
    // The noun: the participle's object, after adjectives and compounds only.
    let noun = (part + 1..t.len())
        .take_while(|&k| matches!(t[k].upos.as_str(), "ADJ" | "NOUN" | "PROPN"))
        .find(|&k| t[k].head == part + 1 && t[k].deprel == "obj")?;
    let mut out = s.clone();
    let o = &mut out.tokens;
    o[noun].head = t[part].head;
    o[noun].deprel = t[part].deprel.clone();
    o[num].head = noun + 1;
    o[num].deprel = "nummod".into();
    o[part].head = noun + 1;
    o[part].deprel = "amod".into();
    o[part].upos = "ADJ".into();
    o[part].xpos = "JJ".into();
    for k in 0..t.len() {
        if t[k].head == part + 1 && ![num, noun].contains(&k) {
            o[k].head = t[part].head;
        }
    }
    Some(out)
}

/// The repaired sentence, when "shot dead" was read as a noun ("Police
/// shot dead six protesters" parsed as the compound "police shot" with
/// "dead" an adjective of the protesters). "Shot dead" is only ever a
/// verb and its result: "shot" becomes the root, the noun before it the
/// subject, "dead" its `xcomp` and the first noun after it the object;
/// what hung on the old root moves to the verb (phrases with a
/// preposition as its obliques, a reporting verb as `parataxis`); `None`
/// when nothing needs repair.
fn shot_dead_read_as_noun(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let is = |i: usize, w: &str| crate::sentence::lower_is_any(&t[i].text, &[w]);
    // A participle the parse hung on the noun before it as a reduced
    // relative ("gunmen on motorcycles [who were] shot dead") is misread
    // too when a noun phrase follows "dead": a passive takes no object.
    let misread = |i: usize| t[i].upos != "VERB" || t[i].deprel == "acl";
    let shot = (1..t.len().saturating_sub(1))
        .find(|&i| is(i, "shot") && is(i + 1, "dead") && misread(i))?;
    if !matches!(t[shot - 1].upos.as_str(), "NOUN" | "PROPN") {
        return None;
    }
    // The subject is the whole noun phrase the word before "shot" ends:
    // "gunmen on motorcycles" has the gunmen as its head.
    let mut subj = shot - 1;
    while matches!(t[subj].deprel.as_str(), "nmod" | "compound" | "amod")
        && (1..=shot).contains(&t[subj].head)
        && matches!(t[t[subj].head - 1].upos.as_str(), "NOUN" | "PROPN")
    {
        subj = t[subj].head - 1;
    }
    // (A participle the parse made a modifier is one: "two suspected
    // robbers".)
    let modifier =
        |k: usize| matches!(t[k].upos.as_str(), "DET" | "NUM" | "ADJ") || t[k].deprel == "amod";
    let phrase: Vec<usize> = (shot + 2..t.len())
        .take_while(|&k| modifier(k) || matches!(t[k].upos.as_str(), "NOUN" | "PROPN"))
        .collect();
    // A nationality is a noun when the phrase ends in it ("a 17-year-old
    // Palestinian"), whatever tag it got.
    let demonym_head = phrase
        .last()
        .copied()
        .filter(|&k| t[k].upos == "ADJ" && t[k].text.starts_with(|c: char| c.is_uppercase()));
    let object = phrase
        .iter()
        .copied()
        .find(|&k| {
            matches!(t[k].upos.as_str(), "NOUN" | "PROPN")
                && !t
                    .get(k + 1)
                    .is_some_and(|n| matches!(n.upos.as_str(), "NOUN" | "PROPN"))
        })
        .or(demonym_head)?;
    let old_root = t.iter().position(|x| x.head == 0)?;
    // The clause may be what a reporting verb governs ("… shot dead a
    // teenager, the ministry said", "dead" its `ccomp`): "shot" then takes
    // the place of the clause's top word under that verb, and only what
    // hung on that word moves to it.
    // Of the words outside the rest's reach, the one the reporting verb
    // governs as a clause wins over its misread subject.
    let set = [subj, shot, shot + 1, object];
    let tops: Vec<usize> = set
        .into_iter()
        .filter(|&k| t[k].head == 0 || !set.contains(&(t[k].head - 1)))
        .collect();
    let top = tops
        .iter()
        .copied()
        .find(|&k| matches!(t[k].deprel.as_str(), "ccomp" | "parataxis" | "root"))
        .or_else(|| tops.first().copied())?;
    let governed = (t[top].head != 0 && t[t[top].head - 1].upos == "VERB").then_some(top);
    let (old_root, head, rel) = match governed {
        Some(top) => (top, t[top].head, t[top].deprel.clone()),
        None => (old_root, 0, "root".to_string()),
    };
    let mut out = s.clone();
    let o = &mut out.tokens;
    o[shot].upos = "VERB".into();
    o[shot].xpos = "VBD".into();
    o[shot].head = head;
    o[shot].deprel = rel;
    for (k, rel) in [(subj, "nsubj"), (shot + 1, "xcomp"), (object, "obj")] {
        o[k].head = shot + 1;
        o[k].deprel = rel.into();
    }
    for k in 0..t.len() {
        if [shot, subj, shot + 1, object].contains(&k) {
            continue;
        }
        let from_old_root = t[k].head == old_root + 1 && old_root != shot;
        let from_shot = t[k].head == shot + 1;
        let from_object = t[k].head == object + 1 && t[k].deprel.starts_with("nmod");
        if from_old_root || from_shot || from_object {
            o[k].head = shot + 1;
            o[k].deprel = match t[k].deprel.as_str() {
                d if d.starts_with("nmod") => "obl".into(),
                d if d.starts_with("acl") && t[k].upos == "VERB" => "parataxis".into(),
                d => d.into(),
            };
        }
    }
    // The object's own modifiers and compounds before it stay on it.
    for (k, tok) in o.iter_mut().enumerate().take(object).skip(shot + 2) {
        if modifier(k) || t[k].head == object + 1 {
            tok.head = object + 1;
            tok.deprel = t[k].deprel.clone();
        }
    }
    Some(out)
}

/// The repaired sentence, when the second of two joined participles was
/// read as a relative clause on the first one's object: "killing a woman
/// and injuring her son" parsed as "a woman [who was] injuring". A
/// relative clause opens with no "and"; a participle that does, after an
/// object of a participle of its own form, is that participle's conjunct;
/// `None` when nothing needs repair.
fn conjunct_read_as_relative(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let k = (0..t.len()).find(|&k| {
        let x = &t[k];
        if x.upos != "VERB" || x.deprel != "acl" || x.head == 0 {
            return false;
        }
        let noun = x.head - 1;
        let joined = children(t, k).any(|c| c < k && t[c].deprel == "cc");
        joined
            && noun < k
            && t[noun].deprel == "obj"
            && t[noun].head != 0
            && t[t[noun].head - 1].upos == "VERB"
            && t[t[noun].head - 1].xpos == x.xpos
    })?;
    let mut out = s.clone();
    out.tokens[k].head = t[t[k].head - 1].head;
    out.tokens[k].deprel = "conj".into();
    Some(out)
}

/// The repaired sentence, when a sentence's subject and verb were read as
/// a noun with a reduced relative ("Police used tear gas against students"
/// parsed as "police [who were] used", the gas a conjunct of the verb). A
/// participle in a reduced relative is passive and takes no direct object;
/// one followed at once by a noun phrase it governs is a transitive verb
/// in the past: it becomes the root, the noun its subject and that noun
/// phrase its object. "Protesters killed in Lagos" (a preposition follows)
/// stays a headline's passive; `None` when nothing needs repair.
fn transitive_read_as_relative(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let root = t.iter().position(|x| x.head == 0)?;
    if !matches!(t[root].upos.as_str(), "NOUN" | "PROPN") {
        return None;
    }
    let verb = root + 1;
    let x = t.get(verb)?;
    if x.head != root + 1 || x.deprel != "acl" || x.upos != "VERB" {
        return None;
    }
    // The noun phrase right after the verb: its head hangs on the verb
    // without a preposition.
    let next = t.get(verb + 1)?;
    if !matches!(next.upos.as_str(), "DET" | "NUM" | "ADJ" | "NOUN" | "PROPN") {
        return None;
    }
    let object = (verb + 1..t.len())
        .take_while(|&k| matches!(t[k].upos.as_str(), "DET" | "NUM" | "ADJ" | "NOUN" | "PROPN"))
        .find(|&k| {
            t[k].head == verb + 1
                && (matches!(t[k].deprel.as_str(), "conj" | "obj" | "nsubj" | "compound")
                    // "used water cannon": an oblique with no preposition
                    // of its own is the object the parse could not place.
                    || (t[k].deprel.starts_with("obl")
                        && !children(t, k).any(|c| t[c].deprel == "case")))
                && matches!(t[k].upos.as_str(), "NOUN" | "PROPN")
        })?;
    let mut out = s.clone();
    out.tokens[verb].head = 0;
    out.tokens[verb].deprel = "root".into();
    out.tokens[root].head = verb + 1;
    out.tokens[root].deprel = "nsubj".into();
    out.tokens[object].deprel = "obj".into();
    // What hung on the noun after the verb belongs to the clause.
    for k in children(t, root).filter(|&k| k > verb).collect::<Vec<_>>() {
        out.tokens[k].head = verb + 1;
    }
    Some(out)
}

/// The repaired sentence, when the clause a reporting verb governs was
/// read as its object (or a second subject) with a reduced relative:
/// "Police said gang members set fire to a station" parsed as "said [the]
/// members [who were] set fire". A participle in a reduced relative is passive and takes no
/// direct object, so one that has one is the verb of a clause: it becomes
/// the reporting verb's `ccomp` and the noun its subject; `None` when
/// nothing needs repair.
fn complement_read_as_object(s: &Sentence) -> Option<Sentence> {
    const REPORTING: &[&str] = &[
        "said",
        "says",
        "say",
        "reported",
        "announced",
        "stated",
        "claimed",
        "added",
        "confirmed",
    ];
    let t = &s.tokens;
    let mut out: Option<Sentence> = None;
    for (n, x) in t.iter().enumerate() {
        if x.head == 0 {
            continue;
        }
        let say = x.head - 1;
        if t[say].upos != "VERB"
            || !REPORTING.contains(&crate::sentence::lower(&t[say].text).as_str())
        {
            continue;
        }
        // Its object, or the first of two subjects ("Security forces used
        // live ammunition …, a doctors' committee said": a clause has one
        // subject, and the reporter is the one beside the verb).
        let second_subject = || children(t, say).any(|k| k > n && t[k].deprel == "nsubj");
        if !(x.deprel == "obj" || (x.deprel == "nsubj" && second_subject())) {
            continue;
        }
        let Some(verb) = children(t, n).find(|&k| {
            k > n
                && t[k].deprel == "acl"
                && t[k].upos == "VERB"
                && matches!(t[k].xpos.as_str(), "VBD" | "VBN")
                && children(t, k).any(|o| t[o].deprel == "obj")
        }) else {
            continue;
        };
        let o = out.get_or_insert_with(|| s.clone());
        o.tokens[verb].head = say + 1;
        o.tokens[verb].deprel = "ccomp".into();
        o.tokens[n].head = verb + 1;
        o.tokens[n].deprel = "nsubj".into();
        // "…, killing 12 people and wounding 40, officials said": a
        // participle after a comma inside the reported clause is that
        // clause's, not the reporting verb's.
        let reported_end = children(t, say)
            .find(|&k| k > verb && t[k].deprel == "nsubj")
            .unwrap_or(say);
        for k in children(t, say).filter(|&k| k > verb && k < reported_end) {
            if t[k].xpos == "VBG" && k > 0 && t[k - 1].text == "," {
                o.tokens[k].head = verb + 1;
                o.tokens[k].deprel = "advcl".into();
            }
        }
    }
    out
}

/// The repaired sentence, when a reduced relative clause was read as a
/// clause of its own and the verb after it left without a subject: "A
/// rocket fired from Lebanon hit a house" parsed with the rocket firing
/// and "hit" subjectless. A participle with a subject but no object or
/// auxiliary, whose words run right up to a verb with no subject of its
/// own, describes that subject: it becomes the noun's `acl`, and the noun
/// the next verb's subject; `None` when nothing needs repair.
fn reduced_relative(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let n = t.len();
    let subject = |i: usize| children(t, i).find(|&k| t[k].deprel.starts_with("nsubj"));
    // Each token's subtree span, [lo, hi), keeping of its own children
    // those before `until`, and nothing of `until`'s subtree.
    let span_until = |i: usize, until: usize| {
        let (mut lo, mut hi) = (i, i);
        let mut stack = vec![i];
        let mut seen = 0;
        while let Some(x) = stack.pop() {
            seen += 1;
            if seen > n {
                break;
            }
            lo = lo.min(x);
            hi = hi.max(x);
            stack.extend(children(t, x).filter(|&k| k != until && (x != i || k < until)));
        }
        (lo, hi + 1)
    };
    let span = |i: usize| span_until(i, n);
    for v1 in 0..n {
        let x = &t[v1];
        let participle =
            x.xpos == "VBN" || (x.xpos == "VBD" && crate::sentence::lower(&x.text).ends_with("ed"));
        if x.upos != "VERB" || !participle {
            continue;
        }
        let Some(subj) = subject(v1).filter(|&k| k < v1) else {
            continue;
        };
        if children(t, v1).any(|k| {
            let d = t[k].deprel.as_str();
            d == "obj" || d.starts_with("aux") || d == "mark" || d == "cc"
        }) {
            continue;
        }
        // The next verb may hang inside the participle's words with no
        // word joining them, no comma between: as its conjunct
        // ("Insurgents linked to Islamic State beheaded four villagers"),
        // or as a reduced relative with an object — which a passive
        // participle cannot take — on its last noun ("Militiamen allied
        // with the army killed five herders").
        let joined = (v1 + 1..n).find(|&k| {
            t[k].upos == "VERB"
                && t[k - 1].upos != "PUNCT"
                && ((t[k].deprel == "conj" && t[k].head == v1 + 1)
                    // or as its adverbial clause, a finite verb with an
                    // object ("A rocket fired from Gaza hit a house")
                    || (t[k].deprel == "advcl"
                        && t[k].head == v1 + 1
                        && t[k].xpos == "VBD"
                        && children(t, k).any(|c| t[c].deprel == "obj"))
                    || (t[k].deprel == "acl"
                        && matches!(t[k].xpos.as_str(), "VBD" | "VBN")
                        && t[k].head != v1 + 1
                        && descends_from(t, k, v1)
                        && children(t, k).any(|c| t[c].deprel == "obj")))
                && span_until(v1, k).1 == k
                // A word that opens a clause makes the noun after it that
                // clause's subject ("resigned as the opposition
                // threatened"), whatever the parse made of the word.
                && !(v1 + 1..k).any(|j| opens_clause(&t[j]))
        });
        let v2 = joined.unwrap_or_else(|| span(v1).1);
        if v2 >= n
            || t[v2].upos != "VERB"
            || subject(v2).is_some()
            || children(t, v2).any(|k| {
                k < v2 && matches!(t[k].deprel.as_str(), "mark" | "cc" | "aux" | "aux:pass")
            })
        {
            continue;
        }
        // Siblings under one head, or the second inside the first.
        let siblings = t[v2].head == x.head;
        let under = t[v2].head == v1 + 1 || joined.is_some();
        if !siblings && !under {
            continue;
        }
        let mut o = s.clone();
        if under {
            o.tokens[v2].head = x.head;
            o.tokens[v2].deprel = x.deprel.clone();
        }
        o.tokens[v1].head = subj + 1;
        o.tokens[v1].deprel = "acl".into();
        o.tokens[subj].head = v2 + 1;
        o.tokens[subj].deprel = "nsubj".into();
        for (k, y) in t.iter().enumerate().take(subj) {
            if y.head == v1 + 1 {
                o.tokens[k].head = v2 + 1;
            }
        }
        return Some(o);
    }
    None
}

/// The repaired sentence, when a participle right after a verb's object
/// was hung on the verb: "police fired rubber bullets to disperse workers
/// demanding unpaid wages" parsed with the police demanding. With no comma
/// between, a participle after a noun describes that noun (", killing
/// two" is the clause's own); only where the noun names people, who can
/// do what the participle says. `None` when nothing needs repair.
fn participle_read_as_adverbial(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    for p in 1..t.len() {
        let noun = p - 1;
        if t[p].upos != "VERB"
            || t[p].xpos != "VBG"
            || t[p].deprel != "advcl"
            || t[p].head == 0
            || !matches!(t[noun].upos.as_str(), "NOUN" | "PROPN")
            || t[noun].head != t[p].head
            || t[noun].deprel != "obj"
        {
            continue;
        }
        let words: Vec<String> = (0..noun)
            .rev()
            .take_while(|&k| t[k].head == noun + 1 && t[k].deprel == "compound")
            .chain(std::iter::once(noun))
            .map(|k| crate::sentence::lower(&t[k].text))
            .collect();
        if crate::roles::sectors(&words.join(" ")).is_empty() {
            continue;
        }
        let mut o = s.clone();
        o.tokens[p].head = noun + 1;
        o.tokens[p].deprel = "acl".into();
        return Some(o);
    }
    None
}

/// The repaired sentence, when a preposition that never opens a clause
/// was read as one, its object made the next verb's subject: "a landmine
/// planted on a road near Hombori struck a minibus" parsed with "near"
/// marking "Hombori struck a minibus". The name is the preposition's
/// object, on the word before it; the verb is left without a subject for
/// the repairs after this one to find; `None` when nothing needs repair.
fn preposition_read_as_mark(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    for m in 1..t.len() {
        if t[m].deprel != "mark"
            || !matches!(
                crate::sentence::lower(&t[m].text).as_str(),
                "near"
                    | "in"
                    | "at"
                    | "on"
                    | "into"
                    | "onto"
                    | "from"
                    | "of"
                    | "outside"
                    | "inside"
                    | "across"
                    | "along"
                    | "towards"
                    | "toward"
                    | "against"
                    | "beside"
                    | "behind"
                    | "around"
            )
            || t[m].head == 0
        {
            continue;
        }
        let verb = t[m].head - 1;
        let Some(subj) = children(t, verb).find(|&k| k > m && k < verb && t[k].deprel == "nsubj")
        else {
            continue;
        };
        // Only a noun phrase between: "on how the UN is acting" is a
        // preposition taking a clause, and the clause has its subject.
        if !(m + 1..subj)
            .all(|j| matches!(t[j].upos.as_str(), "DET" | "ADJ" | "NOUN" | "PROPN" | "NUM"))
        {
            continue;
        }
        let before = m - 1;
        let deprel = match t[before].upos.as_str() {
            "NOUN" | "PROPN" => "nmod",
            "VERB" => "obl",
            _ => continue,
        };
        let mut o = s.clone();
        o.tokens[subj].head = before + 1;
        o.tokens[subj].deprel = deprel.into();
        o.tokens[m].head = subj + 1;
        o.tokens[m].deprel = "case".into();
        return Some(o);
    }
    None
}

/// The repaired sentence, when the parse read a reduced relative clause
/// right but hung the sentence's own verb inside it: "A grenade thrown
/// into a bar in Bujumbura wounded seven people" parsed with "grenade" as
/// root and "wounded" an adverbial clause of "thrown" ("forces loyal to
/// the government exchanged fire", the same with an adjective). A finite verb (or a
/// participle with an object, which no passive takes) inside the
/// participle's words, with no subject, auxiliary or word opening a
/// clause of its own, is the noun's predicate: it takes the noun's place in
/// the sentence and the noun becomes its subject; `None` when nothing
/// needs repair.
fn verb_inside_relative(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let n = t.len();
    for noun in 0..n {
        // The noun stands for the clause: as its root, as a reported
        // clause, or as the first of two subjects of a reporting verb ("A
        // landmine planted near Hombori struck a bus, officials said").
        let second_subject = || {
            t[noun].deprel == "nsubj"
                && t[noun].head != 0
                && children(t, t[noun].head - 1).any(|k| k > noun && t[k].deprel == "nsubj")
        };
        if !matches!(t[noun].upos.as_str(), "NOUN" | "PROPN")
            || !(matches!(t[noun].deprel.as_str(), "root" | "ccomp") || second_subject())
        {
            continue;
        }
        // A participle after its noun, or an adjective (an adjective after
        // its noun heads a phrase of its own: "militias loyal to the
        // government").
        let Some(v1) = children(t, noun).find(|&k| {
            k > noun
                && ((t[k].deprel == "acl" && t[k].xpos == "VBN")
                    || (t[k].deprel == "amod" && t[k].upos == "ADJ"))
        }) else {
            continue;
        };
        let breaks_off = |j: usize| {
            t[j].upos == "PUNCT"
                || t[j].upos == "SCONJ"
                || t[j].xpos.starts_with('W')
                || opens_clause(&t[j])
        };
        let Some(v2) = (v1 + 1..n).find(|&k| {
            t[k].upos == "VERB"
                && descends_from(t, k, v1)
                && (t[k].xpos == "VBD"
                    || (t[k].xpos == "VBN" && children(t, k).any(|c| t[c].deprel == "obj")))
                && matches!(t[k].deprel.as_str(), "advcl" | "conj" | "acl" | "parataxis")
        }) else {
            continue;
        };
        if (v1 + 1..v2).any(breaks_off)
            || children(t, v2).any(|c| {
                c < v2
                    && (t[c].deprel.starts_with("nsubj")
                        || matches!(t[c].deprel.as_str(), "mark" | "cc" | "aux" | "aux:pass"))
            })
        {
            continue;
        }
        let mut o = s.clone();
        o.tokens[v2].head = t[noun].head;
        o.tokens[v2].deprel = match t[noun].deprel.as_str() {
            "nsubj" => "ccomp".into(),
            d => d.into(),
        };
        o.tokens[noun].head = v2 + 1;
        o.tokens[noun].deprel = "nsubj".into();
        // What hung on the noun after the verb (the full stop, a reporting
        // clause) belongs to the verb's clause.
        for k in children(t, noun).filter(|&k| k > v2) {
            o.tokens[k].head = v2 + 1;
        }
        return Some(o);
    }
    None
}

/// The repaired sentence, when a verb was given two subjects because the
/// clause it reports was read as a noun phrase: "Gunmen abducted 20
/// passengers …, residents said" parsed with "Gunmen" (and its participle
/// "abducted") a second subject of "said" and "passengers" its
/// complement. The participle heads the reported clause: it becomes the
/// verb's `ccomp`, the first subject its subject and the complement its
/// object. Where the reported clause's verb was found but left without a
/// subject, the first subject is its subject; `None` when nothing needs
/// repair.
fn clause_read_as_subject(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    for (verb, subjects) in two_subjects(t).into_iter().enumerate() {
        let [Some(first), Some(second)] = subjects else {
            continue;
        };
        // The reported clause's verb was found, but not its subject: "A
        // grenade thrown into a bar wounded seven people, police said"
        // with "grenade" a second subject of "said". A verb takes one
        // subject; the clause's verb lacks one.
        if let Some(clause) = children(t, verb).find(|&k| {
            k > first
                && k < second
                && t[k].deprel == "ccomp"
                && t[k].upos == "VERB"
                // finite: a participle ("…, killing six") takes no subject
                && (matches!(t[k].xpos.as_str(), "VBD" | "VBZ" | "VBP")
                    || children(t, k).any(|c| t[c].deprel.starts_with("aux")))
                && !children(t, k).any(|c| t[c].deprel.starts_with("nsubj") || t[c].deprel == "mark")
        }) {
            let mut o = s.clone();
            o.tokens[first].head = clause + 1;
            o.tokens[first].deprel = "nsubj".into();
            // Its object may have been read as another complement
            // ("The Palestinians reject proposed changes, … said").
            if !children(t, clause).any(|c| t[c].deprel == "obj") {
                if let Some(object) = children(t, verb).find(|&k| {
                    k > clause
                        && k < second
                        && t[k].deprel == "ccomp"
                        && matches!(t[k].upos.as_str(), "NOUN" | "PROPN" | "PRON")
                }) {
                    o.tokens[object].head = clause + 1;
                    o.tokens[object].deprel = "obj".into();
                }
            }
            return Some(o);
        }
        let Some(part) =
            children(t, first).find(|&k| k > first && t[k].deprel == "acl" && t[k].upos == "VERB")
        else {
            continue;
        };
        if children(t, part).any(|k| t[k].deprel == "obj") {
            continue;
        }
        let Some(object) = children(t, verb).find(|&k| {
            k > part
                && k < second
                && matches!(t[k].deprel.as_str(), "ccomp" | "obj")
                && matches!(t[k].upos.as_str(), "NOUN" | "PROPN" | "PRON")
        }) else {
            continue;
        };
        let mut o = s.clone();
        o.tokens[part].head = verb + 1;
        o.tokens[part].deprel = "ccomp".into();
        o.tokens[first].head = part + 1;
        o.tokens[first].deprel = "nsubj".into();
        o.tokens[object].head = part + 1;
        o.tokens[object].deprel = "obj".into();
        return Some(o);
    }
    None
}

/// The repaired sentence, when a name with a preposition of its own was
/// read as a compound of a noun after a comma: "… near Zamfara's Gusau,
/// residents said" with "Gusau" compounding "residents". A compound has no
/// preposition and does not reach across a comma; the phrase modifies the
/// nearest noun or verb before it; `None` when nothing needs repair.
fn phrase_read_as_compound(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let mut out: Option<Sentence> = None;
    for (i, x) in t.iter().enumerate() {
        if x.deprel != "compound" || x.head <= i + 1 {
            continue;
        }
        let h = x.head - 1;
        let comma_between = t[i + 1..h].iter().any(|y| y.text == ",");
        let case = (0..i).find(|&k| t[k].head == i + 1 && t[k].deprel == "case");
        let (Some(case), true) = (case, comma_between) else {
            continue;
        };
        let Some(host) = (0..case)
            .rev()
            .find(|&k| matches!(t[k].upos.as_str(), "NOUN" | "PROPN" | "VERB"))
        else {
            continue;
        };
        let o = out.get_or_insert_with(|| s.clone());
        o.tokens[i].head = host + 1;
        o.tokens[i].deprel = if t[host].upos == "VERB" {
            "obl"
        } else {
            "nmod"
        }
        .into();
        for (k, y) in t.iter().enumerate().take(h).skip(i + 1) {
            if y.head == i + 1 || (y.text == "," && y.head == h + 1) {
                o.tokens[k].head = i + 1;
            }
        }
    }
    out
}

/// The repaired sentence, when words were hung on a punctuation mark
/// ("On 1 March 2021, police used …" with "used" under the comma).
/// Punctuation heads nothing: they move to the mark's own head; `None`
/// when nothing needs repair.
fn punctuation_as_head(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let mut out: Option<Sentence> = None;
    for (i, x) in t.iter().enumerate() {
        if x.head == 0 || t[x.head - 1].upos != "PUNCT" {
            continue;
        }
        // Up through any chain of marks (a cycle ends it).
        let mut h = x.head;
        for _ in 0..t.len() {
            if h == 0 || t[h - 1].upos != "PUNCT" {
                break;
            }
            h = t[h - 1].head;
        }
        if h == i + 1 || (h > 0 && t[h - 1].upos == "PUNCT") {
            continue;
        }
        let o = out.get_or_insert_with(|| s.clone());
        o.tokens[i].head = h;
        if h == 0 {
            o.tokens[i].deprel = "root".into();
        }
    }
    // One root: a second one made by the move hangs on the first.
    if let Some(o) = out.as_mut() {
        let roots: Vec<usize> = (0..o.tokens.len())
            .filter(|&k| o.tokens[k].head == 0)
            .collect();
        if roots.len() > 1 {
            return None;
        }
    }
    out
}

/// The repaired sentence, when a verb was given two subjects because the
/// first noun of the reported clause's subject was split from it:
/// "Rapid Support Forces fighters looted …, residents said" with "Forces"
/// a subject of "said" and "fighters" of "looted". A noun right before
/// another clause's subject, with nothing between, modifies that subject
/// (a compound); `None` when nothing needs repair.
fn subject_split(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let n = t.len();
    for (verb, subjects) in two_subjects(t).into_iter().enumerate() {
        let [Some(first), Some(_)] = subjects else {
            continue;
        };
        let next = first + 1;
        if next >= n
            || !matches!(t[first].upos.as_str(), "NOUN" | "PROPN")
            || !matches!(t[next].upos.as_str(), "NOUN" | "PROPN")
            || !t[next].deprel.starts_with("nsubj")
            || t[next].head == verb + 1
        {
            continue;
        }
        let mut o = s.clone();
        o.tokens[first].head = next + 1;
        o.tokens[first].deprel = "compound".into();
        return Some(o);
    }
    None
}

/// Particles of English phrasal verbs that the parser also reads as
/// prepositions ("fended off their assault", "blew up the bridge").
const PARTICLES: &[&str] = &["off", "down", "up", "out", "over"];

/// The repaired sentence, when the particle of a phrasal verb in the
/// trigger lexicon was read as the preposition of the verb's object:
/// "troops fended off their assault" parsed as "fended [off their
/// assault]", the assault an oblique, so that no rule saw what was fended
/// off. A verb and particle the lexicon holds as one phrase ("fend off",
/// "blow up", "round up", "gun down") take a direct object; the particle
/// becomes the verb's `compound:prt` and the noun its `obj`. Not when the
/// verb has an object already, or the noun has a second preposition
/// ("pulled out of the town"); `None` when nothing needs repair.
fn particle_read_as_preposition(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    // Lower-cased at the first verb before a preposition (most sentences
    // have none).
    let mut lowered: Option<Vec<String>> = None;
    let mut out: Option<Sentence> = None;
    for verb in 0..t.len().saturating_sub(2) {
        let prt = verb + 1;
        if t[verb].upos != "VERB" || t[prt].deprel != "case" {
            continue;
        }
        let lower = lowered
            .get_or_insert_with(|| t.iter().map(|x| crate::sentence::lower(&x.text)).collect());
        if !PARTICLES.contains(&lower[prt].as_str())
            || children(t, verb).any(|k| t[k].deprel == "obj")
        {
            continue;
        }
        let phrasal = crate::lexicon::LEXICON
            .at(lower, verb)
            .iter()
            .any(|h| h.end == prt + 1);
        let Some(noun) = t[prt].head.checked_sub(1) else {
            continue;
        };
        if !phrasal
            || noun <= prt
            || t[noun].head != verb + 1
            || !t[noun].deprel.starts_with("obl")
            || !matches!(t[noun].upos.as_str(), "NOUN" | "PROPN" | "PRON")
            || children(t, noun).any(|k| k != prt && t[k].deprel == "case")
        {
            continue;
        }
        let o = out.get_or_insert_with(|| s.clone());
        o.tokens[prt].head = verb + 1;
        o.tokens[prt].deprel = "compound:prt".into();
        o.tokens[noun].deprel = "obj".into();
    }
    out
}

/// The repaired sentence, when the root is the participle closing a
/// hyphenated word before a noun and a finite verb hangs on it: "Saudi-led
/// coalition warplanes struck Houthi positions" parsed as "Saudi-led" the
/// main clause and "struck" its complement. The hyphenated word describes
/// the noun phrase after it (whose last noun it then modifies), and the
/// finite verb is the root, the noun phrase its subject; `None` when
/// nothing needs repair.
fn hyphenated_modifier_as_root(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let r = t.iter().position(|x| x.head == 0)?;
    if t[r].upos != "VERB" || !crate::sentence::after_glued_hyphen(t, r) {
        return None;
    }
    // The noun phrase after it: adjectives and nouns, up to its last noun.
    let run = (r + 1..t.len())
        .take_while(|&k| matches!(t[k].upos.as_str(), "ADJ" | "NOUN" | "PROPN"))
        .collect::<Vec<_>>();
    let noun = *run
        .iter()
        .rev()
        .find(|&&k| matches!(t[k].upos.as_str(), "NOUN" | "PROPN"))?;
    let verb = children(t, r).find(|&c| {
        c > noun && t[c].upos == "VERB" && matches!(t[c].xpos.as_str(), "VBD" | "VBZ" | "VBP")
    })?;
    let mut out = s.clone();
    let o = &mut out.tokens;
    describe(o, r, noun);
    o[verb].head = 0;
    o[verb].deprel = "root".into();
    for k in children(t, r) {
        if k != verb && k != r - 2 && k != r - 1 && !run.contains(&k) {
            o[k].head = verb + 1;
        }
    }
    // The noun phrase's head hangs on the verb as its subject.
    if t[noun].head != verb + 1 {
        o[noun].head = verb + 1;
        o[noun].deprel = "nsubj".into();
    }
    Some(out)
}

/// The repaired sentence, when the participle closing a hyphenated word
/// before a noun phrase is read as the subject of the next verb and the
/// noun phrase as its object: "Iranian-backed Houthi fighters fired a
/// missile" parsed as "backed" the subject of "fired", "fighters" its
/// object. The hyphenated word describes the noun phrase, whose head is
/// the subject; `None` when nothing needs repair.
fn hyphenated_modifier_as_subject(s: &Sentence) -> Option<Sentence> {
    let t = &s.tokens;
    let r = (0..t.len()).find(|&k| {
        t[k].upos == "VERB"
            && t[k].deprel.starts_with("nsubj")
            && crate::sentence::after_glued_hyphen(t, k)
    })?;
    let verb = t[r].head.checked_sub(1)?;
    let noun = (r + 1..verb)
        .take_while(|&k| matches!(t[k].upos.as_str(), "ADJ" | "NOUN" | "PROPN"))
        .last()?;
    if !matches!(t[noun].upos.as_str(), "NOUN" | "PROPN")
        || t[noun].head != r + 1
        || noun + 1 != verb
        || t[verb].upos != "VERB"
    {
        return None;
    }
    let mut out = s.clone();
    let o = &mut out.tokens;
    describe(o, r, noun);
    o[noun].head = verb + 1;
    o[noun].deprel = t[r].deprel.clone();
    Some(out)
}

/// Makes the participle at `r` an adjective describing the noun at `noun`
/// ("Saudi-led", "Iranian-backed"), as both hyphen repairs read it.
fn describe(o: &mut [Token], r: usize, noun: usize) {
    o[r].head = noun + 1;
    o[r].deprel = "amod".into();
    o[r].upos = "ADJ".into();
    o[r].xpos = "JJ".into();
}

/// Each token's first two `nsubj` dependents, in the sentence's order,
/// read in one pass. Why: two repairs look for a verb with two subjects,
/// and collecting each verb's subjects by a scan of the whole sentence was
/// quadratic in its length (a third of the repairs' cost).
fn two_subjects(t: &[Token]) -> Vec<[Option<usize>; 2]> {
    let mut out = vec![[None, None]; t.len()];
    for (k, x) in t.iter().enumerate() {
        if x.deprel != "nsubj" || !(1..=t.len()).contains(&x.head) {
            continue;
        }
        let slot = &mut out[x.head - 1];
        if slot[0].is_none() {
            slot[0] = Some(k);
        } else if slot[1].is_none() {
            slot[1] = Some(k);
        }
    }
    out
}

/// A word that opens a clause of its own, whatever the parse made of it:
/// the noun after it is that clause's subject ("resigned as the opposition
/// threatened").
fn opens_clause(x: &Token) -> bool {
    matches!(
        crate::sentence::lower(&x.text).as_str(),
        "as" | "while"
            | "after"
            | "before"
            | "since"
            | "because"
            | "when"
            | "until"
            | "although"
            | "though"
            | "whereas"
            | "once"
    )
}

/// Whether token `top` stands above token `k` in the tree (heads count
/// from 1); a cycle in a broken parse ends the walk after as many steps as
/// there are tokens.
fn descends_from(t: &[Token], k: usize, top: usize) -> bool {
    let (mut h, mut steps) = (t[k].head, 0);
    while h != 0 && h != top + 1 && steps < t.len() {
        h = t[h - 1].head;
        steps += 1;
    }
    h == top + 1
}

/// The positions of the tokens whose head is token `i` (heads count from 1).
fn children(t: &[Token], i: usize) -> impl Iterator<Item = usize> + '_ {
    (0..t.len()).filter(move |&k| t[k].head == i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::Token;

    fn sent(rows: &[(&str, &str, usize, &str)]) -> Sentence {
        Sentence {
            start: 0,
            end: 0,
            tokens: rows
                .iter()
                .map(|(w, u, h, d)| Token {
                    text: (*w).into(),
                    upos: (*u).into(),
                    head: *h,
                    deprel: (*d).into(),
                    ..Default::default()
                })
                .collect(),
        }
    }

    /// The one-pass subjects are each verb's first two `nsubj` children, as
    /// a scan of the sentence per verb finds them (heads out of range and
    /// the root's own relation counted for no one).
    #[test]
    fn two_subjects_as_scanned() {
        let s = sent(&[
            ("A", "NOUN", 3, "nsubj"),
            ("B", "NOUN", 3, "nsubj"),
            ("saw", "VERB", 0, "root"),
            ("C", "NOUN", 3, "nsubj"),
            ("D", "NOUN", 6, "nsubj"),
            ("went", "VERB", 3, "ccomp"),
            ("E", "NOUN", 0, "nsubj"),
            ("F", "NOUN", 9, "nsubj"),
        ]);
        let t = &s.tokens;
        let found = two_subjects(t);
        for (verb, got) in found.iter().enumerate() {
            let scanned: Vec<usize> = children(t, verb)
                .filter(|&k| t[k].deprel == "nsubj")
                .take(2)
                .collect();
            let want = [scanned.first().copied(), scanned.get(1).copied()];
            assert_eq!(*got, want, "verb {verb}");
        }
        assert_eq!(found[2], [Some(0), Some(1)]);
    }

    #[test]
    fn no_step_repairs_a_sentence_left_unanalysed() {
        // What lets `repair` skip such sentences: every step needs a tag,
        // a relation or a head. Words of shapes the steps repair.
        let text = "On 7 March , Taliban militants ambushed and killed 2 policemen \
                    - shot dead today , residents said , having fended off by police";
        let s = Sentence {
            start: 0,
            end: 0,
            tokens: text
                .split_whitespace()
                .map(|w| Token::unanalysed(w, 0, 0))
                .collect(),
        };
        let first: [fn(&Sentence) -> Option<Sentence>; 3] =
            [punctuation_as_head, opening_date, verb_read_as_noun];
        for step in first.iter().chain(STEPS.iter()) {
            assert!(step(&s).is_none());
        }
        assert!(repair(&s).is_none());
    }

    #[test]
    fn shot_dead_hung_as_a_reduced_relative_with_an_object_is_the_verb() {
        // "Unknown gunmen on motorcycles shot dead a worker, police said",
        // parsed with "shot" a relative clause on the motorcycles and the
        // worker the reporting verb's complement.
        let s = sent(&[
            ("gunmen", "NOUN", 7, "nsubj"),
            ("on", "ADP", 3, "case"),
            ("motorcycles", "NOUN", 1, "nmod"),
            ("shot", "VERB", 3, "acl"),
            ("dead", "ADJ", 6, "amod"),
            ("worker", "NOUN", 7, "ccomp"),
            ("said", "VERB", 0, "root"),
        ]);
        let o = shot_dead_read_as_noun(&s).expect("repaired");
        let head = |i: usize| (o.tokens[i].head, o.tokens[i].deprel.as_str());
        assert_eq!(head(3), (7, "ccomp"));
        assert_eq!(head(0), (4, "nsubj"));
        assert_eq!(head(5), (4, "obj"));
        assert_eq!(head(2), (1, "nmod"));
        // A passive one, with no object after "dead", stays.
        let passive = sent(&[
            ("men", "NOUN", 5, "nsubj:pass"),
            ("shot", "VERB", 1, "acl"),
            ("dead", "ADJ", 2, "xcomp"),
            ("were", "AUX", 5, "aux:pass"),
            ("buried", "VERB", 0, "root"),
        ]);
        assert!(shot_dead_read_as_noun(&passive).is_none());
    }

    #[test]
    fn a_participle_right_after_people_describes_them() {
        // "to disperse workers demanding wages", "demanding" hung on
        // "disperse".
        let mut s = sent(&[
            ("disperse", "VERB", 0, "root"),
            ("workers", "NOUN", 1, "obj"),
            ("demanding", "VERB", 1, "advcl"),
            ("wages", "NOUN", 3, "obj"),
        ]);
        s.tokens[2].xpos = "VBG".into();
        let o = participle_read_as_adverbial(&s).expect("repaired");
        assert_eq!((o.tokens[2].head, o.tokens[2].deprel.as_str()), (2, "acl"));
        // A comma between keeps the clause's own participle, and a thing
        // ("the market") does not act.
        let mut comma = s.clone();
        comma
            .tokens
            .insert(2, sent(&[(",", "PUNCT", 4, "punct")]).tokens[0].clone());
        comma.tokens[3].head = 1;
        assert!(participle_read_as_adverbial(&comma).is_none());
        let mut thing = s.clone();
        thing.tokens[1].text = "market".into();
        assert!(participle_read_as_adverbial(&thing).is_none());
    }

    #[test]
    fn a_preposition_read_as_a_clause_opener_governs_its_name() {
        // "a mine planted on a road near Hombori struck a bus": "near" read
        // as marking "Hombori struck a bus".
        let s = sent(&[
            ("mine", "NOUN", 0, "root"),
            ("planted", "VERB", 1, "acl"),
            ("road", "NOUN", 2, "obl"),
            ("near", "ADP", 6, "mark"),
            ("Hombori", "PROPN", 6, "nsubj"),
            ("struck", "VERB", 2, "advcl"),
            ("bus", "NOUN", 6, "obj"),
        ]);
        let o = preposition_read_as_mark(&s).expect("repaired");
        let head = |i: usize| (o.tokens[i].head, o.tokens[i].deprel.as_str());
        assert_eq!(head(4), (3, "nmod"));
        assert_eq!(head(3), (5, "case"));
        // "after" may open a clause: "after rebels struck the town".
        let mut after = s.clone();
        after.tokens[3].text = "after".into();
        assert!(preposition_read_as_mark(&after).is_none());
    }

    #[test]
    fn a_finite_verb_hung_inside_a_reduced_relative_is_the_predicate() {
        // "A grenade thrown into a bar in Gitega wounded seven people .",
        // "wounded" read as an adverbial clause of "thrown".
        let mut s = sent(&[
            ("A", "DET", 2, "det"),
            ("grenade", "NOUN", 0, "root"),
            ("thrown", "VERB", 2, "acl"),
            ("into", "ADP", 6, "case"),
            ("a", "DET", 6, "det"),
            ("bar", "NOUN", 3, "obl"),
            ("wounded", "VERB", 3, "advcl"),
            ("seven", "NUM", 9, "nummod"),
            ("people", "NOUN", 7, "obj"),
            (".", "PUNCT", 2, "punct"),
        ]);
        s.tokens[2].xpos = "VBN".into();
        s.tokens[6].xpos = "VBD".into();
        let o = verb_inside_relative(&s).expect("repaired");
        let head = |i: usize| (o.tokens[i].head, o.tokens[i].deprel.as_str());
        assert_eq!(head(6), (0, "root"));
        assert_eq!(head(1), (7, "nsubj"));
        assert_eq!(head(2), (2, "acl"));
        assert_eq!(head(9), (7, "punct"));
        // A verb in a clause of its own inside the relative stays: "a
        // grenade thrown into a bar where soldiers drank".
        let mut own = sent(&[
            ("grenade", "NOUN", 0, "root"),
            ("thrown", "VERB", 1, "acl"),
            ("into", "ADP", 4, "case"),
            ("bar", "NOUN", 2, "obl"),
            ("where", "ADV", 7, "advmod"),
            ("soldiers", "NOUN", 7, "nsubj"),
            ("drank", "VERB", 4, "acl:relcl"),
        ]);
        own.tokens[1].xpos = "VBN".into();
        own.tokens[4].xpos = "WRB".into();
        own.tokens[6].xpos = "VBD".into();
        assert!(verb_inside_relative(&own).is_none());
    }

    #[test]
    fn a_participle_opened_by_and_on_an_object_is_a_conjunct() {
        // "killing a woman and injuring her son", "injuring" read as a
        // relative clause on the woman.
        let s = sent(&[
            ("killing", "VERB", 0, "root"),
            ("a", "DET", 3, "det"),
            ("woman", "NOUN", 1, "obj"),
            ("and", "CCONJ", 5, "cc"),
            ("injuring", "VERB", 3, "acl"),
            ("her", "PRON", 7, "nmod:poss"),
            ("son", "NOUN", 5, "obj"),
        ]);
        let o = conjunct_read_as_relative(&s).expect("repaired");
        assert_eq!((o.tokens[4].head, o.tokens[4].deprel.as_str()), (1, "conj"));
        // Without the "and" it is a relative clause: "a woman carrying a
        // child".
        let mut plain = s.clone();
        plain.tokens[3].deprel = "punct".into();
        assert!(conjunct_read_as_relative(&plain).is_none());
    }

    #[test]
    fn a_count_and_a_participle_before_a_noun_are_its_modifiers() {
        // "Police detained 12 suspected militants in Mombasa", parsed with
        // "12" the subject of "suspected" and the militants its object.
        let mut s = sent(&[
            ("Police", "NOUN", 2, "nsubj"),
            ("detained", "VERB", 0, "root"),
            ("12", "NUM", 4, "nsubj"),
            ("suspected", "VERB", 2, "ccomp"),
            ("militants", "NOUN", 4, "obj"),
            ("in", "ADP", 7, "case"),
            ("Mombasa", "PROPN", 4, "obl"),
        ]);
        s.tokens[3].xpos = "VBN".into();
        let r = count_read_as_subject(&s).map(|r| r.tokens);
        let Some(t) = r else { panic!("not repaired") };
        assert_eq!((t[4].head, t[4].deprel.as_str()), (2, "ccomp"));
        assert_eq!((t[2].head, t[2].deprel.as_str()), (5, "nummod"));
        assert_eq!((t[3].head, t[3].deprel.as_str()), (5, "amod"));
        assert_eq!(t[6].head, 2);
        // "said 12 attacked the base": a determiner opens a noun phrase of
        // its own; the number may be a subject there.
        let s = sent(&[
            ("said", "VERB", 0, "root"),
            ("12", "NUM", 3, "nsubj"),
            ("attacked", "VERB", 1, "ccomp"),
            ("the", "DET", 5, "det"),
            ("base", "NOUN", 3, "obj"),
        ]);
        let mut s = s;
        s.tokens[2].xpos = "VBD".into();
        assert!(count_read_as_subject(&s).is_none());
    }

    #[test]
    fn a_phrasal_verb_s_particle_is_no_preposition() {
        // "Police fended off their assault on the station in Kumba":
        // "off" read as the assault's preposition, the assault an oblique.
        let s = sent(&[
            ("Police", "NOUN", 2, "nsubj"),
            ("fended", "VERB", 0, "root"),
            ("off", "ADP", 5, "case"),
            ("their", "PRON", 5, "nmod:poss"),
            ("assault", "NOUN", 2, "obl"),
            ("on", "ADP", 8, "case"),
            ("the", "DET", 8, "det"),
            ("station", "NOUN", 5, "nmod"),
        ]);
        let r = particle_read_as_preposition(&s).expect("repaired");
        let t = &r.tokens;
        assert_eq!((t[2].head, t[2].deprel.as_str()), (2, "compound:prt"));
        assert_eq!((t[4].head, t[4].deprel.as_str()), (2, "obj"));
        assert_eq!((t[7].head, t[7].deprel.as_str()), (5, "nmod"));
        // A verb the lexicon holds with no such particle keeps its
        // preposition ("marched off the field" is not a phrase of ours),
        // and so does a noun with a preposition of its own ("pulled out
        // of the town").
        let s = sent(&[
            ("They", "PRON", 2, "nsubj"),
            ("marched", "VERB", 0, "root"),
            ("off", "ADP", 5, "case"),
            ("the", "DET", 5, "det"),
            ("field", "NOUN", 2, "obl"),
        ]);
        assert!(particle_read_as_preposition(&s).is_none());
        let s = sent(&[
            ("Troops", "NOUN", 2, "nsubj"),
            ("pulled", "VERB", 0, "root"),
            ("out", "ADP", 6, "case"),
            ("of", "ADP", 6, "case"),
            ("the", "DET", 6, "det"),
            ("town", "NOUN", 2, "obl"),
        ]);
        assert!(particle_read_as_preposition(&s).is_none());
    }

    #[test]
    fn the_verb_after_the_date_becomes_the_root() {
        let s = sent(&[
            ("On", "ADP", 2, "case"),
            ("2", "NUM", 0, "root"),
            ("May", "PROPN", 2, "nmod"),
            (",", "PUNCT", 2, "punct"),
            ("rebels", "NOUN", 2, "obj"),
            ("raided", "VERB", 5, "acl"),
            ("and", "CCONJ", 8, "cc"),
            ("burned", "VERB", 2, "conj"),
            ("a", "DET", 10, "det"),
            ("village", "NOUN", 8, "obj"),
        ]);
        let r = opening_date(&s).expect("repaired");
        let t = &r.tokens;
        assert_eq!((t[5].head, t[5].deprel.as_str()), (0, "root"));
        assert_eq!((t[4].head, t[4].deprel.as_str()), (6, "nsubj"));
        assert_eq!((t[1].head, t[1].deprel.as_str()), (6, "obl"));
        assert_eq!((t[7].head, t[7].deprel.as_str()), (6, "conj"));
    }

    #[test]
    fn a_verb_read_as_the_subject_s_last_noun_is_the_root() {
        let s = sent(&[
            ("a", "DET", 4, "det"),
            ("Shabaab", "PROPN", 4, "compound"),
            ("gunman", "NOUN", 4, "compound"),
            ("shot", "NOUN", 0, "root"),
            ("and", "CCONJ", 6, "cc"),
            ("wounded", "VERB", 4, "conj"),
            ("2", "NUM", 8, "nummod"),
            ("guards", "NOUN", 6, "obj"),
        ]);
        let r = verb_read_as_noun(&s).expect("repaired");
        let t = &r.tokens;
        assert_eq!((t[3].upos.as_str(), t[3].head), ("VERB", 0));
        assert_eq!((t[2].head, t[2].deprel.as_str()), (4, "nsubj"));
        assert_eq!(t[1].head, 3);
        assert_eq!(t[0].head, 3);
        assert!(verb_read_as_noun(&r).is_none());
    }

    #[test]
    fn a_perfect_read_as_have_and_a_clause_is_one_verb() {
        let mut s = sent(&[
            ("Chile", "PROPN", 2, "nsubj"),
            ("has", "VERB", 0, "root"),
            ("once", "ADV", 6, "advmod"),
            ("again", "ADV", 5, "advmod"),
            ("outright", "ADJ", 6, "nsubj"),
            ("rejected", "VERB", 2, "obj"),
            ("the", "DET", 8, "det"),
            ("offer", "NOUN", 6, "obj"),
            (".", "PUNCT", 2, "punct"),
        ]);
        s.tokens[5].xpos = "VBD".into();
        let r = auxiliary_read_as_verb(&s).expect("repaired");
        let t = &r.tokens;
        assert_eq!((t[5].head, t[5].deprel.as_str()), (0, "root"));
        assert_eq!((t[1].head, t[1].deprel.as_str()), (6, "aux"));
        assert_eq!((t[0].head, t[0].deprel.as_str()), (6, "nsubj"));
        assert_eq!((t[4].head, t[4].deprel.as_str()), (6, "advmod"));
        assert_eq!(t[8].head, 6);
        assert!(auxiliary_read_as_verb(&r).is_none());
    }

    #[test]
    fn a_subject_hung_on_an_auxiliary_is_the_verb_s() {
        let s = sent(&[
            ("Peru", "PROPN", 2, "nsubj"),
            ("has", "AUX", 4, "aux"),
            ("flatly", "ADV", 4, "advmod"),
            ("rejected", "VERB", 0, "root"),
            ("it", "PRON", 4, "obj"),
        ]);
        let r = subject_on_auxiliary(&s).expect("repaired");
        assert_eq!(
            (r.tokens[0].head, r.tokens[0].deprel.as_str()),
            (4, "nsubj")
        );
        assert!(subject_on_auxiliary(&r).is_none());
    }

    #[test]
    fn have_with_a_clause_of_its_own_is_left_alone() {
        // "They had the guards searched": a subject of its own (a noun).
        let mut s = sent(&[
            ("They", "PRON", 2, "nsubj"),
            ("had", "VERB", 0, "root"),
            ("the", "DET", 4, "det"),
            ("guards", "NOUN", 5, "nsubj"),
            ("searched", "VERB", 2, "ccomp"),
        ]);
        s.tokens[4].xpos = "VBN".into();
        assert!(auxiliary_read_as_verb(&s).is_none());
    }

    #[test]
    fn a_verb_rooted_parse_is_left_alone() {
        let s = sent(&[
            ("On", "ADP", 2, "case"),
            ("Monday", "PROPN", 5, "obl"),
            (",", "PUNCT", 5, "punct"),
            ("police", "NOUN", 5, "nsubj"),
            ("arrested", "VERB", 0, "root"),
        ]);
        assert!(opening_date(&s).is_none());
    }
    #[test]
    fn a_preposition_read_as_a_verb_becomes_the_case_of_its_object() {
        let s = sent(&[
            ("2", "NUM", 2, "nsubj:pass"),
            ("guards", "NOUN", 4, "nsubj:pass"),
            ("were", "AUX", 4, "aux:pass"),
            ("hurt", "VERB", 0, "root"),
            ("following", "VERB", 4, "xcomp"),
            ("a", "DET", 7, "det"),
            ("raid", "NOUN", 5, "obj"),
            ("by", "ADP", 9, "case"),
            ("bandits", "NOUN", 7, "nmod"),
            ("in", "ADP", 11, "case"),
            ("Zamfara", "PROPN", 5, "obl"),
        ]);
        let r = link_read_as_verb(&s).expect("repaired");
        let t = &r.tokens;
        assert_eq!((t[6].head, t[6].deprel.as_str()), (4, "obl"));
        assert_eq!((t[4].head, t[4].deprel.as_str()), (7, "case"));
        assert_eq!(t[10].head, 4);
        assert!(link_read_as_verb(&r).is_none());
    }

    #[test]
    fn a_clause_after_after_is_left_alone() {
        let s = sent(&[
            ("police", "NOUN", 2, "nsubj"),
            ("left", "VERB", 0, "root"),
            ("after", "SCONJ", 5, "mark"),
            ("they", "PRON", 5, "nsubj"),
            ("searched", "VERB", 2, "advcl"),
            ("the", "DET", 7, "det"),
            ("house", "NOUN", 5, "obj"),
        ]);
        assert!(link_read_as_verb(&s).is_none());
    }
    #[test]
    fn a_noun_read_as_a_compound_of_today_takes_its_place() {
        let s = sent(&[
            ("Chad", "PROPN", 2, "nsubj"),
            ("renewed", "VERB", 0, "root"),
            ("its", "PRON", 5, "nmod:poss"),
            ("appeal", "NOUN", 5, "compound"),
            ("today", "NOUN", 2, "obl:unmarked"),
            ("for", "ADP", 7, "case"),
            ("aid", "NOUN", 5, "nmod"),
        ]);
        let r = day_read_as_head(&s).expect("repaired");
        let t = &r.tokens;
        assert_eq!((t[3].head, t[3].deprel.as_str()), (2, "obj"));
        assert_eq!((t[4].head, t[4].deprel.as_str()), (2, "obl:tmod"));
        assert_eq!(t[2].head, 4);
        assert_eq!(t[6].head, 4);
        assert!(day_read_as_head(&r).is_none());
    }
    #[test]
    fn a_count_after_the_opening_date_counts_its_noun() {
        let s = sent(&[
            ("On", "ADP", 2, "case"),
            ("3", "NUM", 9, "obl"),
            ("May", "PROPN", 2, "nmod:unmarked"),
            ("2021", "NUM", 2, "nmod:unmarked"),
            (",", "PUNCT", 5, "punct"),
            ("4", "NUM", 4, "nmod:unmarked"),
            ("local", "ADJ", 7, "amod"),
            ("guards", "NOUN", 9, "nsubj:pass"),
            ("died", "VERB", 0, "root"),
        ]);
        let r = count_across_comma(&s).expect("repaired");
        assert_eq!(
            (r.tokens[5].head, r.tokens[5].deprel.as_str()),
            (8, "nummod")
        );
        assert!(count_across_comma(&r).is_none());
    }
    #[test]
    fn a_participle_before_a_count_is_a_verb_with_its_object() {
        let s = sent(&[
            ("troops", "NOUN", 2, "nsubj"),
            ("shot", "VERB", 0, "root"),
            ("and", "CCONJ", 6, "cc"),
            ("wounded", "ADJ", 6, "amod"),
            ("3", "NUM", 6, "nummod"),
            ("farmers", "NOUN", 2, "conj"),
        ]);
        let r = participle_before_count(&s).expect("repaired");
        let t = &r.tokens;
        assert_eq!(
            (t[3].upos.as_str(), t[3].head, t[3].deprel.as_str()),
            ("VERB", 2, "conj")
        );
        assert_eq!((t[5].head, t[5].deprel.as_str()), (4, "obj"));
        assert_eq!(t[2].head, 4);
        assert_eq!(t[4].head, 6);
        assert!(participle_before_count(&r).is_none());
    }
    #[test]
    fn a_number_with_its_own_preposition_is_an_oblique() {
        let s = sent(&[
            ("On", "ADP", 3, "case"),
            ("May", "PROPN", 3, "nmod:unmarked"),
            ("2", "NUM", 5, "nummod"),
            (",", "PUNCT", 3, "punct"),
            ("NATO", "PROPN", 6, "nsubj"),
            ("struck", "VERB", 0, "root"),
        ]);
        let r = phrase_read_as_count(&s).expect("repaired");
        assert_eq!((r.tokens[2].head, r.tokens[2].deprel.as_str()), (6, "obl"));
        assert!(phrase_read_as_count(&r).is_none());
    }
    #[test]
    fn a_reduced_relative_read_as_a_clause_describes_the_next_verb_s_subject() {
        let mut s = sent(&[
            ("A", "DET", 2, "det"),
            ("shell", "NOUN", 3, "nsubj"),
            ("launched", "VERB", 9, "ccomp"),
            ("from", "ADP", 5, "case"),
            ("Gaza", "PROPN", 3, "obl"),
            ("struck", "VERB", 9, "ccomp"),
            ("a", "DET", 8, "det"),
            ("school", "NOUN", 6, "obj"),
            ("said", "VERB", 0, "root"),
        ]);
        s.tokens[2].xpos = "VBN".into();
        let r = reduced_relative(&s).expect("repaired");
        let t = &r.tokens;
        assert_eq!((t[2].head, t[2].deprel.as_str()), (2, "acl"));
        assert_eq!((t[1].head, t[1].deprel.as_str()), (6, "nsubj"));
        assert!(reduced_relative(&r).is_none());
    }

    #[test]
    fn a_verb_hung_as_the_participle_s_adverbial_clause_takes_its_subject() {
        // "A rocket fired from Sidon hit a house", "hit" read as an
        // adverbial clause of "fired".
        let mut s = sent(&[
            ("rocket", "NOUN", 2, "nsubj"),
            ("fired", "VERB", 0, "root"),
            ("from", "ADP", 4, "case"),
            ("Sidon", "PROPN", 2, "obl"),
            ("hit", "VERB", 2, "advcl"),
            ("house", "NOUN", 5, "obj"),
        ]);
        s.tokens[1].xpos = "VBN".into();
        s.tokens[4].xpos = "VBD".into();
        let r = reduced_relative(&s).expect("repaired");
        let t = &r.tokens;
        assert_eq!((t[4].head, t[4].deprel.as_str()), (0, "root"));
        assert_eq!((t[0].head, t[0].deprel.as_str()), (5, "nsubj"));
        assert_eq!((t[1].head, t[1].deprel.as_str()), (1, "acl"));
        // Without an object, "hit" may be the participle's own clause.
        let mut bare = s.clone();
        bare.tokens[5].head = 2;
        bare.tokens[5].deprel = "obl".into();
        assert!(reduced_relative(&bare).is_none());
    }
    #[test]
    fn a_reported_clause_read_as_a_second_subject_is_the_verb_s_complement() {
        let s = sent(&[
            ("Bandits", "NOUN", 8, "nsubj"),
            ("seized", "VERB", 1, "acl"),
            ("12", "NUM", 4, "nummod"),
            ("herders", "NOUN", 8, "ccomp"),
            ("near", "ADP", 6, "case"),
            ("Katsina", "PROPN", 7, "compound"),
            ("police", "NOUN", 8, "nsubj"),
            ("said", "VERB", 0, "root"),
        ]);
        let r = clause_read_as_subject(&s).expect("repaired");
        let t = &r.tokens;
        assert_eq!((t[1].head, t[1].deprel.as_str()), (8, "ccomp"));
        assert_eq!((t[0].head, t[0].deprel.as_str()), (2, "nsubj"));
        assert_eq!((t[3].head, t[3].deprel.as_str()), (2, "obj"));
        assert!(clause_read_as_subject(&r).is_none());
    }

    #[test]
    fn a_reported_verb_left_without_its_subject_takes_the_first_of_two() {
        // "A mine laid on the road hit a bus, officials said", "mine" a
        // second subject of "said" and "hit" its subjectless complement.
        let mut s = sent(&[
            ("mine", "NOUN", 8, "nsubj"),
            ("laid", "VERB", 1, "acl"),
            ("road", "NOUN", 2, "obl"),
            ("hit", "VERB", 8, "ccomp"),
            ("bus", "NOUN", 4, "obj"),
            (",", "PUNCT", 7, "punct"),
            ("officials", "NOUN", 8, "nsubj"),
            ("said", "VERB", 0, "root"),
        ]);
        s.tokens[3].xpos = "VBP".into();
        let mut gerund = s.clone();
        gerund.tokens[3].xpos = "VBG".into();
        assert!(clause_read_as_subject(&gerund).is_none());
        s.tokens[3].xpos = "VBD".into();
        let r = clause_read_as_subject(&s).expect("repaired");
        let t = &r.tokens;
        assert_eq!((t[0].head, t[0].deprel.as_str()), (4, "nsubj"));
        assert_eq!((t[3].head, t[3].deprel.as_str()), (8, "ccomp"));
        assert!(clause_read_as_subject(&r).is_none());
        // A complement with a subject of its own leaves the two alone.
        let mut own = s.clone();
        own.tokens[2].head = 4;
        own.tokens[2].deprel = "nsubj".into();
        assert!(clause_read_as_subject(&own).is_none());
    }

    #[test]
    fn a_name_with_its_preposition_does_not_compound_across_a_comma() {
        let s = sent(&[
            ("the", "DET", 2, "det"),
            ("road", "NOUN", 0, "root"),
            ("near", "ADP", 4, "case"),
            ("Jos", "PROPN", 6, "compound"),
            (",", "PUNCT", 6, "punct"),
            ("witnesses", "NOUN", 2, "appos"),
        ]);
        let r = phrase_read_as_compound(&s).expect("repaired");
        assert_eq!((r.tokens[3].head, r.tokens[3].deprel.as_str()), (2, "nmod"));
        assert!(phrase_read_as_compound(&r).is_none());
    }
    #[test]
    fn words_hung_on_a_comma_move_to_its_head() {
        let s = sent(&[
            ("On", "ADP", 2, "case"),
            ("Monday", "PROPN", 0, "root"),
            (",", "PUNCT", 2, "punct"),
            ("troops", "NOUN", 5, "nsubj"),
            ("raided", "VERB", 3, "acl:relcl"),
        ]);
        let r = punctuation_as_head(&s).expect("repaired");
        assert_eq!(r.tokens[4].head, 2);
        assert!(punctuation_as_head(&r).is_none());
        let r = repair(&s).expect("repaired");
        assert_eq!((r.tokens[4].head, r.tokens[4].deprel.as_str()), (0, "root"));
    }
    #[test]
    fn a_hyphenated_modifier_read_as_the_root_describes_the_subject() {
        let mut s = sent(&[
            ("Saudi", "ADJ", 3, "compound"),
            ("-", "PUNCT", 1, "punct"),
            ("led", "VERB", 0, "root"),
            ("coalition", "NOUN", 5, "compound"),
            ("warplanes", "NOUN", 6, "nsubj"),
            ("struck", "VERB", 3, "ccomp"),
            ("Houthi", "PROPN", 8, "compound"),
            ("positions", "NOUN", 6, "obj"),
            (".", "PUNCT", 3, "punct"),
        ]);
        s.tokens[5].xpos = "VBD".into();
        let r = hyphenated_modifier_as_root(&s).expect("repaired");
        let arc = |i: usize| (r.tokens[i].head, r.tokens[i].deprel.as_str());
        assert_eq!(arc(2), (5, "amod"));
        assert_eq!(arc(5), (0, "root"));
        assert_eq!(arc(4), (6, "nsubj"));
        assert_eq!(arc(8), (6, "punct"));
        assert!(hyphenated_modifier_as_root(&r).is_none());
    }

    #[test]
    fn a_hyphenated_modifier_read_as_the_subject_describes_it() {
        let s = sent(&[
            ("Iranian", "ADJ", 3, "compound"),
            ("-", "PUNCT", 1, "punct"),
            ("backed", "VERB", 6, "nsubj"),
            ("Houthi", "PROPN", 5, "compound"),
            ("fighters", "NOUN", 3, "obj"),
            ("fired", "VERB", 0, "root"),
            ("a", "DET", 8, "det"),
            ("missile", "NOUN", 6, "obj"),
        ]);
        let r = hyphenated_modifier_as_subject(&s).expect("repaired");
        let arc = |i: usize| (r.tokens[i].head, r.tokens[i].deprel.as_str());
        assert_eq!(arc(2), (5, "amod"));
        assert_eq!(arc(4), (6, "nsubj"));
        assert_eq!(arc(7), (6, "obj"));
        assert!(hyphenated_modifier_as_subject(&r).is_none());
    }

    #[test]
    fn a_subject_split_from_the_next_clause_s_subject_compounds_it() {
        let s = sent(&[
            ("Wagner", "PROPN", 5, "nsubj"),
            ("mercenaries", "NOUN", 3, "nsubj"),
            ("burned", "VERB", 5, "ccomp"),
            ("villagers", "NOUN", 5, "nsubj"),
            ("said", "VERB", 0, "root"),
        ]);
        let r = subject_split(&s).expect("repaired");
        assert_eq!(
            (r.tokens[0].head, r.tokens[0].deprel.as_str()),
            (2, "compound")
        );
        assert!(subject_split(&r).is_none());
    }
}
