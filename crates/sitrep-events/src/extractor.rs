//! The events component: from an annotated document to its events and
//! aggregates.
//!
//! Per sentence: find triggers, drop those that are not reports of an event
//! (topics of talks, wishes, hypotheticals, counts over periods), read the
//! arguments off the parse, resolve them, date and count them. Per
//! document: fold repeated mentions of one event into one record and order
//! records by salience.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::json;
use sitrep_core::{
    Actor, Aggregate, Annotated, Count, DatePrecision, DateRange, Document, Event, Modality, Place,
    Plover, PloverType, Span,
};

use crate::acled;
use crate::args::{self, Arg};
use crate::counts;
use crate::dating::pick_date;
use crate::genre;
use crate::instruments;
use crate::lexicon::{Trigger, TriggerPos, LEXICON};
use crate::linking;
use crate::locate;
use crate::merge;
use crate::modality;
use crate::naming;
use crate::resolver::{DocContext, Family, Resolved, Resolver};
use crate::roles;
use crate::sentence::SentView;
use crate::temporal::{self, TimeMention};

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

/// Where the sentences of a story say things happen.
#[derive(Default)]
struct StoryPlaces {
    /// Place phrases of each sentence.
    phrases: Vec<Vec<locate::PlacePhrase>>,
    /// The paragraph each sentence is in.
    paragraph: Vec<usize>,
    /// The dateline's place name, if the story opens with one.
    dateline: Option<String>,
}

/// Events and aggregates of one document.
#[derive(Debug, Default)]
pub struct Found {
    pub events: Vec<Event>,
    pub aggregates: Vec<Aggregate>,
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
    "ban",
    "calls",
    "investigate",
    "investigating",
    "investigation",
];

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

const REPORTING: &[&str] = &[
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

/// Verbs whose complement clause is not (yet) a fact: "tried to persuade",
/// "aims to eliminate".
const NON_FACTIVE: &[&str] = &["to"];

/// Governors whose complement happened, if only as an attempt.
const ATTEMPT: &[&str] = &[
    "attempted",
    "tried",
    "attempt",
    "attempts",
    "tries",
    "sought",
];

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

    /// Reads the place phrases of every sentence once per document.
    fn read_story_places(&self, doc: &Document, ann: &Annotated) {
        let mut story = StoryPlaces::default();
        let mut para = 0;
        let mut prev_end = 0;
        for s in &ann.sentences {
            if doc
                .text
                .get(prev_end..s.start)
                .is_some_and(|gap| gap.contains('\n'))
            {
                para += 1;
            }
            prev_end = s.end;
            story.paragraph.push(para);
            story.phrases.push(locate::phrases(&doc.text, &s.tokens));
        }
        story.dateline = locate::dateline(&doc.text)
            .and_then(|(a, b)| doc.text.get(a..b))
            .map(str::to_string);
        *self.story.borrow_mut() = story;
    }

    /// The most specific place among a sentence's place phrases: a
    /// village before its district, a district before its province, the
    /// first named among equals. A place said to lie in another ("the X
    /// area of Y district") counts only when the knowledge base agrees,
    /// else the container stands.
    fn most_specific(
        &self,
        phrases: &[locate::PlacePhrase],
        ctx: &DocContext,
    ) -> Option<(Place, Resolved<Place>)> {
        let resolved: Vec<Option<Resolved<Place>>> = phrases
            .iter()
            .map(|p| {
                let text = match p.inside.and_then(|k| phrases.get(k)) {
                    // Looked up with its container as the admin area.
                    Some(c) if !p.text.contains(',') => {
                        format!("{}, {}", p.text, c.text.split(',').next().unwrap_or(""))
                    }
                    _ => p.text.clone(),
                };
                self.place_of(&text, ctx)
            })
            .collect();
        let mut best: Option<(Place, Resolved<Place>)> = None;
        for (p, r) in phrases.iter().zip(&resolved) {
            let Some(r) = r else { continue };
            if let Some(c) = p
                .inside
                .and_then(|k| resolved.get(k))
                .and_then(Option::as_ref)
            {
                if !lies_in(&r.value, &c.value) {
                    continue;
                }
            }
            let mut place = r.value.clone();
            place.text = p.text.clone();
            if p.near {
                place.precision = place
                    .precision
                    .map(|x| x.max(sitrep_core::GeoPrecision::District));
            }
            if best
                .as_ref()
                .is_none_or(|(b, _)| place.precision < b.precision)
            {
                best = Some((place, r.clone()));
            }
        }
        best
    }

    /// Whether a clause's place is the province the sentence writes after
    /// a comma ("in Shindand district, Herat"): the parse took the
    /// province for the place, and the town of its name for the province.
    fn is_province_phrase(&self, si: usize, place: &Place) -> bool {
        let story = self.story.borrow();
        story.phrases.get(si).is_some_and(|ps| {
            ps.iter().any(|p| {
                p.province
                    && p.text
                        .strip_suffix(" province")
                        .unwrap_or(&p.text)
                        .eq_ignore_ascii_case(&place.text)
            })
        })
    }

    /// Where a sentence's event is when its clause names no place: the
    /// sentence's place phrases, then those of the sentences before it in
    /// its paragraph, then the story's dateline.
    fn place_in_story(&self, si: usize, ctx: &DocContext) -> Option<(Place, Resolved<Place>)> {
        let story = self.story.borrow();
        let phrases = story.phrases.get(si)?;
        if let Some(p) = self.most_specific(phrases, ctx) {
            return Some(p);
        }
        let para = story.paragraph[si];
        for j in (0..si).rev() {
            if story.paragraph[j] != para {
                break;
            }
            if let Some(p) = self.most_specific(&story.phrases[j], ctx) {
                return Some(p);
            }
        }
        // A dateline says where the story was filed: the place of what its
        // own paragraph reports ("KYIV, March 3 — Russian missiles struck
        // …"), not of what the story tells later, often from elsewhere
        // ("TAMPA, Fla. —" over strikes in Syria).
        if story.paragraph.first() != Some(&para) {
            return None;
        }
        let name = story.dateline.as_deref()?;
        let r = self.place_of(name, ctx)?;
        let mut place = r.value.clone();
        place.text = name.to_string();
        Some((place, r))
    }

    fn actor_of(&self, text: &str, family: Family, ctx: &DocContext) -> Option<Resolved<Actor>> {
        let key = (text.to_string(), family);
        if let Some(hit) = self.actor_memo.borrow().get(&key) {
            return hit.clone();
        }
        let r = self.resolver.actor(text, family, ctx);
        self.actor_memo.borrow_mut().insert(key, r.clone());
        r
    }

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

    pub fn extract(&self, doc: &Document, ann: &Annotated) -> Found {
        let published = doc
            .published
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok());
        let mut ctx = self.resolver.document_context(&doc.text);
        let mut mentions: Vec<merge::Mention> = Vec::new();
        let mut aggregates = Vec::new();
        let mut last_subject: Option<Actor> = None;
        let sports = genre::is_sports_story(&doc.text);
        self.read_story_places(doc, ann);
        for (si, sentence) in ann.sentences.iter().enumerate() {
            let repaired = crate::reroot::opening_date(sentence)
                .or_else(|| crate::reroot::verb_read_as_noun(sentence));
            let v = SentView::new(si, repaired.as_ref().unwrap_or(sentence));
            if v.is_empty() {
                continue;
            }
            let stext = doc.text.get(v.start..v.end).unwrap_or_default();
            // In a match report "beat", "rallied" and "attack" are play.
            let play = sports && !genre::violence_evident(&stext.to_lowercase());
            let aggregate = if play { None } else { counts::aggregate(stext) };
            if play || (aggregate.is_none() && !LEXICON.mentioned(&v.lower)) {
                // Nothing to report here; its subject is still what "it"
                // or "they" refers to in the sentences after it.
                self.track_subject(doc, &v, &ctx, &mut last_subject);
                continue;
            }
            let times = temporal::find(stext, published);
            if let Some(a) = &aggregate {
                aggregates.push(self.aggregate(doc, &v, stext, a, &times, published, &ctx));
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
        merge::unify_aliases(&mut mentions, ctx.main_country());
        let mut events = merge::fold(mentions, &doc.id, self.options.explain);
        for e in &mut events {
            for a in e.actors.iter_mut().chain(e.recipients.iter_mut()) {
                naming::name_unnamed(self.resolver, &ctx, a);
            }
            // Two mentions of one side ("a police patrol … two officers")
            // are one participant once named.
            for side in [&mut e.actors, &mut e.recipients] {
                let mut seen: Vec<String> = Vec::new();
                side.retain(|a| match &a.name {
                    Some(n) if seen.contains(n) => false,
                    Some(n) => {
                        seen.push(n.clone());
                        true
                    }
                    None => true,
                });
            }
        }
        Found { events, aggregates }
    }

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
        last_subject: &mut Option<Actor>,
    ) -> Vec<merge::Mention> {
        let mut out = Vec::new();
        // The trigger tokens of each mention in `out` (none for anaphors).
        let mut spans: Vec<Option<(usize, usize)>> = Vec::new();
        let lower_sentence = stext.to_lowercase();
        let mut covered = vec![false; v.len()];
        let fatal = counts::fatalities(stext);
        let injured = counts::injured(stext);
        let attribution = modality::attribution(stext);
        let claimed = modality::claimed(&lower_sentence);
        let time_mask: Vec<bool> = v
            .toks
            .iter()
            .map(|t| {
                times
                    .iter()
                    .any(|m| t.start - v.start >= m.start && t.end - v.start <= m.end)
                    || args::is_time_word(&t.text)
            })
            .collect();
        self.track_subject(doc, v, ctx, last_subject);
        for i in 0..v.len() {
            if covered[i] {
                continue;
            }
            let hits = LEXICON.at(&v.lower, i);
            let Some(hit) = hits.into_iter().find(|h| {
                let trig = &LEXICON.triggers[h.trigger];
                // "joint military exercises": a noun phrase's part of
                // speech is also its head's, the last word.
                pos_fits(v, trig, h.start)
                    || (trig.pos == TriggerPos::Noun
                        && h.end - h.start > 1
                        && pos_fits(v, trig, h.end - 1))
            }) else {
                continue;
            };
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
            let reduced = reduced || eases_restriction(v, &mut trig, hit.start, hit.end);
            let t_start = v.toks[hit.start].start;
            let t_end = v.toks[hit.end - 1].end;
            // Inside a count over a period: the aggregate covers it.
            if let Some(a) = aggregate {
                let (as_, ae) = (v.start + a.start, v.start + a.end);
                if t_start >= as_ && t_end <= ae {
                    continue;
                }
            }
            let rel_start = t_start - v.start;
            let clause_from = v.toks[v.clause_start(hit.start)].start - v.start;
            let prefix = lower_sentence
                .get(clause_from..rel_start)
                .unwrap_or_default();
            // The verb a purpose clause hangs on when that verb is no event
            // itself ("summoned Niger's ambassador to complain").
            let mut purpose_of: Option<usize> = None;
            let mut modality = modality::modality_before(&sentence_prefix(
                &lower_sentence,
                rel_start,
                clause_from,
            ));
            // A trigger verb after "to" is a purpose or a plan, not a fact.
            // The governing verb ("called on … to join", "promised to
            // continue") is the event; its complement is what it is about.
            if !nominal && hit.start > 0 && NON_FACTIVE.contains(&v.lower[hit.start - 1].as_str()) {
                // …unless what governs it only states an intention ("is
                // willing to withdraw", "is prepared to lift"): PLOVER codes
                // the intention itself.
                let governor = v
                    .head(hit.start)
                    .map(|h| v.lower[h].as_str())
                    .or_else(|| hit.start.checked_sub(2).map(|j| v.lower[j].as_str()));
                // "attempted to assassinate", "tried to hack": an attempt is
                // coded as the act itself.
                let attempt = governor.is_some_and(|g| ATTEMPT.contains(&g));
                let intent = governor.is_some_and(|g| INTENT.contains(&g));
                // "summoned the ambassador to complain": a governing verb
                // that is no event itself leaves the complement as what
                // happened (or was set in motion).
                let bare = !trig.violent
                    && !intent
                    && v.head(hit.start)
                        .is_some_and(|h| LEXICON.at(&v.lower, h).is_empty());
                if !attempt {
                    if (!intent || trig.violent) && !bare {
                        continue;
                    }
                    if bare {
                        purpose_of = v.head(hit.start);
                    }
                    modality = Some(Modality::Planned);
                }
            }
            // A participle describing a noun ("factions backed by Iran") is
            // a description, not a report.
            if !nominal
                && v.parsed
                && v.deprel(hit.start) == "acl"
                && v.toks[hit.start].xpos == "VBN"
                                && (v.head(hit.start) == Some(hit.start.wrapping_sub(1)) || v.lower.get(hit.start + 1).is_some_and(|w| w == "by"))
                // "Palestinians blamed Israel": a participle with an object
                // is a misparsed main verb, not a description.
                && v.deps(hit.start, "obj").next().is_none()
                // "Senior officials agreed on Wednesday …" parsed with no
                // finite verb: the participle hangs on the root noun, and
                // it is the sentence's predicate.
                && !args::hangs_on_root_noun(v, hit.start)
                // "Nigerian troops clashed with …, the army said": a noun
                // read as the reported clause (ccomp) needs a predicate, and
                // the participle on it is that predicate.
                && !v.head(hit.start).is_some_and(|h| {
                    matches!(v.deprel(h), "ccomp" | "parataxis")
                        // (…or a noun the parse hung on a sentence-opening
                        // date: "On 18 March 2020, Taliban militants
                        // ambushed …".)
                        || v.head(h).is_some_and(|d| v.upos(d) == "NUM")
                })
            {
                continue;
            }
            if !nominal
                && modality == Some(Modality::Planned)
                && v.lower[hit.start].ends_with("ing")
                && !trig.violent
            {
                modality = None;
            }
            // A gerund after a preposition ("in expelling") names an aim.
            if !nominal
                && v.lower[hit.start].ends_with("ing")
                && hit.start > 0
                && matches!(
                    v.lower[hit.start - 1].as_str(),
                    "in" | "of" | "for" | "by" | "from" | "about" | "on"
                )
            {
                continue;
            }
            // An infinitive's governor was weighed above ("decided to
            // allow" is an intention, not a topic).
            let infinitive =
                !nominal && hit.start > 0 && NON_FACTIVE.contains(&v.lower[hit.start - 1].as_str());
            // A preposition can govern a noun or a gerund, never a
            // finite verb ("a camp for refugees was attacked").
            let finite = !nominal && !v.lower[hit.start].ends_with("ing");
            if !reduced && !infinitive && governed_as_topic(v, hit.start, hit.end, finite) {
                continue;
            }
            // "prisoners rioted …, setting fire to their mattresses": damage
            // done in the course of a riot is the riot (PLOVER PROTEST
            // 'riot'), not a second event.
            if trig.violent
                && !nominal
                && matches!(v.deprel(hit.start), "advcl" | "conj" | "xcomp")
                && v.head(hit.start).is_some_and(|h| {
                    LEXICON.at(&v.lower, h).iter().any(|x| {
                        let t = &LEXICON.triggers[x.trigger];
                        t.plover == PloverType::Protest && t.modes.iter().any(|m| m == "riot")
                    })
                })
            {
                continue;
            }
            // "demanded that the US cancel plans": what a request asks for
            // is its content, not a second event.
            if !nominal && content_of_request(v, hit.start) {
                continue;
            }
            // "Russia said that Sudan must return the helicopter": a
            // statement of what another must do is a REQUEST by the speaker.
            let speaker = if nominal {
                None
            } else {
                obligation_speaker(v, hit.start)
            };
            // "no civilians were killed": a negated consequence is no event.
            if trig.kill && modality == Some(Modality::Denied) {
                continue;
            }
            if trig.violent
                && matches!(
                    modality,
                    Some(Modality::Requested | Modality::Hypothetical | Modality::Planned)
                )
            {
                // A wish, threat or hypothetical of violence is not an ASSAULT;
                // the wish itself is found through its own trigger.
                continue;
            }
            // A killing verb that hangs on another violent trigger is that
            // event's consequence ("an attack … that killed 3").
            if trig.kill
                && out
                    .iter()
                    .any(|m: &merge::Mention| m.violent && m.sentence == v.index)
                && !prefix.contains(" and ")
            {
                continue;
            }
            let a = args::find_with(v, hit.start, hit.end, nominal, &time_mask, !trig.violent);
            // "…said that the government and the rebels must reach an
            // agreement": the same request, carried by a support verb.
            let speaker = speaker.or_else(|| {
                a.support
                    .filter(|_| nominal && !trig.violent)
                    .and_then(|s| obligation_speaker(v, s))
            });
            // "Serbia lodged an official protest with Albania": a
            // diplomatic protest is PLOVER ACCUSE 'disapprove' (manual
            // 3.12.2); PROTEST is for collective action.
            if nominal
                && trig.plover == PloverType::Protest
                && a.support
                    .is_some_and(|s| DIPLOMATIC_PROTEST.contains(&v.lower[s].as_str()))
            {
                trig.plover = PloverType::Accuse;
                trig.modes = vec!["disapprove".into()];
                trig.cameo = "111".into();
            }
            // "signed an agreement": signing or ratifying is PLOVER SUPPORT
            // (manual 3.3; CAMEO 057), the agreement itself AGREE.
            if nominal
                && trig.plover == PloverType::Agree
                && a.support
                    .is_some_and(|s| SIGNING.contains(&v.lower[s].as_str()))
            {
                trig.plover = PloverType::Support;
                trig.cameo = "057".into();
            }
            let definite = nominal && is_definite(v, hit.start);
            if nominal && trig.light && a.support.is_none() {
                // A place argument is a name ("in Baghdad"); "in the area"
                // adds nothing.
                let named_place = a.places.iter().any(|p| {
                    (p.from..p.to).any(|j| {
                        v.toks[j]
                            .text
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                    })
                });
                let own_args = named_place
                    || !a.recipients.is_empty()
                    || fatal.as_ref().is_some_and(|f| f.start > rel_start);
                if definite || !own_args {
                    // "the strike", "the latest Baghdad attack": a mention of
                    // an event already reported, if there is one.
                    spans.push(None);
                    out.push(merge::Mention::anaphor(
                        v.index,
                        trig.plover,
                        Span {
                            text: clause_text(doc, v, hit.start),
                            start: clause_span(v, hit.start).0,
                            end: clause_span(v, hit.start).1,
                        },
                        t_start,
                        t_end,
                        self.place_hint(v, &a, ctx),
                    ));
                    continue;
                }
            }
            let family = if trig.violent
                || matches!(trig.plover, PloverType::Coerce | PloverType::Mobilize)
            {
                Family::Military
            } else {
                Family::Political
            };
            let mut explain = serde_json::Map::new();
            let actors = self.actors(
                doc,
                v,
                &a.actors,
                family,
                ctx,
                &mut explain,
                "actor",
                last_subject,
            );
            let mut recipients = self.actors(
                doc,
                v,
                &a.recipients,
                family,
                ctx,
                &mut explain,
                "recipient",
                &mut None,
            );
            // "Libya has offered to hand over to Great Britain two of its
            // nationals": an offer, promise or threat is directed at whom
            // the act it announces is.
            if !nominal && recipients.iter().all(|r| r.country.is_none()) {
                if let Some(c) = v.deps(hit.start, "xcomp").find(|&c| v.upos(c) == "VERB") {
                    let ca = args::find_with(v, c, c + 1, false, &time_mask, true);
                    let mut cands = ca.recipients;
                    let taken: Vec<(usize, usize)> =
                        a.actors.iter().map(|x| (x.from, x.to)).collect();
                    cands.extend(args::named_in_scope(v, c, c + 1, &taken));
                    let found = self.actors(
                        doc,
                        v,
                        &cands,
                        family,
                        ctx,
                        &mut explain,
                        "recipient_of_complement",
                        &mut None,
                    );
                    let own: Vec<Option<String>> = actors.iter().map(|x| x.name.clone()).collect();
                    if let Some(r) = found.into_iter().find(|r| {
                        r.country.is_some() && (r.name.is_none() || !own.contains(&r.name))
                    }) {
                        recipients.retain(|x| x.country.is_some() || x.name.is_some());
                        recipients.push(r);
                    }
                }
            }
            // "tried to hack into the computers of South Korean army
            // officers": what is broken into is the target of a cyber act.
            if trig.modes.iter().any(|m| m == "cyber")
                && recipients.iter().all(|r| r.country.is_none())
            {
                let into: Vec<Arg> = v.children[hit.start]
                    .iter()
                    .copied()
                    .filter(|&c| v.case_of(c).as_deref() == Some("into"))
                    .map(|c| {
                        let (_, to) = v.subtree(c);
                        Arg {
                            head: c,
                            from: c,
                            to,
                            path: format!("obl:into({})", v.toks[hit.start].text),
                        }
                    })
                    .collect();
                let found = self.actors(
                    doc,
                    v,
                    &into,
                    family,
                    ctx,
                    &mut explain,
                    "recipient_broken_into",
                    &mut None,
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
                    &mut explain,
                    "recipient_of_governor",
                    &mut None,
                );
                if found.iter().any(|r| r.country.is_some()) {
                    recipients = found;
                }
            }
            // No object in the parse: the first name the trigger governs
            // that the knowledge base knows ("demanded that the US cancel").
            if recipients
                .iter()
                .all(|r| r.country.is_none() && r.name.is_none())
            {
                let taken: Vec<(usize, usize)> = a.actors.iter().map(|x| (x.from, x.to)).collect();
                let scope = args::named_in_scope(v, hit.start, hit.end, &taken);
                let found = self.actors(
                    doc,
                    v,
                    &scope,
                    family,
                    ctx,
                    &mut explain,
                    "recipient_in_scope",
                    &mut None,
                );
                let own: Vec<Option<String>> = actors.iter().map(|x| x.name.clone()).collect();
                if let Some(r) = found
                    .into_iter()
                    .find(|r| r.country.is_some() && (r.name.is_none() || !own.contains(&r.name)))
                {
                    recipients.retain(|x| x.country.is_some() || x.name.is_some());
                    recipients.push(r);
                }
            }
            // The one who must act receives the request; the speaker makes it.
            let (mut actors, recipients) = match &speaker {
                Some(sp) => {
                    let by = self.actors(
                        doc,
                        v,
                        std::slice::from_ref(sp),
                        family,
                        ctx,
                        &mut explain,
                        "speaker",
                        &mut None,
                    );
                    (by, actors)
                }
                None => (actors, recipients),
            };
            if let Some(first) = actors.first() {
                if first.name.is_some() {
                    *last_subject = Some(first.clone());
                }
            }
            // Non-violent events need someone to have done them.
            if !trig.violent && actors.is_empty() && recipients.is_empty() {
                continue;
            }
            // A light verb ("gave", "allowed", "met") reports an event only
            // when someone identifiable does it: a known actor, or at least
            // a name.
            let named = |x: &Actor| {
                x.name.is_some()
                    || x.text
                        .split_whitespace()
                        .any(|w| w.chars().next().is_some_and(char::is_uppercase))
            };
            if trig.light
                && !nominal
                && !actors.iter().chain(recipients.iter()).any(named)
                && a.places.is_empty()
            {
                continue;
            }
            actors.dedup_by(|x, y| x.name.is_some() && x.name == y.name);
            let places = self.places(v, doc, &a.places, ctx, &mut explain);
            let date = pick_date(v, times, hit.start, a.support)
                .map(|m| m.range.clone())
                .or_else(|| {
                    (modality.is_none())
                        .then(|| published.map(temporal::default_recent))
                        .flatten()
                });
            // Violence over a period ("has targeted the group with attacks in
            // recent weeks") is a pattern, not one event.
            if trig.violent {
                if let Some(d) = &date {
                    let dt = d.text.to_lowercase();
                    if dt.contains("recent") || dt.starts_with("since") || dt.contains("past") {
                        continue;
                    }
                }
            }
            // Military exercises show force (MOBILIZE) unless held with
            // others: "joint military games and maneuvers" are COOPERATE
            // (manual 3.5; CAMEO 062).
            // ("French and Egyptian warships": two countries in one phrase.)
            let named_countries = || {
                let texts: Vec<&str> = actors.iter().map(|x| x.text.as_str()).collect();
                let mut all: std::collections::HashSet<String> =
                    actors.iter().filter_map(|x| x.country.clone()).collect();
                all.extend(
                    self.resolver
                        .document_context(&texts.join(" ; "))
                        .countries
                        .into_iter()
                        .map(|(c, _)| c),
                );
                all.len()
            };
            if EXERCISES.contains(&trig.lemma.as_str())
                && (prefix.contains("joint") || named_countries() > 1)
            {
                trig.plover = PloverType::Cooperate;
                trig.cameo = "062".into();
                trig.modes.clear();
            }
            let mut modes = trig.modes.clone();
            if trig.violent {
                add_modes(&lower_sentence, &mut modes);
            }
            let fatalities = fatal
                .as_ref()
                .filter(|_| trig.violent)
                .map(|f| f.count.clone());
            let injuries = injured
                .as_ref()
                .filter(|_| trig.violent)
                .map(|f| f.count.clone());
            let (cs, ce) = (clause_from, rel_start);
            let _ = (cs, ce);
            let modality = modality.unwrap_or(if claimed {
                Modality::Claimed
            } else {
                Modality::Asserted
            });
            // PLOVER codes a stated intention to cooperate as AGREE ("will
            // support", "promised to provide aid").
            let plover = if modality == Modality::Planned
                && matches!(
                    trig.plover,
                    PloverType::Support
                        | PloverType::Cooperate
                        | PloverType::Aid
                        | PloverType::Concede
                        | PloverType::Retreat
                        | PloverType::Consult
                ) {
                PloverType::Agree
            } else {
                trig.plover
            };
            let rest = lower_sentence.get(rel_start..).unwrap_or_default();
            let plover = stance(trig.plover, plover, modality, prefix, rest);
            let plover = if speaker.is_some() {
                PloverType::Request
            } else {
                plover
            };
            // Codebook: who was hit decides Battles against Violence against
            // civilians. People the knowledge base did not resolve ("1
            // soldier", "2 policemen") still carry their role in their words.
            let recipient_sectors: Vec<String> = recipients
                .iter()
                .flat_map(|r| {
                    if r.sector.is_empty() && r.name.is_none() {
                        roles::sectors(&r.text.to_lowercase())
                    } else {
                        r.sector.clone()
                    }
                })
                .collect();
            let actor_sectors: Vec<String> = actors.iter().flat_map(|r| r.sector.clone()).collect();
            let sub = acled::sub_event(&acled::Facts {
                // ACLED's "Agreement" covers the signing PLOVER files under
                // SUPPORT.
                plover: if plover == PloverType::Support && trig.cameo == "057" {
                    PloverType::Agree
                } else {
                    plover
                },
                modes: &modes,
                lemma: &trig.lemma,
                context: &lower_sentence,
                recipient_sectors: &recipient_sectors,
                protesters: targets_protesters(&recipients, &actor_sectors, &lower_sentence),
                crowd: crowd_acts(&actors),
                actor_sectors: &actor_sectors,
                fatalities: fatalities.is_some(),
            });
            if sub.is_some_and(|(s, _)| s == "Air/drone strike")
                && !modes.iter().any(|m| m == "aerial" || m == "drone")
            {
                modes.push("aerial".into());
            }
            if self.options.explain {
                explain.insert("trigger".into(), json!({"text": &doc.text[t_start..t_end], "start": t_start, "end": t_end, "lemma": trig.lemma, "pos": if nominal {"noun"} else {"verb"}, "support_verb": a.support.map(|s| v.toks[s].text.clone())}));
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
                if let Some(d) = &date {
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
            let evidence = sentence_span(doc, v);
            let base = Event {
                id: String::new(),
                plover: Plover {
                    event: plover,
                    mode: modes,
                    context: Vec::new(),
                },
                acled: sub.and_then(|(s, _)| acled::acled(s)),
                cameo: Some(trig.cameo.clone()),
                actors,
                recipients,
                location: None,
                date,
                fatalities,
                fatalities_coded: None,
                injured: injuries,
                modality,
                attribution: attribution.clone(),
                evidence: vec![evidence],
                trigger: Some(Span {
                    text: doc.text[t_start..t_end].to_string(),
                    start: t_start,
                    end: t_end,
                }),
                confidence: 0.0,
                cluster: None,
                explain: None,
            };
            let places = if places.is_empty() {
                vec![self.fallback_place(v, doc, ctx)]
            } else if places.iter().all(|p| {
                p.precision >= Some(sitrep_core::GeoPrecision::Region)
                    || self.is_province_phrase(v.index, p)
            }) {
                // A country or province is the answer only when the
                // sentence names nothing more specific inside it.
                let sharpest = places
                    .iter()
                    .filter(|p| !self.is_province_phrase(v.index, p))
                    .map(|p| p.precision)
                    .min()
                    .flatten()
                    .or(Some(sitrep_core::GeoPrecision::Country));
                match self.place_in_story(v.index, ctx) {
                    Some((p, _))
                        if p.precision < sharpest
                            && places.iter().any(|c| c.country == p.country) =>
                    {
                        vec![Some(p)]
                    }
                    _ => places.into_iter().map(Some).collect(),
                }
            } else {
                places.into_iter().map(Some).collect()
            };
            for place in places {
                let mut e = base.clone();
                e.location = place;
                let implied_recipient = implicit_target(&mut e);
                let implied_actor = unidentified_attacker(&mut e);
                e.confidence = confidence(&e, v.parsed);
                if self.options.explain {
                    // Participants the text does not name say why they are there.
                    let mut x = explain.clone();
                    if implied_actor {
                        x.insert("actor_implied".into(), json!("no attacker named: an unidentified armed group of the named place's country (ACLED's convention)"));
                    }
                    if implied_recipient {
                        x.insert("recipient_implied".into(), json!("no recipient named: those where it happened, or the authorities a protest is against (PLOVER manual 3.12)"));
                    }
                    e.explain = Some(serde_json::Value::Object(x));
                }
                out.push(merge::Mention::event(
                    v.index,
                    trig.violent,
                    main_clause(v, a.support.unwrap_or(hit.start)),
                    e,
                ));
                spans.push(Some((hit.start, hit.end)));
            }
        }
        join_linked(v, out, &spans)
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
        last_subject: &mut Option<Actor>,
    ) -> Vec<Actor> {
        let mut out = Vec::new();
        let mut trace = Vec::new();
        // Which of `out` only a bare role word and the story's country gave.
        let mut guessed: Vec<usize> = Vec::new();
        for a in args {
            let (s, e) = v.byte_span(a.from, a.to);
            let text = clean_phrase(&doc.text[s..e]);
            if text.is_empty() {
                continue;
            }
            let lower = text.to_lowercase();
            // "A roadside bomb", "tear gas": the means of an act is neither
            // side of it — unless a name in the phrase says whose it is
            // ("an Israeli drone", "a Taliban-planted bomb").
            // ("a series of bombs": the means behind a measure word.)
            let means = instruments::is_means(&v.lower[a.head])
                || (instruments::MEASURES.contains(&v.lower[a.head].as_str())
                    && v.children[a.head].iter().any(|&c| {
                        v.case_of(c).as_deref() == Some("of") && instruments::is_means(&v.lower[c])
                    }));
            if means
                && !(a.from..a.to).any(|j| {
                    j != a.head
                        && (v.upos(j) == "PROPN"
                            || (j > 0
                                && v.toks[j]
                                    .text
                                    .chars()
                                    .next()
                                    .is_some_and(char::is_uppercase)))
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
                            &mut None,
                        ));
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
            if GENERIC_HEADS
                .iter()
                .any(|g| lower == format!("the {g}") || lower == format!("a {g}") || lower == *g)
            {
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
            // "Bosnian Serbs said … their forces had completed their
            // withdrawal": a role owned by a pronoun is the antecedent's.
            // (As a recipient, "its troops" are mostly the actor's own,
            // withdrawn or deployed, not whom the act is aimed at.)
            let owned_role = ["their ", "its ", "his ", "her "]
                .iter()
                .filter(|_| role == "actor")
                .find_map(|p| lower.strip_prefix(p))
                .map(roles::sectors)
                .filter(|s| !s.is_empty());
            if let Some(sectors) = owned_role {
                let country = args::governing_subject(v, a.head).and_then(|ant| {
                    let (s, e) = v.byte_span(ant.from, ant.to);
                    let ant_text = clean_phrase(&doc.text[s..e]);
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
            if matches!(
                lower.as_str(),
                "he" | "she" | "it" | "they" | "its" | "his" | "their" | "we" | "i"
            ) {
                if let Some(ant) = args::governing_subject(v, a.head) {
                    let found = self.actors(
                        doc,
                        v,
                        std::slice::from_ref(&ant),
                        family,
                        ctx,
                        explain,
                        role,
                        &mut None,
                    );
                    if !found.is_empty() {
                        trace.push(json!({"text": text, "path": a.path, "kb": "pronoun: the subject of the governing verb", "antecedent": ant.path}));
                        out.extend(found);
                        continue;
                    }
                }
                if let Some(prev) = last_subject.as_ref() {
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
            let (sub_from, sub_to) = v.subtree(a.head);
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
            }
            let composed = if resolved.is_none() {
                let (s, e) = v.byte_span(sub_from, sub_to);
                roles::compose(self.resolver, &text)
                    .or_else(|| roles::compose(self.resolver, &clean_phrase(&doc.text[s..e])))
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
                let (from, to) = noun_run(v, a.from, a.to);
                let (s, e) = v.byte_span(from, to);
                ((from, to) != (a.from, a.to))
                    .then(|| roles::compose(self.resolver, &clean_phrase(&doc.text[s..e])))
                    .flatten()
            });
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
            match resolved {
                Some((cand, r)) => {
                    trace.push(json!({"text": text, "path": a.path, "kb": r.matched, "via": cand, "confidence": r.confidence}));
                    if r.matched.starts_with("agent+context") {
                        guessed.push(out.len());
                    }
                    let mut actor = r.value;
                    actor.text = text;
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
                    let people = lower
                        .split_whitespace()
                        .any(|w| PEOPLE.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())));
                    // ("Heavy clashes": an adjective's capital that only
                    // starts the sentence names no one.)
                    let named = text
                        .split_whitespace()
                        .any(|w| w.chars().next().is_some_and(char::is_uppercase))
                        && !(a.path.starts_with("amod(") && a.from == 0);
                    trace.push(
                        json!({"text": text, "path": a.path, "kb": null, "kept": people || named}),
                    );
                    if people || named {
                        out.push(Actor {
                            text,
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

    fn places(
        &self,
        v: &SentView,
        doc: &Document,
        args: &[Arg],
        ctx: &mut DocContext,
        explain: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Vec<Place> {
        let mut out: Vec<Place> = Vec::new();
        let mut trace = Vec::new();
        for a in args {
            let (s, e) = v.byte_span(a.from, a.to);
            let text = clean_phrase(&doc.text[s..e]);
            let stripped = strip_article(&text);
            // Place names are written capitalised; "the group" is not one.
            if !stripped.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let Some(r) = self.place_of(stripped, ctx) else {
                continue;
            };
            let mut place = r.value;
            place.text = stripped.to_string();
            // "on the Syrian border", "near X", "outskirts of": keep it honest.
            let before = v.lower[a.from.saturating_sub(3)..a.from].join(" ");
            if before.contains("near")
                || before.contains("outskirts")
                || text.to_lowercase().contains("border")
            {
                if let Some(p) = place.precision {
                    place.precision = Some(p.max(sitrep_core::GeoPrecision::District));
                }
            }
            trace.push(json!({"text": stripped, "path": a.path, "kb": r.matched, "confidence": r.confidence}));
            if !out
                .iter()
                .any(|p| p.name == place.name && p.country == place.country)
            {
                // A country next to a place inside it adds nothing ("in
                // Jordan on the Syrian border").
                out.push(place);
            }
        }
        // "in Jordan on the Syrian border": the border phrase names a
        // neighbour, not a second place; keep the most specific place
        // of each country and only border-free countries.
        let mut kept: Vec<Place> = Vec::new();
        for p in out {
            if p.text.to_lowercase().contains("border")
                || p.text.to_lowercase().starts_with("syrian")
                    && kept.iter().any(|k| k.country != p.country)
            {
                continue;
            }
            if let Some(k) = kept.iter_mut().find(|k| k.country == p.country) {
                if p.precision < k.precision {
                    *k = p;
                }
                continue;
            }
            kept.push(p);
        }
        if self.options.explain && !trace.is_empty() {
            explain.insert("location".into(), serde_json::Value::Array(trace));
        }
        ctx.places.extend(kept.iter().cloned());
        kept
    }

    /// Remembers the named subject of the sentence's main verb so that a
    /// later "he", "it" or a quoted "I" can stand for it.
    fn track_subject(
        &self,
        doc: &Document,
        v: &SentView,
        ctx: &DocContext,
        last: &mut Option<Actor>,
    ) {
        if !v.parsed {
            return;
        }
        let Some(root) = (0..v.len()).find(|&i| v.toks[i].head == 0) else {
            return;
        };
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
        let Some(subj) = subj else {
            return;
        };
        if matches!(
            v.lower[subj].as_str(),
            "he" | "she" | "it" | "they" | "i" | "we" | "who" | "that" | "which"
        ) {
            return;
        }
        let (from, to) = v.core_phrase(subj);
        let (s, e) = v.byte_span(from, to);
        let text = clean_phrase(&doc.text[s..e]);
        if let Some(r) = self.actor_of(&text, Family::Political, ctx) {
            let mut a = r.value;
            a.text = text;
            *last = Some(a);
        }
    }

    fn place_hint(&self, v: &SentView, a: &args::Args, ctx: &DocContext) -> Option<String> {
        let _ = ctx;
        a.places.first().map(|p| v.lower[p.from..p.to].join(" "))
    }

    /// Without a place in the clause: a place named elsewhere in the
    /// sentence, its paragraph or the dateline, else the document's main
    /// country.
    fn fallback_place(&self, v: &SentView, doc: &Document, ctx: &DocContext) -> Option<Place> {
        let _ = doc;
        if let Some((place, _)) = self.place_in_story(v.index, ctx) {
            return Some(place);
        }
        let main = ctx.main_country()?;
        let mut p = self.resolver.country(main, ctx)?;
        p.text = String::new();
        Some(p)
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

/// The sentence text before the trigger from the last clause break, for
/// modality cues; a quoted wish keeps its "I hope" even after a colon.
fn sentence_prefix(lower: &str, rel_start: usize, clause_from: usize) -> String {
    let from = clause_from.min(rel_start);
    let mut p = lower.get(from..rel_start).unwrap_or_default().to_string();
    if p.split_whitespace().count() < 3 {
        // Too short to hold a cue: widen to the sentence so far.
        p = lower.get(..rel_start).unwrap_or_default().to_string();
        let tail: Vec<&str> = p.split_whitespace().collect();
        p = tail[tail.len().saturating_sub(8)..].join(" ");
    }
    p
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
                && !finite_after_plural_subject(v, i))
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
                    || (upos == "AUX" && trig.lemma == "hold")
                    || (upos == "ADJ" && v.lower[i].ends_with("ed"))
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

/// The run of words around `[from, to)` that can belong to one noun phrase
/// (nouns, names, adjectives, determiners, numbers; "and" only before it:
/// "Israeli helicopters and tanks").
fn noun_run(v: &SentView, from: usize, to: usize) -> (usize, usize) {
    if !v.tagged {
        return (from, to);
    }
    // A trigger word ("wounded" tagged an adjective) ends the phrase.
    let np = |j: usize| {
        (matches!(v.upos(j), "NOUN" | "PROPN" | "ADJ" | "DET" | "NUM")
            || matches!(v.lower[j].as_str(), "and" | "-"))
            && LEXICON.at(&v.lower, j).is_empty()
    };
    let mut f = from;
    while f > 0 && np(f - 1) {
        f -= 1;
    }
    let mut t = to;
    while t < v.len() && np(t) && v.lower[t] != "and" {
        t += 1;
    }
    (f, t)
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

fn is_definite(v: &SentView, start: usize) -> bool {
    (start.saturating_sub(4)..start).rev().any(|j| {
        matches!(
            v.lower[j].as_str(),
            "the" | "this" | "that" | "its" | "their" | "these" | "those"
        )
    }) && !(start.saturating_sub(4)..start).any(|j| matches!(v.lower[j].as_str(), "a" | "an"))
}

/// The trigger is the object or complement of a word that makes it a topic
/// ("discuss the US attacks", "a halt to attacks", "talks over the
/// withdrawal"), read off the parse and, since parsers err on exactly
/// these attachments, off the three words before the phrase as well.
fn governed_as_topic(v: &SentView, start: usize, end: usize, finite: bool) -> bool {
    let governs = |w: &str| {
        TOPIC_GOVERNORS.contains(&w)
            && !(finite && matches!(w, "over" | "about" | "regarding" | "for" | "against"))
    };
    if v.parsed {
        let mut cur = end - 1;
        for _ in 0..2 {
            if let Some(case) = v.case_of(cur) {
                if TOPIC_GOVERNORS.contains(&case.as_str()) {
                    return true;
                }
            }
            let Some(h) = v.head(cur) else { break };
            if TOPIC_GOVERNORS.contains(&v.lower[h].as_str()) && h < start {
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

/// The temporal expression that dates the trigger: one in its own clause,
/// or one opening the sentence when the trigger is in the main clause ("On
/// Sunday, the government continued its talks"), never one that belongs to
/// another clause ("…, after an escalation that followed a strike").
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

fn add_modes(lower: &str, modes: &mut Vec<String>) {
    use crate::acled::has_word;
    let table: &[(&[&str], &str)] = &[
        (
            &[
                "airstrike",
                "air strike",
                "warplane",
                "jets",
                "bomber",
                "aircraft",
                "helicopter",
                "air raid",
            ],
            "aerial",
        ),
        (&["drone", "uav", "unmanned"], "drone"),
        (&["suicide"], "suicide-attack"),
        (
            &["ied", "bomb", "explosive", "landmine", "mine", "grenade"],
            "explosives",
        ),
        (
            &["artillery", "mortar", "rocket", "missile", "shell", "tank"],
            "heavy-weapons",
        ),
        (
            &["gunmen", "gunfire", "shot", "opened fire", "rifle", "gun"],
            "firearms",
        ),
        (&["kidnap", "abduct", "hostage"], "abduct"),
        (&["assassinat"], "targeted"),
    ];
    for (words, mode) in table {
        if words.iter().any(|w| has_word(lower, w)) && !modes.iter().any(|m| m == mode) {
            modes.push(mode.to_string());
        }
    }
}

fn confidence(e: &Event, parsed: bool) -> f32 {
    let mut c: f32 = 0.4;
    if parsed {
        c += 0.1;
    }
    if e.actors.iter().any(|a| a.name.is_some()) {
        c += 0.15;
    }
    if e.recipients.iter().any(|a| a.name.is_some()) {
        c += 0.1;
    }
    if e.location.as_ref().is_some_and(|p| !p.text.is_empty()) {
        c += 0.1;
    }
    if e.date.as_ref().is_some_and(|d| !d.text.is_empty()) {
        c += 0.1;
    }
    c.min(0.95)
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

fn clean_phrase(s: &str) -> String {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '“' | '”' | '"' | ',' | '.' | ':' | ';' | '(' | ')' | '\'' | '‘' | '’'
            )
    })
    .replace(['“', '”', '"'], "")
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ")
}

fn strip_article(s: &str) -> &str {
    for a in ["the ", "The "] {
        if let Some(r) = s.strip_prefix(a) {
            return r;
        }
    }
    s
}

/// Strings to try resolving for one argument, most specific first: the
/// phrase, the phrase without its article, runs of capitalised words in the
/// whole subtree (names inside "targets loyal to the Iranian Revolutionary
/// Guards").
fn phrase_candidates(
    doc: &Document,
    v: &SentView,
    from: usize,
    to: usize,
    sub_from: usize,
    sub_to: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    let (s, e) = v.byte_span(from, to);
    let phrase = clean_phrase(&doc.text[s..e]);
    // "Iranian-backed Houthi fighters" are Houthis: the backer named in a
    // compound modifier is not the actor.
    let sponsor = |w: &str| {
        let l = w.to_lowercase();
        [
            "-backed",
            "-led",
            "-linked",
            "-supported",
            "-allied",
            "-aligned",
            "-affiliated",
            "-sponsored",
            "-funded",
            "-armed",
        ]
        .iter()
        .any(|s| l.ends_with(s))
    };
    let sponsored = phrase.split_whitespace().any(sponsor);
    // Tokens naming a sponsor ("Iranian" in "Iranian - backed"): never a
    // candidate on their own.
    let backer = |i: usize| {
        v.lower.get(i + 1).is_some_and(|w| w == "-")
            && v.lower.get(i + 2).is_some_and(|w| {
                [
                    "backed",
                    "led",
                    "linked",
                    "supported",
                    "allied",
                    "aligned",
                    "affiliated",
                    "sponsored",
                    "funded",
                    "armed",
                ]
                .contains(&w.as_str())
            })
    };
    if sponsored {
        let without: Vec<&str> = phrase.split_whitespace().filter(|w| !sponsor(w)).collect();
        if !without.is_empty() {
            out.push(without.join(" "));
        }
    }
    out.push(phrase.clone());
    let stripped = strip_article(&phrase).to_string();
    if stripped != phrase {
        out.push(stripped.clone());
    }
    // "3 US soldiers", "dozens of civilians": the count is not the name.
    let words: Vec<&str> = stripped.split_whitespace().collect();
    let skip = words
        .iter()
        .take_while(|w| {
            w.chars().all(|c| c.is_ascii_digit() || c == ',')
                || matches!(
                    w.to_lowercase().as_str(),
                    "dozens"
                        | "hundreds"
                        | "several"
                        | "some"
                        | "one"
                        | "two"
                        | "three"
                        | "four"
                        | "five"
                        | "of"
                        | "at"
                        | "least"
                        | "many"
                )
        })
        .count();
    if skip > 0 && skip < words.len() {
        out.push(words[skip..].join(" "));
    }
    // Capitalised runs and entity mentions inside the subtree.
    let mut run: Vec<usize> = Vec::new();
    let lo = sub_from.min(from);
    let hi = sub_to.max(to).min(v.len());
    let flush = |run: &mut Vec<usize>, out: &mut Vec<String>| {
        if let (Some(&a), Some(&b)) = (run.first(), run.last()) {
            let (s, e) = v.byte_span(a, b + 1);
            let t = clean_phrase(&doc.text[s..e]);
            if !t.is_empty() && !out.contains(&t) {
                out.push(t);
            }
        }
        run.clear();
    };
    for i in lo..hi {
        let t = &v.toks[i].text;
        let starts_upper = t.chars().next().is_some_and(char::is_uppercase);
        let connector = matches!(
            v.lower[i].as_str(),
            "al" | "al-" | "of" | "ahl" | "bin" | "abu" | "el"
        ) && !run.is_empty();
        if (starts_upper || connector || (v.toks[i].ner != "O" && !v.toks[i].ner.is_empty()))
            && !backer(i)
        {
            run.push(i);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    // Single capitalised words: a demonym or country inside a longer
    // description ("Senior Hungarian and Romanian officials").
    for i in lo..hi {
        let t = clean_phrase(&v.toks[i].text);
        if t.chars().next().is_some_and(char::is_uppercase)
            && !backer(i)
            && t.len() > 2
            && !out.contains(&t)
            && !matches!(
                t.as_str(),
                "The" | "A" | "An" | "President" | "Minister" | "Senior" | "Prime" | "General"
            )
        {
            out.push(t);
        }
    }
    // Whole subtree last ("US soldiers", "the Iraqi government" are in the
    // phrase already; this catches longer descriptions).
    let (s, e) = v.byte_span(lo, hi);
    let whole = clean_phrase(&doc.text[s..e]);
    if !out.contains(&whole) && whole.split_whitespace().count() <= 8 {
        out.push(whole);
    }
    if sponsored {
        out.retain(|c| {
            !c.split_whitespace().any(sponsor) && !c.contains("- backed") && !c.contains("-backed")
        });
    }
    out
}

/// Verbs that sign or ratify an agreement.
const SIGNING: &[&str] = &[
    "sign",
    "signed",
    "signs",
    "signing",
    "ratify",
    "ratified",
    "ratifies",
    "initialled",
    "initialed",
];

/// Lexicon lemmas naming military exercises.
const EXERCISES: &[&str] = &[
    "war game",
    "military exercise",
    "military drill",
    "maneuver",
    "manoeuvre",
];

/// Support verbs of a diplomatic protest: "lodged a protest with",
/// "delivered a strong protest to".
const DIPLOMATIC_PROTEST: &[&str] = &[
    "lodge",
    "lodged",
    "lodges",
    "lodging",
    "file",
    "filed",
    "deliver",
    "delivered",
    "register",
    "registered",
    "issue",
    "issued",
];

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
                LEXICON.at(&v.lower, j).iter().any(|h| {
                    let x = &LEXICON.triggers[h.trigger];
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
/// CONCEDE; the text is followed. Rewrites `trig` and says whether it did.
fn eases_restriction(v: &SentView, trig: &mut Trigger, start: usize, end: usize) -> bool {
    let restriction = |i: usize| RESTRICTIONS.contains(&v.lower[i].as_str());
    let ease = |i: usize| EASE_VERBS.contains(&v.lower[i].as_str());
    let hit = match trig.pos {
        // "the nightly curfew" governed by "shortened"
        TriggerPos::Noun => {
            trig.plover == PloverType::Coerce
                && (start..end).any(restriction)
                && (v.head(end - 1).is_some_and(ease) || (start.saturating_sub(3)..start).any(ease))
        }
        // "lifted a state of emergency", "lifted the ban on …"
        TriggerPos::Verb => {
            ease(start)
                && (v.deps(start, "obj").any(|o| {
                    let (f, t) = v.core_phrase(o);
                    (f..t).any(restriction)
                }) || (end..(end + 4).min(v.len())).any(restriction))
        }
    };
    if !hit {
        return false;
    }
    trig.plover = PloverType::Concede;
    trig.modes.clear();
    trig.cameo = "081".into();
    trig.light = false;
    true
}

/// An attack no one is named for ("A roadside bombing near Samarra killed
/// one U.S. soldier") is by an unidentified armed group of the country it
/// happened in, as ACLED names it ("Unidentified Armed Group (Iraq)") and
/// PLOVER coders code it. Only for a place the sentence names, and without
/// a name, so that two such attacks are not merged for sharing it.
/// Whether it added one.
fn unidentified_attacker(e: &mut Event) -> bool {
    if e.plover.event != PloverType::Assault
        || e.actors
            .iter()
            .any(|a| a.country.is_some() || a.name.is_some())
    {
        return false;
    }
    let Some(p) = e
        .location
        .as_ref()
        .filter(|p| p.country.is_some() && !p.text.is_empty())
    else {
        return false;
    };
    // "gunmen", "unknown assailants": the text's own words for them.
    if let Some(a) = e
        .actors
        .iter_mut()
        .find(|a| a.name.is_none() && ANONYMOUS.iter().any(|w| a.text.to_lowercase().contains(w)))
    {
        a.country = p.country.clone();
        a.sector = vec!["UAF".into()];
        return true;
    }
    e.actors.push(Actor {
        text: String::new(),
        country: p.country.clone(),
        sector: vec!["UAF".into()],
        ..Default::default()
    });
    true
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

/// Force used against a demonstration: its recipients are protesters, or
/// the state's forces act in a sentence about protesters ("police fired
/// into the crowd of demonstrators").
fn targets_protesters(recipients: &[Actor], actor_sectors: &[String], lower: &str) -> bool {
    const CROWD: &[&str] = &["protest", "demonstrat", "marchers", "rally", "rallies"];
    let says = |t: &str| {
        let t = t.to_lowercase();
        CROWD.iter().any(|w| t.contains(w))
    };
    recipients
        .iter()
        .any(|r| says(&r.text) || r.name.as_deref().is_some_and(says))
        || (actor_sectors.iter().any(|s| s == "COP" || s == "MIL")
            && ["protesters", "demonstrators"]
                .iter()
                .any(|w| lower.contains(w)))
}

/// Who acts is an unorganised crowd (codebook, Riots): its words say so
/// ("protesters", "a mob", "angry villagers"), not a sector.
fn crowd_acts(actors: &[Actor]) -> bool {
    const CROWD: &[&str] = &[
        "protester",
        "demonstrator",
        "rioter",
        "mob",
        "crowd",
        "youths",
        "supporters",
        "villagers",
        "residents",
    ];
    actors.iter().any(|a| {
        let t = a.text.to_lowercase();
        CROWD.iter().any(|w| t.contains(w))
    })
}

/// Words for attackers the text does not identify.
const ANONYMOUS: &[&str] = &["gunm", "assailant", "attacker", "unknown", "unidentified"];

/// Events whose recipient, when none is named, is who is where they
/// happen. PLOVER PROTEST is collective action against the recipient, by
/// default the authorities (manual 3.12: "directed toward … government
/// authorities"); a curfew, a state of emergency or its lifting falls on
/// the people of the place (COERCE 'curfew', 'martial-law'; CONCEDE
/// 081); aid stopped somewhere is stopped for the people there (SANCTION
/// 'discontinue'). The country it took place in, else — for protests and
/// a government's measures at home — the actors' own. Whether it added one.
fn implicit_target(e: &mut Event) -> bool {
    let has_mode = |m: &str| e.plover.mode.iter().any(|x| x == m);
    let (sector, own_country) = match e.plover.event {
        PloverType::Protest => ("GOV", true),
        PloverType::Coerce if has_mode("curfew") || has_mode("martial-law") => ("CVL", true),
        PloverType::Concede if e.cameo.as_deref() == Some("081") => ("CVL", true),
        PloverType::Sanction if has_mode("discontinue") => ("CVL", false),
        _ => return false,
    };
    if e.recipients.iter().any(|r| r.country.is_some()) {
        return false;
    }
    // A place the sentence names first; the document's main country (a
    // fallback place with no text) only after the protesters' own.
    let named = e
        .location
        .as_ref()
        .filter(|p| p.country.is_some() && !p.text.is_empty())
        .map(|p| (p.text.clone(), p.country.clone()));
    let own = || {
        e.actors
            .iter()
            .filter(|_| own_country)
            .find(|a| a.country.is_some() && a.country.as_deref() != Some("IGO"))
            .map(|a| (a.text.clone(), a.country.clone()))
    };
    let main = || {
        e.location
            .as_ref()
            .filter(|p| p.country.is_some())
            .and_then(|p| Some((p.name.clone()?, p.country.clone())))
    };
    let Some((text, country)) = named
        .or_else(own)
        .or_else(|| own_country.then(main).flatten())
    else {
        return false;
    };
    e.recipients.push(Actor {
        text,
        country,
        sector: vec![sector.into()],
        ..Default::default()
    });
    true
}

/// What a stated intention or a negation makes of a cooperative or hostile
/// act, as PLOVER codes it: a conditional intention ("will withdraw its
/// force unless …") and a planned boycott or blockade are THREATEN; a
/// negated or failed agreement, concession or aid ("will not accept",
/// "failed to reach agreement") is REJECT.
fn stance(
    said: PloverType,
    plover: PloverType,
    modality: Modality,
    prefix: &str,
    rest: &str,
) -> PloverType {
    let near: Vec<&str> = prefix
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let near = &near[near.len().saturating_sub(3)..];
    let negated = near.iter().any(|w| {
        matches!(
            *w,
            "not" | "never" | "won't" | "wouldn't" | "cannot" | "failed" | "refused" | "refuses"
        )
    });
    if negated && cooperative(plover) {
        return PloverType::Reject;
    }
    let conditional = rest.contains(" unless ") || rest.contains(" if ");
    let hostile = !cooperative(said);
    if modality == Modality::Planned && (conditional && hostile || said == PloverType::Protest) {
        return PloverType::Threaten;
    }
    plover
}

/// PLOVER types that give or concede something: negated, they are REJECT;
/// made conditional, they are still offers, not threats.
fn cooperative(t: PloverType) -> bool {
    matches!(
        t,
        PloverType::Agree
            | PloverType::Concede
            | PloverType::Support
            | PloverType::Cooperate
            | PloverType::Aid
            | PloverType::Consult
    )
}

/// The trigger verb heads the clause a REQUEST trigger governs ("demanded
/// that the US cancel", "urged Iraq to withdraw").
fn content_of_request(v: &SentView, t: usize) -> bool {
    if !v.parsed || !matches!(v.deprel(t), "ccomp" | "xcomp") {
        return false;
    }
    v.head(t).is_some_and(|h| {
        LEXICON
            .at(&v.lower, h)
            .iter()
            .any(|hit| LEXICON.triggers[hit.trigger].plover == PloverType::Request)
    })
}

/// For a trigger under "must"/"should" in a clause a reporting verb
/// governs, the reporting verb's subject: the speaker who requests it.
fn obligation_speaker(v: &SentView, t: usize) -> Option<args::Arg> {
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

/// Whether a place lies in an area: the area is its district or province
/// by name, or, for a town and its district, they are within 30 km.
fn lies_in(place: &Place, area: &Place) -> bool {
    let named = |n: &Option<String>| {
        n.as_deref()
            .zip(area.name.as_deref())
            .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b))
    };
    if named(&place.admin1) || named(&place.admin2) {
        return true;
    }
    match (place.lat, place.lon, area.lat, area.lon) {
        (Some(a), Some(b), Some(c), Some(d)) => {
            place.country == area.country
                && area.precision <= Some(sitrep_core::GeoPrecision::District)
                && sitrep_core::geo::haversine_km((a, b), (c, d)) < 30.0
        }
        _ => false,
    }
}
