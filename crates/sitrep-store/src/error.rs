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
    #[error("{0}: the database is read-only (the file, its folder or the file system): nothing was written to it")]
    ReadOnly(PathBuf),
    #[error("{0}: the disk is full: the batch being written was not stored; free space and run again to go on")]
    DiskFull(PathBuf),
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
    /// A SQLite error naming the file; a read-only database and a full
    /// disk get messages of their own (SQLite's "attempt to write a
    /// readonly database" does not say what to do).
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> Self {
        let path = path.to_path_buf();
        match source.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly(path),
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull(path),
            _ => StoreError::Sqlite { path, source },
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
            Inner::Sqlite(source) => StoreError::sqlite(&path, source),
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
