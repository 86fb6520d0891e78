//! The events component: from an annotated document to its events and
//! aggregates.
//!
//! A sentence takes one path through the modules below, in this order:
//!
//! 1. [`trigger`]: the lexicon words whose part of speech fits, and what
//!    their object makes of them;
//! 2. [`reported`]: whether the trigger reports an event at all (not a
//!    topic, wish, plan, purpose, description or consequence), and how it
//!    is held;
//! 3. [`participants`] and [`placing`]: who did it, to whom, and where;
//! 4. [`attributes`]: when, how many dead and injured, modes, confidence;
//! 5. [`classify`]: the PLOVER and ACLED types.
//!
//! [`implied`] names the participants a report leaves out, as coders do.
//! Per document, [`EventExtractor::extract`] folds repeated mentions of one
//! event into one record (`merge`).

mod attributes;
mod claims;
mod classify;
mod implied;
mod literal;
mod participants;
mod phrases;
mod placing;
mod reported;
mod subject;
mod trigger;

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::json;
use sitrep_core::{
    Actor, Aggregate, Annotated, Count, DatePrecision, DateRange, Document, Event, Place, Plover,
    PloverType, Sentence, Span,
};

use crate::acled;
use crate::args::{self, Args};
use crate::counts;
use crate::genre;
use crate::lexicon::LEXICON;
use crate::linking;
use crate::merge;
use crate::naming;
use crate::resolver::{DocContext, Family, Resolved, Resolver};
use crate::sentence::SentView;
use crate::temporal::{self, TimeMention};
use attributes::SentenceFacts;
use placing::StoryPlaces;
use subject::LastSubject;
pub use subject::{Deferred, ParseLater};
use trigger::Candidate;

type ActorMemo = Option<Resolved<Actor>>;

/// Settings of the events component.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Attach `explain` data (trigger, parse paths, KB matches) to each event.
    pub explain: bool,
}

pub struct EventExtractor<'r> {
    resolver: &'r dyn Resolver,
    options: Options,
    /// Resolutions already made in this document: a story names the same
    /// actors and places again and again, and the answer must not change
    /// between mentions anyway.
    actor_memo: RefCell<HashMap<(String, Family), ActorMemo>>,
    place_memo: RefCell<HashMap<String, Option<Resolved<Place>>>>,
    /// The place phrases of the document being read, for events whose
    /// clause names no place (set by `extract`).
    story: RefCell<StoryPlaces>,
}

/// Events and aggregates of one document.
#[derive(Debug, Default)]
pub struct Found {
    pub events: Vec<Event>,
    pub aggregates: Vec<Aggregate>,
}

impl<'r> EventExtractor<'r> {
    pub fn new(resolver: &'r dyn Resolver, options: Options) -> Self {
        EventExtractor {
            resolver,
            options,
            actor_memo: RefCell::new(HashMap::new()),
            place_memo: RefCell::new(HashMap::new()),
            story: RefCell::new(StoryPlaces::default()),
        }
    }

    /// Resolves an actor phrase once per document: a story names the same
    /// actors again and again, and the answer must not change between
    /// mentions.
    fn actor_of(&self, text: &str, family: Family, ctx: &DocContext) -> Option<Resolved<Actor>> {
        let key = (text.to_string(), family);
        if let Some(hit) = self.actor_memo.borrow().get(&key) {
            return hit.clone();
        }
        let r = self.resolver.actor(text, family, ctx);
        self.actor_memo.borrow_mut().insert(key, r.clone());
        r
    }

    /// [`Self::actor_of`], when the knowledge base knows the actor by its
    /// name: not a role word placed by the story's country
    /// ("agent+context"), nor a place standing for its state ("metonym").
    fn actor_by_name(
        &self,
        text: &str,
        family: Family,
        ctx: &DocContext,
    ) -> Option<Resolved<Actor>> {
        self.actor_of(text, family, ctx).filter(|r| {
            !r.matched.starts_with("agent+context") && !r.matched.starts_with("metonym:")
        })
    }

    /// Resolves a place phrase once per document.
    fn place_of(&self, text: &str, ctx: &DocContext) -> Option<Resolved<Place>> {
        if let Some(hit) = self.place_memo.borrow().get(text) {
            return hit.clone();
        }
        let r = self.resolver.place(text, ctx);
        self.place_memo
            .borrow_mut()
            .insert(text.to_string(), r.clone());
        r
    }

    /// The events and aggregates of one annotated document: each sentence
    /// that mentions a trigger or a count is read ([`Self::sentence`]);
    /// then repeated mentions of one event are folded into one record and
    /// participants the text left unnamed get their ACLED-style names.
    pub fn extract(&self, doc: &Document, ann: &Annotated) -> Found {
        self.extract_parsing_later(doc, ann, None)
    }

    /// [`Self::extract`] of a document some of whose sentences, read only
    /// for their subject, were left unparsed: `deferred` parses one when a
    /// pronoun asks for its subject.
    pub fn extract_parsing_later(
        &self,
        doc: &Document,
        ann: &Annotated,
        deferred: Option<Deferred<'_>>,
    ) -> Found {
        let deferred_at = |i: usize| deferred.is_some_and(|d| d.has(i));
        let published = temporal::published_day(doc.published.as_deref());
        let sports = genre::is_sports_story(&doc.text);
        // Which sentences are read, decided before the story's place
        // context is built: a story with none has no events or aggregates,
        // and its context (a tenth of a run's instructions, over every
        // story) would go unread.
        // A sentence left unparsed is repaired once parsed, if ever (it is
        // never read whole: its words, all that decides that, are the same).
        let repaired: Vec<Option<Sentence>> = (ann.sentences.iter().enumerate())
            .map(|(i, s)| match deferred_at(i) {
                true => None,
                false => crate::reroot::repair(s),
            })
            .collect();
        let sentences: Vec<(SentView, &str, Option<counts::AggregateMention>, bool)> = ann
            .sentences
            .iter()
            .zip(&repaired)
            .enumerate()
            .filter_map(|(si, (sentence, repaired))| {
                let v = SentView::new(si, repaired.as_ref().unwrap_or(sentence));
                if v.is_empty() {
                    return None;
                }
                let stext = doc.text.get(v.start..v.end).unwrap_or_default();
                // In a match report "beat", "rallied" and "attack" are play.
                let play = sports && !genre::violence_evident(&stext.to_lowercase());
                let aggregate = if play { None } else { counts::aggregate(stext) };
                let read = !play && (aggregate.is_some() || LEXICON.mentioned(&v.lower));
                Some((v, stext, aggregate, read))
            })
            .collect();
        // The story's place phrases are read either way: an event the
        // story's words decide, with no clause read, is placed by them.
        self.read_story_places(doc, ann);
        if !sentences.iter().any(|&(.., read)| read) {
            return Found::default();
        }
        let mut ctx = self.resolver.document_context(&doc.text);
        let mut mentions: Vec<merge::Mention> = Vec::new();
        let mut aggregates = Vec::new();
        let mut last_subject = LastSubject::new(deferred.map(|d| d.parse));
        let mut claims: Vec<claims::Claim> = Vec::new();
        for (v, stext, aggregate, read) in sentences {
            if !read {
                // Nothing to report here; its subject is still what "it"
                // or "they" refers to in the sentences after it.
                if deferred_at(v.index) {
                    last_subject.defer(v.index, &ann.sentences[v.index]);
                } else {
                    self.track_subject(doc, &v, &ctx, &mut last_subject);
                }
                continue;
            }
            let times = temporal::find(stext, published);
            if let Some(a) = &aggregate {
                aggregates.push(self.aggregate(doc, &v, stext, a, &times, published, &ctx));
            }
            for head in claims::claimants(&v) {
                let (from, to) = v.core_phrase(head);
                let (s, e) = v.byte_span(from, to);
                let text = phrases::clean_phrase(&doc.text[s..e]);
                if let Some(r) = self.actor_of(&text, Family::Military, &ctx) {
                    let mut claimant = r.value;
                    claimant.text = text;
                    claims.push(claims::Claim {
                        sentence_start: v.start,
                        claimant,
                    });
                }
            }
            let found = self.sentence(
                doc,
                &v,
                stext,
                &times,
                aggregate.as_ref(),
                published,
                &mut ctx,
                &mut last_subject,
            );
            mentions.extend(found);
        }
        // One sense per discourse: violent words are read literally in a
        // story where some violent word's clause shows an act (someone a
        // coder can name, harm, a weapon, a place), and figuratively in
        // one where none does ("under attack" from critics, a team beaten,
        // a plan executed, supernova explosions).
        if !mentions
            .iter()
            .any(|m| m.violent && !m.unattested && m.is_event())
        {
            mentions.retain(|m| !m.unattested);
        }
        merge::unify_aliases(&mut mentions, ctx.main_country());
        let mut events = merge::fold(mentions, &doc.id, self.options.explain);
        for k in claims::attribute(&mut events, &claims) {
            if let Some(serde_json::Value::Object(x)) = events[k].explain.as_mut() {
                x.insert("actor_claimed".into(), json!("no perpetrator named but a claimant: the attack is the claimant's (ACLED's convention)"));
            }
        }
        for e in &mut events {
            for a in e.actors.iter_mut().chain(e.recipients.iter_mut()) {
                naming::name_unnamed(self.resolver, &ctx, a);
            }
            // Two mentions of one side ("a police patrol … two officers")
            // are one participant once named; one phrase read twice (the
            // same words from two mentions of the act) is one participant.
            for side in [&mut e.actors, &mut e.recipients] {
                let mut seen: Vec<(bool, String)> = Vec::new();
                side.retain(|a| {
                    let key = match &a.name {
                        Some(n) => (true, n.clone()),
                        None if !a.text.is_empty() => (false, a.text.to_lowercase()),
                        None => return true,
                    };
                    if seen.contains(&key) {
                        return false;
                    }
                    seen.push(key);
                    true
                });
            }
            merge::drop_self_recipients(e);
        }
        Found { events, aggregates }
    }

    /// The path one sentence takes (see the module's documentation): each
    /// trigger that reports an event becomes a mention, one per place; a
    /// light definite one ("the attack") becomes an anaphor for `merge`;
    /// mentions of one act the parse ties together are joined.
    #[allow(clippy::too_many_arguments)]
    fn sentence(
        &self,
        doc: &Document,
        v: &SentView,
        stext: &str,
        times: &[TimeMention],
        aggregate: Option<&counts::AggregateMention>,
        published: Option<NaiveDate>,
        ctx: &mut DocContext,
        last_subject: &mut LastSubject<'_>,
    ) -> Vec<merge::Mention> {
        let facts = SentenceFacts::read(v, stext, times);
        let mut out = Vec::new();
        // The trigger tokens of each mention in `out` (none for anaphors).
        let mut spans: Vec<Option<(usize, usize)>> = Vec::new();
        let mut covered = vec![false; v.len()];
        // Only the story's first sentence can hold its dateline.
        let dateline_end = if v.start == 0 {
            crate::locate::dateline_end(&doc.text)
        } else {
            None
        };
        self.track_subject(doc, v, ctx, last_subject);
        for i in 0..v.len() {
            let Some(mut c) = trigger::at(v, i, &mut covered, aggregate) else {
                continue;
            };
            let Some(report) = reported::judge(v, &c, &facts.lower, &out) else {
                continue;
            };
            let mut a = args::find_with(
                v,
                c.start,
                c.end,
                c.nominal,
                &facts.time_mask,
                !c.trig.violent,
            );
            if c.trig.territory {
                args::territory_places(v, &mut a);
            }
            // "TAMPA, Fla. - On Jan. 6, forces intercepted …": the
            // dateline says where the story was filed, not who acted.
            if let Some(end) = dateline_end {
                let filed = |x: &args::Arg| v.toks[x.head].start < end;
                a.actors.retain(|x| !filed(x));
                a.recipients.retain(|x| !filed(x));
            }
            // "released on US$ 2,000 bail": a sum is no place.
            a.places
                .retain(|x| !crate::instruments::is_money(&v.toks[x.head].text));
            // "The bus hit an explosive device": what strikes a weapon is
            // hit, not its actor. A weapon that strikes stays, for who
            // planted or fired it ("a bomb planted by the Taliban hit").
            if c.trig.struck {
                let (weapons, struck): (Vec<_>, Vec<_>) = std::mem::take(&mut a.actors)
                    .into_iter()
                    .partition(|x| crate::instruments::is_means(&v.lower[x.head]));
                a.actors = weapons;
                a.recipients.extend(struck);
            }
            if c.trig.defend {
                let is_attack = |h: usize| {
                    LEXICON.any_at(&v.lower, h, |t| {
                        t.pos == crate::lexicon::TriggerPos::Noun
                            && t.plover == sitrep_core::PloverType::Assault
                    })
                };
                args::defended_attack(v, &mut a, is_attack);
            }
            // "…said that the government and the rebels must reach an
            // agreement": the same request, carried by a support verb.
            let speaker = report.speaker.clone().or_else(|| {
                a.support
                    .filter(|_| c.nominal && !c.trig.violent)
                    .and_then(|s| reported::obligation_speaker(v, s))
            });
            classify::by_support_verb(v, &mut c, &a);
            if reported::is_anaphor(v, &c, &a, facts.fatal.as_ref(), &facts.time_mask) {
                spans.push(None);
                out.push(self.anaphor(doc, v, &c, &a, ctx));
                continue;
            }
            let mut explain = serde_json::Map::new();
            let (actors, mut recipients, taken) = self.participants(
                doc,
                v,
                &c,
                &a,
                &report,
                speaker.as_ref(),
                &facts.time_mask,
                ctx,
                &mut explain,
                last_subject,
            );
            if !reported::has_participants(&c, &a, &actors, &recipients) {
                continue;
            }
            let places = self.places(v, doc, &a.places, ctx, &mut explain);
            // A violent word whose clause names no one a coder could code,
            // no harm, weapon or place may be a figure of speech: the
            // story decides (`extract`).
            let unattested = c.trig.violent
                && match literal::evidence(v, &c, &facts.lower, &actors, &recipients, &places) {
                    Some(why) => {
                        if self.options.explain {
                            explain.insert("violence_evident".into(), json!(why));
                        }
                        false
                    }
                    None => true,
                };
            // The base set up is what was done, not who it was done to.
            if c.trig.base {
                recipients.retain(|r| {
                    !r.text
                        .to_lowercase()
                        .split_whitespace()
                        .any(|w| trigger::BASES.contains(&w))
                });
            }
            // The curfew a verb lifts is what is eased, not whom.
            if let Some(eased) = &c.eased {
                let words = &doc.text[v.toks[eased.start].start..v.toks[eased.end - 1].end];
                recipients.retain(|r| !words.contains(r.text.as_str()));
            }
            // The place taken is where it happened, not who suffered it.
            if c.trig.territory {
                recipients.retain(|r| {
                    !places
                        .iter()
                        .any(|p| phrases::strip_article(&r.text) == p.text)
                });
            }
            let date = attributes::date(v, times, &c, &a, report.modality, published);
            if reported::is_pattern(&c, date.as_ref()) {
                continue;
            }
            let prefix = c.prefix(&facts.lower);
            classify::exercises_with_others(self.resolver, &mut c, prefix, &actors);
            classify::capture_of_people(
                &mut c,
                taken,
                facts.fatal.is_some(),
                &places,
                &actors,
                &recipients,
            );
            let mut modes = attributes::modes(&c, &facts.lower);
            let (fatalities, injured) = facts.counts(&c);
            let modality = facts.modality(report.modality);
            let plover = classify::plover_type(&c, modality, &facts.lower, speaker.is_some());
            let sub = classify::acled_type(
                &c,
                plover,
                &mut modes,
                &facts.lower,
                &actors,
                &recipients,
                classify::Harm {
                    fatalities: fatalities.is_some(),
                    property_only: classify::property_only(v, &a.recipients, &recipients),
                },
            );
            if self.options.explain {
                explain_decisions(&mut explain, doc, v, &c, &a, sub, date.as_ref(), published);
            }
            // Ground taken that another side gave up: the actor is the
            // side taking it, so in PLOVER the act is the taking, CAMEO's
            // "occupy territory" (192 → COERCE, seize), not the
            // withdrawal its trigger word names (ACLED's type is the
            // transfer either way).
            let (plover, modes, cameo) = if taken {
                (
                    PloverType::Coerce,
                    vec!["seize".to_string()],
                    "192".to_string(),
                )
            } else {
                (plover, modes, c.trig.cameo.clone())
            };
            let base = Event {
                id: String::new(),
                plover: Plover {
                    event: plover,
                    mode: modes,
                    context: Vec::new(),
                },
                acled: sub.and_then(|(s, _)| acled::acled(s)),
                cameo: Some(cameo),
                actors,
                recipients,
                location: None,
                date,
                fatalities,
                fatalities_coded: None,
                injured,
                modality,
                attribution: facts.attribution.clone(),
                evidence: vec![sentence_span(doc, v)],
                trigger: Some(Span {
                    text: doc.text[c.t_start..c.t_end].to_string(),
                    start: c.t_start,
                    end: c.t_end,
                }),
                confidence: 0.0,
                cluster: None,
                explain: None,
            };
            for place in self.event_places(v, doc, places, ctx) {
                let mut e = base.clone();
                e.location = place;
                let placed_roles = implied::locate_unnamed(&mut e);
                let implied_recipient = implied::implicit_target(&mut e);
                let implied_actor = implied::unidentified_attacker(&mut e);
                let implied_arrestor = implied::unnamed_arrestor(&mut e);
                e.confidence = attributes::confidence(&e, v.parsed);
                if self.options.explain {
                    // Participants the text does not name say why they are there.
                    let mut x = explain.clone();
                    if implied_actor {
                        x.insert("actor_implied".into(), json!("no attacker named: an unidentified armed group of the named place's country (ACLED's convention)"));
                    }
                    if implied_arrestor {
                        x.insert("actor_implied".into(), json!("no one named for the arrest: the police of the named place's country (ACLED's convention: arrests are made by a state)"));
                    }
                    if placed_roles {
                        x.insert("roles_placed".into(), json!("people named only by their role are of the country the event took place in (ACLED's convention)"));
                    }
                    if implied_recipient {
                        x.insert("recipient_implied".into(), json!("no recipient named: those where it happened, or the authorities a protest is against (PLOVER manual 3.12)"));
                    }
                    e.explain = Some(serde_json::Value::Object(x));
                }
                let mut m = merge::Mention::event(
                    v.index,
                    c.trig.violent,
                    main_clause(v, a.support.unwrap_or(c.start)),
                    e,
                );
                m.unattested = unattested;
                out.push(m);
                spans.push(Some((c.start, c.end)));
            }
        }
        let (out, spans) = drop_circumstances(v, out, spans);
        join_linked(v, out, &spans)
    }

    /// A mention of an event already reported ("the strike"), for `merge`
    /// to join to it.
    fn anaphor(
        &self,
        doc: &Document,
        v: &SentView,
        c: &Candidate,
        a: &Args,
        ctx: &DocContext,
    ) -> merge::Mention {
        let (start, end) = clause_span(v, c.start);
        merge::Mention::anaphor(
            v.index,
            c.trig.plover,
            Span {
                text: clause_text(doc, v, c.start),
                start,
                end,
            },
            c.t_start,
            c.t_end,
            self.place_hint(v, a, ctx),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn aggregate(
        &self,
        doc: &Document,
        v: &SentView,
        stext: &str,
        a: &counts::AggregateMention,
        times: &[TimeMention],
        published: Option<NaiveDate>,
        ctx: &DocContext,
    ) -> Aggregate {
        let noun = a.noun.to_lowercase();
        let singular = noun.trim_end_matches('s');
        let plover = LEXICON
            .triggers
            .iter()
            .find(|t| t.lemma == singular || t.lemma == noun)
            .map_or(PloverType::Assault, |t| t.plover);
        // "Since the middle of the three-month period": an opening phrase
        // the date patterns do not read is a period up to publication.
        let period = times.first().map(|t| t.range.clone()).or_else(|| {
            let l = stext.to_lowercase();
            (l.starts_with("since") || l.contains(" since ")).then(|| DateRange {
                text: stext.split(',').next().unwrap_or("").to_string(),
                start: None,
                end: published.map(|p| p.to_string()),
                precision: DatePrecision::Unknown,
            })
        });
        let location = self.fallback_place(v, doc, ctx);
        Aggregate {
            text: a.count.text.clone(),
            plover: Plover {
                event: plover,
                mode: Vec::new(),
                context: Vec::new(),
            },
            count: Count {
                text: a.count.text.clone(),
                min: a.count.min,
                max: a.count.max,
            },
            recipients: Vec::new(),
            location,
            period,
            evidence: vec![sentence_span(doc, v)],
        }
    }
}

/// What `--explain` shows of the decisions on one event: its trigger, the
/// parse it was read with, the codebook rule that typed it and where its
/// date came from.
#[allow(clippy::too_many_arguments)]
fn explain_decisions(
    explain: &mut serde_json::Map<String, serde_json::Value>,
    doc: &Document,
    v: &SentView,
    c: &Candidate,
    a: &Args,
    sub: Option<(&str, &str)>,
    date: Option<&DateRange>,
    published: Option<NaiveDate>,
) {
    explain.insert("trigger".into(), json!({"text": &doc.text[c.t_start..c.t_end], "start": c.t_start, "end": c.t_end, "lemma": c.trig.lemma, "pos": if c.nominal {"noun"} else {"verb"}, "support_verb": a.support.map(|s| v.toks[s].text.clone())}));
    explain.insert(
        "parse".into(),
        json!(if v.parsed {
            "dependency parse"
        } else {
            "linear (no parse available)"
        }),
    );
    if let Some((s, why)) = sub {
        explain.insert("acled".into(), json!({"sub_event_type": s, "rule": why}));
    }
    if let Some(d) = date {
        explain.insert(
            "date".into(),
            json!(if d.text.is_empty() {
                "no date in the sentence: the week before publication".to_string()
            } else {
                format!(
                    "“{}” resolved against {}",
                    d.text,
                    published.map_or("no publication date".into(), |p| p.to_string())
                )
            }),
        );
    }
}

/// The trigger (or its support verb) is the sentence's main predicate or
/// hangs on it directly: what the sentence is about.
fn main_clause(v: &SentView, p: usize) -> bool {
    if !v.parsed {
        return false;
    }
    match v.head(p) {
        None => true,
        Some(h) => {
            v.head(h).is_none()
                && matches!(
                    v.deprel(p).split(':').next(),
                    Some("obj" | "conj" | "nsubj")
                )
        }
    }
}

fn sentence_span(doc: &Document, v: &SentView) -> Span {
    Span {
        text: doc.text.get(v.start..v.end).unwrap_or_default().to_string(),
        start: v.start,
        end: v.end,
    }
}

fn clause_span(v: &SentView, i: usize) -> (usize, usize) {
    let from = v.clause_start(i);
    let to = v.clause_end(i).max(from + 1);
    v.byte_span(from, to)
}

fn clause_text(doc: &Document, v: &SentView, i: usize) -> String {
    let (s, e) = clause_span(v, i);
    doc.text.get(s..e).unwrap_or_default().to_string()
}

/// Drops the attacks that only say how another act was done ("arrested
/// three suspects in a raid", "detained during overnight raids"): a noun
/// in a prepositional phrase of the other act's trigger that names no one
/// of its own ([`merge::is_circumstance_of`]). ACLED codes the arrests;
/// the raid with an unidentified attacker was an event no one reported.
fn drop_circumstances(
    v: &SentView,
    mentions: Vec<merge::Mention>,
    spans: Vec<Option<(usize, usize)>>,
) -> (Vec<merge::Mention>, Vec<Option<(usize, usize)>>) {
    // "during" and "amid" open a time of the clause wherever the parser
    // hung them ("detained twelve students during a raid" on "students").
    let how = |from: (usize, usize), to: (usize, usize)| {
        let on_trigger = |h: usize| (to.0..to.1).contains(&h);
        v.parsed
            && (from.0..from.1).any(|x| {
                let case = v.case_of(x).unwrap_or_default();
                v.upos(x) == "NOUN"
                    && matches!(v.deprel(x).split(':').next(), Some("obl" | "nmod"))
                    && v.head(x).is_some_and(|h| {
                        (on_trigger(h) && matches!(case.as_str(), "in" | "during" | "amid"))
                            || (matches!(case.as_str(), "during" | "amid")
                                && v.head(h).is_some_and(on_trigger))
                    })
            })
    };
    let dropped: Vec<bool> = (0..mentions.len())
        .map(|j| {
            spans[j].is_some_and(|sj| {
                (0..mentions.len()).any(|i| {
                    i != j
                        && spans[i].is_some_and(|si| how(sj, si))
                        && merge::is_circumstance_of(&mentions[j], &mentions[i])
                })
            })
        })
        .collect();
    mentions
        .into_iter()
        .zip(spans)
        .zip(dropped)
        .filter(|(_, d)| !d)
        .map(|(ms, _)| ms)
        .unzip()
}

/// Mentions of one violent act in a sentence, tied by the parse
/// ([`linking::linked`]), folded into the first of them.
fn join_linked(
    v: &SentView,
    mentions: Vec<merge::Mention>,
    spans: &[Option<(usize, usize)>],
) -> Vec<merge::Mention> {
    let mut out: Vec<(merge::Mention, Vec<(usize, usize)>)> = Vec::new();
    for (m, span) in mentions.into_iter().zip(spans.iter().copied()) {
        let Some(span) = span.filter(|_| m.violent) else {
            out.push((m, Vec::new()));
            continue;
        };
        // (One trigger read at several places stays several events.)
        let linked = out.iter().position(|(prev, own)| {
            prev.violent && !own.contains(&span) && own.iter().any(|&o| linking::linked(v, o, span))
        });
        // Else one half of the act that says who acted, the other who
        // suffered ([`merge::completes`]).
        let linked = linked.or_else(|| {
            out.iter()
                .position(|(prev, own)| !own.contains(&span) && merge::completes(prev, &m))
        });
        let target = linked.and_then(|i| out.get_mut(i));
        match target {
            Some((prev, own)) => {
                if merge::join(prev, &m) {
                    prev.unattested &= m.unattested;
                    own.push(span);
                } else {
                    out.push((m, vec![span]));
                }
            }
            None => out.push((m, vec![span])),
        }
    }
    out.into_iter().map(|(m, _)| m).collect()
}
