//! Read queries for the HTTP API (owned by the serve stage), written against
//! the schema in `docs/store.md` through [`crate::Store::connection`].
//!
//! The API answers from memory (see `sitrep-serve`'s catalog), so what it
//! needs from SQLite is one pass at start-up: every document with its events
//! as stored — the events from `events.json`, which carries the cluster id
//! dedup assigned, rather than the copy inside `documents.record`.

use sitrep_core::{Event, Record};

use crate::{Store, StoreError};

/// Calls `f` with each stored document's record, its events in document
/// order with their cluster ids set. Memory holds one record at a time.
pub fn for_each_record(store: &Store, mut f: impl FnMut(Record)) -> Result<(), StoreError> {
    let path = store.path();
    let conn = store.connection();
    let sql_err = |e| StoreError::Sqlite {
        path: path.to_path_buf(),
        source: e,
    };
    let json_err = |what: String, source| StoreError::Json {
        path: path.to_path_buf(),
        what,
        source,
    };
    let mut docs = conn
        .prepare("SELECT id, record FROM documents ORDER BY rowid")
        .map_err(sql_err)?;
    let mut events = conn
        .prepare("SELECT id, json FROM events WHERE document_id = ?1 ORDER BY seq")
        .map_err(sql_err)?;
    let mut rows = docs.query([]).map_err(sql_err)?;
    while let Some(row) = rows.next().map_err(sql_err)? {
        let id: String = row.get(0).map_err(sql_err)?;
        let json: String = row.get(1).map_err(sql_err)?;
        let mut record: Record =
            serde_json::from_str(&json).map_err(|e| json_err(format!("document {id}"), e))?;
        let mut stored = Vec::new();
        let mut ev_rows = events.query([&id]).map_err(sql_err)?;
        while let Some(er) = ev_rows.next().map_err(sql_err)? {
            let eid: String = er.get(0).map_err(sql_err)?;
            let ejson: String = er.get(1).map_err(sql_err)?;
            let event: Event =
                serde_json::from_str(&ejson).map_err(|e| json_err(format!("event {eid}"), e))?;
            stored.push(event);
        }
        record.events = stored;
        f(record);
    }
    Ok(())
}
