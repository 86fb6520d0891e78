//! The work queue: raw inputs waiting for any worker, claimed in batches
//! with `FOR UPDATE SKIP LOCKED` (workers never block on each other's
//! claims) and a lease, so a worker that dies loses its items to the next
//! one instead of taking them with it.

use std::time::Duration;

use postgres::Client;
use sitrep_core::RawDoc;

use crate::error::Inner;

/// A claimed item: its queue id and the raw document, or why the stored
/// JSON could not be read back.
pub struct Claimed {
    pub id: i64,
    pub raw: Result<RawDoc, String>,
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

/// Claims up to `n` items that are queued or whose lease has lapsed.
pub(crate) fn claim(
    client: &mut Client,
    worker: &str,
    n: usize,
    lease: Duration,
) -> Result<Vec<Claimed>, Inner> {
    let rows = client.query(
        "UPDATE work_items SET state = 'claimed', worker = $1, claimed_at = now(), \
           claimed_until = now() + make_interval(secs => $3), attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM work_items \
                      WHERE state = 'queued' OR (state = 'claimed' AND claimed_until < now()) \
                      ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) \
         RETURNING id, raw",
        &[&worker, &(n as i64), &lease.as_secs_f64()],
    )?;
    let mut claimed: Vec<Claimed> = rows
        .into_iter()
        .map(|r| {
            let json: String = r.get(1);
            Claimed {
                id: r.get(0),
                raw: serde_json::from_str(&json)
                    .map_err(|e| format!("stored input unreadable: {e}")),
            }
        })
        .collect();
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
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
        "SELECT state, (state = 'claimed' AND claimed_until < now()) AS lapsed, count(*) \
         FROM work_items GROUP BY 1, 2",
        &[],
    )? {
        let state: String = row.get(0);
        let lapsed: bool = row.get(1);
        let n = row.get::<_, i64>(2) as u64;
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
