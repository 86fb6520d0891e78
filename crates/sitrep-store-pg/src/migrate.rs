//! Versioned schema migrations, applied once even when many workers start
//! at the same instant: the whole check-and-apply runs under a session
//! advisory lock, so the second worker waits, then finds nothing to do.

use postgres::Client;

use crate::error::Inner;

/// Migrations in order; the number is the schema version each one produces.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/001_initial.sql")),
    (2, include_str!("../migrations/002_work_queue.sql")),
    (3, include_str!("../migrations/003_read_order.sql")),
    (4, include_str!("../migrations/004_warc_ranges.sql")),
    (5, include_str!("../migrations/005_input_order.sql")),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Advisory-lock namespace of migrations ("SITR" as an int4); dedup buckets
/// use the next one (see `cluster::lock_buckets`).
pub(crate) const LOCK_CLASS_MIGRATE: i32 = 0x5349_5452;

pub(crate) fn migrate(client: &mut Client) -> Result<(), Inner> {
    client.execute("SELECT pg_advisory_lock($1, 0)", &[&LOCK_CLASS_MIGRATE])?;
    let result = apply(client);
    // Closing the session would release the lock too; unlocking keeps a
    // long-lived connection from holding it.
    let unlocked = client.execute("SELECT pg_advisory_unlock($1, 0)", &[&LOCK_CLASS_MIGRATE]);
    result?;
    unlocked?;
    Ok(())
}

/// Each migration in its own transaction, recorded in `schema_version` (one
/// row per migration applied, with its time: the history shows that each
/// ran once).
fn apply(client: &mut Client) -> Result<(), Inner> {
    client.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (\
           version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )?;
    let current = version(client)?;
    if current > SCHEMA_VERSION {
        return Err(Inner::TooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        let mut tx = client.transaction()?;
        tx.batch_execute(sql)?;
        tx.execute("INSERT INTO schema_version (version) VALUES ($1)", &[v])?;
        tx.commit()?;
    }
    Ok(())
}

pub(crate) fn version(client: &mut Client) -> Result<i64, Inner> {
    Ok(client
        .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])?
        .get(0))
}

/// For read-only connections (`export`, `serve`, perhaps on a replica):
/// the schema must be exactly this build's, since nothing may be migrated.
pub(crate) fn check(client: &mut Client) -> Result<(), Inner> {
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])?
        .get(0);
    let found = if exists { version(client)? } else { 0 };
    match found.cmp(&SCHEMA_VERSION) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Greater => Err(Inner::TooNew {
            found,
            supported: SCHEMA_VERSION,
        }),
        std::cmp::Ordering::Less => Err(Inner::TooOld {
            found,
            supported: SCHEMA_VERSION,
        }),
    }
}
