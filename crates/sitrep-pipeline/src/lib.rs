//! Runs extract → nlp → events → resolve over one raw article.
//!
//! Models and the knowledge base are loaded once in [`Pipeline::load`] and
//! shared read-only, so one `Pipeline` serves every worker thread
//! (`Pipeline: Send + Sync`); callers parallelise across documents and push
//! the records into a [`sitrep_core::RecordSink`].

mod kb;

use chrono::NaiveDate;
use sitrep_core::{Document, RawDoc, Record};
use sitrep_core::{Event, PloverType};
use sitrep_events::subevent::{self, SubEventModel};
use sitrep_events::{acled, EventExtractor, Options};
use sitrep_extract::ExtractOptions;
use sitrep_nlp::Nlp;
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
}

/// File name of the sub-event classifier under `data/models/`.
pub const SUBEVENT_MODEL: &str = "subevent.bin";

/// Lets the learned classifier choose the ACLED sub-event type of an event
/// when its choice fits the event's PLOVER type (a protest cannot become an
/// air strike); the rules' choice stands otherwise.
fn refine_subevent(model: &SubEventModel, e: &mut Event, explain: bool) {
    let families: &[&str] = match e.plover.event {
        PloverType::Assault => &[
            "Battles",
            "Explosions/Remote violence",
            "Violence against civilians",
            "Riots",
            "Strategic developments",
        ],
        PloverType::Protest => &["Protests", "Riots"],
        PloverType::Coerce => &["Strategic developments"],
        _ => return,
    };
    // A specific cue the rules found (a weapon, a manner, an arrest) stands;
    // the classifier decides where the rules could only say "violence".
    let generic = e.acled.as_ref().is_none_or(|a| {
        matches!(
            a.sub_event_type.as_str(),
            "Armed clash" | "Attack" | "Other" | "Peaceful protest"
        )
    });
    if !generic {
        return;
    }
    let text: Vec<&str> = e.evidence.iter().map(|s| s.text.as_str()).collect();
    let text = text.join(" ");
    let rule = e
        .acled
        .as_ref()
        .and_then(|a| acled::case_label(&a.sub_event_type))
        .unwrap_or("OTHER");
    let feats = subevent::features(&text, std::slice::from_ref(e), rule);
    let Some(label) = model.predict(&feats) else {
        return;
    };
    let Some(&(ty, sub, _)) = acled::SUB_EVENTS.iter().find(|(_, _, l)| *l == label) else {
        return;
    };
    // Within a family, only the sub-types that kind of event can be.
    let fits = match (e.plover.event, ty) {
        (PloverType::Assault, "Strategic developments") => sub == "Looting/property destruction",
        (PloverType::Coerce, _) => matches!(
            sub,
            "Arrests"
                | "Disrupted weapons use"
                | "Looting/property destruction"
                | "Non-violent transfer of territory"
                | "Other"
        ),
        _ => true,
    };
    if !families.contains(&ty) || !fits {
        return;
    }
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
    pub fn with(config: Config, nlp: Nlp, kb: Kb) -> Self {
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

    /// Runs the stages after extraction on a document already cleaned.
    pub fn process_document(&self, document: Document) -> Record {
        let annotated = self.nlp.annotate(&document.text);
        let resolver = KbResolver(&self.kb);
        let extractor = EventExtractor::new(
            &resolver,
            Options {
                explain: self.config.explain,
            },
        );
        let found = extractor.extract(&document, &annotated);
        let mut record = Record::new(document);
        let mut events = found.events;
        if let Some(m) = &self.subevent {
            for e in &mut events {
                refine_subevent(m, e, self.config.explain);
            }
        }
        record.events = events;
        record.aggregates = found.aggregates;
        record
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
