//! What can go wrong in the store, always naming the database file.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{0}: no such database (run `sitrep run` first)")]
    Missing(PathBuf),
    #[error("{path}: schema version {found} is newer than this sitrep supports ({supported}); use a newer sitrep")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path}: not a sitrep database (no schema_version table)")]
    NotSitrep { path: PathBuf },
    #[error("{path}: stored JSON of {what} is unreadable: {source}")]
    Json {
        path: PathBuf,
        what: String,
        #[source]
        source: serde_json::Error,
    },
}

impl StoreError {
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> Self {
        StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// An error inside a module that does not know the file name yet; the
/// [`crate::Store`] adds it with [`Inner::at`].
#[derive(Debug)]
pub(crate) enum Inner {
    Sqlite(rusqlite::Error),
    TooNew {
        found: i64,
        supported: i64,
    },
    NotSitrep,
    Json {
        what: String,
        source: serde_json::Error,
    },
}

impl From<rusqlite::Error> for Inner {
    fn from(e: rusqlite::Error) -> Self {
        Inner::Sqlite(e)
    }
}

impl Inner {
    pub(crate) fn at(self, path: &Path) -> StoreError {
        let path = path.to_path_buf();
        match self {
            Inner::Sqlite(source) => StoreError::Sqlite { path, source },
            Inner::TooNew { found, supported } => StoreError::TooNew {
                path,
                found,
                supported,
            },
            Inner::NotSitrep => StoreError::NotSitrep { path },
            Inner::Json { what, source } => StoreError::Json { path, what, source },
        }
    }
}
