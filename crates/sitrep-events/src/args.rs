//! Arguments of an event mention read off the dependency parse: who acts
//! (subject, or the by-phrase of a passive), who is acted upon (object, or
//! an against/on/targeting phrase), and where (locative phrases).
//!
//! Without a parse (a model missing), the same roles are read linearly from
//! the clause: the nearest phrase before the trigger, the phrase after it.
//! Each argument records the path that found it, for `--explain`.

use crate::lexicon::LEXICON;
use crate::sentence::{is_punct, SentView};

/// One argument: the tokens of its phrase and how it was found.
#[derive(Debug, Clone)]
pub struct Arg {
    /// Head token of the phrase.
    pub head: usize,
    /// Token range `[from, to)` of the phrase.
    pub from: usize,
    pub to: usize,
    /// How the argument was found: "nsubj(launched)", "nmod:against(strike)".
    pub path: String,
}

#[derive(Debug, Clone, Default)]
pub struct Args {
    pub actors: Vec<Arg>,
    pub recipients: Vec<Arg>,
    /// Candidate place phrases, each possibly several through coordination.
    pub places: Vec<Arg>,
    /// The verb that carries a nominal trigger ("launched" for "strike").
    pub support: Option<usize>,
}

/// Verbs that make a nominal trigger an event: "launched a strike",
/// "carried out an attack", "held talks", "came under fire".
pub const SUPPORT_VERBS: &[&str] = &[
    "launch",
    "launched",
    "launches",
    "launching",
    "carry",
    "carried",
    "carries",
    "carrying",
    "conduct",
    "conducted",
    "conducts",
    "conducting",
    "stage",
    "staged",
    "stages",
    "staging",
    "mount",
    "mounted",
    "mounts",
    "continue",
    "continued",
    "continues",
    "resume",
    "resumed",
    "resumes",
    "hold",
    "held",
    "holds",
    "holding",
    "suffer",
    "suffered",
    "perpetrated",
    "executed",
    "unleashed",
    "began",
    "begin",
    "begins",
    "started",
    "start",
    "opened",
    "waged",
    "wage",
    "claimed",
    "sign",
    "signed",
    "signs",
    "reach",
    "reached",
    "agreed",
    "announced",
    "organized",
    "organised",
    "led",
    "joined",
    // Verbs that only carry a nominal trigger: "imposed sanctions",
    // "lodged a protest", "issued a demand", "declared a ceasefire".
    "impose",
    "imposed",
    "imposes",
    "imposing",
    "slapped",
    "lodge",
    "lodged",
    "lodges",
    "issue",
    "issued",
    "issues",
    "issuing",
    "made",
    "make",
    "makes",
    "filed",
    "declare",
    "declared",
    "declares",
    "reiterated",
    "renewed",
    "tightened",
    "extended",
];

/// Nouns that measure out events: "a series of raids", "10 days of war
/// games", "a fresh round of talks".
const MEASURES: &[&str] = &[
    "series", "wave", "waves", "spate", "round", "rounds", "string", "barrage", "volley", "day",
    "days", "week", "weeks", "hours",
];

pub const RECIPIENT_CASES: &[&str] = &[
    "against",
    "on",
    "targeting",
    "at",
    "upon",
    "toward",
    "towards",
    "with",
];
pub const PLACE_CASES: &[&str] = &[
    "in",
    "at",
    "near",
    "off",
    "outside",
    "inside",
    "across",
    "around",
    "into",
    "on",
    "from",
    "throughout",
    "of",
    "within",
];

const PRONOUN_SUBJECTS: &[&str] = &["he", "she", "it", "they", "we", "i", "who", "which", "that"];

pub fn find(v: &SentView, trig: usize, trig_end: usize, nominal: bool, time: &[bool]) -> Args {
    find_with(v, trig, trig_end, nominal, time, false)
}

/// [`find`], where `any_verb_supports` lets any verb taking the nominal
/// trigger as its object carry it ("gave … aid", "completed their
/// withdrawal") — right for non-violent nouns, wrong for violent ones,
/// which a verb mostly mentions ("condemned the attack").
pub fn find_with(
    v: &SentView,
    trig: usize,
    trig_end: usize,
    nominal: bool,
    time: &[bool],
    any_verb_supports: bool,
) -> Args {
    let mut a = if v.parsed {
        let mut a = parsed(v, trig, trig_end, nominal, any_verb_supports);
        if a.actors.is_empty() && !nominal && !is_passive(v, trig) {
            // Parsers lose subjects in long, translated sentences; the
            // phrase just before the verb is the next best reading — unless
            // the parse made it the one the act befell ("Protesters killed
            // in Lagos").
            let befell: Vec<usize> = a.recipients.iter().map(|r| r.head).collect();
            a.actors = linear(v, trig, trig_end, nominal)
                .actors
                .into_iter()
                .filter(|x| !befell.contains(&x.head))
                .collect();
        }
        if let Some(s) = a.support.filter(|_| a.actors.is_empty() && nominal) {
            // …the same for the verb that carries a noun ("Syrian officers
            // today ended mediation efforts").
            a.actors = linear(v, s, s + 1, false).actors;
        }
        if a.recipients.is_empty() && !nominal {
            // …and objects of verbs they took for modifiers ("Israeli army
            // bulldozers demolished Palestinian homes" with "homes" as a
            // subject): a noun phrase right after the verb is its object.
            a.recipients = linear(v, trig, trig_end, nominal)
                .recipients
                .into_iter()
                .filter(|r| r.path == "linear: object")
                // A misparsed tree may hang the subject on the object;
                // the object starts after the verb.
                .map(|mut r| {
                    r.from = r.from.max(trig_end);
                    r.head = r.head.max(r.from);
                    r.to = r.to.max(r.from + 1);
                    r
                })
                .collect();
        }
        a
    } else {
        linear(v, trig, trig_end, nominal)
    };
    // Dates are not participants: "On Saturday, … held a session"; nor are
    // adverbs, verbs or a relative pronoun left without its antecedent.
    let timeless = |x: &Arg| {
        let nominal = !v.tagged
            || matches!(
                v.upos(x.head),
                "NOUN" | "PROPN" | "PRON" | "NUM" | "X" | "ADJ"
            );
        let relative = RELATIVE.contains(&v.lower[x.head].as_str()) && x.to - x.from == 1;
        nominal && !relative && !time.get(x.head).copied().unwrap_or(false)
    };
    a.actors.retain(timeless);
    a.recipients.retain(timeless);
    a.places.retain(timeless);
    // "fired rockets from Gaza at Sderot": where an act came from is not
    // where it happened when the text also says where it landed.
    if a.places.iter().any(|p| !p.path.contains(":from(")) {
        a.places.retain(|p| !p.path.contains(":from("));
    }
    a
}

/// The argument headed by `head`: its core noun phrase.
pub(crate) fn arg(v: &SentView, head: usize, path: String) -> Arg {
    let (from, to) = v.core_phrase(head);
    Arg {
        head,
        from,
        to,
        path,
    }
}

/// The phrase headed by `i` holds a capitalised word: "Belarus's rulers".
fn capitalised_within(v: &SentView, i: usize) -> bool {
    let (from, to) = v.core_phrase(i);
    (from..to).any(|j| v.capitalised(j))
}

const RELATIVE: &[&str] = &["that", "which", "who", "whom"];

fn parsed(
    v: &SentView,
    trig: usize,
    trig_end: usize,
    nominal: bool,
    any_verb_supports: bool,
) -> Args {
    let mut out = Args::default();
    // Multi-word triggers ("air strikes"): the syntactic head is the last noun
    // or the first verb.
    let t = if nominal { trig_end - 1 } else { trig };
    let mut pred = t;
    if nominal {
        // "launched a mediation effort": the trigger modifies the noun the
        // verb takes.
        let t = if v.deprel(t) == "compound" {
            v.head(t).unwrap_or(t)
        } else {
            t
        };
        // "launched 10 days of war games", "a series of raids": the verb
        // takes the measure, the measure the event.
        let t = match v.head(t) {
            Some(h)
                if v.deprel(t).starts_with("nmod")
                    && v.case_of(t).as_deref() == Some("of")
                    && MEASURES.contains(&v.lower[h].as_str()) =>
            {
                h
            }
            _ => t,
        };
        if let Some(h) = v.head(t) {
            let rel = v.deprel(t);
            let supports = SUPPORT_VERBS.contains(&v.lower[h].as_str())
                || (any_verb_supports && rel.starts_with("obj") && v.upos(h) == "VERB");
            if (rel.starts_with("obj") || rel.starts_with("nsubj:pass") || rel == "obl") && supports
            {
                out.support = Some(h);
                pred = h;
            } else if rel.starts_with("nsubj") && v.upos(h) == "VERB" && !rel.ends_with("pass") {
                // "The blast killed five": the trigger is itself the agent.
                pred = h;
            }
        }
    }
    let name = |i: usize| v.toks[i].text.clone();
    if !nominal && hangs_on_root_noun(v, t) {
        // The words before the misparsed predicate are its subject.
        let root = (0..t).find(|&i| v.head(i).is_none()).unwrap_or(0);
        let (from, _) = v.subtree(root);
        if from < t {
            // The noun it hangs on, unless that is a date the parse put
            // between ("A top U.S. official today praised").
            let head = v.head(t).filter(|&h| !is_day(&v.lower[h])).unwrap_or(root);
            out.actors.push(Arg {
                head,
                from,
                to: t,
                path: format!("root noun before acl({})", name(t)),
            });
        }
    }
    // Actor: subject of the predicate, or agent of a passive.
    let passive = is_passive(v, pred);
    for c in v.children[pred].iter().copied() {
        let rel = v.deprel(c);
        if rel == "nsubj:pass" {
            // "The strike … was conducted by": the trigger itself is the
            // passive subject of its support verb, not its recipient.
            if (pred != t || !nominal) && c != t {
                out.recipients
                    .push(arg(v, c, format!("nsubj:pass({})", name(pred))));
            }
        } else if rel.starts_with("nsubj") && c != t && passive {
            // "2 soldiers were wounded": read as an adjective with a
            // copula, still a passive — its subject is acted upon.
            push_with_conj(
                v,
                &mut out.recipients,
                c,
                format!("nsubj({}) of a passive", name(pred)),
            );
        } else if rel.starts_with("nsubj") && c != t {
            if (RELATIVE.contains(&v.lower[c].as_str()) || is_day(&v.lower[c]))
                && v.deprel(pred).starts_with("acl")
            {
                // (Also "Syrian officers today ended …" parsed as a
                // relative clause on "officers" with "today" its subject.)
                // "an attack … that killed": the relative pronoun stands
                // for the noun the clause modifies.
                if let Some(h) = v.head(pred) {
                    out.actors
                        .push(arg(v, h, format!("acl:relcl({}) antecedent", name(pred))));
                }
            } else {
                // "Operations by Afghan forces killed …", "shelling by the
                // army hit …": a subject that is an act or a means names
                // who acts in its by-phrase.
                let by: Vec<usize> = v.children[c]
                    .iter()
                    .copied()
                    .filter(|&b| {
                        v.deprel(b).starts_with("nmod") && v.case_of(b).as_deref() == Some("by")
                    })
                    .collect();
                if v.upos(c) == "NOUN" && !by.is_empty() {
                    for b in by {
                        push_with_conj(
                            v,
                            &mut out.actors,
                            b,
                            format!("nmod:by of nsubj({})", name(pred)),
                        );
                    }
                } else {
                    // "The United States and Jordan have agreed": every
                    // conjunct acts.
                    push_with_conj(v, &mut out.actors, c, format!("nsubj({})", name(pred)));
                }
            }
        } else if rel.starts_with("obl") && v.case_of(c).as_deref() == Some("by") {
            // The agent of a passive; on an active verb that has its own
            // subject the by-phrase belongs to the object ("rejected
            // calls by Belarus's rulers"), whose author is acted on.
            let active_subject = v.children[pred].iter().any(|&s| v.deprel(s) == "nsubj");
            if active_subject && any_verb_supports && !passive {
                out.recipients
                    .push(arg(v, c, format!("obl:by({}) of its object", name(pred))));
            } else {
                out.actors
                    .push(arg(v, c, format!("obl:by({})", name(pred))));
            }
        }
    }
    // A participle, infinitive or conjoined clause takes its subject from
    // what it hangs on: "…, killing its officer", "… and has targeted".
    // "…were wounded following an ambush by Taliban militants", "an
    // airstrike by Afghan forces": the by-phrase of the act names the
    // agent, on the trigger or on an act the predicate hangs on.
    if out.actors.is_empty() {
        out.actors.extend(act_agents(v, pred, t, nominal));
    }
    if out.actors.is_empty() && passive {
        out.actors.extend(when_clause_agents(v, pred));
    }
    // A clause with a subject of its own never borrows one, even when its
    // subject is no participant: "40 people died when rockets struck the
    // village" — the rockets, an instrument, not the dead.
    let own_subject = v.children[pred]
        .iter()
        .any(|&c| v.deprel(c).starts_with("nsubj"));
    if out.actors.is_empty() && !passive && !own_subject {
        let mut cur = pred;
        for _ in 0..3 {
            let rel = v.deprel(cur).to_string();
            let Some(mut h) = v.head(cur) else { break };
            // "beat farmers protesting in Abuja": unarmed people an active
            // participle describes are the ones doing it. (Armed ones,
            // "killed 12 militants attacking a base", are the other side of
            // the one fight the main clause tells.)
            if rel == "acl" && v.toks[cur].xpos == "VBG" && {
                let sectors = crate::roles::sectors(&v.lower[h]);
                !sectors.is_empty() && sectors.iter().all(|s| crate::roles::unarmed_sector(s))
            } {
                out.actors
                    .push(arg(v, h, format!("{}(acl {})", v.deprel(h), name(cur))));
                break;
            }
            // An open clause is its controller's: the object when the verb
            // has one that names people ("beat farmers protesting", "ordered
            // troops to advance"), else the subject.
            if rel == "xcomp" {
                if let Some(o) = v
                    .deps(h, "obj")
                    .find(|&o| o != cur && !crate::roles::sectors(&v.lower[o]).is_empty())
                {
                    out.actors
                        .push(arg(v, o, format!("obj({}) controls xcomp", name(h))));
                    break;
                }
            }
            // "issued a statement demanding …", "summoned the ambassador to
            // complain": a clause on the object speaks for the subject of
            // the verb that takes the object.
            if rel == "acl" && v.deprel(h).starts_with("obj") {
                match v.head(h) {
                    Some(verb) => h = verb,
                    None => break,
                }
            }
            // Whoever died suffered the act the clause tells ("40 people
            // died when rockets … struck two villages"): no agent to lend.
            let w = v.lower[h].as_str();
            let suffered =
                crate::victims::DIE_VERBS.contains(&w) || matches!(w, "drowned" | "suffocated");
            if suffered {
                break;
            }
            if rel == "conj" || rel.starts_with("advcl") || rel == "xcomp" || rel == "acl" {
                // "Syria says it is willing to withdraw": parsers often
                // label the subject "it" of a predicative adjective expl.
                if let Some(s) = v.children[h].iter().copied().find(|&c| {
                    (v.deprel(c).starts_with("nsubj") && !v.deprel(c).ends_with("pass"))
                        || (v.deprel(c) == "expl" && v.lower[c] == "it")
                }) {
                    out.actors
                        .push(arg(v, s, format!("nsubj({}) via {rel}", name(h))));
                    break;
                }
                cur = h;
            } else {
                break;
            }
        }
    }
    // Recipient: object of a verbal predicate, or of the verb a nominal
    // trigger is the subject of ("A roadside bombing … killed one U.S.
    // soldier")…
    if !nominal || (pred != t && out.support.is_none()) {
        // "gave Tanzania a grant": the indirect object receives.
        for c in v.deps(pred, "iobj") {
            out.recipients
                .push(arg(v, c, format!("iobj({})", name(pred))));
        }
        // An "object" before its verb is a misparse ("British Defence
        // Secretary Tom King has promised" with "British Defence" as the
        // object): English objects follow the verb.
        // Nor is a bare number after a passive ("was killed (2 according
        // to …)"): a passive has no object, and the number is a count.
        let passive = is_passive(v, pred);
        for c in v
            .deps(pred, "obj")
            .filter(|&c| c > pred && !(passive && v.upos(c) == "NUM"))
        {
            // "took control of Kabul": the object is part of the trigger,
            // and what is controlled is the place taken.
            if (trig..trig_end).contains(&c) {
                for p in v
                    .deps(c, "nmod")
                    .filter(|&p| v.case_of(p).as_deref() == Some("of"))
                {
                    push_with_conj(v, &mut out.places, p, format!("nmod:of({})", name(c)));
                }
                continue;
            }
            out.recipients
                .push(arg(v, c, format!("obj({})", name(pred))));
            // "fired tear gas at protesters", "launched rockets on the
            // town": what a weapon is aimed at receives the act (the
            // weapon itself is dropped as an instrument).
            if crate::instruments::is_means(&v.lower[c]) {
                for p in v.deps(c, "nmod").filter(|&p| {
                    v.case_of(p).is_some_and(|k| {
                        matches!(
                            k.as_str(),
                            "at" | "against" | "on" | "upon" | "toward" | "towards" | "into"
                        )
                    })
                }) {
                    out.recipients
                        .push(arg(v, p, format!("nmod(obj({})) aimed at", name(pred))));
                }
            }
            // "praised Haiti's efforts": the possessor is who is acted on;
            // so is the agent of the object ("rejected calls by Belarus's
            // rulers").
            for p in v.deps(c, "nmod").filter(|&p| {
                (v.deprel(p) == "nmod:poss" || v.case_of(p).as_deref() == Some("by"))
                    && capitalised_within(v, p)
            }) {
                out.recipients
                    .push(arg(v, p, format!("{}(obj({}))", v.deprel(p), name(pred))));
            }
        }
    }
    // …or an against/on/targeting phrase on the predicate or the trigger;
    // places hang on either, or on those phrases ("against the faction in
    // Baghdad").
    let mut heads = vec![t];
    if pred != t {
        heads.push(pred);
    }
    for &h in &heads {
        for c in v.children[h].iter().copied() {
            let rel = v.deprel(c);
            if !(rel.starts_with("obl") || rel.starts_with("nmod")) || c == t || rel == "nmod:poss"
            {
                continue;
            }
            let case = v.case_of(c).unwrap_or_default();
            let path = format!("{rel}:{case}({})", name(h));
            // "handed over to Great Britain", "appealed to the UN": for a
            // transfer or a verbal act the to-phrase is who receives it
            // (a place there is dropped when the recipients are resolved).
            if RECIPIENT_CASES.contains(&case.as_str())
                || (any_verb_supports && case == "to" && rel.starts_with("obl"))
            {
                out.recipients.push(arg(v, c, path.clone()));
            }
            if PLACE_CASES.contains(&case.as_str()) {
                push_with_conj(v, &mut out.places, c, path);
            }
            for g in v.children[c].iter().copied() {
                let case2 = v.case_of(g).unwrap_or_default();
                if v.deprel(g).starts_with("nmod") && PLACE_CASES.contains(&case2.as_str()) {
                    push_with_conj(v, &mut out.places, g, format!("nmod:{case2}({})", name(c)));
                }
            }
        }
    }
    if nominal {
        for c in v.children[t].iter().copied() {
            let rel = v.deprel(c);
            // "the assassination of X": X is the recipient.
            if rel.starts_with("nmod") && v.case_of(c).as_deref() == Some("of") {
                out.recipients
                    .push(arg(v, c, format!("nmod:of({})", name(t))));
            }
            // "a US strike", "Israeli air strikes": a name or demonym before
            // the noun is the actor; "a lightning strike" is not.
            if (rel == "nmod:poss" || rel == "compound" || rel == "amod")
                && c < t
                && v.capitalised(c)
            {
                out.actors.push(arg(v, c, format!("{rel}({})", name(t))));
            }
        }
    }
    // Victims named in a consequence clause: "an attack … that killed 3 US
    // soldiers", "…, killing its officer".
    {
        for &h in &heads {
            for c in v.children[h].iter().copied() {
                let rel = v.deprel(c);
                if (rel.starts_with("acl") || rel.starts_with("advcl"))
                    && KILL_WORDS.contains(&v.lower[c].as_str())
                {
                    for o in v.deps(c, "obj") {
                        out.recipients
                            .push(arg(v, o, format!("obj({}) in {rel}", name(c))));
                    }
                }
            }
        }
    }
    // "opened fire to disperse fundamentalist demonstrators": whom the
    // act's purpose clause acts on is whom the act is aimed at.
    if !nominal && out.recipients.is_empty() {
        let mut own: Vec<usize> = (trig..trig_end).collect();
        if !own.contains(&pred) {
            own.push(pred);
        }
        for c in own.into_iter().flat_map(|h| v.children[h].iter().copied()) {
            let purpose = matches!(v.deprel(c), "advcl" | "xcomp" | "acl")
                && v.deps(c, "mark").any(|m| v.lower[m] == "to");
            if purpose {
                for o in v.deps(c, "obj") {
                    out.recipients
                        .push(arg(v, o, format!("obj({}) of its purpose", name(c))));
                }
            }
        }
    }
    // Objects of the support verb that are not the trigger itself name the
    // recipient: "targeted the group with attacks".
    if let Some(s) = out.support {
        // (Not the noun that carries the trigger: "launched 10 days of war
        // games".)
        let carries = |c: usize| {
            let mut cur = t;
            for _ in 0..3 {
                match v.head(cur) {
                    Some(h) if h == c => return true,
                    Some(h) => cur = h,
                    None => return false,
                }
            }
            false
        };
        for c in v.deps(s, "obj").filter(|&c| c != t && !carries(c)) {
            out.recipients.push(arg(v, c, format!("obj({})", name(s))));
        }
    }
    reciprocal(v, t, &mut out);
    out
}

/// "A and B clashed", "clashes between A and B": a reciprocal act has
/// both sides as participants, and ACLED codes them as actor 1 and actor
/// 2. The first side named acts, the others receive.
fn reciprocal(v: &SentView, t: usize, out: &mut Args) {
    // (Or an act that happened in one: "were killed in a clash with the
    // army", whichever word the parser hung "with the army" on.)
    let in_one = v.children[t]
        .iter()
        .any(|&c| v.deprel(c).starts_with("obl") && is_reciprocal(&v.lower[c]));
    if !is_reciprocal(&v.lower[t]) && !in_one {
        return;
    }
    // "killed in an encounter with security forces": the side the act was
    // with may hang on the act's noun rather than on the trigger.
    // (Or on the trigger itself when it is that noun: "in a gunfight with
    // the army".)
    let ones: Vec<usize> = v.children[t]
        .iter()
        .copied()
        .filter(|&c| v.deprel(c).starts_with("obl") && is_reciprocal(&v.lower[c]))
        .chain((v.upos(t) == "NOUN" && is_reciprocal(&v.lower[t])).then_some(t))
        .collect();
    for c in ones {
        for w in v.children[c]
            .iter()
            .copied()
            .filter(|&w| v.deprel(w).starts_with("nmod") && v.case_of(w).as_deref() == Some("with"))
        {
            if !out
                .recipients
                .iter()
                .chain(out.actors.iter())
                .any(|a| a.head == w)
            {
                out.recipients
                    .push(arg(v, w, format!("nmod:with({})", v.toks[c].text)));
            }
        }
    }
    // One phrase holding both sides (a misparse that hangs the verb on
    // the second side): its conjuncts are the sides.
    if out.actors.len() == 1 {
        let a = out.actors[0].clone();
        let inside = |j: usize| (a.from..a.to).contains(&j);
        let conjs: Vec<usize> = (a.from..a.to)
            .filter(|&j| v.deprel(j) == "conj" && v.head(j).is_some_and(inside))
            .collect();
        if let Some(first) = conjs.first().and_then(|&c| v.head(c)) {
            let mut side = arg(v, first, format!("first side in {}", a.path));
            side.to = side.to.min(conjs[0]);
            out.actors = vec![side];
            for c in conjs {
                out.recipients
                    .push(arg(v, c, format!("conj side in {}", a.path)));
            }
            return;
        }
    }
    // Conjoined subjects: the later conjuncts are the other side.
    let (first, others): (Vec<Arg>, Vec<Arg>) = std::mem::take(&mut out.actors)
        .into_iter()
        .partition(|a| !a.path.starts_with("conj "));
    if !first.is_empty() {
        out.actors = first;
        out.recipients.extend(others);
    } else {
        out.actors = others;
    }
    // "The Taliban captured the town after heavy fighting with government
    // forces": an act named by a noun that hangs on a verb with an active
    // subject was that subject's; the side it was with received it.
    if out.actors.is_empty() && v.upos(t) == "NOUN" && v.deprel(t).starts_with("obl") {
        if let Some(h) = v.head(t).filter(|&h| v.upos(h) == "VERB") {
            // (An active subject only: "were killed during clashes with
            // the Taliban" names the ones who suffered.)
            if let Some(s) = v.deps(h, "nsubj").find(|&s| v.deprel(s) == "nsubj") {
                out.actors.push(arg(
                    v,
                    s,
                    format!("nsubj({}) the act hangs on", v.toks[h].text),
                ));
            }
        }
    }
    // "1 soldier was killed during clashes with Taliban militants": with
    // no side named as acting, the side the clash was with is actor 1 —
    // the other side is the one that suffered.
    // (Only when the sentence says who suffered, or names the act by a
    // noun: "troops clashed with …" parsed without its subject keeps the
    // subject to be found in the words before the verb.)
    let suffered = out
        .recipients
        .iter()
        .any(|r| r.path.starts_with("nsubj:pass") || r.path.contains("of a passive"));
    if out.actors.is_empty() && (suffered || v.upos(t) == "NOUN") {
        if let Some(i) = out
            .recipients
            .iter()
            .position(|r| r.path.contains(":with("))
        {
            let w = out.recipients.remove(i);
            out.actors.push(w);
        }
    }
    // "clashes between A and B": the between-phrase holds both sides —
    // hung on the noun, or on the verb the noun is the subject of, where
    // the parser puts it when the verb comes first ("clashes broke out
    // yesterday between A and B").
    let occurred = (v.upos(t) == "NOUN" && v.deprel(t).starts_with("nsubj"))
        .then(|| v.head(t))
        .flatten()
        .filter(|&h| v.upos(h) == "VERB");
    if let Some(b) = v.children[t]
        .iter()
        .chain(occurred.iter().flat_map(|&h| v.children[h].iter()))
        .copied()
        .find(|&c| v.case_of(c).as_deref() == Some("between"))
    {
        let mut sides = Vec::new();
        push_with_conj(v, &mut sides, b, format!("between({})", v.toks[t].text));
        // (They outrank a modifier read as the actor: "Heavy clashes".)
        let mut sides = sides.into_iter();
        if let Some(a) = sides.next() {
            out.actors.retain(|x| !x.path.starts_with("amod("));
            out.actors.insert(0, a);
        }
        out.recipients.extend(sides);
    }
}

/// Prepositions a parser may read as verbs ("following an ambush").
pub fn is_temporal_link(w: &str) -> bool {
    matches!(w, "following" | "after" | "during" | "amid")
}

/// Words of acts that take two sides at once (fighting, clashing; an
/// "encounter" is South Asian press usage for a gunfight).
/// ("Exchanged" and "traded" as in "exchanged fire", the only sense the
/// trigger lexicon gives them.)
pub fn is_reciprocal(w: &str) -> bool {
    [
        "clash",
        "fought",
        "fight",
        "battl",
        "skirmish",
        "gunfight",
        "firefight",
        "confront",
        "encounter",
        "exchang",
    ]
    .iter()
    .any(|p| w.starts_with(p))
        || matches!(w, "trade" | "traded" | "trades" | "trading")
}

/// A participle after a form of "be" ("were wounded", "was shot"):
/// passive whatever the tagger made of it — parsers often read "were
/// wounded" as an adjective with a copula. ("Were fighting" is not.)
pub fn is_passive(v: &SentView, p: usize) -> bool {
    const IRREGULAR: &[&str] = &[
        "shot", "hurt", "slain", "taken", "beaten", "struck", "hit", "held", "caught", "seen",
        "blown", "thrown", "left", "burnt", "sent",
    ];
    let be = |c: usize| {
        matches!(
            v.lower[c].as_str(),
            "was" | "were" | "is" | "are" | "been" | "be" | "being" | "got" | "get" | "gets"
        )
    };
    let participle = v.toks[p].xpos == "VBN"
        || (matches!(v.upos(p), "VERB" | "ADJ")
            && (v.lower[p].ends_with("ed") || IRREGULAR.contains(&v.lower[p].as_str())));
    participle
        && v.children[p]
            .iter()
            .any(|&c| v.deprel(c) == "aux:pass" || (matches!(v.deprel(c), "cop" | "aux") && be(c)))
}

/// The subject of the violent act a passive's "when" clause tells: "100
/// people were killed when a military aircraft bombed a gathering" — the
/// killing is the bombing's outcome, so whoever bombed killed. Only for an
/// act the trigger lexicon lists as violent and not as a defence, told in
/// the active voice.
fn when_clause_agents(v: &SentView, pred: usize) -> Vec<Arg> {
    let mut out = Vec::new();
    for c in v.deps(pred, "advcl") {
        let when = v.children[c]
            .iter()
            .any(|&m| v.lower[m] == "when" && m < c && matches!(v.deprel(m), "advmod" | "mark"));
        // (Not a defence: "9 fighters were killed when troops repulsed
        // their attack" — those who repulsed it did not begin it.)
        let violent = LEXICON.any_at(&v.lower, c, |t| t.violent && !t.defend);
        if !when || !violent || is_passive(v, c) {
            continue;
        }
        for s in v.deps(c, "nsubj") {
            if !matches!(v.upos(s), "PRON") {
                out.push(arg(
                    v,
                    s,
                    format!("nsubj({}) of a when-clause", v.toks[c].text),
                ));
            }
        }
    }
    out
}

/// Agents named by a by-phrase on the act: on a nominal trigger ("an
/// airstrike by Afghan forces"), or on an act the predicate hangs on
/// ("were wounded following an ambush by Taliban militants", "in an attack
/// by gunmen").
fn act_agents(v: &SentView, pred: usize, t: usize, nominal: bool) -> Vec<Arg> {
    let by = |h: usize| {
        v.children[h]
            .iter()
            .copied()
            .filter(|&c| v.deprel(c).starts_with("nmod") && v.case_of(c).as_deref() == Some("by"))
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    // (A gerund the tagger read as a verb, "shelling by Afghan forces",
    // takes its by-phrase as a noun does.)
    if nominal || v.lower[t].ends_with("ing") {
        for c in by(t) {
            out.push(arg(v, c, format!("nmod:by({})", v.toks[t].text)));
        }
    }
    // "a Taliban-planted roadside bomb", "a Houthi-launched drone": the
    // name compounded with the participle on the act or means placed it.
    if nominal && out.is_empty() {
        for p in v.children[t]
            .iter()
            .copied()
            .filter(|&p| v.upos(p) == "VERB" && matches!(v.deprel(p), "amod" | "acl"))
        {
            for c in v.children[p]
                .iter()
                .copied()
                .filter(|&c| c < p && v.upos(c) == "PROPN" && v.case_of(c).is_none())
            {
                out.push(arg(
                    v,
                    c,
                    format!("{}-{}({})", v.toks[c].text, v.toks[p].text, v.toks[t].text),
                ));
            }
        }
    }
    // "1 commando was killed and 1 was wounded by a sniper": coordinated
    // verbs share the agent.
    if out.is_empty() {
        let mut kin: Vec<usize> = v.deps(pred, "conj").collect();
        if v.deprel(pred) == "conj" {
            kin.extend(v.head(pred));
        }
        for k in kin {
            for c in v.children[k].iter().copied().filter(|&c| {
                v.deprel(c).starts_with("obl") && v.case_of(c).as_deref() == Some("by")
            }) {
                out.push(arg(
                    v,
                    c,
                    format!("obl:by({}) of a coordinated verb", v.toks[k].text),
                ));
            }
        }
    }
    if out.is_empty() {
        // The act may hang on the predicate as an oblique ("in an attack
        // by"), or as the object of a preposition the parser read as a
        // verb ("following an ambush by").
        // (On the predicate or a verb coordinated with it: "2 were killed
        // and 3 were wounded following an attack by …".)
        let mut verbs: Vec<usize> = vec![pred];
        verbs.extend(v.deps(pred, "conj"));
        if v.deprel(pred) == "conj" {
            verbs.extend(v.head(pred));
        }
        let mut acts: Vec<usize> = Vec::new();
        for o in verbs.iter().flat_map(|&h| v.children[h].iter().copied()) {
            if v.deprel(o).starts_with("obl") && matches!(v.upos(o), "NOUN" | "PROPN") {
                acts.push(o);
            } else if v.deprel(o).starts_with("advcl") && is_temporal_link(&v.lower[o]) {
                acts.extend(v.deps(o, "obj"));
            }
        }
        for o in acts {
            for c in by(o) {
                out.push(arg(
                    v,
                    c,
                    format!("nmod:by({}) of obl({})", v.toks[o].text, v.toks[pred].text),
                ));
            }
        }
    }
    out
}

const KILL_WORDS: &[&str] = &[
    "killing", "killed", "kills", "wounding", "wounded", "injuring", "injured", "leaving", "left",
];

/// For a verb whose object is the place taken ("captured the town of
/// Shire", "seized control of the district headquarters in Marib",
/// "overran Mocimboa da Praia"): the object and the places hanging on it
/// are where the act happened. Capitalised ones become place arguments;
/// the resolver decides which of them name places.
pub fn territory_places(v: &SentView, a: &mut Args) {
    // (head, read off the parse): only a parsed object has phrases
    // hanging on it.
    let objects: Vec<(usize, bool)> = a
        .recipients
        .iter()
        .filter(|r| r.path.starts_with("obj(") || r.path.starts_with("linear: object"))
        .map(|r| (r.head, r.path.starts_with("obj(")))
        .collect();
    // "took control of Kabul" keeps its of-phrase already (the object is
    // part of the trigger); a place hanging on that phrase is found here.
    let controlled: Vec<usize> = a
        .places
        .iter()
        .filter(|p| p.path.starts_with("nmod:of("))
        .map(|p| p.head)
        .collect();
    for &(o, _) in &objects {
        push_with_conj(v, &mut a.places, o, "obj (place taken)".to_string());
    }
    let parsed = objects.iter().filter(|(_, p)| *p).map(|&(o, _)| o);
    for o in parsed.chain(controlled) {
        for p in v.deps(o, "nmod").filter(|&p| {
            v.case_of(p)
                .is_some_and(|k| k == "of" || PLACE_CASES.contains(&k.as_str()))
        }) {
            push_with_conj(v, &mut a.places, p, "nmod (place taken)".to_string());
        }
    }
}

/// For a verb that fends off an attack ("Somali troops repulsed their
/// attack", "their attack was repelled by local police"): the author of
/// the attack began the fighting and is the actor (ACLED's actor 1 is the
/// initiator), the defenders are the other side. The attack itself is no
/// participant. Its author is the attack noun's possessor or by-phrase,
/// a possessive pronoun read as the subject of the clause it depends on
/// ("9 fighters were killed when troops repulsed their attack").
pub fn defended_attack(v: &SentView, a: &mut Args, is_attack: impl Fn(usize) -> bool) {
    let Some(pos) = a.recipients.iter().position(|r| is_attack(r.head)) else {
        return;
    };
    let attack = a.recipients.remove(pos);
    let author = v.children[attack.head]
        .iter()
        .copied()
        .find(|&c| {
            v.deprel(c) == "nmod:poss"
                || (v.deprel(c).starts_with("nmod") && v.case_of(c).as_deref() == Some("by"))
                || (v.deprel(c) == "compound" && v.upos(c) == "PROPN")
        })
        .and_then(|c| {
            if v.upos(c) == "PRON" {
                // "their attack": the subject of the clause the attack's
                // own clause depends on.
                governing_subject(v, attack.head).or_else(|| reduced_clause_noun(v, attack.head))
            } else {
                Some(arg(
                    v,
                    c,
                    format!("author of the attack ({})", v.toks[attack.head].text),
                ))
            }
        });
    // With no author named ("the army said it repelled the assault"), the
    // defenders still did not begin it: they are the side attacked, and
    // whoever attacked is left for the story (an attack told before) or
    // the unidentified group of the codebook.
    let defenders = std::mem::take(&mut a.actors);
    a.actors = author.into_iter().collect();
    a.recipients.extend(defenders);
}

fn push_with_conj(v: &SentView, out: &mut Vec<Arg>, head: usize, path: String) {
    out.push(arg(v, head, path.clone()));
    for c in v.deps(head, "conj") {
        out.push(arg(v, c, format!("conj {path}")));
    }
}

/// A weekday or "today", "yesterday", "tonight" (lowercased).
pub(crate) fn is_day(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
    )
}

fn linear(v: &SentView, trig: usize, trig_end: usize, nominal: bool) -> Args {
    let mut out = Args::default();
    let cs = v.clause_start(trig);
    // Actor: the last phrase before the trigger in its clause, skipping
    // articles and adverbs.
    let mut j = trig;
    if nominal {
        // "launched a strike": step back over the article and the support verb
        while j > cs
            && matches!(
                v.lower[j - 1].as_str(),
                "a" | "an" | "the" | "lightning" | "new" | "series" | "of" | "wave"
            )
        {
            j -= 1;
        }
        if j > cs && SUPPORT_VERBS.contains(&v.lower[j - 1].as_str()) {
            out.support = Some(j - 1);
            j -= 1;
        }
    }
    if j > cs {
        let mut k = j - 1;
        // "Rebels in the Ivory Coast on Tuesday blocked …": the day between
        // subject and verb is no participant.
        let day = is_day;
        while k > cs
            && (matches!(
                v.lower[k].as_str(),
                "has" | "have" | "had" | "was" | "were" | "reportedly" | "also" | "then" | "later"
            ) || v.lower[k].ends_with("ly")
                || day(&v.lower[k])
                || (v.lower[k] == "on" && v.lower.get(k + 1).is_some_and(|w| day(w))))
        {
            k -= 1;
        }
        if !is_punct(&v.toks[k].text) && !PRONOUN_SUBJECTS.contains(&v.lower[k].as_str())
            || v.lower[k] == "it"
            || v.lower[k] == "he"
            || v.lower[k] == "they"
        {
            out.actors.push(arg(v, k, "linear: before trigger".into()));
        }
    }
    // Recipient and places after the trigger, up to the clause end.
    let ce = v.clause_end(trig_end.saturating_sub(1)).min(v.len());
    let mut i = trig_end;
    if !nominal
        && i < ce
        && !matches!(
            v.lower[i].as_str(),
            "in" | "on" | "at" | "by" | "near" | "against" | "with" | "to" | "after" | "during"
        )
    {
        // direct object
        let mut k = i;
        while k < ce
            && matches!(
                v.lower[k].as_str(),
                "a" | "an" | "the" | "its" | "their" | "his" | "her" | "“" | "\""
            )
        {
            k += 1;
        }
        if k < ce {
            let head = counted_noun(v, k, ce).unwrap_or(k);
            out.recipients.push(arg(v, head, "linear: object".into()));
        }
    }
    while i < ce {
        let w = v.lower[i].as_str();
        let next = (i + 1..ce)
            .find(|&k| !matches!(v.lower[k].as_str(), "the" | "a" | "an" | "“" | "\"" | "”"));
        if let Some(n) = next {
            if RECIPIENT_CASES.contains(&w) && w != "on" && w != "at" {
                out.recipients.push(arg(v, n, format!("linear: {w}")));
            }
            if PLACE_CASES.contains(&w) || w == "on" {
                out.places.push(arg(v, n, format!("linear: {w}")));
                // "in Iraq and Syria"
                let (_, to) = v.core_phrase(n);
                if to + 1 < ce && v.lower[to] == "and" {
                    out.places
                        .push(arg(v, to + 1, format!("linear: {w} … and")));
                }
            }
        }
        i += 1;
    }
    out
}

/// Words that bound a count ("more than", "at least", "about") before
/// the number they modify.
const COUNT_BOUNDS: &[&str] = &[
    "more",
    "less",
    "fewer",
    "than",
    "at",
    "least",
    "most",
    "up",
    "to",
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "over",
    "roughly",
    "approximately",
    "only",
];

/// The noun a counted object phrase starting at `k` is about: "more than
/// 100 Palestinians", "at least 12 Kurdish activists" — the people, not
/// "more". Skips the count's bounds and its number, then takes the last
/// noun of the run of adjectives and nouns after it. `None` when the
/// phrase holds no number first, or no noun follows it before `end`.
fn counted_noun(v: &SentView, k: usize, end: usize) -> Option<usize> {
    if !v.tagged {
        return None;
    }
    let mut j = k;
    while j < end && COUNT_BOUNDS.contains(&v.lower[j].as_str()) {
        j += 1;
    }
    if j >= end || v.upos(j) != "NUM" {
        return None;
    }
    while j < end && v.upos(j) == "NUM" {
        j += 1;
    }
    let mut last = None;
    while j < end && matches!(v.upos(j), "ADJ" | "NOUN" | "PROPN") {
        if v.upos(j) != "ADJ" {
            last = Some(j);
        }
        j += 1;
    }
    last
}

/// Names in what the trigger governs, for when the parse gave no object:
/// "demanded that **the US** cancel plans", "threatened to ban voting if
/// **Hamas** ran", "granted asylum to 18 **Rwandan** rebels". Runs of proper
/// nouns and capitalised adjectives (demonyms) inside the trigger's
/// subtree (or, when the trigger heads nothing, the rest of its clause),
/// outside `taken` (the actor phrases), in reading order.
pub fn named_in_scope(
    v: &SentView,
    trig: usize,
    trig_end: usize,
    taken: &[(usize, usize)],
) -> Vec<Arg> {
    let (mut from, mut to) = if v.parsed {
        v.subtree(trig)
    } else {
        (trig, v.clause_end(trig))
    };
    if to - from <= trig_end - trig {
        from = trig_end;
        to = v.clause_end(trig).max(trig_end);
    }
    let is_name = |j: usize| v.capitalised(j) && matches!(v.upos(j), "PROPN" | "ADJ");
    // "Pakistan, a key U.S. ally, has refused …": an apposition renames
    // the actor; the names in it are the actor's description, not whom
    // the act is aimed at.
    let mut taken = taken.to_vec();
    if v.parsed {
        for k in 0..v.len() {
            let on_taken = v
                .head(k)
                .is_some_and(|h| taken.iter().any(|&(a, b)| (a..b).contains(&h)));
            if v.deprel(k) == "appos" && on_taken {
                taken.push(v.subtree(k));
            }
            // "…, according to Saudi Arabia's civil defence": who reports
            // the act is its source, not whom it is aimed at.
            if v.deprel(k).starts_with("obl")
                && v.case_of(k).is_some_and(|c| c.starts_with("according"))
            {
                taken.push(v.subtree(k));
            }
        }
    }
    let taken = &taken[..];
    let mut out = Vec::new();
    let mut j = from;
    // Where the last name read as a place ended: "north of Beirut, Lebanon"
    // — the name after the comma says where that place is.
    let mut place_ended = None;
    while j < to {
        let inside =
            (trig..trig_end).contains(&j) || taken.iter().any(|&(a, b)| (a..b).contains(&j));
        if inside || !is_name(j) {
            j += 1;
            continue;
        }
        let start = j;
        // A hyphen written without spaces between two names is inside one
        // word ("the Al-Ghaza Hotel"): the run goes on across it, so that
        // a part of a building's name is not read as a place of its own.
        let glued_hyphen = |k: usize| {
            k > start
                && k + 1 < to
                && v.toks[k].text == "-"
                && v.toks[k - 1].end == v.toks[k].start
                && v.toks[k].end == v.toks[k + 1].start
                && is_name(k + 1)
        };
        while j < to
            && (is_name(j) || glued_hyphen(j))
            && !taken.iter().any(|&(a, b)| (a..b).contains(&j))
        {
            j += 1;
        }
        // "a strike in Syria", "forces in Iraq and Syria": after a locative
        // preposition (its own or its first conjunct's) a name is the
        // place, not the recipient.
        let head = j - 1;
        let first_conjunct = if v.parsed && v.deprel(head) == "conj" {
            v.head(head).unwrap_or(head)
        } else {
            head
        };
        let case_is_locative = |i: usize| {
            v.parsed
                && v.case_of(i)
                    .is_some_and(|c| c.split_whitespace().any(|w| PLACE_CASES.contains(&w)))
        };
        let locative = (start > 0 && PLACE_CASES.contains(&v.lower[start - 1].as_str()))
            || (start > 1
                && v.lower[start - 1] == "the"
                && PLACE_CASES.contains(&v.lower[start - 2].as_str()))
            || case_is_locative(head)
            || case_is_locative(first_conjunct)
            || (start >= 1 && place_ended == Some(start - 1) && v.toks[start - 1].text == ",");
        if locative {
            place_ended = Some(j);
            continue;
        }
        out.push(Arg {
            head: j - 1,
            from: start,
            to: j,
            path: format!("name-in-scope({})", v.toks[trig].text),
        });
    }
    out
}

/// A verb parsed as a participle (`acl`) of the root noun, or of a noun
/// conjoined to it: the parser found no finite verb, and this one is the
/// predicate ("Russian President Boris Yeltsin on Saturday hosted …").
pub fn hangs_on_root_noun(v: &SentView, t: usize) -> bool {
    if !v.parsed || !v.deprel(t).starts_with("acl") || v.deprel(t) == "acl:relcl" {
        return false;
    }
    // No verb between the participle and the root.
    let mut cur = t;
    for _ in 0..v.len() {
        let Some(h) = v.head(cur) else {
            return cur != t && matches!(v.upos(cur), "NOUN" | "PROPN" | "ADJ" | "PRON");
        };
        if matches!(v.upos(h), "VERB" | "AUX") {
            return false;
        }
        cur = h;
    }
    false
}

/// The noun a subjectless verb modifies, when the clause of the word at
/// `from` depends on that verb: "Seven ISWAP fighters died when troops
/// fended off their assault", parsed with "died" an acl of the fighters,
/// is said of the fighters — the antecedent of "their" in the when-clause.
/// (A content clause, "the claim that it posed a threat", has a subject or
/// a conjunction of its own and is not one.)
fn reduced_clause_noun(v: &SentView, from: usize) -> Option<Arg> {
    if !v.parsed {
        return None;
    }
    let mut cur = v.head(from)?;
    for _ in 0..4 {
        let h = v.head(cur)?;
        let rel = v.deprel(cur).split(':').next().unwrap_or_default();
        if rel == "acl"
            && v.upos(cur) == "VERB"
            && matches!(v.upos(h), "NOUN" | "PROPN")
            && !v.children[cur]
                .iter()
                .any(|&c| v.deprel(c).starts_with("nsubj") || v.deprel(c) == "mark")
        {
            return Some(arg(
                v,
                h,
                format!("antecedent: noun of acl({})", v.toks[cur].text),
            ));
        }
        if !matches!(rel, "advcl" | "conj") {
            return None;
        }
        cur = h;
    }
    None
}

/// The subject a pronoun stands for inside its own sentence: the subject
/// of the verb its clause hangs on ("Radical French farmers said on Friday
/// **they** would blockade Paris" → the farmers).
pub fn governing_subject(v: &SentView, pronoun: usize) -> Option<Arg> {
    if !v.parsed {
        return None;
    }
    let mut cur = v.head(pronoun)?;
    for _ in 0..4 {
        let rel = v
            .deprel(cur)
            .split(':')
            .next()
            .unwrap_or_default()
            .to_string();
        let h = v.head(cur)?;
        if !matches!(
            rel.as_str(),
            "ccomp" | "xcomp" | "advcl" | "conj" | "parataxis"
        ) {
            return None;
        }
        // ("12 militants were killed and 5 were wounded when …": a bare
        // number leaves its noun to the clause before.)
        if let Some(c) = v.children[h].iter().copied().find(|&c| {
            c != pronoun
                && matches!(v.deprel(c), "nsubj" | "nsubj:pass")
                && !matches!(v.upos(c), "PRON" | "NUM")
        }) {
            return Some(arg(v, c, format!("antecedent: nsubj({})", v.toks[h].text)));
        }
        cur = h;
    }
    None
}

/// Weekday and month names are never participants, nor places:
/// capitalised like names, but times.
pub fn is_time_word(t: &str) -> bool {
    let l = t.to_lowercase();
    is_day(&l)
        || matches!(
            l.as_str(),
            "january"
                | "february"
                | "march"
                | "april"
                | "june"
                | "july"
                | "august"
                | "september"
                | "october"
                | "november"
                | "december"
        )
}
