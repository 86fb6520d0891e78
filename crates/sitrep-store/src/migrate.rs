//! Versioned schema migrations: ordered SQL files applied once each, the
//! last applied number kept in `schema_version`.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Inner;

/// Migrations in order; the number is the schema version each one produces.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/001_initial.sql")),
    (2, include_str!("../migrations/002_candidate_index.sql")),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Applies every migration newer than the database, each in its own
/// transaction, so a crash mid-migration leaves the previous version intact.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), Inner> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    let current = version(conn)?.unwrap_or(0);
    if current > SCHEMA_VERSION {
        return Err(Inner::TooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute("DELETE FROM schema_version", [])?;
        tx.execute("INSERT INTO schema_version (version) VALUES (?1)", [v])?;
        tx.commit()?;
    }
    Ok(())
}

/// For read-only opens: the database must be a sitrep store this build
/// understands.
pub(crate) fn check(conn: &Connection) -> Result<(), Inner> {
    let has_table: bool = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            [],
            |_| Ok(true),
        )
        .optional()?
        .unwrap_or(false);
    if !has_table {
        return Err(Inner::NotSitrep);
    }
    match version(conn)? {
        Some(v) if v > SCHEMA_VERSION => Err(Inner::TooNew {
            found: v,
            supported: SCHEMA_VERSION,
        }),
        Some(_) => Ok(()),
        None => Err(Inner::NotSitrep),
    }
}

fn version(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))
}
