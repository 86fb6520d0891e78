//! The work queue: raw inputs, or byte ranges of WARC files, waiting for
//! any worker, claimed in batches with `FOR UPDATE SKIP LOCKED` (workers
//! never block on each other's claims) and a lease, so a worker that dies
//! loses its items to the next one instead of taking them with it.

use std::time::Duration;

use chrono::NaiveDate;
use postgres::Client;
use sitrep_core::RawDoc;

use crate::error::Inner;

/// A byte range of a WARC file: the pages stay in the file (on storage
/// every worker can read, under the same path) and the queue holds where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRange {
    /// The file's canonical path.
    pub path: String,
    pub offset: u64,
    pub length: u64,
    /// WARC records (gzip members) in the range: what a worker will read.
    pub records: u32,
    /// Publication date to assume for pages that give none.
    pub date: Option<NaiveDate>,
}

impl WarcRange {
    /// `path@offset+length`: the item's name in the queue and in errors.
    pub fn name(&self) -> String {
        format!("{}@{}+{}", self.path, self.offset, self.length)
    }
}

/// What one item asks a worker to do.
#[derive(Debug, Clone)]
pub enum Work {
    /// Process one raw document.
    Document(RawDoc),
    /// Read every record of a WARC byte range and process each.
    Range(WarcRange),
}

/// A claimed item: its queue id, its name, and its work, or why the stored
/// item could not be read back.
pub struct Claimed {
    pub id: i64,
    pub source: String,
    pub work: Result<Work, String>,
}

impl Claimed {
    /// Documents this item will give at most: what a batch is sized by.
    pub fn weight(&self) -> usize {
        match &self.work {
            Ok(Work::Range(r)) => r.records.max(1) as usize,
            _ => 1,
        }
    }
}

/// Queue counts, and each worker's record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueStatus {
    pub queued: u64,
    /// Claimed with a live lease.
    pub claimed: u64,
    /// Claimed but the lease lapsed: the worker is presumed dead and the
    /// items are claimable again.
    pub expired: u64,
    pub done: u64,
    pub failed: u64,
    /// Of all items, how many are WARC byte ranges.
    pub ranges: u64,
    /// WARC records in those ranges.
    pub range_records: u64,
    pub workers: Vec<WorkerStatus>,
    /// The latest failures: (source, error).
    pub recent_failures: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkerStatus {
    pub worker: String,
    pub done: u64,
    pub failed: u64,
    /// Items finished per second between its first claim and last finish.
    pub per_sec: f64,
}

/// Adds raw documents; ones already queued (same raw hash) are left as they
/// are. Returns how many were new. One multi-row insert for the lot.
pub(crate) fn enqueue(client: &mut Client, raws: &[RawDoc]) -> Result<u64, Inner> {
    let mut hashes = Vec::with_capacity(raws.len());
    let mut sources = Vec::with_capacity(raws.len());
    let mut jsons = Vec::with_capacity(raws.len());
    for raw in raws {
        hashes.push(sitrep_store::raw_hash(raw));
        sources.push(raw.source.clone());
        jsons.push(serde_json::to_string(raw).map_err(|source| Inner::Json {
            what: format!("input {}", raw.source),
            source,
        })?);
    }
    let n = client.execute(
        "INSERT INTO work_items (raw_hash, source, raw) \
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) \
         ON CONFLICT (raw_hash) DO NOTHING",
        &[&hashes, &sources, &jsons],
    )?;
    Ok(n)
}

/// Adds WARC byte ranges; ones already queued (same path, offset and
/// length) are left as they are. Returns how many were new.
pub(crate) fn enqueue_ranges(client: &mut Client, ranges: &[WarcRange]) -> Result<u64, Inner> {
    let sources: Vec<String> = ranges.iter().map(WarcRange::name).collect();
    let paths: Vec<&str> = ranges.iter().map(|r| r.path.as_str()).collect();
    let offsets: Vec<i64> = ranges.iter().map(|r| r.offset as i64).collect();
    let lengths: Vec<i64> = ranges.iter().map(|r| r.length as i64).collect();
    let records: Vec<i32> = ranges.iter().map(|r| r.records as i32).collect();
    let dates: Vec<Option<String>> = ranges
        .iter()
        .map(|r| r.date.map(|d| d.to_string()))
        .collect();
    let n = client.execute(
        "INSERT INTO work_items (source, range_path, range_offset, range_len, range_records, \
           range_date) \
         SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::int4[], \
           $6::text[]) \
         ON CONFLICT (range_path, range_offset, range_len) DO NOTHING",
        &[&sources, &paths, &offsets, &lengths, &records, &dates],
    )?;
    Ok(n)
}

/// Claims items that are queued or whose lease has lapsed, up to `n`
/// documents' worth: a WARC range counts as its records, so a batch of
/// ranges is as large a transaction as a batch of documents. At least one
/// item, however large. The candidates locked but not taken are released
/// when the statement commits.
pub(crate) fn claim(
    client: &mut Client,
    worker: &str,
    n: usize,
    lease: Duration,
) -> Result<Vec<Claimed>, Inner> {
    let rows = client.query(
        "UPDATE work_items SET state = 'claimed', worker = $1, claimed_at = now(), \
           claimed_until = now() + make_interval(secs => $3), attempts = attempts + 1 \
         WHERE id IN ( \
           WITH candidates AS ( \
             SELECT id, COALESCE(range_records, 1) AS weight FROM work_items \
             WHERE state = 'queued' OR (state = 'claimed' AND claimed_until < now()) \
             ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) \
           SELECT id FROM (SELECT id, sum(weight) OVER (ORDER BY id) - weight AS before \
                           FROM candidates) c \
           WHERE before < $2) \
         RETURNING id, source, raw, range_path, range_offset, range_len, range_records, \
           range_date",
        &[&worker, &(n as i64), &lease.as_secs_f64()],
    )?;
    let mut claimed: Vec<Claimed> = rows
        .into_iter()
        .map(|r| {
            let raw: Option<String> = r.get(2);
            let path: Option<String> = r.get(3);
            let work = match (raw, path) {
                (Some(json), _) => serde_json::from_str(&json)
                    .map(Work::Document)
                    .map_err(|e| format!("stored input unreadable: {e}")),
                (None, Some(path)) => range(path, &r),
                (None, None) => Err("queue item holds neither an input nor a range".into()),
            };
            Claimed {
                id: r.get(0),
                source: r.get(1),
                work,
            }
        })
        .collect();
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// The range of a claimed row (columns 4–7 of the claim's RETURNING).
fn range(path: String, row: &postgres::Row) -> Result<Work, String> {
    let offset: Option<i64> = row.get(4);
    let length: Option<i64> = row.get(5);
    let records: Option<i32> = row.get(6);
    let date: Option<String> = row.get(7);
    let date = match date {
        Some(d) => Some(
            NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|e| format!("stored range date `{d}` unreadable: {e}"))?,
        ),
        None => None,
    };
    match (offset, length) {
        (Some(offset), Some(length)) if offset >= 0 && length > 0 => Ok(Work::Range(WarcRange {
            path,
            offset: offset as u64,
            length: length as u64,
            records: records.unwrap_or(1).max(1) as u32,
            date,
        })),
        _ => Err(format!(
            "stored range of {path} has no valid offset and length"
        )),
    }
}

/// Items not yet finished (queued or claimed, live lease or not).
pub(crate) fn outstanding(client: &mut Client) -> Result<u64, Inner> {
    let n: i64 = client
        .query_one(
            "SELECT count(*) FROM work_items WHERE state IN ('queued', 'claimed')",
            &[],
        )?
        .get(0);
    Ok(n as u64)
}

pub(crate) fn status(client: &mut Client) -> Result<QueueStatus, Inner> {
    let mut s = QueueStatus::default();
    for row in client.query(
        "SELECT state, (state = 'claimed' AND claimed_until < now()) AS lapsed, count(*), \
           count(range_path), COALESCE(sum(range_records), 0)::int8 \
         FROM work_items GROUP BY 1, 2",
        &[],
    )? {
        let state: String = row.get(0);
        let lapsed: bool = row.get(1);
        let n = row.get::<_, i64>(2) as u64;
        s.ranges += row.get::<_, i64>(3) as u64;
        s.range_records += row.get::<_, i64>(4) as u64;
        match (state.as_str(), lapsed) {
            ("queued", _) => s.queued += n,
            ("claimed", false) => s.claimed += n,
            ("claimed", true) => s.expired += n,
            ("done", _) => s.done += n,
            _ => s.failed += n,
        }
    }
    for row in client.query(
        "SELECT worker, count(*) FILTER (WHERE state = 'done'), \
           count(*) FILTER (WHERE state = 'failed'), \
           EXTRACT(EPOCH FROM max(finished_at) - min(claimed_at))::float8 \
         FROM work_items WHERE worker IS NOT NULL AND state IN ('done', 'failed') \
         GROUP BY worker ORDER BY worker",
        &[],
    )? {
        let done = row.get::<_, i64>(1) as u64;
        let failed = row.get::<_, i64>(2) as u64;
        let secs: Option<f64> = row.get(3);
        s.workers.push(WorkerStatus {
            worker: row.get(0),
            done,
            failed,
            per_sec: secs
                .filter(|t| *t > 0.0)
                .map_or(0.0, |t| (done + failed) as f64 / t),
        });
    }
    for row in client.query(
        "SELECT source, COALESCE(error, '') FROM work_items WHERE state = 'failed' \
         ORDER BY finished_at DESC LIMIT 10",
        &[],
    )? {
        s.recent_failures.push((row.get(0), row.get(1)));
    }
    Ok(s)
}
