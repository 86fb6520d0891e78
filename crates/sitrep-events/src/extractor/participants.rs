//! A sentence's third step: who did it and to whom. The parse gives the
//! argument phrases (`args`); here each is resolved against the knowledge
//! base, or composed from a country and a role ("Radical French farmers"),
//! or kept as people the text names ("three soldiers"). Instruments are no
//! side of an act, a pronoun stands for its antecedent, and a bare role
//! word guessed from the story's country gives way to a name.

use serde_json::json;
use sitrep_core::{Actor, Document, PloverType};

use super::phrases::{
    clean_phrase, noun_run_words, phrase_candidates, possessive_owner, strip_article,
};
use super::reported::Report;
use super::subject::LastSubject;
use super::trigger::Candidate;
use super::EventExtractor;
use crate::args::{self, Arg};
use crate::instruments;
use crate::lexicon::LEXICON;
use crate::naming;
use crate::resolver::{DocContext, Family};
use crate::roles;
use crate::sentence::SentView;

pub(super) const REPORTING: &[&str] = &[
    "said",
    "says",
    "added",
    "told",
    "stressed",
    "announced",
    "stated",
    "explained",
    "pointed",
    "noted",
    "warned",
    "insisted",
];

/// Nouns that name people or armed groups: an unresolved phrase headed by
/// one is still a participant.
const PEOPLE: &[&str] = &[
    "gunmen",
    "gunman",
    "militants",
    "militant",
    "protesters",
    "protester",
    "demonstrators",
    "soldiers",
    "soldier",
    "police",
    "policemen",
    "officers",
    "officer",
    "rebels",
    "rebel",
    "troops",
    "forces",
    "fighters",
    "fighter",
    "civilians",
    "civilian",
    "men",
    "man",
    "women",
    "woman",
    "children",
    "child",
    "villagers",
    "residents",
    "attackers",
    "assailants",
    "group",
    "groups",
    "faction",
    "factions",
    "militia",
    "militias",
    "people",
    "students",
    "workers",
    "farmers",
    "journalists",
    "journalist",
    "leader",
    "leaders",
    "commander",
    "commanders",
    "commando",
    "commandos",
    "personnel",
    "members",
    "member",
    "insurgents",
    "terrorists",
    "bombers",
    "bomber",
    "army",
    "guards",
    "authorities",
    "officials",
    "official",
    "government",
    "ministry",
    "minister",
    "president",
    "prisoners",
    "detainees",
    "hostages",
    "refugees",
    "migrants",
    "mob",
    "rioters",
    "crowd",
    "supporters",
    "activists",
    "delegates",
    "negotiators",
    "diplomats",
    "advisers",
    "advisors",
    "personnel",
    "crew",
    "passengers",
    "worshippers",
    "victims",
    // Words for people that say nothing of who they are; the agent table
    // has none of them.
    "person",
    "persons",
    "individual",
    "individuals",
    "suspect",
    "suspects",
];

/// Descriptions that name no one in particular.
const GENERIC_HEADS: &[&str] = &[
    "group",
    "groups",
    "faction",
    "factions",
    "side",
    "sides",
    "targets",
    "positions",
    "people",
    "men",
    "members",
    "brothers",
    "delegates",
    "units",
    "others",
];

/// Whether `lower` is one of [`GENERIC_HEADS`], bare or after "the" or
/// "a". Read off in place: a string formatted for each head and each
/// article was a third of a percent of a run.
fn is_generic(lower: &str) -> bool {
    let head = lower
        .strip_prefix("the ")
        .or_else(|| lower.strip_prefix("a "))
        .unwrap_or(lower);
    GENERIC_HEADS.contains(&head) || GENERIC_HEADS.contains(&lower)
}

impl EventExtractor<'_> {
    /// Who did it and to whom, resolved: the arguments the parse gives,
    /// then the recipients a verb's complement, a cyber act's "into", a
    /// purpose's governor or a named party in the trigger's scope gives,
    /// and, for a request carried by "must", the speaker as its actor.
    /// The named actor becomes the subject later pronouns stand for.
    /// The flag says the act was turned into the taking of ground another
    /// side gave up (see [`Self::taker`]).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn participants(
        &self,
        doc: &Document,
        v: &SentView,
        c: &Candidate,
        a: &args::Args,
        report: &Report,
        speaker: Option<&Arg>,
        time_mask: &[bool],
        ctx: &DocContext,
        explain: &mut serde_json::Map<String, serde_json::Value>,
        last_subject: &mut LastSubject<'_>,
    ) -> (Vec<Actor>, Vec<Actor>, bool) {
        let purpose_of = report.purpose_of;
        let family = if c.trig.violent
            || matches!(c.trig.plover, PloverType::Coerce | PloverType::Mobilize)
        {
            Family::Military
        } else {
            Family::Political
        };
        let actors = self.actors(
            doc,
            v,
            &a.actors,
            family,
            ctx,
            explain,
            "actor",
            last_subject,
        );
        let mut recipients = self.actors(
            doc,
            v,
            &a.recipients,
            family,
            ctx,
            explain,
            "recipient",
            &mut LastSubject::default(),
        );
        // "Libya has offered to hand over to Great Britain two of its
        // nationals": an offer, promise or threat is directed at whom
        // the act it announces is.
        if !c.nominal && recipients.iter().all(|r| r.country.is_none()) {
            if let Some(c) = v.deps(c.start, "xcomp").find(|&c| v.upos(c) == "VERB") {
                let ca = args::find_with(v, c, c + 1, false, time_mask, true);
                let mut cands = ca.recipients;
                let taken: Vec<(usize, usize)> = a.actors.iter().map(|x| (x.from, x.to)).collect();
                cands.extend(args::named_in_scope(v, c, c + 1, &taken));
                let found = self.actors(
                    doc,
                    v,
                    &cands,
                    family,
                    ctx,
                    explain,
                    "recipient_of_complement",
                    &mut LastSubject::default(),
                );
                add_recipient(&mut recipients, found, &actors);
            }
        }
        // "tried to hack into the computers of South Korean army
        // officers": what is broken into is the target of a cyber act.
        if c.trig.modes.iter().any(|m| m == "cyber")
            && recipients.iter().all(|r| r.country.is_none())
        {
            let into: Vec<Arg> = v.children[c.start]
                .iter()
                .copied()
                .filter(|&k| v.case_of(k).as_deref() == Some("into"))
                .map(|k| {
                    let (_, to) = v.subtree(k);
                    Arg {
                        head: k,
                        from: k,
                        to,
                        path: format!("obl:into({})", v.toks[c.start].text),
                    }
                })
                .collect();
            let found = self.actors(
                doc,
                v,
                &into,
                family,
                ctx,
                explain,
                "recipient_broken_into",
                &mut LastSubject::default(),
            );
            if found.iter().any(|r| r.country.is_some()) {
                recipients = found;
            }
        }
        // "summoned Niger's ambassador to complain": whom the governing
        // verb acts on is whom the purpose is directed at.
        if let Some(g) = purpose_of.filter(|_| recipients.iter().all(|r| r.country.is_none())) {
            // The parse may hang the purpose on the object itself.
            let objs: Vec<Arg> = if matches!(v.upos(g), "NOUN" | "PROPN") {
                vec![args::arg(v, g, "noun the purpose hangs on".into())]
            } else {
                v.deps(g, "obj")
                    .map(|o| args::arg(v, o, format!("obj({}) governing", v.toks[g].text)))
                    .collect()
            };
            let found = self.actors(
                doc,
                v,
                &objs,
                family,
                ctx,
                explain,
                "recipient_of_governor",
                &mut LastSubject::default(),
            );
            if found.iter().any(|r| r.country.is_some()) {
                recipients = found;
            }
        }
        // No object in the parse: the first name the trigger governs
        // that the knowledge base knows ("demanded that the US cancel").
        // (People a violent act harmed, described by their role, "1
        // soldier", are named by the country the event took place in
        // later: they are the object. "its foreign operations officer"
        // belongs to a side named elsewhere, which the scope may hold.)
        let harmed_by_role = |r: &Actor| {
            c.trig.violent
                && !possessed(&r.text)
                && (naming::names_people_by_role(r)
                    || !roles::sectors(&r.text.to_lowercase()).is_empty())
        };
        if recipients
            .iter()
            .all(|r| r.country.is_none() && r.name.is_none() && !harmed_by_role(r))
        {
            let taken: Vec<(usize, usize)> = a.actors.iter().map(|x| (x.from, x.to)).collect();
            let scope = args::named_in_scope(v, c.start, c.end, &taken);
            let found = self.actors(
                doc,
                v,
                &scope,
                family,
                ctx,
                explain,
                "recipient_in_scope",
                &mut LastSubject::default(),
            );
            add_recipient(&mut recipients, found, &actors);
        }
        // "refused to deploy peacekeepers in Iraq", "threatened to impose
        // a curfew in Algiers", "fired at targets in Jericho": where no one
        // the act falls on is named, the place it is done in is (the PLOVER
        // GSR codes that place's country as the recipient).
        if recipients.iter().all(|r| r.country.is_none()) {
            self.place_aimed_at(doc, v, c, ctx, explain, &mut recipients);
        }
        // The one who must act receives the request; the speaker makes it.
        let (actors, recipients) = match speaker {
            Some(sp) => {
                let by = self.actors(
                    doc,
                    v,
                    std::slice::from_ref(sp),
                    family,
                    ctx,
                    explain,
                    "speaker",
                    &mut LastSubject::default(),
                );
                (by, actors)
            }
            None => (actors, recipients),
        };
        // Ground given up in a clause that hangs on another side's taking
        // it ("Ukrainian troops entered the city after Russian forces
        // withdrew", "… entered the district, handed over by Armenia"):
        // the sentence reports the taking, whose subject is the main
        // clause's; the side that gave the ground up is whom it is taken
        // from (ACLED's actor 1 of a transfer of territory is who gains).
        let (actors, recipients, taken) = match self.taker(doc, v, c, family, ctx, explain) {
            Some(taker) if !taker.is_empty() => {
                let mut from = actors;
                from.extend(recipients);
                (taker, from, true)
            }
            _ => (actors, recipients, false),
        };
        let mut actors = actors;
        if let Some(first) = actors.first() {
            if first.name.is_some() {
                last_subject.set(first.clone());
            }
        }
        actors.dedup_by(|x, y| x.name.is_some() && x.name == y.name);
        (actors, recipients, taken)
    }

    /// Who takes the ground a withdrawal or a handover gives up, when the
    /// trigger's clause is subordinate (an adverbial or participial
    /// clause) to a main clause whose own verb is no act the lexicon
    /// lists ("entered", "took over", "moved into"): that clause's subject.
    fn taker(
        &self,
        doc: &Document,
        v: &SentView,
        c: &Candidate,
        family: Family,
        ctx: &DocContext,
        explain: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Option<Vec<Actor>> {
        if !v.parsed
            || c.nominal
            || c.trig.plover != PloverType::Retreat
            || !c
                .trig
                .modes
                .iter()
                .any(|m| matches!(m.as_str(), "withdraw" | "return"))
        {
            return None;
        }
        let base = |k: usize| {
            v.deprel(k)
                .split(':')
                .next()
                .unwrap_or_default()
                .to_string()
        };
        // (A participle with its agent and no subject of its own, which
        // the parse may join to the main verb as a conjunct: ", handed
        // over by Armenia", is a reduced passive clause as well.)
        let reduced_passive = base(c.start) == "conj"
            && v.children[c.start]
                .iter()
                .all(|&k| !v.deprel(k).starts_with("nsubj"))
            && v.children[c.start]
                .iter()
                .any(|&k| v.deprel(k) == "obl:agent");
        if !(matches!(base(c.start).as_str(), "advcl" | "acl") || reduced_passive) {
            return None;
        }
        let mut cur = c.start;
        for _ in 0..3 {
            let h = v.head(cur)?;
            if v.upos(h) == "VERB" {
                if !LEXICON.at(&v.lower, h).is_empty() {
                    return None;
                }
                let subj = v.children[h]
                    .iter()
                    .copied()
                    .find(|&k| v.deprel(k) == "nsubj" && !matches!(v.upos(k), "PRON" | "NUM"))?;
                let arg = args::arg(
                    v,
                    subj,
                    format!("nsubj({}) taking the ground", v.toks[h].text),
                );
                return Some(self.actors(
                    doc,
                    v,
                    std::slice::from_ref(&arg),
                    family,
                    ctx,
                    explain,
                    "taker",
                    &mut LastSubject::default(),
                ));
            }
            if !matches!(base(h).as_str(), "obj" | "obl" | "nmod") {
                return None;
            }
            cur = h;
        }
        None
    }

    /// The place an act is aimed at when it names no one: a place in
    /// (or into) which the act an offer, threat or refusal announces is
    /// to be done ("to deploy peacekeepers in Iraq"), or where the
    /// unnamed thing it falls on stands ("targets in Jericho"). The
    /// trigger's own place is where it happened, not its recipient ("was
    /// attacked in Kabul"), and is left to `placing`. A thing placed
    /// takes the place's country; an announced act gains the place as
    /// its recipient.
    #[allow(clippy::too_many_arguments)]
    fn place_aimed_at(
        &self,
        doc: &Document,
        v: &SentView,
        c: &Candidate,
        ctx: &DocContext,
        explain: &mut serde_json::Map<String, serde_json::Value>,
        recipients: &mut Vec<Actor>,
    ) {
        if !v.parsed {
            return;
        }
        let located = |h: usize| -> Vec<usize> {
            v.children[h]
                .iter()
                .copied()
                .filter(|&k| {
                    matches!(v.deprel(k).split(':').next(), Some("obl" | "nmod"))
                        && v.upos(k) == "PROPN"
                        && matches!(v.case_of(k).as_deref(), Some("in" | "into"))
                })
                .collect()
        };
        let phrase_of = |k: usize| {
            let (from, to) = v.core_phrase(k);
            let (s, e) = v.byte_span(from, to);
            clean_phrase(&doc.text[s..e])
        };
        let country_of = |k: usize| -> Option<(String, String)> {
            let text = phrase_of(k);
            let place = self.place_of(&text, ctx)?;
            Some((text, place.value.country?))
        };
        // The unnamed thing the act falls on, where it stands. (Its phrase
        // is found again by its words: the recipient may come from an
        // argument's own dependents, "fired shells at targets".)
        for r in recipients
            .iter_mut()
            .filter(|r| r.country.is_none() && r.name.is_none() && !r.text.is_empty())
        {
            let heads = (0..v.len()).filter(|&h| v.upos(h) == "NOUN" && phrase_of(h) == r.text);
            if let Some((h, (text, country))) = heads
                .flat_map(|h| located(h).into_iter().map(move |k| (h, k)))
                .find_map(|(h, k)| country_of(k).map(|x| (h, x)))
            {
                if self.options.explain {
                    explain.insert(
                        "recipient_place".into(),
                        json!({"text": text, "path": format!("nmod:in({})", v.toks[h].text), "country": country}),
                    );
                }
                r.country = Some(country);
                return;
            }
        }
        // The act announced: its own place, or its object's.
        if c.nominal {
            return;
        }
        let Some(comp) = v.deps(c.start, "xcomp").find(|&x| v.upos(x) == "VERB") else {
            return;
        };
        let heads = std::iter::once(comp).chain(v.deps(comp, "obj"));
        let found = heads
            .flat_map(located)
            .find_map(|k| country_of(k).map(|x| (k, x)));
        if let Some((k, (text, country))) = found {
            if self.options.explain {
                explain.insert(
                    "recipient_place".into(),
                    json!({"text": text, "path": format!("{}({})", v.deprel(k), v.toks[v.head(k).unwrap_or(k)].text), "country": country}),
                );
            }
            recipients.retain(|x| x.country.is_some() || x.name.is_some());
            recipients.push(Actor {
                text,
                country: Some(country),
                ..Default::default()
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn actors(
        &self,
        doc: &Document,
        v: &SentView,
        args: &[Arg],
        family: Family,
        ctx: &DocContext,
        explain: &mut serde_json::Map<String, serde_json::Value>,
        role: &str,
        last_subject: &mut LastSubject<'_>,
    ) -> Vec<Actor> {
        let mut out = Vec::new();
        let mut trace = Vec::new();
        // Which of `out` only a bare role word and the story's country gave.
        let mut guessed: Vec<usize> = Vec::new();
        for a in args {
            // "Russian missiles and drones": a means conjoined to another
            // shares its owner, so the phrase read is the first conjunct's.
            let first_conjunct = (v.deprel(a.head) == "conj"
                && instruments::is_means(&v.lower[a.head]))
            .then(|| v.head(a.head))
            .flatten()
            .filter(|&p| instruments::is_means(&v.lower[p]) && p < a.head)
            .map(|p| {
                let mut c = args::arg(v, p, format!("first conjunct of {}", a.path));
                c.to = c.to.min(a.head);
                c
            });
            let a = first_conjunct.as_ref().unwrap_or(a);
            let (s, e) = v.byte_span(a.from, a.to);
            let text = clean_phrase(&doc.text[s..e]);
            if text.is_empty() {
                continue;
            }
            let lower = text.to_lowercase();
            // "US$ 20,000 bail", "a ransom of €5,000": a sum of money is
            // no party to an act, whatever country its currency names.
            if instruments::is_money(&v.toks[a.head].text) {
                trace.push(
                    json!({"text": text, "path": a.path, "kb": null, "dropped": "a sum of money"}),
                );
                continue;
            }
            // "A roadside bomb", "tear gas": the means of an act is neither
            // side of it — unless a name in the phrase says whose it is
            // ("an Israeli drone", "a Taliban-planted bomb").
            // ("a series of bombs": the means behind a measure word.)
            let means = instruments::is_means(&v.lower[a.head])
                || (instruments::MEASURES.contains(&v.lower[a.head].as_str())
                    && v.children[a.head].iter().any(|&c| {
                        v.case_of(c).as_deref() == Some("of") && instruments::is_means(&v.lower[c])
                    }));
            // (The sentence's first word is capitalised anyway: there a
            // nationality the knowledge base knows says whose it is —
            // "Russian missiles and drones struck Kyiv".)
            let nationality = |j: usize| {
                j == 0
                    && v.upos(j) == "ADJ"
                    && v.capitalised(j)
                    && self
                        .resolver
                        .actor(&v.toks[j].text, family, ctx)
                        .is_some_and(|r| r.value.country.is_some())
            };
            // ("military aircraft", "army artillery": a role word says
            // whose it is as a name does.)
            let owner_role = |j: usize| {
                matches!(v.upos(j), "ADJ" | "NOUN") && !roles::sectors(&v.lower[j]).is_empty()
            };
            // A name says whose the means are when the knowledge base
            // knows it, alone or with the capitalised words around it
            // ("Hamas rockets", "Islamic State drones"); a model's name
            // does not ("Shahed drones", "Grad rockets").
            let known_name = |j: usize| {
                let (mut lo, mut hi) = (j, j + 1);
                while lo > a.from && v.capitalised(lo - 1) {
                    lo -= 1;
                }
                while hi < a.to && hi != a.head && v.capitalised(hi) {
                    hi += 1;
                }
                let (s, e) = v.byte_span(lo, hi);
                [v.toks[j].text.as_str(), &doc.text[s..e]]
                    .iter()
                    .any(|t| self.actor_of(t, family, ctx).is_some())
            };
            // A possessive owner the knowledge base knows says whose they
            // are too ("the Zionist enemy's drones"), as it does for
            // hardware (`phrase_candidates`).
            let owned = || {
                possessive_owner(v, &doc.text, a.from, a.to)
                    .is_some_and(|(owner, _)| self.actor_of(&owner, family, ctx).is_some())
            };
            if means
                && !owned()
                && !(a.from..a.to).any(|j| {
                    // ("an IED explosion": a weapon's acronym is no name.)
                    j != a.head
                        && !instruments::is_means(&v.lower[j])
                        && (((v.upos(j) == "PROPN" || (j > 0 && v.capitalised(j)))
                            && known_name(j))
                            || nationality(j)
                            || owner_role(j))
                })
            {
                trace.push(
                    json!({"text": text, "path": a.path, "kb": null, "dropped": "an instrument"}),
                );
                // "a bomb planted by Taliban": whoever placed or fired the
                // means acts.
                if role == "actor" {
                    let by: Vec<Arg> = v.children[a.head]
                        .iter()
                        .filter(|&&c| v.deprel(c).starts_with("acl"))
                        .flat_map(|&c| v.children[c].iter().copied())
                        .filter(|&g| v.case_of(g).as_deref() == Some("by"))
                        .map(|g| args::arg(v, g, format!("obl:by in {}", a.path)))
                        .collect();
                    if !by.is_empty() {
                        out.extend(self.actors(
                            doc,
                            v,
                            &by,
                            family,
                            ctx,
                            explain,
                            "actor_of_means",
                            &mut LastSubject::default(),
                        ));
                    } else if let Some(owner) = self.owner_before(doc, v, a.from, family, ctx) {
                        // "…said al-Shabaab mortar rounds landed": the
                        // parse cut the owner's name off the means.
                        trace.push(json!({"text": owner.text, "path": format!("name before {}", a.path), "kb": owner.name}));
                        out.push(owner);
                    }
                }
                continue;
            }
            // "on Syria", "at the border": a place, not a recipient.
            if role == "recipient"
                && (a.path.contains(":on(") || a.path.contains(":at(") || a.path.contains(":in("))
                && self.place_of(strip_article(&text), ctx).is_some()
            {
                continue;
            }
            // "the group", "the faction": a bare description names no one
            // the knowledge base can know.
            if is_generic(&lower) {
                // …unless what follows says who: "a group of Moroccan
                // diplomats".
                let (s, e) = v.byte_span(v.subtree(a.head).0, v.subtree(a.head).1);
                if let Some(c) = roles::compose(self.resolver, &clean_phrase(&doc.text[s..e])) {
                    trace.push(json!({"text": text, "path": a.path, "kb": "composed from the phrase's subtree"}));
                    out.extend(c.into_iter().map(|mut x| {
                        x.text = text.clone();
                        x
                    }));
                    continue;
                }
                out.push(Actor {
                    text,
                    ..Default::default()
                });
                continue;
            }
            // "It was agreed": an expletive, not a reference.
            let expletive = text == "It"
                && a.head == 0
                && v.lower
                    .get(a.head + 1)
                    .is_some_and(|w| matches!(w.as_str(), "was" | "is" | "has" | "had"));
            if expletive {
                continue;
            }
            // A phrase an actor's possessive opens ("their fighters", "its
            // forces"), and the text of the subject of the verb its clause
            // hangs on, whom the possessive stands for.
            let owned = ["their ", "its ", "his ", "her "]
                .iter()
                .filter(|_| role == "actor")
                .find_map(|p| lower.strip_prefix(p).map(|rest| (*p, rest)));
            let owner_text = || {
                args::governing_subject(v, a.head).map(|ant| {
                    let (s, e) = v.byte_span(ant.from, ant.to);
                    clean_phrase(&doc.text[s..e])
                })
            };
            // "The Taliban said their fighters had captured …": a named
            // group's own fighters are the group (ACLED names the group,
            // not its men), as the subject of the reporting verb says.
            let owned_men = owned.is_some_and(|(p, rest)| {
                matches!(p, "their " | "its ") && naming::GROUP_MEMBERS.contains(&rest)
            });
            if owned_men {
                let owner = owner_text().and_then(|ant_text| {
                    self.actor_by_name(&ant_text, family, ctx)
                        .filter(|r| r.value.name.is_some())
                });
                if let Some(r) = owner {
                    trace.push(json!({"text": text, "path": a.path, "kb": r.matched, "via": "the group named as the governing subject"}));
                    out.push(Actor { text, ..r.value });
                    continue;
                }
            }
            // "Bosnian Serbs said … their forces had completed their
            // withdrawal": a role owned by a pronoun is the antecedent's.
            // (As a recipient, "its troops" are mostly the actor's own,
            // withdrawn or deployed, not whom the act is aimed at.)
            let owned_role = owned
                .map(|(_, rest)| roles::sectors(rest))
                .filter(|s| !s.is_empty());
            if let Some(sectors) = owned_role {
                let country = owner_text().and_then(|ant_text| {
                    self.actor_of(&ant_text, family, ctx)
                        .and_then(|r| r.value.country)
                        .or_else(|| {
                            self.resolver
                                .document_context(&ant_text)
                                .main_country()
                                .map(str::to_string)
                        })
                });
                if let Some(country) = country {
                    trace.push(json!({"text": text, "path": a.path, "kb": "role owned by the governing subject", "country": country}));
                    out.push(Actor {
                        text,
                        country: Some(country),
                        sector: sectors,
                        ..Default::default()
                    });
                    continue;
                }
            }
            if crate::select::STANDS_FOR_SUBJECT.contains(&lower.as_str()) {
                if let Some(ant) = args::governing_subject(v, a.head) {
                    let found = self.actors(
                        doc,
                        v,
                        std::slice::from_ref(&ant),
                        family,
                        ctx,
                        explain,
                        role,
                        &mut LastSubject::default(),
                    );
                    if !found.is_empty() {
                        trace.push(json!({"text": text, "path": a.path, "kb": "pronoun: the subject of the governing verb", "antecedent": ant.path}));
                        out.extend(found);
                        continue;
                    }
                }
                if let Some(prev) = last_subject.get(self, doc, ctx) {
                    let mut actor = prev.clone();
                    actor.text = text.clone();
                    trace.push(json!({"text": text, "path": a.path, "kb": "pronoun: the last named subject"}));
                    out.push(actor);
                }
                continue;
            }
            // Try the phrase, then each part of its whole subtree: "targets
            // loyal to the Iranian Revolutionary Guards" resolves through its
            // last words.
            // (Not its relative clause: "the drones that had been harassed
            // by Russian aircraft" are not Russian; whoever the clause
            // names takes part in another act. Nor a clause whose verb is
            // an act the lexicon lists — the parse hanging the event on its
            // subject, "Tens of thousands of people protested … against the
            // military coup", or the people of the event another act
            // befalls, "tear gas at teachers protesting outside Congress":
            // the act's words are not who they are. A clause of no act
            // stays: "fighters belonging to al-Shabaab".)
            // (Nor a conjunct that is a name, a participant of its own:
            // "fighting between the army and the RSF" — the army is not the
            // RSF. A common noun's conjunct may carry what both share:
            // "inspectors and aid workers from Iraq".)
            let (sub_from, mut sub_to) = v.subtree(a.head);
            if let Some(&r) = v.children[a.head].iter().find(|&&c| {
                c > a.head
                    && (v.deprel(c) == "acl:relcl"
                        || (v.deprel(c) == "conj" && v.capitalised(c))
                        || (v.deprel(c) == "acl" && !LEXICON.at(&v.lower, c).is_empty()))
            }) {
                sub_to = sub_to.min(v.subtree(r).0).max(a.to);
            }
            let candidates = phrase_candidates(doc, v, a.from, a.to, sub_from, sub_to);
            let mut resolved = None;
            // A bare role word resolved from the story's country ("soldier"
            // in a story about Iraq) is a guess: any name or demonym in the
            // phrase itself ("one U.S. soldier") outranks it.
            let mut guess = None;
            for cand in &candidates {
                if let Some(r) = self.actor_of(cand, family, ctx) {
                    if r.matched.starts_with("agent+context") {
                        guess.get_or_insert((cand.clone(), r));
                        continue;
                    }
                    resolved = Some((cand.clone(), r));
                    break;
                }
            }
            // A place further down the subtree stands for no state when the
            // phrase's own words name no one: "the budget proposal in
            // Washington" is a proposal of the United States' (its country
            // stays, as PLOVER codes it), not the US government. (Role words
            // keep their place: "opposition groups in Zimbabwe", below.)
            let thing_placed = resolved.as_ref().is_some_and(|(cand, r)| {
                r.matched.starts_with("metonym:")
                    && !text.contains(cand.as_str())
                    && roles::sectors(&lower).is_empty()
                    && !text.chars().any(char::is_uppercase)
                    && {
                        // (…nor anywhere in its subtree: "the positions of
                        // the Kenyan troops" are the troops'.)
                        let (s, e) = v.byte_span(sub_from, sub_to);
                        roles::sectors(&doc.text[s..e].to_lowercase()).is_empty()
                    }
            });
            // "Gunmen in Mexico", "unknown assailants in Burkina Faso":
            // armed men no one identified, placed by the place below them,
            // are an unidentified armed group of that country, not its
            // state (named once the event is placed).
            let anonymous_placed = resolved.as_ref().is_some_and(|(cand, r)| {
                r.matched.starts_with("metonym:")
                    && !text.contains(cand.as_str())
                    && naming::anonymous(&lower)
            });
            // "killed four Syrians", "detained 20 Palestinians": a nationality
            // in the plural (or with "a"), as the one an act befalls, names people of
            // the country, not its state (ACLED: "Civilians (Syria)"). As
            // the one acting ("the Russians shelled the town") it is the
            // state's, as war reporting uses it. A country whose own name
            // is plural ("the Philippines") is no nationality.
            let people_of_country = role.starts_with("recipient")
                && resolved.as_ref().is_some_and(|(cand, r)| {
                    let head = &v.lower[a.head];
                    // The nationality is the phrase's head ("four Syrians"),
                    // not a word below it ("the positions of the Kenyan
                    // troops" are the troops').
                    // One person is one by the indefinite article ("a
                    // 17-year-old Palestinian").
                    let plural = matches!(v.toks[a.head].xpos.as_str(), "NNS" | "NNPS")
                        && head.ends_with('s');
                    let one_person = v
                        .deps(a.head, "det")
                        .any(|k| matches!(v.lower[k].as_str(), "a" | "an"));
                    r.matched.starts_with("metonym:")
                        && cand.to_lowercase().split_whitespace().last() == Some(head.as_str())
                        && (plural || one_person)
                        && roles::sectors(&lower).is_empty()
                        && r.value.country.as_deref().is_some_and(|iso3| {
                            self.resolver.country(iso3, ctx).is_none_or(|p| {
                                p.name.as_deref().is_none_or(|n| {
                                    n.to_lowercase().split_whitespace().last()
                                        != Some(head.as_str())
                                })
                            })
                        })
                });
            // A capital standing for its state ("Paris said") is no such
            // thing when the entity tagger read the word as a person ("Paris
            // claims she was sent to the ship", Valeska Paris named before).
            if resolved.as_ref().is_some_and(|(_, r)| {
                r.matched.starts_with("metonym:") && v.toks[a.head].ner.ends_with("-PER")
            }) {
                resolved = None;
            }
            // "Opposition groups in Zimbabwe": a country named inside the
            // phrase locates people its role word names; they are not that
            // country's state.
            if resolved.as_ref().is_some_and(|(cand, r)| {
                r.matched.starts_with("metonym:")
                    && strip_article(cand) != strip_article(&text)
                    && !roles::sectors(&lower).is_empty()
            }) {
                let (s, e) = v.byte_span(sub_from, sub_to);
                if let Some(c) = roles::compose(self.resolver, &clean_phrase(&doc.text[s..e])) {
                    trace.push(json!({"text": text, "path": a.path, "kb": "composed: a country inside the phrase + role", "countries": c.iter().filter_map(|x| x.country.clone()).collect::<Vec<_>>()}));
                    out.extend(c.into_iter().map(|mut x| {
                        x.text = text.clone();
                        x
                    }));
                    continue;
                }
                // The phrase's own context may count no country for a
                // capital ("Farmers in Brussels"): the place the phrase
                // resolved through says it.
                if let Some((_, r)) = resolved.as_ref().filter(|(_, r)| r.value.country.is_some()) {
                    trace.push(json!({"text": text, "path": a.path, "kb": "composed: a place inside the phrase + role", "countries": [r.value.country.clone()]}));
                    out.push(Actor {
                        text: text.clone(),
                        country: r.value.country.clone(),
                        sector: roles::sectors(&lower),
                        ..Default::default()
                    });
                    continue;
                }
            }
            let composed = if resolved.is_none() {
                let (s, e) = v.byte_span(sub_from, sub_to);
                // A country found further down the subtree ("suspected
                // separatists on their way to school in Kumba") places the
                // argument; the argument's own words stay its text, with
                // an "of" complement that belongs to the noun phrase ("the
                // governments of South East Asia").
                let whole = clean_phrase(&doc.text[s..e]);
                let own = match whole.strip_prefix(text.as_str()) {
                    Some(rest) if rest.trim_start().starts_with("of ") => whole.clone(),
                    _ => text.clone(),
                };
                // Only the country comes from the subtree: its role words
                // may be another participant's ("Gunmen stormed … killing
                // 40 worshippers" in a broken parse).
                let own_sectors = roles::sectors(&own.to_lowercase());
                roles::compose(self.resolver, &text).or_else(|| {
                    if own_sectors.is_empty() {
                        return None;
                    }
                    roles::compose(self.resolver, &whole).map(|c| {
                        c.into_iter()
                            .map(|x| Actor {
                                text: own.clone(),
                                sector: own_sectors.clone(),
                                ..x
                            })
                            .collect()
                    })
                })
            } else {
                None
            };
            // The parse cut the phrase short ("President Vojislav Kostunica"
            // without its "Serbian", "tanks" without "Israeli helicopters
            // and"): the noun phrase as the words run.
            let composed = composed.or_else(|| {
                if resolved.is_some() {
                    return None;
                }
                noun_run_words(v, &doc.text, a.from, a.to)
                    .and_then(|run| roles::compose(self.resolver, &clean_phrase(&run)))
            });
            // The parse cut a name from its head noun ("Rapid Support
            // Forces fighters" read as "Forces" and "fighters"): the noun
            // phrase as the words run names the group the argument's own
            // words do not. (Not a place standing for its state: "Kabul
            // residents" are no government.)
            // (Tried before a composition from the role word too: "Syrian
            // Democratic Forces fighters" would otherwise be Syria's
            // forces.)
            let mut named_by_run = false;
            if resolved.is_none() {
                // (Capitalised words before the head are a name's whatever
                // the tagger made of them: "Forces" read as a verb. The
                // knowledge base, not the tag, says whether they name one.)
                let mut from = a.from;
                while from > 0
                    && v.capitalised(from - 1)
                    && v.toks[from - 1]
                        .text
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '-')
                {
                    from -= 1;
                }
                let to = a.to;
                if from != a.from {
                    let (s, e) = v.byte_span(from, to);
                    let run = clean_phrase(&doc.text[s..e]);
                    let found = self.actor_by_name(&run, family, ctx);
                    // (Only a name the lists hold outranks a role composed:
                    // not "Paris the Foreign Secretary" read as France's.)
                    named_by_run = found.as_ref().is_some_and(|r| {
                        ["alias:", "name+head:", "inner:"]
                            .iter()
                            .any(|k| r.matched.starts_with(k))
                    });
                    if composed.is_none() || named_by_run {
                        resolved = found.map(|r| (run, r));
                    }
                }
            }
            let composed = composed.filter(|_| !named_by_run);
            if composed.is_none() {
                resolved = resolved.or(guess);
            }
            // "former president Carlos Menem", "fundamentalist demonstrators"
            // in a story that names one country only: a coder reads the
            // role as that country's.
            let composed = composed.or_else(|| {
                if resolved.is_some() || ctx.countries.len() != 1 {
                    return None;
                }
                let sectors = roles::sectors(&lower);
                (!sectors.is_empty()).then(|| {
                    vec![Actor {
                        text: text.clone(),
                        country: ctx.main_country().map(str::to_string),
                        sector: sectors,
                        ..Default::default()
                    }]
                })
            });
            // A verb only people undergo (killed, abducted, arrested,
            // tortured) says its counted object is people whatever the
            // noun (`counted_people`). People an act of force befalls whom
            // the agent table files under an unarmed trade ("three
            // nurses", "pilgrims") are civilians (the codebook's
            // civilians: unarmed, whatever their trade). A noun the table
            // does not know says nothing (tried: "killing 37 sailors" of
            // a warship became civilians, "killing all seven astronauts"
            // in a shuttle's loss an attack on them). "Five people",
            // "others" say nothing of who they are either.
            let counted = role != "actor" && counted_people(v, a);
            let generic = matches!(
                v.lower[a.head].as_str(),
                "people" | "persons" | "person" | "others" | "individuals"
            );
            let harmed_unarmed = counted
                && !generic
                && roles::sectors(&lower).is_empty()
                && self
                    .resolver
                    .agent_sector(&text)
                    .is_some_and(|s| roles::unarmed_sector(&s));
            match resolved {
                Some((cand, r)) => {
                    trace.push(json!({"text": text, "path": a.path, "kb": r.matched, "via": cand, "confidence": r.confidence}));
                    if r.matched.starts_with("agent+context") {
                        guessed.push(out.len());
                    }
                    let mut actor = r.value;
                    actor.text = text;
                    // An anonymous word ("jihadists") the story's country
                    // placed: named once the event's place is known, by
                    // that place's country (`implied::locate_unnamed`).
                    if r.matched.starts_with("agent+context") && naming::anonymous(&lower) {
                        actor.name = None;
                        actor.id = None;
                    }
                    // A government's aircraft, shells or drones are fired
                    // by its armed forces ("regime aircraft dropped",
                    // "government warplanes bombed"): ACLED names the
                    // military, not the government, as the one acting.
                    if (instruments::is_means(&v.lower[a.head]) || roles::names_hardware(&lower))
                        && actor
                            .name
                            .as_deref()
                            .is_some_and(|n| n.starts_with("Government of "))
                    {
                        if let Some(m) = actor.country.as_deref().and_then(|iso3| {
                            naming::generated(self.resolver, ctx, "Military Forces of {}", iso3)
                        }) {
                            actor.name = m.name;
                            actor.id = m.id;
                            actor.sector = m.sector;
                        }
                    }
                    if thing_placed || people_of_country {
                        actor.name = None;
                        actor.id = None;
                        actor.sector.clear();
                    }
                    if people_of_country || (thing_placed && harmed_unarmed) {
                        actor.sector.push("CVL".into());
                    }
                    if anonymous_placed {
                        actor.name = None;
                        actor.id = None;
                        actor.sector = vec!["UAF".into()];
                    }
                    out.push(actor);
                }
                None if composed.is_some() => {
                    // "Radical French farmers", "a group of Moroccan
                    // diplomats": no name the KB lists, but a country and a
                    // role.
                    let composed = composed.unwrap_or_default();
                    trace.push(json!({"text": text, "path": a.path, "kb": "composed: demonym or country + role", "countries": composed.iter().filter_map(|c| c.country.clone()).collect::<Vec<_>>()}));
                    out.extend(composed);
                }
                None => {
                    // An unknown lowercase phrase is a participant only if
                    // it names people ("gunmen", "three soldiers"); "the
                    // breadth", "this assistance" are not actors.
                    // A verb only people undergo (killed, abducted,
                    // arrested, tortured) says its counted object is
                    // people whatever the noun, whichever trigger the
                    // event is read from: "abducted 15 schoolgirls",
                    // "blew himself up …, killing 23 guests". (Only a
                    // counted one: "killed the bill" is no one.)
                    let people = counted
                        || lower
                        .split_whitespace()
                        .any(|w| PEOPLE.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
                        || naming::names_people(&Actor {
                            text: text.clone(),
                            ..Default::default()
                        })
                        // In an act of force, an agent noun of the
                        // knowledge base ("three suspected kidnappers were
                        // arrested"). Only there: the table also lists
                        // bodies and their things ("a website", "airlines"),
                        // which are no one in a meeting or a deal.
                        || (family == Family::Military
                            && !roles::names_hardware(&lower)
                            && self.resolver.agent_sector(&text).is_some())
                        // In an armed act a role word names the side that
                        // acts ("a military aircraft", "army artillery").
                        || (role == "actor"
                            && family == Family::Military
                            && !roles::sectors(&lower).is_empty());
                    // ("Heavy clashes": an adjective's capital that only
                    // starts the sentence names no one.)
                    let named = text
                        .split_whitespace()
                        .any(|w| w.chars().next().is_some_and(char::is_uppercase))
                        && !(a.path.starts_with("amod(") && a.from == 0);
                    trace.push(
                        json!({"text": text, "path": a.path, "kb": null, "kept": people || named, "counted_object_of_people_verb": counted}),
                    );
                    if people || named {
                        out.push(Actor {
                            text,
                            sector: if harmed_unarmed {
                                vec!["CVL".to_string()]
                            } else {
                                Vec::new()
                            },
                            ..Default::default()
                        });
                    }
                }
            }
        }
        if self.options.explain && !trace.is_empty() {
            explain.insert(role.to_string(), serde_json::Value::Array(trace));
        }
        // "Al Shabaab fighters" split by the parse: the role word guessed
        // from the story's country is the named group's, not a second side.
        if !guessed.is_empty() && out.iter().any(|x| x.name.is_some()) && out.len() > guessed.len()
        {
            let mut i = 0;
            out.retain(|_| {
                i += 1;
                !guessed.contains(&(i - 1))
            });
        }
        out
    }

    /// The actor a run of capitalised words just before token `from`
    /// names, when the knowledge base knows it by name (not by a role
    /// word and the story's country, nor a place standing for its state).
    fn owner_before(
        &self,
        doc: &Document,
        v: &SentView,
        from: usize,
        family: Family,
        ctx: &DocContext,
    ) -> Option<Actor> {
        let mut j = from;
        while j > 0 {
            let t = &v.toks[j - 1].text;
            let joins = t == "-" && j >= 2 && j - 1 < from && v.capitalised(j - 2);
            if !(v.capitalised(j - 1) || joins) {
                break;
            }
            j -= 1;
        }
        if j == from {
            return None;
        }
        let (s, e) = v.byte_span(j, from);
        let run = clean_phrase(&doc.text[s..e]);
        let mut actor = self.actor_by_name(&run, family, ctx)?.value;
        actor.name.as_ref()?;
        actor.text = run;
        Some(actor)
    }

    /// Remembers the named subject of the sentence's main verb so that a
    /// later "he", "it" or a quoted "I" can stand for it.
    pub(super) fn track_subject(
        &self,
        doc: &Document,
        v: &SentView,
        ctx: &DocContext,
        last: &mut LastSubject<'_>,
    ) {
        if let Some(actor) = self.subject(doc, v, ctx) {
            last.set(actor);
        }
    }

    /// The named subject of the sentence's main verb (of its reporting
    /// verb, when it has one), as an actor.
    pub(super) fn subject(&self, doc: &Document, v: &SentView, ctx: &DocContext) -> Option<Actor> {
        if !v.parsed {
            return None;
        }
        let root = (0..v.len()).find(|&i| v.toks[i].head == 0)?;
        // The subject of a reporting verb, else of the main verb.
        let reporting =
            (0..v.len()).find(|&i| REPORTING.contains(&v.lower[i].as_str()) && v.upos(i) == "VERB");
        let subj = reporting
            .and_then(|r| {
                v.children[r]
                    .iter()
                    .copied()
                    .find(|&c| v.deprel(c).starts_with("nsubj"))
            })
            .or_else(|| {
                v.children[root]
                    .iter()
                    .copied()
                    .find(|&c| v.deprel(c).starts_with("nsubj"))
            });
        let subj = subj?;
        if matches!(
            v.lower[subj].as_str(),
            "he" | "she" | "it" | "they" | "i" | "we" | "who" | "that" | "which"
        ) {
            return None;
        }
        let (from, to) = v.core_phrase(subj);
        let (s, e) = v.byte_span(from, to);
        let text = clean_phrase(&doc.text[s..e]);
        let mut a = self.actor_of(&text, Family::Political, ctx)?.value;
        a.text = text;
        Some(a)
    }
}

/// Whether a phrase opens with a possessive determiner ("its officer",
/// "their commander"): its people belong to someone named elsewhere.
fn possessed(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(first.as_str(), "its" | "their" | "his" | "her")
}

/// Adds the first of `found` that has a country and is not one of the
/// `actors` as a recipient, dropping the recipients that resolved to
/// nothing: a late search for whom an act is aimed at replaces empty guesses.
fn add_recipient(recipients: &mut Vec<Actor>, found: Vec<Actor>, actors: &[Actor]) {
    let own: Vec<Option<String>> = actors.iter().map(|x| x.name.clone()).collect();
    if let Some(r) = found
        .into_iter()
        .find(|r| r.country.is_some() && (r.name.is_none() || !own.contains(&r.name)))
    {
        recipients.retain(|x| x.country.is_some() || x.name.is_some());
        recipients.push(r);
    }
}

/// Triggers whose object can only be people: killing, and the PLOVER
/// modes of abduction, arrest and bodily assault.
fn takes_people(t: &crate::lexicon::Trigger) -> bool {
    t.kill
        || t.modes.iter().any(|m| {
            matches!(
                m.as_str(),
                "abduct" | "arrest" | "torture" | "beat" | "sexual" | "assassinate"
            )
        })
}

/// A phrase with a number on its head noun ("15 schoolgirls", "three
/// poachers") that is no weapon, vehicle or sum ("two tanks", "24
/// drones"), undergoing a verb only people undergo: its object, or the
/// subject of its passive.
fn counted_people(v: &SentView, x: &Arg) -> bool {
    let head = x.head;
    let of_people_verb = matches!(v.deprel(head), "obj" | "nsubj:pass")
        && v.head(head).is_some_and(|h| {
            LEXICON
                .at(&v.lower, h)
                .iter()
                .any(|hit| takes_people(&LEXICON.triggers[hit.trigger]))
        });
    of_people_verb
        && v.upos(head) == "NOUN"
        && v.deps(head, "nummod").next().is_some()
        && !instruments::is_means(&v.lower[head])
        && !instruments::is_money(&v.toks[head].text)
        && !roles::names_hardware(&v.lower[head])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same answer as comparing with each head written out bare, after
    /// "the " and after "a ".
    #[test]
    fn generic_heads_as_written_out() {
        let written_out = |lower: &str| {
            GENERIC_HEADS
                .iter()
                .any(|g| lower == format!("the {g}") || lower == format!("a {g}") || lower == *g)
        };
        for text in [
            "the group",
            "a group",
            "group",
            "the the group",
            "a the group",
            "the a group",
            "the groups",
            "an group",
            "the",
            "a ",
            "",
            "the group of men",
            "men",
            "a men",
            "thegroup",
            "the  group",
            "a side",
            "sides",
            "the taliban",
        ] {
            assert_eq!(is_generic(text), written_out(text), "{text:?}");
        }
    }
}
