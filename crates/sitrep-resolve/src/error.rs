//! What can go wrong loading or building the knowledge base.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: not a sitrep knowledge-base file ({what}); rebuild it with `sitrep kb build`"
    )]
    Corrupt { path: PathBuf, what: String },
    #[error("{path}, line {line}: {what}")]
    BadLine {
        path: PathBuf,
        line: usize,
        what: String,
    },
    #[error("building the name index: {0}")]
    Index(#[from] fst::Error),
}

impl KbError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        KbError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn corrupt(path: impl Into<PathBuf>, what: impl Into<String>) -> Self {
        KbError::Corrupt {
            path: path.into(),
            what: what.into(),
        }
    }

    pub(crate) fn bad_line(path: impl Into<PathBuf>, line: usize, what: impl Into<String>) -> Self {
        KbError::BadLine {
            path: path.into(),
            line,
            what: what.into(),
        }
    }
}
