//! Incremental clustering against PostgreSQL, with the same answers as the
//! SQLite store (`sitrep-store/src/cluster.rs`): a new event is compared
//! with the clusters that have an event whose match window overlaps its
//! own, whose type is in its family and whose country does not differ,
//! clusters in order of their first such event, members in insertion order.
//!
//! What is new here is concurrency. Two workers writing reports of the same
//! strike at once would each see no cluster and found two. So a batch takes
//! a transaction-scoped advisory lock on every week its events may search
//! or land in (in ascending order, so two batches cannot deadlock on them);
//! writers whose windows could meet are serialised, writers in different
//! weeks run in parallel. The bucket is the week alone, not (country, week):
//! an event with no country may join a cluster in any country.
//!
//! To keep that serial section short, a batch does not ask the database
//! once per event. Under the lock it reads, in one query, every stored
//! event of every cluster its events could join ([`Neighbourhood::fetch`]),
//! then assigns all its events in memory, in order, each seeing the ones
//! before it ([`Neighbourhood::assign`]); the caller writes the result in
//! one statement. Reading the same neighbourhood once before taking the
//! lock fills the worker's report cache, so under the lock only events
//! committed meanwhile are parsed.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use postgres::Transaction;
use sitrep_core::Event;
use sitrep_dedup::{report::MAX_WINDOW_DAYS, Candidate, Report};
use sitrep_store::row::{parse_member, ClusterRow};

use crate::error::Inner;
use crate::migrate::LOCK_CLASS_MIGRATE;
use crate::prepared::Prepared;

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

/// Locks the given week buckets until the transaction ends, waiting for
/// them; the ORDER BY makes every writer lock in the same order.
pub(crate) fn lock_buckets(
    tx: &mut Transaction,
    prepared: &mut Prepared,
    weeks: &[i32],
) -> Result<(), Inner> {
    let lock = prepared.get(
        tx,
        "SELECT pg_advisory_xact_lock($1, w) FROM unnest($2::int4[]) AS w ORDER BY w",
    )?;
    tx.execute(&lock, &[&LOCK_CLASS_WEEK, &weeks])?;
    Ok(())
}

/// Dedup reports of stored events, by event id, kept by a worker across
/// batches: candidate clusters are compared member by member, and without
/// this every batch would fetch and parse their JSON again. Stored events
/// never change, so entries never go stale; the cache is emptied when it
/// reaches [`REPORT_CACHE_MAX`].
pub(crate) type ReportCache = HashMap<String, Report>;

/// About 100 MB of reports at most.
const REPORT_CACHE_MAX: usize = 200_000;

/// What the candidate search needs of one event.
struct Member {
    cluster: String,
    id: String,
    match_start: Option<String>,
    match_end: Option<String>,
    plover: String,
    country: Option<String>,
}

impl Member {
    /// The SQLite store's candidate condition (`cluster.rs`), row by row.
    /// Dates are ISO text and compared as text, as both databases do.
    fn matches(
        &self,
        earliest: &str,
        end: &str,
        start: &str,
        types: &[&str],
        country: Option<&str>,
    ) -> bool {
        let (Some(ms), Some(me)) = (self.match_start.as_deref(), self.match_end.as_deref()) else {
            return false;
        };
        ms >= earliest
            && ms <= end
            && me >= start
            && types.contains(&self.plover.as_str())
            && (self.country.is_none() || country.is_none() || self.country.as_deref() == country)
    }
}

/// One new event to assign: its report, and the columns a later event of
/// the same batch is matched on.
pub(crate) struct NewEvent<'a> {
    pub event: &'a Event,
    pub document: &'a str,
    pub report: &'a Report,
    pub country: Option<&'a str>,
}

/// The events a batch may cluster with: all members of every stored
/// cluster that one of the batch's events could join (it has an event
/// meeting that event's candidate condition), in insertion order, then the
/// batch's own as they are assigned.
pub(crate) struct Neighbourhood {
    members: Vec<Member>,
    /// Member positions of each cluster, in order.
    by_cluster: HashMap<String, Vec<usize>>,
    /// Clusters that existed before this batch, among those it joined.
    stored_joined: Vec<String>,
}

/// What each report of a batch searches for, as parallel columns for one
/// query: its window's search range, its type family (comma-joined) and
/// its country. One row per report with a window.
#[derive(Default)]
struct Searches {
    earliest: Vec<String>,
    end: Vec<String>,
    start: Vec<String>,
    types: Vec<String>,
    country: Vec<Option<String>>,
}

fn searches(reports: &[&Report]) -> Searches {
    let mut s = Searches::default();
    for report in reports {
        let Some((start, end)) = report.window else {
            continue;
        };
        s.earliest
            .push((start - Duration::days(MAX_WINDOW_DAYS)).to_string());
        s.end.push(end.to_string());
        s.start.push(start.to_string());
        let types: Vec<&str> = sitrep_dedup::report::family_members(report.plover)
            .into_iter()
            .map(|t| t.as_str())
            .collect();
        s.types.push(types.join(","));
        s.country
            .push(report.place.as_ref().and_then(|p| p.country.clone()));
    }
    s
}

impl Neighbourhood {
    /// Reads the stored neighbourhood of `reports` and makes sure the cache
    /// holds a report for each of its events.
    pub(crate) fn fetch(
        tx: &mut Transaction,
        prepared: &mut Prepared,
        cache: &mut ReportCache,
        reports: &[&Report],
    ) -> Result<Neighbourhood, Inner> {
        let mut n = Neighbourhood {
            members: Vec::new(),
            by_cluster: HashMap::new(),
            stored_joined: Vec::new(),
        };
        let q = searches(reports);
        if q.earliest.is_empty() {
            return Ok(n);
        }
        // Each report's own candidate condition (the SQLite store's), so
        // only clusters some report of the batch could join are read.
        let query = prepared.get(
            tx,
            "SELECT e.cluster_id, e.id, e.match_start, e.match_end, \
               e.plover_event, e.country FROM events e WHERE e.cluster_id IN \
               (SELECT x.cluster_id \
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) \
                  AS q(earliest, last, first, types, country) \
                CROSS JOIN LATERAL (SELECT cluster_id FROM events \
                  WHERE match_start BETWEEN q.earliest AND q.last AND match_end >= q.first \
                    AND plover_event = ANY(string_to_array(q.types, ',')) \
                    AND (country IS NULL OR q.country IS NULL OR country = q.country)) x) \
             ORDER BY e.ord",
        )?;
        let rows = tx.query(
            &query,
            &[&q.earliest, &q.end, &q.start, &q.types, &q.country],
        )?;
        for row in rows {
            n.push(Member {
                cluster: row.get(0),
                id: row.get(1),
                match_start: row.get(2),
                match_end: row.get(3),
                plover: row.get(4),
                country: row.get(5),
            });
        }
        n.fill(tx, prepared, cache)?;
        Ok(n)
    }

    fn push(&mut self, m: Member) {
        self.by_cluster
            .entry(m.cluster.clone())
            .or_default()
            .push(self.members.len());
        self.members.push(m);
    }

    /// Fetches and parses the reports the cache lacks.
    fn fill(
        &self,
        tx: &mut Transaction,
        prepared: &mut Prepared,
        cache: &mut ReportCache,
    ) -> Result<(), Inner> {
        let mut missing: Vec<&str> = self
            .members
            .iter()
            .filter(|m| !cache.contains_key(&m.id))
            .map(|m| m.id.as_str())
            .collect();
        if cache.len() + missing.len() > REPORT_CACHE_MAX {
            cache.clear();
            missing = self.members.iter().map(|m| m.id.as_str()).collect();
        }
        if missing.is_empty() {
            return Ok(());
        }
        let query = prepared.get(
            tx,
            "SELECT e.id, e.json, e.document_id, d.published FROM events e \
             JOIN documents d ON d.id = e.document_id WHERE e.id = ANY($1)",
        )?;
        for row in tx.query(&query, &[&missing])? {
            let id: String = row.get(0);
            let json: String = row.get(1);
            let doc: String = row.get(2);
            let published: Option<String> = row.get(3);
            let (event, published) =
                parse_member(&json, published.as_deref(), &format!("event {id}"))
                    .map_err(|(what, source)| Inner::Json { what, source })?;
            cache.insert(id, Report::from_event(&event, &doc, published));
        }
        Ok(())
    }

    /// The cluster each new event belongs to, in order, and whether it
    /// joined an existing one (stored, or founded earlier in the batch):
    /// what the SQLite store decides inserting them one by one.
    pub(crate) fn assign(
        &mut self,
        cache: &mut ReportCache,
        events: &[NewEvent],
    ) -> Vec<(String, bool)> {
        let stored = self.members.len();
        let mut out = Vec::with_capacity(events.len());
        for new in events {
            let candidates = self.candidates(cache, new.report);
            let joined =
                sitrep_dedup::choose_cluster(new.report, &candidates).map(|(id, _)| id.to_string());
            let cluster = joined.clone().unwrap_or_else(|| new.event.id.clone());
            if let Some(c) = &joined {
                let first = self.by_cluster.get(c).and_then(|m| m.first()).copied();
                if first.is_some_and(|i| i < stored) && !self.stored_joined.contains(c) {
                    self.stored_joined.push(c.clone());
                }
            }
            let (match_start, match_end) = match new.report.window {
                Some((s, t)) => (Some(s.to_string()), Some(t.to_string())),
                None => (None, None),
            };
            self.push(Member {
                cluster: cluster.clone(),
                id: new.event.id.clone(),
                match_start,
                match_end,
                plover: new.event.plover.event.as_str().to_string(),
                country: new.country.map(str::to_string),
            });
            cache.insert(new.event.id.clone(), new.report.clone());
            out.push((cluster, joined.is_some()));
        }
        out
    }

    fn candidates(&self, cache: &ReportCache, report: &Report) -> Vec<Candidate> {
        let Some((start, end)) = report.window else {
            return Vec::new();
        };
        let types: Vec<&str> = sitrep_dedup::report::family_members(report.plover)
            .into_iter()
            .map(|t| t.as_str())
            .collect();
        let country = report.place.as_ref().and_then(|p| p.country.as_deref());
        let earliest = (start - Duration::days(MAX_WINDOW_DAYS)).to_string();
        let (start, end) = (start.to_string(), end.to_string());
        let mut order: Vec<&str> = Vec::new();
        for m in &self.members {
            if !order.contains(&m.cluster.as_str())
                && m.matches(&earliest, &end, &start, &types, country)
            {
                order.push(&m.cluster);
            }
        }
        order
            .into_iter()
            .map(|cluster| Candidate {
                cluster: cluster.to_string(),
                members: self.by_cluster[cluster]
                    .iter()
                    .filter_map(|&i| cache.get(&self.members[i].id).cloned())
                    .collect(),
            })
            .collect()
    }

    /// The stored clusters this batch joined: their rows must be recomputed
    /// from all their members.
    pub(crate) fn stored_joined(&self) -> &[String] {
        &self.stored_joined
    }
}

/// The rows of the clusters a batch touched, from all their members: the
/// stored members of `stored` clusters (read under a row lock, so two
/// workers adding to one cluster from far-apart weeks recompute it one
/// after the other) and the batch's own `new` events with their clusters
/// and documents. A cluster of one keeps its founding event as is, as the
/// SQLite store does.
pub(crate) fn rows(
    tx: &mut Transaction,
    prepared: &mut Prepared,
    stored: &[String],
    new: &[(&Event, &str, &str)],
) -> Result<Vec<ClusterRow>, Inner> {
    let mut members: HashMap<String, Vec<(Event, String)>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    if !stored.is_empty() {
        let mut ids = stored.to_vec();
        ids.sort_unstable();
        let lock = prepared.get(
            tx,
            "SELECT 1 FROM clusters WHERE id = ANY($1) ORDER BY id FOR UPDATE",
        )?;
        tx.execute(&lock, &[&ids])?;
        let query = prepared.get(
            tx,
            "SELECT cluster_id, id, json, document_id FROM events WHERE cluster_id = ANY($1) \
             ORDER BY ord",
        )?;
        for row in tx.query(&query, &[&ids])? {
            let cluster: String = row.get(0);
            let id: String = row.get(1);
            let json: String = row.get(2);
            let (event, _) = parse_member(&json, None, &format!("event {id}"))
                .map_err(|(what, source)| Inner::Json { what, source })?;
            if !members.contains_key(&cluster) {
                order.push(cluster.clone());
            }
            members
                .entry(cluster)
                .or_default()
                .push((event, row.get(3)));
        }
    }
    for (event, cluster, doc) in new {
        if !members.contains_key(*cluster) {
            order.push(cluster.to_string());
        }
        members
            .entry(cluster.to_string())
            .or_default()
            .push(((*event).clone(), doc.to_string()));
    }
    let mut out = Vec::with_capacity(order.len());
    for id in order {
        let list = &members[&id];
        let events: Vec<&Event> = list.iter().map(|(e, _)| e).collect();
        let mut docs: Vec<&str> = list.iter().map(|(_, d)| d.as_str()).collect();
        docs.sort_unstable();
        docs.dedup();
        let canonical = if events.len() == 1 {
            Some(events[0].clone())
        } else {
            sitrep_dedup::canonical(&id, &events)
        };
        let Some(canonical) = canonical else {
            continue;
        };
        out.push(
            ClusterRow::new(&id, &canonical, events.len(), docs.len()).map_err(|source| {
                Inner::Json {
                    what: format!("cluster {id}"),
                    source,
                }
            })?,
        );
    }
    Ok(out)
}
