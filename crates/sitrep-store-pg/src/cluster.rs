//! Incremental clustering against PostgreSQL, as the SQLite store does it
//! (`sitrep-store/src/cluster.rs`): a new event is compared only with events
//! whose match window overlaps its own and whose type is in its family.
//!
//! What is new here is concurrency. Two workers writing reports of the same
//! strike at once would each see no cluster and found two. So before a
//! batch writes anything it takes a transaction-scoped advisory lock on
//! every week its events may search or land in; writers whose windows could
//! meet are serialised, writers in different weeks run in parallel. The
//! bucket is the week alone, not (country, week): an event with no country
//! may join a cluster in any country, so a per-country lock would not cover
//! it. A transaction only ever waits for buckets while holding none (see
//! `write::write_segment`), so buckets cannot deadlock.

use chrono::{Duration, NaiveDate};
use postgres::Transaction;
use sitrep_core::Event;
use sitrep_dedup::{report::MAX_WINDOW_DAYS, Candidate, Report};

use crate::error::Inner;
use crate::migrate::LOCK_CLASS_MIGRATE;
use sitrep_store::row::enum_str;

/// Advisory-lock namespace of dedup week buckets.
const LOCK_CLASS_WEEK: i32 = LOCK_CLASS_MIGRATE + 1;

/// The weeks (days since 1970-01-01, divided by 7) a report searches for
/// candidates in: every window that can overlap its own starts at most
/// MAX_WINDOW_DAYS before it.
pub(crate) fn buckets(report: &Report) -> Vec<i32> {
    let Some((start, end)) = report.window else {
        return Vec::new();
    };
    let week = |d: NaiveDate| (d - NaiveDate::default()).num_days().div_euclid(7) as i32;
    (week(start - Duration::days(MAX_WINDOW_DAYS))..=week(end)).collect()
}

/// Locks the given (sorted, distinct) week buckets until the transaction
/// ends, waiting for them; the ORDER BY makes every writer lock in the same
/// order.
pub(crate) fn lock_buckets(tx: &mut Transaction, weeks: &[i32]) -> Result<(), Inner> {
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, w) FROM unnest($2::int4[]) AS w ORDER BY w",
        &[&LOCK_CLASS_WEEK, &weeks],
    )?;
    Ok(())
}

/// Tries to lock the buckets without waiting; false when another
/// transaction holds one of them (those taken are released at commit).
pub(crate) fn try_lock_buckets(tx: &mut Transaction, weeks: &[i32]) -> Result<bool, Inner> {
    let row = tx.query_one(
        "SELECT bool_and(pg_try_advisory_xact_lock($1, w)) FROM unnest($2::int4[]) AS w",
        &[&LOCK_CLASS_WEEK, &weeks],
    )?;
    Ok(row.get::<_, Option<bool>>(0).unwrap_or(true))
}

/// Dedup reports of stored events, by event id, kept by a worker across
/// batches. Candidate clusters in a busy month have hundreds of members;
/// without this each new event would fetch and parse all their JSON again,
/// inside the bucket lock. Stored events never change, so entries never go
/// stale; the cache is emptied when it reaches [`REPORT_CACHE_MAX`].
pub(crate) type ReportCache = std::collections::HashMap<String, Report>;

/// About 100 MB of reports at most.
const REPORT_CACHE_MAX: usize = 200_000;

/// The existing cluster `report` joins, if any.
pub(crate) fn choose(
    tx: &mut Transaction,
    cache: &mut ReportCache,
    report: &Report,
) -> Result<Option<String>, Inner> {
    let Some((start, end)) = report.window else {
        return Ok(None);
    };
    let types: Vec<&str> = sitrep_dedup::report::family_members(report.plover)
        .into_iter()
        .map(|t| t.as_str())
        .collect();
    let country = report.place.as_ref().and_then(|p| p.country.clone());
    let earliest = (start - Duration::days(MAX_WINDOW_DAYS)).to_string();
    // Candidate clusters and their members' ids, clusters in order of their
    // first event and members in insertion order, as SQLite does.
    let rows = tx.query(
        "WITH c AS (SELECT cluster_id, MIN(ord) AS first FROM events \
           WHERE match_start BETWEEN $1 AND $2 AND match_end >= $3 \
             AND plover_event = ANY($4) \
             AND (country IS NULL OR $5::text IS NULL OR country = $5) \
           GROUP BY cluster_id) \
         SELECT c.cluster_id, e.id FROM c JOIN events e ON e.cluster_id = c.cluster_id \
         ORDER BY c.first, e.ord",
        &[
            &earliest,
            &end.to_string(),
            &start.to_string(),
            &types,
            &country,
        ],
    )?;
    let members: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let mut missing: Vec<&str> = members
        .iter()
        .filter(|(_, id)| !cache.contains_key(id))
        .map(|(_, id)| id.as_str())
        .collect();
    if cache.len() + missing.len() > REPORT_CACHE_MAX {
        cache.clear();
        missing = members.iter().map(|(_, id)| id.as_str()).collect();
    }
    if !missing.is_empty() {
        for row in tx.query(
            "SELECT e.id, e.json, e.document_id, d.published FROM events e \
             JOIN documents d ON d.id = e.document_id WHERE e.id = ANY($1)",
            &[&missing],
        )? {
            let id: String = row.get(0);
            let (event, doc, published) = member(&row, &id)?;
            cache.insert(id, Report::from_event(&event, &doc, published));
        }
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    for (cluster, id) in members {
        let Some(member) = cache.get(&id).cloned() else {
            continue;
        };
        match candidates.last_mut() {
            Some(c) if c.cluster == cluster => c.members.push(member),
            _ => candidates.push(Candidate {
                cluster,
                members: vec![member],
            }),
        }
    }
    Ok(sitrep_dedup::choose_cluster(report, &candidates).map(|(id, _)| id.to_string()))
}

/// Every event of a cluster, with its document id and publication date.
fn members(
    tx: &mut Transaction,
    cluster: &str,
) -> Result<Vec<(Event, String, Option<NaiveDate>)>, Inner> {
    let rows = tx.query(
        "SELECT e.json, e.document_id, d.published FROM events e \
         JOIN documents d ON d.id = e.document_id WHERE e.cluster_id = $1 ORDER BY e.ord",
        &[&cluster],
    )?;
    rows.iter()
        .map(|row| {
            let json: String = row.get(0);
            let event: Event = serde_json::from_str(&json).map_err(|source| Inner::Json {
                what: format!("an event of cluster {cluster}"),
                source,
            })?;
            let published: Option<String> = row.get(2);
            let published = published.and_then(|p| NaiveDate::parse_from_str(&p, "%Y-%m-%d").ok());
            Ok((event, row.get(1), published))
        })
        .collect()
}

/// One member row of the candidate query: (event, document id, published).
fn member(row: &postgres::Row, cluster: &str) -> Result<(Event, String, Option<NaiveDate>), Inner> {
    let json: String = row.get(1);
    let event: Event = serde_json::from_str(&json).map_err(|source| Inner::Json {
        what: format!("an event of cluster {cluster}"),
        source,
    })?;
    let published: Option<String> = row.get(3);
    let published = published.and_then(|p| NaiveDate::parse_from_str(&p, "%Y-%m-%d").ok());
    Ok((event, row.get(2), published))
}

/// Creates the cluster founded by `event` (before the event row, which
/// refers to it).
pub(crate) fn found(tx: &mut Transaction, id: &str, event: &Event) -> Result<(), Inner> {
    tx.execute(
        "INSERT INTO clusters (id, plover_event, n_events, n_sources, canonical) \
         VALUES ($1, $2, 0, 0, '')",
        &[&id, &event.plover.event.as_str()],
    )?;
    write_canonical(tx, id, event, 1, 1)
}

/// Recomputes a cluster's canonical record from all its members.
pub(crate) fn refresh(tx: &mut Transaction, id: &str) -> Result<(), Inner> {
    let members = members(tx, id)?;
    let events: Vec<&Event> = members.iter().map(|(e, _, _)| e).collect();
    let mut docs: Vec<&str> = members.iter().map(|(_, d, _)| d.as_str()).collect();
    docs.sort_unstable();
    docs.dedup();
    let Some(canonical) = sitrep_dedup::canonical(id, &events) else {
        return Ok(());
    };
    write_canonical(tx, id, &canonical, events.len(), docs.len())
}

fn write_canonical(
    tx: &mut Transaction,
    id: &str,
    e: &Event,
    n_events: usize,
    n_sources: usize,
) -> Result<(), Inner> {
    let mut canonical = e.clone();
    canonical.id = id.to_string();
    canonical.cluster = Some(id.to_string());
    let json = serde_json::to_string(&canonical).map_err(|source| Inner::Json {
        what: format!("cluster {id}"),
        source,
    })?;
    let loc = e.location.as_ref();
    let date = e.date.as_ref();
    tx.execute(
        "UPDATE clusters SET plover_event = $2, acled_event_type = $3, acled_sub_event_type = $4, \
         date_start = $5, date_end = $6, date_precision = $7, country = $8, admin1 = $9, \
         location = $10, lat = $11, lon = $12, geo_precision = $13, fatalities_min = $14, \
         fatalities_max = $15, n_events = $16, n_sources = $17, canonical = $18 WHERE id = $1",
        &[
            &id,
            &e.plover.event.as_str(),
            &e.acled.as_ref().map(|a| &a.event_type),
            &e.acled.as_ref().map(|a| &a.sub_event_type),
            &date.and_then(|d| d.start.as_ref()),
            &date.and_then(|d| d.end.as_ref().or(d.start.as_ref())),
            &date.map(|d| enum_str(&d.precision)),
            &loc.and_then(|p| p.country.as_ref()),
            &loc.and_then(|p| p.admin1.as_ref()),
            &loc.map(|p| p.name.as_ref().unwrap_or(&p.text)),
            &loc.and_then(|p| p.lat),
            &loc.and_then(|p| p.lon),
            &loc.and_then(|p| p.precision.as_ref()).map(enum_str),
            &e.fatalities.as_ref().and_then(|c| c.min).map(i64::from),
            &e.fatalities.as_ref().and_then(|c| c.max).map(i64::from),
            &(n_events as i64),
            &(n_sources as i64),
            &json,
        ],
    )?;
    Ok(())
}
