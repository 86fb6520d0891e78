//! Incremental clustering against PostgreSQL, with the same answers as the
//! SQLite store (`sitrep-store/src/cluster.rs`): a new event is compared
//! with the clusters that have an event whose match window overlaps its
//! own, whose type is in its family and whose country does not differ,
//! clusters in order of their first such event, members in order.
//!
//! That order is input order (a member's [`Key`]: its document's place in
//! the queue, then its index in the document), which is what SQLite's
//! insertion order is for a single writer. Workers commit in whatever order
//! they finish — a killed worker's batch is redone after later ones — so
//! order by commit would make the stored result depend on timing. So a
//! cluster is named after its member first in input order (SQLite's
//! founding event), and when an earlier member arrives late the cluster is
//! renamed after it: its row is replaced and its stored members point to
//! the new name. Its canonical record is built from its members in input
//! order too. A worker that joins a cluster another one renamed meanwhile
//! finds it gone under the row lock and runs its batch again.
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

/// An event's place in input order: its document's `input_ord` and
/// `input_pos`, then its index in the document.
pub(crate) type Key = (i64, i32, i64);

/// What the candidate search needs of one event.
struct Member {
    cluster: String,
    key: Key,
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
    pub key: Key,
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
               e.plover_event, e.country, d.input_ord, d.input_pos, e.seq \
             FROM events e JOIN documents d ON d.id = e.document_id WHERE e.cluster_id IN \
               (SELECT x.cluster_id \
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) \
                  AS q(earliest, last, first, types, country) \
                CROSS JOIN LATERAL (SELECT cluster_id FROM events \
                  WHERE match_start BETWEEN q.earliest AND q.last AND match_end >= q.first \
                    AND plover_event = ANY(string_to_array(q.types, ',')) \
                    AND (country IS NULL OR q.country IS NULL OR country = q.country)) x)",
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
                key: (row.get(6), row.get(7), row.get(8)),
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
                key: new.key,
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
        // Each cluster with a matching member, by its first such member.
        let mut first: HashMap<&str, Key> = HashMap::new();
        for m in &self.members {
            if m.matches(&earliest, &end, &start, &types, country) {
                let k = first.entry(&m.cluster).or_insert(m.key);
                *k = (*k).min(m.key);
            }
        }
        let mut order: Vec<(&str, Key)> = first.into_iter().collect();
        order.sort_unstable_by_key(|&(_, k)| k);
        order
            .into_iter()
            .map(|(cluster, _)| {
                let mut members = self.by_cluster[cluster].clone();
                members.sort_unstable_by_key(|&i| self.members[i].key);
                Candidate {
                    cluster: cluster.to_string(),
                    members: members
                        .iter()
                        .filter_map(|&i| cache.get(&self.members[i].id).cloned())
                        .collect(),
                }
            })
            .collect()
    }

    /// The stored clusters this batch joined: their rows must be recomputed
    /// from all their members.
    pub(crate) fn stored_joined(&self) -> &[String] {
        &self.stored_joined
    }
}

/// A new event of the batch with the cluster [`Neighbourhood::assign`] put
/// it in (a stored cluster's id, or the id of the batch's event that
/// founded it).
pub(crate) struct NewMember<'a> {
    pub event: &'a Event,
    pub cluster: &'a str,
    pub document: &'a str,
    pub key: Key,
}

/// The clusters a batch touched, as they are to be stored.
pub(crate) struct Clustered {
    /// Their rows, new or recomputed.
    pub rows: Vec<ClusterRow>,
    /// Each cluster's name by the one `assign` gave it, where they differ.
    names: HashMap<String, String>,
    /// Stored clusters renamed after an earlier member: their old ids,
    /// whose rows go.
    pub renamed: Vec<String>,
    /// The stored members of renamed clusters: (event id, new cluster id,
    /// the event's JSON with that cluster).
    pub moved: Vec<(String, String, String)>,
}

impl Clustered {
    /// The name to store for the cluster `assign` called `label`.
    pub(crate) fn name<'a>(&'a self, label: &'a str) -> &'a str {
        self.names.get(label).map_or(label, String::as_str)
    }
}

/// A member of a touched cluster, stored or new.
struct Row {
    key: Key,
    event: Event,
    document: String,
    /// The stored JSON, for a stored member.
    json: Option<String>,
}

/// A stored event's JSON with its cluster renamed from `old` to `new`. The
/// text is edited rather than the event parsed and written again, because
/// serde_json's default float parsing does not round-trip every `f64`
/// (the `explain` scores: 1.1818182468414309 came back …307), and the row
/// must be what a worker storing in input order would have written.
/// Serialising puts `"cluster"` once at the top level; should the text hold
/// the pattern elsewhere too, the event is written again after all.
fn renamed_json(json: &str, event: &Event, old: &str, new: &str) -> Result<String, Inner> {
    let quoted = |id: &str| serde_json::to_string(id).unwrap_or_default();
    let pattern = format!(",\"cluster\":{}", quoted(old));
    if json.matches(&pattern).count() == 1 {
        return Ok(json.replacen(&pattern, &format!(",\"cluster\":{}", quoted(new)), 1));
    }
    let mut event = event.clone();
    event.cluster = Some(new.to_string());
    serde_json::to_string(&event).map_err(|source| Inner::Json {
        what: format!("event {}", event.id),
        source,
    })
}

/// The rows of the clusters a batch touched, from all their members: the
/// stored members of `stored` clusters (read under a row lock, so two
/// workers adding to one cluster from far-apart weeks recompute it one
/// after the other) and the batch's `new` events. Each cluster is named
/// after its member first in input order and its canonical record built
/// from its members in that order; a cluster of one keeps its event as is,
/// as the SQLite store does. A stored cluster that is gone under the lock
/// (another worker renamed it since this batch read it) is
/// [`Inner::Renamed`]: the batch is run again.
pub(crate) fn rows(
    tx: &mut Transaction,
    prepared: &mut Prepared,
    stored: &[String],
    new: &[NewMember],
) -> Result<Clustered, Inner> {
    let mut members: HashMap<String, Vec<Row>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    if !stored.is_empty() {
        let mut ids = stored.to_vec();
        ids.sort_unstable();
        let lock = prepared.get(
            tx,
            "SELECT id FROM clusters WHERE id = ANY($1) ORDER BY id FOR UPDATE",
        )?;
        if tx.query(&lock, &[&ids])?.len() < ids.len() {
            return Err(Inner::Renamed);
        }
        let query = prepared.get(
            tx,
            "SELECT e.cluster_id, e.id, e.json, e.document_id, d.input_ord, d.input_pos, e.seq \
             FROM events e JOIN documents d ON d.id = e.document_id \
             WHERE e.cluster_id = ANY($1)",
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
            members.entry(cluster).or_default().push(Row {
                key: (row.get(4), row.get(5), row.get(6)),
                event,
                document: row.get(3),
                json: Some(json),
            });
        }
    }
    for m in new {
        if !members.contains_key(m.cluster) {
            order.push(m.cluster.to_string());
        }
        members.entry(m.cluster.to_string()).or_default().push(Row {
            key: m.key,
            event: m.event.clone(),
            document: m.document.to_string(),
            json: None,
        });
    }
    let mut out = Clustered {
        rows: Vec::with_capacity(order.len()),
        names: HashMap::new(),
        renamed: Vec::new(),
        moved: Vec::new(),
    };
    for label in order {
        let Some(mut list) = members.remove(&label) else {
            continue;
        };
        list.sort_by_key(|r| r.key);
        let id = list[0].event.id.clone();
        if id != label {
            if stored.contains(&label) {
                out.renamed.push(label.clone());
            }
            out.names.insert(label.clone(), id.clone());
        }
        for r in &mut list {
            if let Some(json) = r.json.as_deref().filter(|_| id != label) {
                let json = renamed_json(json, &r.event, &label, &id)?;
                out.moved.push((r.event.id.clone(), id.clone(), json));
            }
            r.event.cluster = Some(id.clone());
        }
        let events: Vec<&Event> = list.iter().map(|r| &r.event).collect();
        let mut docs: Vec<&str> = list.iter().map(|r| r.document.as_str()).collect();
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
        out.rows.push(
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
