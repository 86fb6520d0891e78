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
    ///
    /// A full disk reaches us two ways: `SQLITE_FULL` when a page write
    /// finds no room, and `SQLITE_IOERR_SHMSIZE` when SQLite cannot grow
    /// the write-ahead log's index (`-shm`), which is the first thing a
    /// run opening a WAL database on a full file system does. The second
    /// reads "disk I/O error … within the xShmMap method", which says
    /// nothing of space (seen with bench/full-disk.sh on a full tmpfs).
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> Self {
        let path = path.to_path_buf();
        let shm_full = source
            .sqlite_error()
            .is_some_and(|e| e.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE);
        match source.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly(path),
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull(path),
            _ if shm_full => StoreError::DiskFull(path),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_failure(extended: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(extended), None)
    }

    #[test]
    fn no_room_for_the_wal_index_is_a_full_disk() {
        let path = Path::new("x.db");
        for code in [
            rusqlite::ffi::SQLITE_FULL,
            rusqlite::ffi::SQLITE_IOERR_SHMSIZE,
        ] {
            let e = StoreError::sqlite(path, sqlite_failure(code));
            assert!(matches!(e, StoreError::DiskFull(_)), "{code}: {e:?}");
            assert!(e.to_string().starts_with("x.db: the disk is full"), "{e}");
        }
        // Any other I/O error keeps SQLite's own words.
        let e = StoreError::sqlite(path, sqlite_failure(rusqlite::ffi::SQLITE_IOERR_READ));
        assert!(matches!(e, StoreError::Sqlite { .. }), "{e:?}");
    }
}
