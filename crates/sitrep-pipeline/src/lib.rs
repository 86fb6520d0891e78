//! Runs extract → nlp → events → resolve over one raw article.
//!
//! Models and the knowledge base are loaded once in [`Pipeline::load`] and
//! shared read-only, so one `Pipeline` serves every worker thread
//! (`Pipeline: Send + Sync`); callers parallelise across documents.

use chrono::NaiveDate;
use sitrep_core::{RawDoc, Record};

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Publication date to assume when the page has none (`--date`).
    pub date: Option<NaiveDate>,
    /// Attach `explain` data to every event.
    pub explain: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("{source_name}: {message}")]
    Document {
        source_name: String,
        message: String,
    },
    #[error("loading models: {0}")]
    Load(String),
}

pub struct Pipeline {
    config: Config,
}

impl Pipeline {
    /// Loads every model and table the stages need, once.
    pub fn load(config: Config) -> Result<Self, PipelineError> {
        Ok(Pipeline { config })
    }

    /// Processes one article into its record (document, events, aggregates).
    /// Interim: until the stages land this yields the document text only.
    pub fn process(&self, raw: RawDoc) -> Result<Record, PipelineError> {
        let _ = &self.config;
        let text = raw.body.as_str().to_string();
        let document = sitrep_core::Document {
            id: raw.id.clone().unwrap_or_default(),
            source: raw.source.clone(),
            url: raw.url.clone(),
            published: raw.date.map(|d| d.to_string()),
            text,
            ..Default::default()
        };
        Ok(Record::new(document))
    }
}
