//! Writing records: one transaction per batch; documents already stored are
//! skipped, so re-running over the same inputs adds nothing.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};
use sitrep_core::{Actor, Event, Place, Record};

use crate::cluster;
use crate::error::Inner;

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
    let loc = e.location.as_ref();
    let date = e.date.as_ref();
    let (match_start, match_end) = match report.window {
        Some((s, t)) => (Some(s.to_string()), Some(t.to_string())),
        None => (None, None),
    };
    tx.execute(
        "INSERT INTO events (id, document_id, seq, plover_event, plover_mode, plover_context, \
         acled_event_type, acled_sub_event_type, cameo, date_text, date_start, date_end, \
         date_precision, place_id, location_text, location, geonameid, country, admin1, admin2, \
         lat, lon, geo_precision, fatalities_min, fatalities_max, injured_min, injured_max, \
         modality, attribution, confidence, cluster_id, match_start, match_end, json) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
         ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34)",
        params![
            e.id,
            doc_id,
            seq as i64,
            e.plover.event.as_str(),
            join(&e.plover.mode),
            join(&e.plover.context),
            e.acled.as_ref().map(|a| &a.event_type),
            e.acled.as_ref().map(|a| &a.sub_event_type),
            e.cameo,
            date.map(|d| &d.text),
            date.and_then(|d| d.start.as_ref()),
            date.and_then(|d| d.end.as_ref().or(d.start.as_ref())),
            date.map(|d| enum_str(&d.precision)),
            place_id,
            loc.map(|p| &p.text),
            loc.and_then(|p| p.name.as_ref()),
            loc.and_then(|p| p.geonameid),
            loc.and_then(|p| p.country.as_ref()),
            loc.and_then(|p| p.admin1.as_ref()),
            loc.and_then(|p| p.admin2.as_ref()),
            loc.and_then(|p| p.lat),
            loc.and_then(|p| p.lon),
            loc.and_then(|p| p.precision.as_ref()).map(enum_str),
            e.fatalities.as_ref().and_then(|c| c.min),
            e.fatalities.as_ref().and_then(|c| c.max),
            e.injured.as_ref().and_then(|c| c.min),
            e.injured.as_ref().and_then(|c| c.max),
            e.modality.as_str(),
            e.attribution
                .as_ref()
                .map(|a| a.name.as_ref().unwrap_or(&a.text)),
            f64::from(e.confidence),
            e.cluster,
            match_start,
            match_end,
            json,
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

fn join(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| items.join(","))
}

/// The sitrep/1 spelling of a unit enum (`day`, `town`), as serde writes it.
pub(crate) fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
