//! The reads of `export` and `serve`, answering exactly as the SQLite store
//! does (`sitrep-store/src/read.rs`): the same filters (shared through
//! [`sitrep_store::filter_sql`]), the same rows in the same order (`ord`
//! standing for SQLite's rowid; text sorted bytewise and NULLs first, as
//! SQLite sorts), so an export is the same file from either backend.
//!
//! Rows stream through a cursor (a portal inside a read-only transaction)
//! in chunks of [`CHUNK`]; what a chunk needs besides (a document's events,
//! a cluster's sources) is fetched for the whole chunk in one query.

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Client, Row, Transaction};
use sitrep_core::{Event, Record};
use sitrep_store::{filter_sql, DocumentInfo, EventFilter, StoredCluster, StoredEvent};

use crate::error::Inner;
use crate::PgError;

/// Rows fetched from a cursor at a time: memory stays flat, round trips few.
const CHUNK: i32 = 500;

/// `filter_sql` with PostgreSQL placeholders numbered from `first`.
fn conditions(filter: &EventFilter, alias: &str, first: usize) -> (String, Vec<String>) {
    let mut n = first - 1;
    filter_sql(filter, alias, || {
        n += 1;
        format!("${n}")
    })
}

fn params(values: &[String]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

fn json<T: serde::de::DeserializeOwned>(text: &str, what: String) -> Result<T, Inner> {
    serde_json::from_str(text).map_err(|source| Inner::Json { what, source })
}

fn document(r: &Row, from: usize) -> DocumentInfo {
    DocumentInfo {
        id: r.get(from),
        source: r.get(from + 1),
        url: r.get(from + 2),
        title: r.get(from + 3),
        published: r.get(from + 4),
    }
}

/// Runs `sql` through a cursor, handing `each` one chunk of rows at a time
/// together with the transaction (for the chunk's side queries). Errors of
/// the database become `E` with the database named.
fn chunks<E: From<PgError>>(
    client: &mut Client,
    db: &str,
    sql: &str,
    values: &[String],
    mut each: impl FnMut(&mut Transaction, Vec<Row>) -> Result<(), E>,
) -> Result<(), E> {
    let pg = |e: postgres::Error| E::from(Inner::from(e).at(db));
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(pg)?;
    let portal = tx.bind(sql, &params(values)).map_err(pg)?;
    loop {
        let rows = tx.query_portal(&portal, CHUNK).map_err(pg)?;
        if rows.is_empty() {
            break;
        }
        each(&mut tx, rows)?;
    }
    tx.commit().map_err(pg)
}

pub(crate) fn for_each_event<E: From<PgError>>(
    client: &mut Client,
    db: &str,
    filter: &EventFilter,
    mut f: impl FnMut(StoredEvent) -> Result<(), E>,
) -> Result<(), E> {
    let (cond, values) = conditions(filter, "e", 1);
    let sql = format!(
        "SELECT e.id, e.json, c.n_sources, d.id, d.source, d.url, d.title, d.published \
         FROM events e JOIN documents d ON d.id = e.document_id \
         JOIN clusters c ON c.id = e.cluster_id WHERE {cond} ORDER BY e.ord"
    );
    chunks(client, db, &sql, &values, |_, rows| {
        for r in rows {
            let id: String = r.get(0);
            let event: Event = json(r.get(1), format!("event {id}")).map_err(|e| e.at(db))?;
            f(StoredEvent {
                event,
                n_sources: r.get::<_, i64>(2) as u32,
                document: document(&r, 3),
            })?;
        }
        Ok(())
    })
}

pub(crate) fn for_each_cluster<E: From<PgError>>(
    client: &mut Client,
    db: &str,
    filter: &EventFilter,
    largest_first: bool,
    mut f: impl FnMut(StoredCluster) -> Result<(), E>,
) -> Result<(), E> {
    let (cond, values) = conditions(filter, "c", 1);
    let order = if largest_first {
        "c.n_sources DESC, c.n_events DESC, c.ord"
    } else {
        "c.ord"
    };
    let sql = format!(
        "SELECT c.id, c.canonical, c.n_events FROM clusters c WHERE {cond} ORDER BY {order}"
    );
    chunks(client, db, &sql, &values, |tx, rows| {
        let ids: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        let mut sources: HashMap<String, Vec<DocumentInfo>> = HashMap::new();
        for r in tx
            .query(
                "SELECT x.cluster_id, d.id, d.source, d.url, d.title, d.published \
                 FROM (SELECT DISTINCT cluster_id, document_id FROM events \
                       WHERE cluster_id = ANY($1)) x \
                 JOIN documents d ON d.id = x.document_id \
                 ORDER BY x.cluster_id, d.published COLLATE \"C\" NULLS FIRST, d.id COLLATE \"C\"",
                &[&ids],
            )
            .map_err(|e| E::from(Inner::from(e).at(db)))?
        {
            sources.entry(r.get(0)).or_default().push(document(&r, 1));
        }
        for r in rows {
            let id: String = r.get(0);
            let event: Event = json(r.get(1), format!("cluster {id}")).map_err(|e| e.at(db))?;
            f(StoredCluster {
                event,
                n_events: r.get::<_, i64>(2) as u32,
                sources: sources.remove(&id).unwrap_or_default(),
            })?;
        }
        Ok(())
    })
}

pub(crate) fn for_each_record<E: From<PgError>>(
    client: &mut Client,
    db: &str,
    filter: &EventFilter,
    mut f: impl FnMut(Record) -> Result<(), E>,
) -> Result<(), E> {
    let (docs_sql, doc_values) = if filter.is_empty() {
        (
            "SELECT d.id, d.record FROM documents d ORDER BY d.ord".to_string(),
            Vec::new(),
        )
    } else {
        let (cond, values) = conditions(filter, "e", 1);
        (
            format!(
                "SELECT d.id, d.record FROM documents d WHERE d.id IN \
                 (SELECT e.document_id FROM events e WHERE {cond}) ORDER BY d.ord"
            ),
            values,
        )
    };
    let (cond, values) = conditions(filter, "e", 2);
    let events_sql = format!(
        "SELECT e.document_id, e.id, e.json FROM events e \
         WHERE e.document_id = ANY($1) AND {cond} ORDER BY e.document_id, e.seq"
    );
    chunks(client, db, &docs_sql, &doc_values, |tx, rows| {
        let ids: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        let mut p: Vec<&(dyn ToSql + Sync)> = vec![&ids];
        p.extend(params(&values));
        let mut events: HashMap<String, Vec<Event>> = HashMap::new();
        for r in tx
            .query(events_sql.as_str(), &p)
            .map_err(|e| E::from(Inner::from(e).at(db)))?
        {
            let id: String = r.get(1);
            let event = json(r.get(2), format!("event {id}")).map_err(|e| e.at(db))?;
            events.entry(r.get(0)).or_default().push(event);
        }
        for r in rows {
            let id: String = r.get(0);
            let mut record: Record =
                json(r.get(1), format!("document {id}")).map_err(|e| e.at(db))?;
            record.events = events.remove(&id).unwrap_or_default();
            f(record)?;
        }
        Ok(())
    })
}

/// What changes whenever something is stored: the newest document and the
/// newest event (a cluster changes only when an event joins it). Two index
/// look-ups, however large the store.
pub(crate) fn fingerprint(client: &mut Client) -> Result<(i64, i64), Inner> {
    let row = client.query_one(
        "SELECT (SELECT COALESCE(max(ord), 0) FROM documents), \
                (SELECT COALESCE(max(ord), 0) FROM events)",
        &[],
    )?;
    Ok((row.get(0), row.get(1)))
}
