//! Runs extract → nlp → events → resolve over one raw article.
//!
//! Models and the knowledge base are loaded once in [`Pipeline::load`] and
//! shared read-only, so one `Pipeline` serves every worker thread
//! (`Pipeline: Send + Sync`); callers parallelise across documents and push
//! the records into a [`sitrep_core::RecordSink`].

mod kb;
pub mod story;

use std::cell::OnceCell;
use std::ops::Range;

use chrono::NaiveDate;
use sitrep_core::{Document, Place, RawDoc, Record};
use sitrep_core::{Event, PloverType};
use sitrep_events::subevent::{self, SubEventModel};
use sitrep_events::{acled, frames, Deferred, EventExtractor, Options, Reading};
use sitrep_extract::ExtractOptions;
use sitrep_nlp::{Depth, Nlp};
use sitrep_resolve::Kb;

pub use kb::KbResolver;

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Publication date to assume when the page has none (`--date`).
    pub date: Option<NaiveDate>,
    /// Attach `explain` data to every event.
    pub explain: bool,
    /// Extraction limits; defaults when `None`.
    pub extract: Option<ExtractOptions>,
    /// Longest sentence in tokens the language analysis takes whole
    /// (`--max-sentence-tokens`); `None` keeps
    /// [`sitrep_nlp::tokenize::MAX_SENTENCE_TOKENS`].
    pub max_sentence_tokens: Option<usize>,
}

/// File name of the sub-event classifier under `data/models/`.
pub const SUBEVENT_MODEL: &str = "subevent.bin";

/// Whether an event of this PLOVER type may carry the ACLED sub-event
/// behind a CASE 2021 label (a protest cannot become an air strike, an
/// arrest cannot become a battle).
fn fits(plover: PloverType, label: &str) -> Option<&'static str> {
    let &(ty, sub, _) = acled::SUB_EVENTS.iter().find(|(_, _, l)| *l == label)?;
    let ok = match plover {
        PloverType::Assault => match ty {
            "Strategic developments" => sub == "Looting/property destruction",
            t => matches!(
                t,
                "Battles" | "Explosions/Remote violence" | "Violence against civilians" | "Riots"
            ),
        },
        PloverType::Protest => matches!(ty, "Protests" | "Riots"),
        PloverType::Coerce => matches!(
            sub,
            "Arrests"
                | "Disrupted weapons use"
                | "Looting/property destruction"
                | "Non-violent transfer of territory"
                | "Other"
        ),
        _ => false,
    };
    ok.then_some(sub)
}

/// Refines an event the clause rules could only call generic ("Armed
/// clash", "Attack", "Other", "Peaceful protest"): first by the story
/// frames over its evidence (police clashing with protesters is a violent
/// demonstration, a grenade that was seized is disrupted weapons use),
/// then, if one is loaded, by the learned classifier. A specific cue the
/// rules found (a weapon, a manner, an arrest) stands.
fn refine_subevent(model: Option<&SubEventModel>, e: &mut Event, explain: bool) {
    let generic = e.acled.as_ref().is_none_or(|a| {
        matches!(
            a.sub_event_type.as_str(),
            "Armed clash" | "Attack" | "Other" | "Peaceful protest"
        )
    });
    if !generic
        || !matches!(
            e.plover.event,
            PloverType::Assault | PloverType::Protest | PloverType::Coerce
        )
    {
        return;
    }
    let text: Vec<&str> = e.evidence.iter().map(|s| s.text.as_str()).collect();
    let text = text.join(" ");
    let rule = e
        .acled
        .as_ref()
        .and_then(|a| acled::case_label(&a.sub_event_type))
        .unwrap_or("OTHER");
    let framed = frames::overriding(&text)
        .or_else(|| frames::story(&text))
        .and_then(|f| fits(e.plover.event, f.label).map(|sub| (sub, f)));
    if let Some((sub, f)) = framed {
        if explain {
            if let Some(serde_json::Value::Object(map)) = e.explain.as_mut() {
                map.insert(
                    "acled_frame".into(),
                    serde_json::json!({"sub_event_type": sub, "frame": f.frame, "cue": f.cue, "rule_said": rule}),
                );
            }
        }
        e.acled = acled::acled(sub);
        return;
    }
    let Some(model) = model else {
        return;
    };
    let feats = subevent::features(&text, std::slice::from_ref(e), rule);
    let Some(label) = model.predict(&feats) else {
        return;
    };
    let Some(sub) = fits(e.plover.event, label) else {
        return;
    };
    if explain {
        if let Some(serde_json::Value::Object(map)) = e.explain.as_mut() {
            let top = model.top_features(&feats, label, 6);
            map.insert(
                "acled_model".into(),
                serde_json::json!({"sub_event_type": sub, "rule_said": rule, "top_features": top}),
            );
        }
    }
    e.acled = acled::acled(sub);
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Model(#[from] sitrep_events::subevent::ModelError),
    #[error(transparent)]
    Extract(#[from] sitrep_extract::ExtractError),
    #[error("loading the language models: {0}")]
    Nlp(#[from] sitrep_nlp::NlpError),
    #[error("loading the knowledge base: {0}")]
    Kb(#[from] sitrep_resolve::KbError),
}

pub struct Pipeline {
    config: Config,
    extract: ExtractOptions,
    nlp: Nlp,
    kb: Kb,
    subevent: Option<SubEventModel>,
}

impl Pipeline {
    /// Loads the models and the knowledge base shipped in `data/`, once.
    pub fn load(config: Config) -> Result<Self, PipelineError> {
        let nlp = Nlp::load_default()?;
        let kb = Kb::load_default()?;
        let mut p = Pipeline::with(config, nlp, kb);
        let model = sitrep_core::data_dir().join("models").join(SUBEVENT_MODEL);
        if model.exists() {
            p.subevent = Some(SubEventModel::load(&model)?);
        }
        Ok(p)
    }

    /// A pipeline over models and a knowledge base loaded by the caller.
    pub fn with(config: Config, mut nlp: Nlp, kb: Kb) -> Self {
        if let Some(max) = config.max_sentence_tokens {
            nlp.set_max_sentence_tokens(max);
        }
        let mut extract = config.extract.clone().unwrap_or_default();
        extract.default_date = config.date.or(extract.default_date);
        Pipeline {
            config,
            extract,
            nlp,
            kb,
            subevent: None,
        }
    }

    /// The learned ACLED sub-event classifier, when one is shipped.
    pub fn subevent_model(&self) -> Option<&SubEventModel> {
        self.subevent.as_ref()
    }

    /// Replaces (or removes) the sub-event classifier.
    pub fn set_subevent_model(&mut self, model: Option<SubEventModel>) {
        self.subevent = model;
    }

    pub fn nlp(&self) -> &Nlp {
        &self.nlp
    }

    pub fn kb(&self) -> &Kb {
        &self.kb
    }

    /// Processes one article into its record (document, events, aggregates).
    pub fn process(&self, raw: RawDoc) -> Result<Record, PipelineError> {
        let document = sitrep_extract::extract(&raw, &self.extract)?;
        Ok(self.process_document(document))
    }

    /// Runs the stages after extraction on a document already cleaned,
    /// then writes the story-level decision into the record.
    pub fn process_document(&self, document: Document) -> Record {
        let resolver = KbResolver(&self.kb);
        let extractor = self.extractor(&resolver);
        let (mut record, rule, sentences) = self.read(document, &extractor);
        let rule = story::read_claim(&mut record, rule);
        let model = self.subevent.as_ref();
        // The most specific place a sentence names that the KB knows well;
        // the story's context is read only when a story event needs it.
        // A sentence's place as its clause events read it comes first: the
        // phrase reader knows nesting ("the village of X in Y") and names
        // the KB lacks. (Read once, and only when a story event asks: it
        // reads the story's context again.)
        let sentence_places: OnceCell<Vec<(String, Option<Place>)>> = OnceCell::new();
        let locate = |story: &str, sentence: &str| {
            let sentence_places = sentence_places.get_or_init(|| {
                sentences
                    .iter()
                    .map(|r| story.get(r.clone()).unwrap_or("").to_string())
                    .zip(extractor.sentence_places(story))
                    .collect()
            });
            // The story's cue sentence is cut at punctuation, the
            // annotator's at its own boundaries: one holds the other.
            let cue = sentence.trim();
            if let Some((_, place)) = sentence_places.iter().find(|(text, p)| {
                let text = text.trim();
                p.is_some()
                    && !cue.is_empty()
                    && !text.is_empty()
                    && (text.contains(cue) || cue.contains(text))
            }) {
                return place.clone();
            }
            let places = self.kb.document_context(story).place_context();
            self.kb
                .find_places(sentence)
                .iter()
                .filter_map(|m| {
                    let r = self.kb.resolve_place(&m.text, &places);
                    (r.confidence >= kb::MIN_CONFIDENCE)
                        .then_some(r.best)
                        .flatten()
                })
                .min_by_key(|p| p.precision)
        };
        story::decide(model, &mut record, &rule, self.config.explain, &locate);
        // A coder's own count ("Fatalities coded as 0") belongs to the
        // report as a whole: the main event carries it beside the stated one.
        if let Some(main) = record.events.first_mut() {
            main.fatalities_coded = sitrep_events::counts::coded_fatalities(&record.document.text);
            // …and the source's own total given beside it is the stated one.
            if let Some(n) = sitrep_events::counts::reported_fatalities(&record.document.text) {
                main.fatalities = Some(n);
            }
        }
        // A vague stated count ("more than 100") is coded as its most
        // conservative reading, for every event as for the main one.
        for e in &mut record.events {
            if e.fatalities_coded.is_none() {
                e.fatalities_coded = e
                    .fatalities
                    .as_ref()
                    .and_then(sitrep_events::counts::conservative_fatalities);
            }
        }
        if record.outside_acled.is_none() {
            for e in record.events.iter_mut().skip(1) {
                refine_subevent(model, e, self.config.explain);
            }
        }
        self.name_crowds(&mut record);
        record
    }

    /// The crowds of protests and riots, and the forces that police them or
    /// make arrests, named by the events' final types (the story's decision
    /// included), as ACLED names them. The story's context is read only
    /// when an event needs one of the names.
    fn name_crowds(&self, record: &mut Record) {
        use sitrep_events::naming;
        let resolver = KbResolver(&self.kb);
        let mut ctx = None;
        for e in &mut record.events {
            if naming::crowd_pattern(e).is_none() && !naming::polices(e) {
                continue;
            }
            let ctx = ctx.get_or_insert_with(|| {
                sitrep_events::resolver::Resolver::document_context(
                    &resolver,
                    &record.document.text,
                )
            });
            naming::name_crowd(&resolver, ctx, e);
            naming::police_at_protests(&resolver, ctx, e);
        }
    }

    /// The record as the rules alone type it — each event refined by the
    /// story frames over its own evidence, no classifier, no story-level
    /// decision yet — and the rules' frame for the whole story. Training
    /// and cross-validation of the classifier read this.
    pub fn rules(&self, document: Document) -> (Record, frames::Frame) {
        let resolver = KbResolver(&self.kb);
        let (record, rule, _) = self.read(document, &self.extractor(&resolver));
        (record, rule)
    }

    fn extractor<'r>(&self, resolver: &'r KbResolver<'_>) -> EventExtractor<'r> {
        EventExtractor::new(
            resolver,
            Options {
                explain: self.config.explain,
            },
        )
    }

    /// [`Self::rules`] by `extractor`, with the byte range of each sentence
    /// (the extractor keeps what it read of each, for
    /// [`EventExtractor::sentence_places`]).
    fn read(
        &self,
        document: Document,
        extractor: &EventExtractor<'_>,
    ) -> (Record, frames::Frame, Vec<Range<usize>>) {
        // The sentences read only for their subject are tagged now and
        // parsed only if a pronoun after them asks for that subject (see
        // `extractor::Deferred`).
        let mut subject_only: Vec<bool> = Vec::new();
        let annotated = self.nlp.annotate_selected(&document.text, |split| {
            let readings = sitrep_events::sentences_to_read(
                split.iter().map(|s| (s.text, s.words.as_slice())),
            );
            subject_only = readings.iter().map(|&r| r == Reading::Subject).collect();
            readings
                .into_iter()
                .map(|r| match r {
                    Reading::Skip => Depth::Tokens,
                    Reading::Subject => Depth::Tags,
                    Reading::Whole => Depth::Full,
                })
                .collect()
        });
        let parse = |s: &sitrep_core::Sentence| self.nlp.parse_deferred(s);
        let deferred = Deferred {
            sentences: &subject_only,
            parse: &parse,
        };
        let found = extractor.extract_parsing_later(&document, &annotated, Some(deferred));
        let sentences = annotated.sentences.iter().map(|s| s.start..s.end).collect();
        let mut record = Record::new(document);
        let mut events = found.events;
        for e in &mut events {
            refine_subevent(None, e, self.config.explain);
        }
        record.events = events;
        record.aggregates = found.aggregates;
        let rule = story::rule_frame(&record.document.text, &record.events);
        (record, rule, sentences)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pipeline_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<super::Pipeline>();
    }
}
