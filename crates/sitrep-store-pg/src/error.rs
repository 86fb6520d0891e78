//! What can go wrong in the PostgreSQL store, always naming the database
//! (its URL with any password blanked out).

#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("{db}: {source}")]
    Postgres {
        db: String,
        #[source]
        source: postgres::Error,
    },
    #[error("{db}: schema version {found} is newer than this sitrep supports ({supported}); use a newer sitrep")]
    TooNew {
        db: String,
        found: i64,
        supported: i64,
    },
    #[error("{db}: schema version {found} is older than this sitrep reads ({supported}); run `sitrep status --db …` once with write access to migrate it")]
    TooOld {
        db: String,
        found: i64,
        supported: i64,
    },
    #[error("{db}: JSON of {what} is unreadable: {source}")]
    Json {
        db: String,
        what: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{db}: other workers kept renaming the clusters this batch joins (tried 6 times); run again")]
    Renamed { db: String },
}

/// Errors inside the crate, before the database name is attached.
#[derive(Debug)]
pub(crate) enum Inner {
    Postgres(postgres::Error),
    TooNew {
        found: i64,
        supported: i64,
    },
    TooOld {
        found: i64,
        supported: i64,
    },
    Json {
        what: String,
        source: serde_json::Error,
    },
    /// A stored cluster the batch joined was renamed by another worker
    /// after the batch read it (`cluster::rows`).
    Renamed,
}

impl From<postgres::Error> for Inner {
    fn from(e: postgres::Error) -> Self {
        Inner::Postgres(e)
    }
}

impl Inner {
    pub(crate) fn at(self, db: &str) -> PgError {
        let db = db.to_string();
        match self {
            Inner::Postgres(source) => PgError::Postgres { db, source },
            Inner::TooNew { found, supported } => PgError::TooNew {
                db,
                found,
                supported,
            },
            Inner::TooOld { found, supported } => PgError::TooOld {
                db,
                found,
                supported,
            },
            Inner::Json { what, source } => PgError::Json { db, what, source },
            Inner::Renamed => PgError::Renamed { db },
        }
    }

    /// A deadlock or serialisation failure, or a cluster renamed under the
    /// batch: the transaction was rolled back and may simply be run again.
    pub(crate) fn is_retryable(&self) -> bool {
        match self {
            Inner::Renamed => true,
            Inner::Postgres(e) => e.code().is_some_and(|c| {
                *c == postgres::error::SqlState::T_R_DEADLOCK_DETECTED
                    || *c == postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
            }),
            _ => false,
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for
/// messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_blanked() {
        assert_eq!(
            redact("postgres://me:hunter2@db.example/sitrep"),
            "postgres://me:***@db.example/sitrep"
        );
        assert_eq!(redact("postgres://me@db/sitrep"), "postgres://me@db/sitrep");
        assert_eq!(redact("host=/tmp user=me"), "host=/tmp user=me");
    }
}
