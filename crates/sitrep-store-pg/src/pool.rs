//! A pool of store connections for servers: `sitrep serve` answers many
//! requests at once, and each `POST` that stores a document, or each reload
//! of the catalog, takes a connection of its own instead of queueing behind
//! one shared connection. `r2d2` does the pooling (checkout, health checks,
//! replacing broken connections); this module only says how to open one.

use std::time::Duration;

use crate::{PgError, PgStore};

/// Opens [`PgStore`] connections for an [`r2d2::Pool`]: read-only ones
/// (the server's readers, which may point at a replica) or writable ones
/// (which run the migrations once, like any worker).
#[derive(Debug, Clone)]
pub struct PgConnector {
    url: String,
    read_only: bool,
}

/// A pool of store connections, cheap to clone (clones share the pool).
#[derive(Clone)]
pub struct PgPool {
    pool: r2d2::Pool<PgConnector>,
    /// The URL with any password blanked, for messages.
    db: String,
}

/// Why no connection could be had from the pool (the last connection error
/// is inside, naming the database).
#[derive(Debug, thiserror::Error)]
#[error("{db}: no connection from the pool: {source}")]
pub struct PoolError {
    db: String,
    #[source]
    source: r2d2::Error,
}

impl r2d2::ManageConnection for PgConnector {
    type Connection = PgStore;
    type Error = PgError;

    fn connect(&self) -> Result<PgStore, PgError> {
        if self.read_only {
            PgStore::connect_read_only(&self.url)
        } else {
            PgStore::connect(&self.url)
        }
    }

    fn is_valid(&self, conn: &mut PgStore) -> Result<(), PgError> {
        conn.ping()
    }

    fn has_broken(&self, conn: &mut PgStore) -> bool {
        conn.is_closed()
    }
}

impl PgPool {
    /// A pool of up to `size` connections to `url`, opening the first one
    /// now so that a wrong URL or a database too new is an error at
    /// start-up, not at the first request.
    pub fn open(url: &str, read_only: bool, size: u32) -> Result<PgPool, PoolError> {
        let db = crate::redact(url);
        let connector = PgConnector {
            url: url.to_string(),
            read_only,
        };
        let pool = r2d2::Pool::builder()
            .max_size(size.max(1))
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(connector)
            .map_err(|source| PoolError {
                db: db.clone(),
                source,
            })?;
        Ok(PgPool { pool, db })
    }

    /// A connection, waiting up to ten seconds for one to be free.
    pub fn get(&self) -> Result<r2d2::PooledConnection<PgConnector>, PoolError> {
        self.pool.get().map_err(|source| PoolError {
            db: self.db.clone(),
            source,
        })
    }
}
