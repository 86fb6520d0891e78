//! Writing records: one transaction per batch; documents already stored are
//! skipped, so re-running over the same inputs adds nothing.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};
use sitrep_core::{Actor, Event, Place, Record};

use crate::cluster;
use crate::error::Inner;
use crate::row::{enum_str, join, EventRow, EVENT_COLUMNS};

/// What one batch (or a whole run, summed) did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Documents newly stored.
    pub documents: u64,
    /// Events newly stored.
    pub events: u64,
    /// Documents skipped because the same text or id was already stored.
    pub duplicates: u64,
    /// New events that joined an existing cluster.
    pub joined: u64,
}

impl BatchOutcome {
    pub fn add(&mut self, o: &BatchOutcome) {
        self.documents += o.documents;
        self.events += o.events;
        self.duplicates += o.duplicates;
        self.joined += o.joined;
    }
}

pub(crate) fn has_input(conn: &Connection, raw_hash: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT 1 FROM inputs WHERE raw_hash = ?1",
        [raw_hash],
        |_| Ok(()),
    )
    .optional()
    .map(|r| r.is_some())
}

pub(crate) fn write_batch(
    conn: &mut Connection,
    batch: Vec<(Record, Option<String>)>,
) -> Result<BatchOutcome, Inner> {
    let tx = conn.transaction()?;
    let mut outcome = BatchOutcome::default();
    for (record, raw) in batch {
        let stored = write_record(&tx, record, &mut outcome)?;
        if let Some(raw) = raw {
            tx.execute(
                "INSERT OR IGNORE INTO inputs (raw_hash, document_id) VALUES (?1, ?2)",
                params![raw, stored],
            )?;
        }
    }
    tx.commit()?;
    Ok(outcome)
}

/// Stores one record unless its document is already there; returns the id
/// under which it is stored (`None` when skipped as a duplicate).
fn write_record(
    tx: &Transaction,
    mut record: Record,
    outcome: &mut BatchOutcome,
) -> Result<Option<String>, Inner> {
    let hash = content_hash(&record.document.text);
    if record.document.id.is_empty() {
        // Extraction always sets an id; a hand-made record may not. The
        // content hash is the id extraction would have given it.
        record.document.id = hash[..16].to_string();
        let id = record.document.id.clone();
        for (n, e) in record.events.iter_mut().enumerate() {
            e.id = format!("{id}:{n}");
        }
    }
    let doc = &record.document;
    let exists = tx
        .query_row(
            "SELECT 1 FROM documents WHERE id = ?1 OR content_hash = ?2",
            params![doc.id, hash],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if exists {
        outcome.duplicates += 1;
        return Ok(None);
    }
    tx.execute(
        "INSERT INTO documents (id, content_hash, source, url, title, published, language, \
         byline, text, n_events, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, '')",
        params![
            doc.id,
            hash,
            doc.source,
            doc.url,
            doc.title,
            doc.published,
            doc.language,
            doc.byline,
            doc.text,
            record.events.len() as i64,
        ],
    )?;
    let doc_id = doc.id.clone();
    let published = doc
        .published
        .as_deref()
        .and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
    let mut seen_ids: Vec<String> = Vec::new();
    for (seq, event) in record.events.iter_mut().enumerate() {
        // Event ids are primary keys: repair a missing or repeated one
        // rather than lose the whole batch to a constraint error.
        if event.id.is_empty() || seen_ids.contains(&event.id) {
            event.id = format!("{doc_id}:{seq}");
        }
        seen_ids.push(event.id.clone());
        let report = sitrep_dedup::Report::from_event(event, &doc_id, published);
        let joined = cluster::choose(tx, &report)?;
        let cluster_id = joined.clone().unwrap_or_else(|| event.id.clone());
        event.cluster = Some(cluster_id.clone());
        if joined.is_none() {
            cluster::found(tx, &cluster_id, event)?;
        }
        insert_event(tx, &doc_id, seq, event, &report)?;
        if joined.is_some() {
            outcome.joined += 1;
            cluster::refresh(tx, &cluster_id)?;
        }
        outcome.events += 1;
    }
    // The events live in `events.json` (with their clusters); storing them
    // again inside the record would double the database.
    record.events.clear();
    let json = serde_json::to_string(&record).map_err(|source| Inner::Json {
        what: format!("document {doc_id}"),
        source,
    })?;
    tx.execute(
        "UPDATE documents SET record = ?1 WHERE id = ?2",
        params![json, doc_id],
    )?;
    outcome.documents += 1;
    Ok(Some(doc_id))
}

fn content_hash(text: &str) -> String {
    crate::hex(&Sha256::digest(text.as_bytes()))
}

fn insert_event(
    tx: &Transaction,
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
            "INSERT INTO events ({EVENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, \
             ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, \
             ?28, ?29, ?30, ?31, ?32, ?33, ?34)"
        ),
        params![
            r.id,
            r.document_id,
            r.seq,
            r.plover_event,
            r.plover_mode,
            r.plover_context,
            r.acled_event_type,
            r.acled_sub_event_type,
            r.cameo,
            r.date_text,
            r.date_start,
            r.date_end,
            r.date_precision,
            r.place_id,
            r.location_text,
            r.location,
            r.geonameid,
            r.country,
            r.admin1,
            r.admin2,
            r.lat,
            r.lon,
            r.geo_precision,
            r.fatalities_min,
            r.fatalities_max,
            r.injured_min,
            r.injured_max,
            r.modality,
            r.attribution,
            r.confidence,
            r.cluster_id,
            r.match_start,
            r.match_end,
            r.json,
        ],
    )?;
    for (role, actors) in [("actor", &e.actors), ("recipient", &e.recipients)] {
        for (n, a) in actors.iter().enumerate() {
            insert_actor(tx, &e.id, role, n, a)?;
        }
    }
    for (n, s) in e.evidence.iter().enumerate() {
        tx.execute(
            "INSERT INTO evidence (event_id, n, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![e.id, n as i64, s.start as i64, s.end as i64, s.text],
        )?;
    }
    Ok(())
}

fn insert_actor(
    tx: &Transaction,
    event_id: &str,
    role: &str,
    n: usize,
    a: &Actor,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO event_actors (event_id, role, n, text, name, kb_id, country, sector) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            event_id,
            role,
            n as i64,
            a.text,
            a.name,
            a.id,
            a.country,
            join(&a.sector)
        ],
    )?;
    Ok(())
}

/// The row of a resolved place, created on first sight. Unresolved places
/// (no name, no coordinates) get none.
fn place_id(tx: &Transaction, p: &Place) -> rusqlite::Result<Option<i64>> {
    let key = match (p.geonameid, &p.name) {
        (Some(id), _) => format!("gn:{id}"),
        (None, Some(name)) => format!(
            "name:{name}|{}|{}",
            p.country.as_deref().unwrap_or(""),
            p.admin1.as_deref().unwrap_or("")
        ),
        (None, None) => return Ok(None),
    };
    if let Some(id) = tx
        .query_row("SELECT id FROM places WHERE key = ?1", [&key], |r| r.get(0))
        .optional()?
    {
        return Ok(Some(id));
    }
    tx.execute(
        "INSERT INTO places (key, name, geonameid, country, admin1, admin2, lat, lon, precision) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            key,
            p.name,
            p.geonameid,
            p.country,
            p.admin1,
            p.admin2,
            p.lat,
            p.lon,
            p.precision.as_ref().map(enum_str)
        ],
    )?;
    Ok(Some(tx.last_insert_rowid()))
}
