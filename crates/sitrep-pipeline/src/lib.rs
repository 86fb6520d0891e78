//! Runs extract → nlp → events → resolve over one raw article.
//!
//! Models and the knowledge base are loaded once in [`Pipeline::load`] and
//! shared read-only, so one `Pipeline` serves every worker thread
//! (`Pipeline: Send + Sync`); callers parallelise across documents and push
//! the records into a [`sitrep_core::RecordSink`].

mod kb;

use chrono::NaiveDate;
use sitrep_core::{Document, RawDoc, Record};
use sitrep_events::{EventExtractor, Options};
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

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
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
}

impl Pipeline {
    /// Loads the models and the knowledge base shipped in `data/`, once.
    pub fn load(config: Config) -> Result<Self, PipelineError> {
        let nlp = Nlp::load_default()?;
        let kb = Kb::load_default()?;
        Ok(Pipeline::with(config, nlp, kb))
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
        }
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
        record.events = found.events;
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
