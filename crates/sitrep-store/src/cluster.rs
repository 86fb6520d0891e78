//! Incremental clustering against the database: a new event is compared
//! only with events whose date window overlaps its own and whose type is in
//! its family, found through the `events_match` index.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Transaction};
use sitrep_core::Event;
use sitrep_dedup::{report::MAX_WINDOW_DAYS, Candidate, Report};

use crate::error::Inner;
use crate::row::{parse_member, ClusterRow};

/// The existing cluster `report` joins, if any.
pub(crate) fn choose(tx: &Transaction, report: &Report) -> Result<Option<String>, Inner> {
    let Some((start, end)) = report.window else {
        return Ok(None);
    };
    let types: Vec<&str> = sitrep_dedup::report::family_members(report.plover)
        .into_iter()
        .map(|t| t.as_str())
        .collect();
    let country = report.place.as_ref().and_then(|p| p.country.clone());
    // Windows are at most MAX_WINDOW_DAYS long, so every overlapping window
    // starts within that many days before this one.
    let earliest = (start - Duration::days(MAX_WINDOW_DAYS)).to_string();
    let mut stmt = tx.prepare_cached(
        "SELECT cluster_id, MIN(rowid) AS first FROM events \
         WHERE match_start BETWEEN ?1 AND ?2 AND match_end >= ?3 \
           AND plover_event IN (SELECT value FROM json_each(?4)) \
           AND (country IS NULL OR ?5 IS NULL OR country = ?5) \
         GROUP BY cluster_id ORDER BY first",
    )?;
    let types_json = serde_json::to_string(&types).unwrap_or_else(|_| "[]".into());
    let ids: Vec<String> = stmt
        .query_map(
            params![
                earliest,
                end.to_string(),
                start.to_string(),
                types_json,
                country
            ],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    let mut candidates = Vec::with_capacity(ids.len());
    for id in ids {
        let members = members(tx, &id)?
            .into_iter()
            .map(|(e, doc, published)| Report::from_event(&e, &doc, published))
            .collect();
        candidates.push(Candidate {
            cluster: id,
            members,
        });
    }
    Ok(sitrep_dedup::choose_cluster(report, &candidates).map(|(id, _)| id.to_string()))
}

/// Every event of a cluster, with its document id and publication date.
fn members(
    tx: &Transaction,
    cluster: &str,
) -> Result<Vec<(Event, String, Option<NaiveDate>)>, Inner> {
    let mut stmt = tx.prepare_cached(
        "SELECT e.json, e.document_id, d.published FROM events e \
         JOIN documents d ON d.id = e.document_id WHERE e.cluster_id = ?1 ORDER BY e.rowid",
    )?;
    let rows = stmt.query_map([cluster], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (json, doc, published) = row?;
        let (event, published) = parse_member(
            &json,
            published.as_deref(),
            &format!("an event of cluster {cluster}"),
        )
        .map_err(|(what, source)| Inner::Json { what, source })?;
        out.push((event, doc, published));
    }
    Ok(out)
}

/// Creates the cluster founded by `event` (before the event row, which
/// refers to it).
pub(crate) fn found(tx: &Transaction, id: &str, event: &Event) -> Result<(), Inner> {
    tx.execute(
        "INSERT INTO clusters (id, plover_event, n_events, n_sources, canonical) \
         VALUES (?1, ?2, 0, 0, '')",
        params![id, event.plover.event.as_str()],
    )?;
    write_canonical(tx, id, event, 1, 1)
}

/// Recomputes a cluster's canonical record from all its members.
pub(crate) fn refresh(tx: &Transaction, id: &str) -> Result<(), Inner> {
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
    tx: &Transaction,
    id: &str,
    e: &Event,
    n_events: usize,
    n_sources: usize,
) -> Result<(), Inner> {
    let r = ClusterRow::new(id, e, n_events, n_sources).map_err(|source| Inner::Json {
        what: format!("cluster {id}"),
        source,
    })?;
    let changed = tx.execute(
        "UPDATE clusters SET plover_event = ?2, acled_event_type = ?3, acled_sub_event_type = ?4, \
         date_start = ?5, date_end = ?6, date_precision = ?7, country = ?8, admin1 = ?9, \
         location = ?10, lat = ?11, lon = ?12, geo_precision = ?13, fatalities_min = ?14, \
         fatalities_max = ?15, n_events = ?16, n_sources = ?17, canonical = ?18 WHERE id = ?1",
        params![
            r.id,
            r.plover_event,
            r.acled_event_type,
            r.acled_sub_event_type,
            r.date_start,
            r.date_end,
            r.date_precision,
            r.country,
            r.admin1,
            r.location,
            r.lat,
            r.lon,
            r.geo_precision,
            r.fatalities_min,
            r.fatalities_max,
            r.n_events,
            r.n_sources,
            r.canonical,
        ],
    )?;
    debug_assert_eq!(changed, 1);
    Ok(())
}
