//! Writing records: one transaction per batch, with the work items the
//! batch came from marked done (or failed) in the same transaction, so an
//! item is finished exactly when its record is stored. Documents already
//! stored (same id or same text) are skipped, so reprocessing adds nothing.
//!
//! Events go in one by one, since each is clustered against those before it
//! (earlier ones in the same batch included); their actors and evidence
//! spans, which nothing reads back during the batch, go in at the end as one
//! multi-row `INSERT … SELECT FROM unnest(…)` each.

use postgres::{Client, Transaction};
use sha2::{Digest, Sha256};
use sitrep_core::{Event, Place, Record};
pub use sitrep_store::BatchOutcome;

use crate::cluster::{self, ReportCache};
use crate::error::Inner;
use sitrep_store::row::{enum_str, join, EventRow, EVENT_COLUMNS};

/// One record to store, and the work item it finishes (if it came from the
/// queue).
pub struct Pending {
    pub record: Record,
    pub item: Option<i64>,
}

/// A work item that could not be processed, and why.
pub struct Failure {
    pub item: i64,
    pub error: String,
}

/// Writes a batch: normally one transaction, split where another worker
/// holds a dedup bucket this batch needs (see [`write_segment`]). A segment
/// PostgreSQL rolled back for a deadlock (two workers inserting the same
/// document or place in opposite orders) is retried; committed segments
/// stay committed.
pub(crate) fn write_batch(
    client: &mut Client,
    cache: &mut ReportCache,
    batch: &[Pending],
    failures: &[Failure],
    worker: &str,
) -> Result<BatchOutcome, Inner> {
    let mut outcome = BatchOutcome::default();
    let mut start = 0;
    let mut failures = failures;
    let mut attempt = 0;
    loop {
        match write_segment(client, cache, &batch[start..], failures, worker) {
            Ok((written, o)) => {
                outcome.add(&o);
                start += written;
                failures = &[];
                attempt = 0;
                if start >= batch.len() {
                    return Ok(outcome);
                }
            }
            Err(e) if e.is_retryable() && attempt < 5 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Rows for the batch-end multi-row inserts.
#[derive(Default)]
struct Tail {
    actor_event: Vec<String>,
    actor_role: Vec<&'static str>,
    actor_n: Vec<i64>,
    actor_text: Vec<String>,
    actor_name: Vec<Option<String>>,
    actor_kb: Vec<Option<String>>,
    actor_country: Vec<Option<String>>,
    actor_sector: Vec<Option<String>>,
    ev_event: Vec<String>,
    ev_n: Vec<i64>,
    ev_start: Vec<i64>,
    ev_end: Vec<i64>,
    ev_text: Vec<String>,
}

/// Writes a prefix of `batch` in one transaction and returns how many
/// records it took. The first record's dedup buckets are locked waiting
/// (holding nothing else, so no deadlock); each later record's are only
/// tried, and the segment ends before the first record whose buckets
/// another worker holds. So a transaction never waits while holding
/// locks, and two workers in the same weeks alternate short transactions
/// instead of one waiting out the other's whole batch.
fn write_segment(
    client: &mut Client,
    cache: &mut ReportCache,
    batch: &[Pending],
    failures: &[Failure],
    worker: &str,
) -> Result<(usize, BatchOutcome), Inner> {
    let mut tx = client.transaction()?;
    let mut held: Vec<i32> = Vec::new();
    let mut outcome = BatchOutcome::default();
    let mut tail = Tail::default();
    let mut written = 0;
    for pending in batch {
        let mut record = pending.record.clone();
        repair_ids(&mut record);
        let mut weeks = weeks_of(&record);
        weeks.retain(|w| held.binary_search(w).is_err());
        if !weeks.is_empty() {
            if written == 0 {
                cluster::lock_buckets(&mut tx, &weeks)?;
            } else if !cluster::try_lock_buckets(&mut tx, &weeks)? {
                break;
            }
            held.extend(weeks);
            held.sort_unstable();
        }
        let stored = write_record(&mut tx, cache, &mut record, &mut outcome, &mut tail)?;
        if let Some(item) = pending.item {
            tx.execute(
                "UPDATE work_items SET state = 'done', document_id = $2, worker = $3, \
                 error = NULL, claimed_until = NULL, finished_at = now() WHERE id = $1",
                &[&item, &stored, &worker],
            )?;
        }
        written += 1;
    }
    tx.execute(
        "INSERT INTO event_actors (event_id, role, n, text, name, kb_id, country, sector) \
         SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[], \
         $6::text[], $7::text[], $8::text[])",
        &[
            &tail.actor_event,
            &tail.actor_role,
            &tail.actor_n,
            &tail.actor_text,
            &tail.actor_name,
            &tail.actor_kb,
            &tail.actor_country,
            &tail.actor_sector,
        ],
    )?;
    tx.execute(
        "INSERT INTO evidence (event_id, n, start, \"end\", text) \
         SELECT * FROM unnest($1::text[], $2::int8[], $3::int8[], $4::int8[], $5::text[])",
        &[
            &tail.ev_event,
            &tail.ev_n,
            &tail.ev_start,
            &tail.ev_end,
            &tail.ev_text,
        ],
    )?;
    for f in failures {
        tx.execute(
            "UPDATE work_items SET state = 'failed', error = $2, worker = $3, \
             claimed_until = NULL, finished_at = now() WHERE id = $1 AND state <> 'done'",
            &[&f.item, &f.error, &worker],
        )?;
    }
    tx.commit()?;
    Ok((written, outcome))
}

/// The dedup week buckets a record's events search.
fn weeks_of(record: &Record) -> Vec<i32> {
    let published = published(record);
    let mut weeks: Vec<i32> = record
        .events
        .iter()
        .flat_map(|e| {
            cluster::buckets(&sitrep_dedup::Report::from_event(
                e,
                &record.document.id,
                published,
            ))
        })
        .collect();
    weeks.sort_unstable();
    weeks.dedup();
    weeks
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

/// Stores one record unless its document is already there; returns the id
/// under which it is stored (`None` when skipped as a duplicate).
fn write_record(
    tx: &mut Transaction,
    cache: &mut ReportCache,
    record: &mut Record,
    outcome: &mut BatchOutcome,
    tail: &mut Tail,
) -> Result<Option<String>, Inner> {
    let hash = content_hash(&record.document.text);
    let doc = &record.document;
    // ON CONFLICT DO NOTHING covers both unique keys (id, content_hash);
    // a concurrent insert of the same document waits for the other
    // transaction and then finds the conflict.
    let inserted = tx.query_opt(
        "INSERT INTO documents (id, content_hash, source, url, title, published, language, \
         byline, text, n_events, record) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '') \
         ON CONFLICT DO NOTHING RETURNING id",
        &[
            &doc.id,
            &hash,
            &doc.source,
            &doc.url,
            &doc.title,
            &doc.published,
            &doc.language,
            &doc.byline,
            &doc.text,
            &(record.events.len() as i32),
        ],
    )?;
    if inserted.is_none() {
        outcome.duplicates += 1;
        return Ok(None);
    }
    let doc_id = doc.id.clone();
    let published = published(record);
    for (seq, event) in record.events.iter_mut().enumerate() {
        let report = sitrep_dedup::Report::from_event(event, &doc_id, published);
        let joined = cluster::choose(tx, cache, &report)?;
        let cluster_id = joined.clone().unwrap_or_else(|| event.id.clone());
        event.cluster = Some(cluster_id.clone());
        if joined.is_none() {
            cluster::found(tx, &cluster_id, event)?;
        }
        insert_event(tx, &doc_id, seq, event, &report)?;
        queue_tail(tail, event);
        if joined.is_some() {
            outcome.joined += 1;
            cluster::refresh(tx, &cluster_id)?;
        }
        outcome.events += 1;
    }
    let mut stripped = record.clone();
    stripped.events.clear();
    let json = serde_json::to_string(&stripped).map_err(|source| Inner::Json {
        what: format!("document {doc_id}"),
        source,
    })?;
    tx.execute(
        "UPDATE documents SET record = $1 WHERE id = $2",
        &[&json, &doc_id],
    )?;
    outcome.documents += 1;
    Ok(Some(doc_id))
}

pub(crate) fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn queue_tail(tail: &mut Tail, e: &Event) {
    for (role, actors) in [("actor", &e.actors), ("recipient", &e.recipients)] {
        for (n, a) in actors.iter().enumerate() {
            tail.actor_event.push(e.id.clone());
            tail.actor_role.push(role);
            tail.actor_n.push(n as i64);
            tail.actor_text.push(a.text.clone());
            tail.actor_name.push(a.name.clone());
            tail.actor_kb.push(a.id.clone());
            tail.actor_country.push(a.country.clone());
            tail.actor_sector.push(join(&a.sector));
        }
    }
    for (n, s) in e.evidence.iter().enumerate() {
        tail.ev_event.push(e.id.clone());
        tail.ev_n.push(n as i64);
        tail.ev_start.push(s.start as i64);
        tail.ev_end.push(s.end as i64);
        tail.ev_text.push(s.text.clone());
    }
}

fn insert_event(
    tx: &mut Transaction,
    doc_id: &str,
    seq: usize,
    e: &Event,
    report: &sitrep_dedup::Report,
) -> Result<(), Inner> {
    let json = serde_json::to_string(e).map_err(|source| Inner::Json {
        what: format!("event {}", e.id),
        source,
    })?;
    let place_id = match &e.location {
        Some(p) => place_id(tx, p)?,
        None => None,
    };
    let r = EventRow::new(doc_id, seq, e, report, place_id, json);
    tx.execute(
        &format!(
            "INSERT INTO events ({EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
             $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, \
             $28, $29, $30, $31, $32, $33, $34)"
        ),
        &[
            &r.id,
            &r.document_id,
            &r.seq,
            &r.plover_event,
            &r.plover_mode,
            &r.plover_context,
            &r.acled_event_type,
            &r.acled_sub_event_type,
            &r.cameo,
            &r.date_text,
            &r.date_start,
            &r.date_end,
            &r.date_precision,
            &r.place_id,
            &r.location_text,
            &r.location,
            &r.geonameid,
            &r.country,
            &r.admin1,
            &r.admin2,
            &r.lat,
            &r.lon,
            &r.geo_precision,
            &r.fatalities_min,
            &r.fatalities_max,
            &r.injured_min,
            &r.injured_max,
            &r.modality,
            &r.attribution,
            &r.confidence,
            &r.cluster_id,
            &r.match_start,
            &r.match_end,
            &r.json,
        ],
    )?;
    Ok(())
}

/// The row of a resolved place, created on first sight by whichever worker
/// gets there first. Unresolved places (no name, no id) get none.
fn place_id(tx: &mut Transaction, p: &Place) -> Result<Option<i64>, Inner> {
    let key = match (p.geonameid, &p.name) {
        (Some(id), _) => format!("gn:{id}"),
        (None, Some(name)) => format!(
            "name:{name}|{}|{}",
            p.country.as_deref().unwrap_or(""),
            p.admin1.as_deref().unwrap_or("")
        ),
        (None, None) => return Ok(None),
    };
    tx.execute(
        "INSERT INTO places (key, name, geonameid, country, admin1, admin2, lat, lon, precision) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (key) DO NOTHING",
        &[
            &key,
            &p.name,
            &p.geonameid.map(i64::from),
            &p.country,
            &p.admin1,
            &p.admin2,
            &p.lat,
            &p.lon,
            &p.precision.as_ref().map(enum_str),
        ],
    )?;
    let row = tx.query_one("SELECT id FROM places WHERE key = $1", &[&key])?;
    Ok(Some(row.get(0)))
}
