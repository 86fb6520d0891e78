//! Streaming reads for exports and summaries: rows go to a callback one at a
//! time, so memory does not grow with the number of events.

use std::path::Path;

use rusqlite::{params_from_iter, types::Value, Connection, Row};
use sitrep_core::Event;

use crate::error::StoreError;

/// Which events (or clusters) to read. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// ISO date: events whose date range ends on or after it.
    pub since: Option<String>,
    /// ISO date: events whose date range starts on or before it.
    pub until: Option<String>,
    /// ISO 3166-1 alpha-3 country code.
    pub country: Option<String>,
    /// A PLOVER type (`ASSAULT`), an ACLED event type (`Battles`) or ACLED
    /// sub-event type (`Air/drone strike`); case-insensitive.
    pub event_type: Option<String>,
}

/// The document an event came from, as much as exports need.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentInfo {
    pub id: String,
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
}

/// One stored event with its document and cluster size.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub event: Event,
    pub document: DocumentInfo,
    /// Documents reporting the event's cluster (1 when alone).
    pub n_sources: u32,
}

/// One cluster: its canonical event and the documents that report it.
#[derive(Debug, Clone)]
pub struct StoredCluster {
    pub event: Event,
    pub n_events: u32,
    pub sources: Vec<DocumentInfo>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub documents: u64,
    pub events: u64,
    pub clusters: u64,
    /// Clusters reported by more than one document.
    pub multi_source_clusters: u64,
}

pub(crate) fn counts(conn: &Connection) -> rusqlite::Result<Counts> {
    let n = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0).map(|v| v as u64));
    Ok(Counts {
        documents: n("SELECT COUNT(*) FROM documents")?,
        events: n("SELECT COUNT(*) FROM events")?,
        clusters: n("SELECT COUNT(*) FROM clusters")?,
        multi_source_clusters: n("SELECT COUNT(*) FROM clusters WHERE n_sources > 1")?,
    })
}

/// The WHERE clause for `filter` over a table with the events/clusters
/// column names (`alias.column`), and its parameters, all text; `param`
/// gives each placeholder in turn (`?` for SQLite, `$1`, `$2`… for
/// PostgreSQL), so both backends filter with the same conditions.
pub fn filter_sql(
    filter: &EventFilter,
    alias: &str,
    mut param: impl FnMut() -> String,
) -> (String, Vec<String>) {
    let mut sql = vec!["1 = 1".to_string()];
    let mut values = Vec::new();
    if let Some(s) = &filter.since {
        sql.push(format!("{alias}.date_end >= {}", param()));
        values.push(s.clone());
    }
    if let Some(u) = &filter.until {
        sql.push(format!("{alias}.date_start <= {}", param()));
        values.push(u.clone());
    }
    if let Some(c) = &filter.country {
        sql.push(format!("{alias}.country = {}", param()));
        values.push(c.to_ascii_uppercase());
    }
    if let Some(t) = &filter.event_type {
        let (a, b, c) = (param(), param(), param());
        sql.push(format!(
            "({alias}.plover_event = upper({a}) OR lower({alias}.acled_event_type) = lower({b}) \
             OR lower({alias}.acled_sub_event_type) = lower({c}))"
        ));
        for _ in 0..3 {
            values.push(t.clone());
        }
    }
    (sql.join(" AND "), values)
}

impl EventFilter {
    /// Whether the filter selects everything.
    pub fn is_empty(&self) -> bool {
        self.since.is_none()
            && self.until.is_none()
            && self.country.is_none()
            && self.event_type.is_none()
    }
}

/// [`filter_sql`] with SQLite's placeholders and values.
fn conditions(filter: &EventFilter, alias: &str) -> (String, Vec<Value>) {
    let (sql, values) = filter_sql(filter, alias, || "?".to_string());
    (sql, values.into_iter().map(Value::Text).collect())
}

fn document(r: &Row, from: usize) -> rusqlite::Result<DocumentInfo> {
    Ok(DocumentInfo {
        id: r.get(from)?,
        source: r.get(from + 1)?,
        url: r.get(from + 2)?,
        title: r.get(from + 3)?,
        published: r.get(from + 4)?,
    })
}

fn parse_event(json: &str, path: &Path, what: &str) -> Result<Event, StoreError> {
    serde_json::from_str(json).map_err(|source| StoreError::Json {
        path: path.to_path_buf(),
        what: what.to_string(),
        source,
    })
}

pub(crate) fn for_each_event<E: From<StoreError>>(
    conn: &Connection,
    path: &Path,
    filter: &EventFilter,
    mut f: impl FnMut(StoredEvent) -> Result<(), E>,
) -> Result<(), E> {
    let sqlite = |e| E::from(StoreError::sqlite(path, e));
    let (cond, values) = conditions(filter, "e");
    let sql = format!(
        "SELECT e.id, e.json, c.n_sources, d.id, d.source, d.url, d.title, d.published \
         FROM events e JOIN documents d ON d.id = e.document_id \
         JOIN clusters c ON c.id = e.cluster_id WHERE {cond} ORDER BY e.rowid"
    );
    let mut stmt = conn.prepare(&sql).map_err(sqlite)?;
    let mut rows = stmt.query(params_from_iter(values)).map_err(sqlite)?;
    while let Some(r) = rows.next().map_err(sqlite)? {
        let id: String = r.get(0).map_err(sqlite)?;
        let json: String = r.get(1).map_err(sqlite)?;
        let event = parse_event(&json, path, &format!("event {id}"))?;
        f(StoredEvent {
            event,
            n_sources: r.get::<_, i64>(2).map_err(sqlite)? as u32,
            document: document(r, 3).map_err(sqlite)?,
        })?;
    }
    Ok(())
}

pub(crate) fn for_each_cluster<E: From<StoreError>>(
    conn: &Connection,
    path: &Path,
    filter: &EventFilter,
    largest_first: bool,
    mut f: impl FnMut(StoredCluster) -> Result<(), E>,
) -> Result<(), E> {
    let sqlite = |e| E::from(StoreError::sqlite(path, e));
    let (cond, values) = conditions(filter, "c");
    let order = if largest_first {
        "c.n_sources DESC, c.n_events DESC, c.rowid"
    } else {
        "c.rowid"
    };
    let sql = format!(
        "SELECT c.id, c.canonical, c.n_events FROM clusters c WHERE {cond} ORDER BY {order}"
    );
    let mut stmt = conn.prepare(&sql).map_err(sqlite)?;
    let mut sources = conn
        .prepare(
            "SELECT d.id, d.source, d.url, d.title, d.published FROM documents d \
             WHERE d.id IN (SELECT document_id FROM events WHERE cluster_id = ?1) \
             ORDER BY d.published, d.id",
        )
        .map_err(sqlite)?;
    let mut rows = stmt.query(params_from_iter(values)).map_err(sqlite)?;
    while let Some(r) = rows.next().map_err(sqlite)? {
        let id: String = r.get(0).map_err(sqlite)?;
        let json: String = r.get(1).map_err(sqlite)?;
        let event = parse_event(&json, path, &format!("cluster {id}"))?;
        let docs = sources
            .query_map([&id], |r| document(r, 0))
            .map_err(sqlite)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sqlite)?;
        f(StoredCluster {
            event,
            n_events: r.get::<_, i64>(2).map_err(sqlite)? as u32,
            sources: docs,
        })?;
    }
    Ok(())
}

/// Streams stored sitrep/1 records in storage order, their events read from
/// `events.json` (clusters set). With an empty filter, every document (with
/// or without events); otherwise only documents with a matching event, and
/// of their events only the matching ones.
pub(crate) fn for_each_record<E: From<StoreError>>(
    conn: &Connection,
    path: &Path,
    filter: &EventFilter,
    mut f: impl FnMut(sitrep_core::Record) -> Result<(), E>,
) -> Result<(), E> {
    let sqlite = |e| E::from(StoreError::sqlite(path, e));
    let json_error = |what: String, source| {
        E::from(StoreError::Json {
            path: path.to_path_buf(),
            what,
            source,
        })
    };
    let unfiltered = filter.is_empty();
    let (cond, values) = conditions(filter, "e");
    let docs_sql = if unfiltered {
        "SELECT d.id, d.record FROM documents d ORDER BY d.rowid".to_string()
    } else {
        format!(
            "SELECT d.id, d.record FROM documents d WHERE d.id IN \
             (SELECT e.document_id FROM events e WHERE {cond}) ORDER BY d.rowid"
        )
    };
    let mut docs = conn.prepare(&docs_sql).map_err(sqlite)?;
    let mut events = conn
        .prepare(&format!(
            "SELECT e.id, e.json FROM events e WHERE e.document_id = ? AND {cond} ORDER BY e.seq"
        ))
        .map_err(sqlite)?;
    let doc_values = if unfiltered {
        Vec::new()
    } else {
        values.clone()
    };
    let mut rows = docs.query(params_from_iter(doc_values)).map_err(sqlite)?;
    while let Some(r) = rows.next().map_err(sqlite)? {
        let id: String = r.get(0).map_err(sqlite)?;
        let json: String = r.get(1).map_err(sqlite)?;
        let mut record: sitrep_core::Record = serde_json::from_str(&json)
            .map_err(|source| json_error(format!("document {id}"), source))?;
        let params = std::iter::once(Value::Text(id.clone())).chain(values.iter().cloned());
        let mut ev = events.query(params_from_iter(params)).map_err(sqlite)?;
        record.events.clear();
        while let Some(er) = ev.next().map_err(sqlite)? {
            let eid: String = er.get(0).map_err(sqlite)?;
            let ejson: String = er.get(1).map_err(sqlite)?;
            record.events.push(
                serde_json::from_str(&ejson)
                    .map_err(|source| json_error(format!("event {eid}"), source))?,
            );
        }
        f(record)?;
    }
    Ok(())
}

/// What [`crate::Store::tally`] counts events by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tally {
    PloverType,
    AcledType,
    Country,
}

pub(crate) fn tally(conn: &Connection, by: Tally) -> rusqlite::Result<Vec<(Option<String>, u64)>> {
    let column = match by {
        Tally::PloverType => "plover_event",
        Tally::AcledType => "acled_event_type",
        Tally::Country => "country",
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {column}, COUNT(*) AS n FROM events GROUP BY {column} ORDER BY n DESC, {column}"
    ))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
    rows.collect()
}
