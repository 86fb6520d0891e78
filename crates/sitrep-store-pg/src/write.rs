//! Writing records: one transaction per batch, with the work items the
//! batch came from marked done (or failed) in the same transaction, so an
//! item is finished exactly when its record is stored. Documents already
//! stored (same id or same text) are skipped, so reprocessing adds nothing.
//!
//! The transaction is ordered so that the part that holds the dedup bucket
//! locks is a handful of round trips however large the batch: documents,
//! places and the queue's marks go in first, without bucket locks; then the
//! buckets are locked, the batch's events are clustered in memory against
//! one read of their neighbourhood (`cluster.rs`), and clusters, events,
//! actors and evidence go in as one statement before the commit. Rows go
//! in as one JSON array per table (`json_populate_recordset`), so a batch
//! is a few statements, not one per row.

use std::collections::{HashMap, HashSet};

use postgres::{Client, Transaction};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sitrep_core::{Place, Record};
use sitrep_dedup::Report;
pub use sitrep_store::BatchOutcome;

use crate::cluster::{self, Neighbourhood, NewEvent, ReportCache};
use crate::error::Inner;
use crate::prepared::Prepared;
use sitrep_store::row::{enum_str, join, ClusterRow, EventRow, CLUSTER_COLUMNS, EVENT_COLUMNS};

/// One record to store, and the work item it finishes (if it came from the
/// queue).
pub struct Pending {
    pub record: Record,
    pub item: Option<i64>,
    /// Its place in input order: the work item it came from and its index
    /// in that item (a WARC range holds many). Clusters are named after,
    /// and built in the order of, their members' places, so that workers
    /// committing in any order store what one worker does. `None` for a
    /// record stored directly: it is placed when stored, after everything
    /// enqueued or stored before it, its batch in the order given.
    pub position: Option<(i64, i32)>,
}

/// A work item that could not be processed, and why.
pub struct Failure {
    pub item: i64,
    pub error: String,
}

/// What one transaction stores and finishes.
pub(crate) struct Batch<'a> {
    /// Records, each finishing its item if it has one.
    pub records: &'a [Pending],
    /// Range items finished: their records (any number, none included) are
    /// among `records` without an item.
    pub ranges: &'a [i64],
    pub failures: &'a [Failure],
}

/// A record made ready outside the transaction: ids repaired, hashes,
/// JSON and dedup reports computed once, even if the transaction is retried.
struct Ready {
    record: Record,
    item: Option<i64>,
    position: Option<(i64, i32)>,
    hash: String,
    /// The document row's `record`: the record without its events, which
    /// live in `events.json` (with their clusters).
    json: String,
    reports: Vec<Report>,
}

/// Writes a batch in one transaction. A transaction PostgreSQL rolled back
/// for a deadlock (two workers inserting the same documents in opposite
/// orders) is run again.
pub(crate) fn write_batch(
    client: &mut Client,
    prepared: &mut Prepared,
    cache: &mut ReportCache,
    batch: Batch,
    worker: &str,
) -> Result<BatchOutcome, Inner> {
    let ready = batch
        .records
        .iter()
        .map(ready)
        .collect::<Result<Vec<_>, _>>()?;
    let mut attempt = 0;
    loop {
        let mut tx = client.transaction()?;
        let finished = Finished {
            ranges: batch.ranges,
            failures: batch.failures,
        };
        match write(&mut tx, prepared, cache, &ready, &finished, worker) {
            Ok(outcome) => {
                tx.commit()?;
                return Ok(outcome);
            }
            Err(e) if e.is_retryable() && attempt < 5 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

fn ready(pending: &Pending) -> Result<Ready, Inner> {
    let mut record = pending.record.clone();
    repair_ids(&mut record);
    let hash = content_hash(&record.document.text);
    let mut stripped = record.clone();
    stripped.events.clear();
    let json = serde_json::to_string(&stripped).map_err(|source| Inner::Json {
        what: format!("document {}", record.document.id),
        source,
    })?;
    let published = published(&record);
    let reports = record
        .events
        .iter()
        .map(|e| Report::from_event(e, &record.document.id, published))
        .collect();
    Ok(Ready {
        record,
        item: pending.item,
        position: pending.position,
        hash,
        json,
        reports,
    })
}

fn write(
    tx: &mut Transaction,
    prepared: &mut Prepared,
    cache: &mut ReportCache,
    ready: &[Ready],
    finished: &Finished,
    worker: &str,
) -> Result<BatchOutcome, Inner> {
    let mut outcome = BatchOutcome::default();
    let positions = positions(tx, ready)?;
    let stored = insert_documents(tx, ready, &positions)?;
    mark_items(tx, ready, &stored, finished, worker)?;
    let (new, new_positions): (Vec<&Ready>, Vec<(i64, i32)>) = ready
        .iter()
        .zip(&positions)
        .zip(&stored)
        .filter(|(_, s)| **s)
        .map(|((r, p), _)| (r, *p))
        .unzip();
    outcome.duplicates = (ready.len() - new.len()) as u64;
    outcome.documents = new.len() as u64;
    let places = place_ids(tx, &new)?;

    let reports: Vec<&Report> = new.iter().flat_map(|r| &r.reports).collect();
    if reports.is_empty() {
        return Ok(outcome);
    }
    let mut weeks: Vec<i32> = reports.iter().flat_map(|r| cluster::buckets(r)).collect();
    weeks.sort_unstable();
    weeks.dedup();
    // Outside the lock: parse the reports of the neighbourhood as it is now,
    // so that under the lock only what was committed since is new.
    Neighbourhood::fetch(tx, prepared, cache, &reports)?;

    // From here to the commit, writers in the same weeks wait for us.
    cluster::lock_buckets(tx, prepared, &weeks)?;
    let mut hood = Neighbourhood::fetch(tx, prepared, cache, &reports)?;
    let events: Vec<NewEvent> =
        new.iter()
            .zip(&new_positions)
            .flat_map(|(r, &(ord, pos))| {
                r.record.events.iter().zip(&r.reports).enumerate().map(
                    move |(seq, (event, report))| NewEvent {
                        event,
                        document: &r.record.document.id,
                        report,
                        country: event.location.as_ref().and_then(|p| p.country.as_deref()),
                        key: (ord, pos, seq as i64),
                    },
                )
            })
            .collect();
    let assigned = hood.assign(cache, &events);
    let members: Vec<cluster::NewMember> = events
        .iter()
        .zip(&assigned)
        .map(|(n, (c, _))| cluster::NewMember {
            event: n.event,
            cluster: c.as_str(),
            document: n.document,
            key: n.key,
        })
        .collect();
    let clusters = cluster::rows(tx, prepared, hood.stored_joined(), &members)?;
    let mut clustered = Vec::with_capacity(events.len());
    for (new_event, (label, joined)) in events.iter().zip(&assigned) {
        let mut e = new_event.event.clone();
        e.cluster = Some(clusters.name(label).to_string());
        outcome.events += 1;
        outcome.joined += u64::from(*joined);
        clustered.push(e);
    }
    insert_events(tx, prepared, &new, &clustered, &places, &clusters)?;
    Ok(outcome)
}

/// Each record's place in input order: its own, or for records stored
/// directly one number for the batch, drawn from the queue's sequence (so
/// after every item enqueued so far), and the record's index in the batch.
fn positions(tx: &mut Transaction, ready: &[Ready]) -> Result<Vec<(i64, i32)>, Inner> {
    let mut drawn: Option<i64> = None;
    let mut out = Vec::with_capacity(ready.len());
    for (i, r) in ready.iter().enumerate() {
        let p = match r.position {
            Some(p) => p,
            None => {
                let n = match drawn {
                    Some(n) => n,
                    None => {
                        let n: i64 = tx
                            .query_one(
                                "SELECT nextval(pg_get_serial_sequence('work_items', 'id'))",
                                &[],
                            )?
                            .get(0);
                        drawn = Some(n);
                        n
                    }
                };
                (n, i32::try_from(i).unwrap_or(i32::MAX))
            }
        };
        out.push(p);
    }
    Ok(out)
}

/// Inserts the documents not already stored; says which of `ready` were.
/// The first of several with the same id or text wins, as in SQLite.
fn insert_documents(
    tx: &mut Transaction,
    ready: &[Ready],
    positions: &[(i64, i32)],
) -> Result<Vec<bool>, Inner> {
    let rows: Vec<Value> = ready
        .iter()
        .zip(positions)
        .map(|(r, (ord, pos))| {
            let d = &r.record.document;
            json!({
                "id": d.id, "content_hash": r.hash, "source": d.source, "url": d.url,
                "title": d.title, "published": d.published, "language": d.language,
                "byline": d.byline, "text": d.text, "n_events": r.record.events.len(),
                "record": r.json, "input_ord": ord, "input_pos": pos,
            })
        })
        .collect();
    let inserted: HashSet<String> = tx
        .query(
            "INSERT INTO documents (id, content_hash, source, url, title, published, language, \
               byline, text, n_events, record, input_ord, input_pos) \
             SELECT id, content_hash, source, url, title, published, language, byline, text, \
               n_events, record, input_ord, input_pos \
             FROM json_populate_recordset(NULL::documents, $1::text::json) WITH ORDINALITY AS r \
             ORDER BY r.ordinality \
             ON CONFLICT DO NOTHING RETURNING id",
            &[&to_json(&rows)?],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut taken: HashSet<&str> = HashSet::new();
    Ok(ready
        .iter()
        .map(|r| inserted.contains(&r.record.document.id) && taken.insert(&r.record.document.id))
        .collect())
}

/// The items a batch finishes besides those of its records.
struct Finished<'a> {
    ranges: &'a [i64],
    failures: &'a [Failure],
}

/// Marks the batch's items done (with the document each stored, if any; a
/// range, which may store many, with none) and the failed ones failed.
fn mark_items(
    tx: &mut Transaction,
    ready: &[Ready],
    stored: &[bool],
    finished: &Finished,
    worker: &str,
) -> Result<(), Inner> {
    let failures = finished.failures;
    let mut items = Vec::new();
    let mut docs: Vec<Option<&str>> = Vec::new();
    for (r, s) in ready.iter().zip(stored) {
        if let Some(item) = r.item {
            items.push(item);
            docs.push(s.then_some(r.record.document.id.as_str()));
        }
    }
    for &item in finished.ranges {
        items.push(item);
        docs.push(None);
    }
    if !items.is_empty() {
        tx.execute(
            "UPDATE work_items w SET state = 'done', document_id = u.doc, worker = $3, \
               error = NULL, claimed_until = NULL, finished_at = now() \
             FROM unnest($1::int8[], $2::text[]) AS u(id, doc) WHERE w.id = u.id",
            &[&items, &docs, &worker],
        )?;
    }
    if !failures.is_empty() {
        let ids: Vec<i64> = failures.iter().map(|f| f.item).collect();
        let errors: Vec<&str> = failures.iter().map(|f| f.error.as_str()).collect();
        tx.execute(
            "UPDATE work_items w SET state = 'failed', error = u.error, worker = $3, \
               claimed_until = NULL, finished_at = now() \
             FROM unnest($1::int8[], $2::text[]) AS u(id, error) \
             WHERE w.id = u.id AND w.state <> 'done'",
            &[&ids, &errors, &worker],
        )?;
    }
    Ok(())
}

/// The place key of a resolved place; unresolved places (no name, no id)
/// get no row.
fn place_key(p: &Place) -> Option<String> {
    match (p.geonameid, &p.name) {
        (Some(id), _) => Some(format!("gn:{id}")),
        (None, Some(name)) => Some(format!(
            "name:{name}|{}|{}",
            p.country.as_deref().unwrap_or(""),
            p.admin1.as_deref().unwrap_or("")
        )),
        (None, None) => None,
    }
}

/// The rows of the batch's resolved places by key, created on first sight
/// by whichever worker gets there first.
fn place_ids(tx: &mut Transaction, new: &[&Ready]) -> Result<HashMap<String, i64>, Inner> {
    let mut keys = Vec::new();
    let mut rows = Vec::new();
    for p in new
        .iter()
        .flat_map(|r| &r.record.events)
        .filter_map(|e| e.location.as_ref())
    {
        let Some(key) = place_key(p) else { continue };
        if keys.contains(&key) {
            continue;
        }
        rows.push(json!({
            "key": key, "name": p.name, "geonameid": p.geonameid, "country": p.country,
            "admin1": p.admin1, "admin2": p.admin2, "lat": p.lat, "lon": p.lon,
            "precision": p.precision.as_ref().map(enum_str),
        }));
        keys.push(key);
    }
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    tx.execute(
        "INSERT INTO places (key, name, geonameid, country, admin1, admin2, lat, lon, precision) \
         SELECT key, name, geonameid, country, admin1, admin2, lat, lon, precision \
         FROM json_populate_recordset(NULL::places, $1::text::json) WITH ORDINALITY AS r \
         ORDER BY r.ordinality ON CONFLICT (key) DO NOTHING",
        &[&to_json(&rows)?],
    )?;
    Ok(tx
        .query("SELECT key, id FROM places WHERE key = ANY($1)", &[&keys])?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect())
}

/// Clusters (new, recomputed or renamed), events, actors and evidence, in
/// one statement: data-modifying CTEs, whose foreign keys are checked at the
/// statement's end — so a renamed cluster's new row, its stored members
/// pointing to it and its old row's removal go in together.
fn insert_events(
    tx: &mut Transaction,
    prepared: &mut Prepared,
    new: &[&Ready],
    clustered: &[sitrep_core::Event],
    places: &HashMap<String, i64>,
    clusters: &cluster::Clustered,
) -> Result<(), Inner> {
    let mut events = Vec::new();
    let mut actors = Vec::new();
    let mut evidence = Vec::new();
    let mut clustered = clustered.iter();
    for r in new {
        for (seq, report) in r.reports.iter().enumerate() {
            let Some(e) = clustered.next() else { break };
            let json = serde_json::to_string(e).map_err(|source| Inner::Json {
                what: format!("event {}", e.id),
                source,
            })?;
            let place = e
                .location
                .as_ref()
                .and_then(place_key)
                .and_then(|k| places.get(&k).copied());
            events.push(event_json(&EventRow::new(
                &r.record.document.id,
                seq,
                e,
                report,
                place,
                json,
            )));
            for (role, list) in [("actor", &e.actors), ("recipient", &e.recipients)] {
                for (n, a) in list.iter().enumerate() {
                    actors.push(json!({
                        "event_id": e.id, "role": role, "n": n, "text": a.text, "name": a.name,
                        "kb_id": a.id, "country": a.country, "sector": join(&a.sector),
                    }));
                }
            }
            for (n, s) in e.evidence.iter().enumerate() {
                evidence.push(json!({
                    "event_id": e.id, "n": n, "start": s.start, "end": s.end, "text": s.text,
                }));
            }
        }
    }
    let moved: Vec<Value> = clusters
        .moved
        .iter()
        .map(|(id, cluster, json)| json!({"id": id, "cluster_id": cluster, "json": json}))
        .collect();
    let rows: Vec<Value> = clusters.rows.iter().map(cluster_json).collect();
    let insert = prepared.get(tx, insert_events_sql())?;
    tx.execute(
        &insert,
        &[
            &to_json(&rows)?,
            &to_json(&events)?,
            &to_json(&actors)?,
            &to_json(&evidence)?,
            &to_json(&moved)?,
            &clusters.renamed,
        ],
    )?;
    Ok(())
}

/// The statement of [`insert_events`], built once.
fn insert_events_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let set: Vec<String> = CLUSTER_COLUMNS
            .split(", ")
            .skip(1)
            .map(|c| format!("{c} = EXCLUDED.{c}"))
            .collect();
        format!(
            "WITH c AS (INSERT INTO clusters ({CLUSTER_COLUMNS}) SELECT {CLUSTER_COLUMNS} \
               FROM json_populate_recordset(NULL::clusters, $1::text::json) WITH ORDINALITY AS r \
               ORDER BY r.ordinality ON CONFLICT (id) DO UPDATE SET {set}), \
             m AS (UPDATE events SET cluster_id = x.cluster_id, json = x.json \
               FROM json_populate_recordset(NULL::events, $5::text::json) AS x \
               WHERE events.id = x.id), \
             d AS (DELETE FROM clusters WHERE id = ANY($6::text[])), \
             e AS (INSERT INTO events ({EVENT_COLUMNS}) SELECT {EVENT_COLUMNS} \
               FROM json_populate_recordset(NULL::events, $2::text::json) WITH ORDINALITY AS r \
               ORDER BY r.ordinality), \
             a AS (INSERT INTO event_actors (event_id, role, n, text, name, kb_id, country, sector) \
               SELECT event_id, role, n, text, name, kb_id, country, sector \
               FROM json_populate_recordset(NULL::event_actors, $3::text::json)) \
             INSERT INTO evidence (event_id, n, start, \"end\", text) \
               SELECT event_id, n, start, \"end\", text \
               FROM json_populate_recordset(NULL::evidence, $4::text::json)",
            set = set.join(", ")
        )
    })
}

fn to_json(rows: &[Value]) -> Result<String, Inner> {
    serde_json::to_string(rows).map_err(|source| Inner::Json {
        what: "a batch of rows".into(),
        source,
    })
}

fn event_json(r: &EventRow) -> Value {
    json!({
        "id": r.id, "document_id": r.document_id, "seq": r.seq, "plover_event": r.plover_event,
        "plover_mode": r.plover_mode, "plover_context": r.plover_context,
        "acled_event_type": r.acled_event_type, "acled_sub_event_type": r.acled_sub_event_type,
        "cameo": r.cameo, "date_text": r.date_text, "date_start": r.date_start,
        "date_end": r.date_end, "date_precision": r.date_precision, "place_id": r.place_id,
        "location_text": r.location_text, "location": r.location, "geonameid": r.geonameid,
        "country": r.country, "admin1": r.admin1, "admin2": r.admin2, "lat": r.lat, "lon": r.lon,
        "geo_precision": r.geo_precision, "fatalities_min": r.fatalities_min,
        "fatalities_max": r.fatalities_max, "injured_min": r.injured_min,
        "injured_max": r.injured_max, "modality": r.modality, "attribution": r.attribution,
        "confidence": r.confidence, "cluster_id": r.cluster_id, "match_start": r.match_start,
        "match_end": r.match_end, "json": r.json,
    })
}

fn cluster_json(r: &ClusterRow) -> Value {
    json!({
        "id": r.id, "plover_event": r.plover_event, "acled_event_type": r.acled_event_type,
        "acled_sub_event_type": r.acled_sub_event_type, "date_start": r.date_start,
        "date_end": r.date_end, "date_precision": r.date_precision, "country": r.country,
        "admin1": r.admin1, "location": r.location, "lat": r.lat, "lon": r.lon,
        "geo_precision": r.geo_precision, "fatalities_min": r.fatalities_min,
        "fatalities_max": r.fatalities_max, "n_events": r.n_events, "n_sources": r.n_sources,
        "canonical": r.canonical,
    })
}

/// Extraction always sets ids; a hand-made record may not. The content hash
/// is the id extraction would have given it; event ids must be unique.
fn repair_ids(record: &mut Record) {
    if record.document.id.is_empty() {
        record.document.id = content_hash(&record.document.text)[..16].to_string();
    }
    let doc_id = record.document.id.clone();
    let mut seen: Vec<String> = Vec::new();
    for (seq, e) in record.events.iter_mut().enumerate() {
        if e.id.is_empty() || seen.contains(&e.id) {
            e.id = format!("{doc_id}:{seq}");
        }
        seen.push(e.id.clone());
    }
}

fn published(record: &Record) -> Option<chrono::NaiveDate> {
    record
        .document
        .published
        .as_deref()
        .and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
}

pub(crate) fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
