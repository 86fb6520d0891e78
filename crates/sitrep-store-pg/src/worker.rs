//! The worker loop: claim a batch, process it on the current rayon pool,
//! store the results and finish the items in one transaction, repeat until
//! the queue is drained.

use std::time::{Duration, Instant};

use rayon::iter::{IntoParallelIterator, ParallelIterator};
use sitrep_core::{RawDoc, Record};

use crate::{BatchOutcome, Failure, Pending, PgError, PgStore};

pub struct WorkOptions {
    /// Items claimed (and committed) at once.
    pub batch: usize,
    /// How long a claim holds before another worker may take the items.
    /// Longer than a batch takes, or items get processed twice (harmless:
    /// storage is idempotent, but wasted).
    pub lease: Duration,
    /// How long to wait before looking again when nothing is claimable but
    /// other workers still hold items.
    pub poll: Duration,
}

impl Default for WorkOptions {
    fn default() -> Self {
        WorkOptions {
            batch: 16,
            lease: Duration::from_secs(300),
            poll: Duration::from_millis(500),
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct WorkSummary {
    pub items: u64,
    pub failed: u64,
    pub stored: BatchOutcome,
    pub elapsed: Duration,
    /// Time spent storing results (write transactions, dedup included):
    /// against `elapsed`, whether the database is the bottleneck.
    pub store_time: Duration,
    /// The failures, as (source, error), to report.
    pub errors: Vec<(String, String)>,
}

/// Works until no item is queued or claimed. Items claimed by others are
/// waited for: if their worker dies, their lease lapses and this one takes
/// them. `process` turns one raw document into a record or an error text;
/// `progress` is told after every batch.
pub fn work<P>(
    store: &mut PgStore,
    opts: &WorkOptions,
    process: P,
    mut progress: impl FnMut(&WorkSummary),
) -> Result<WorkSummary, PgError>
where
    P: Fn(RawDoc) -> Result<Record, String> + Sync,
{
    let started = Instant::now();
    let mut summary = WorkSummary::default();
    loop {
        let claimed = store.claim(opts.batch, opts.lease)?;
        if claimed.is_empty() {
            if store.outstanding()? == 0 {
                break;
            }
            std::thread::sleep(opts.poll);
            continue;
        }
        let results: Vec<(i64, String, Result<Record, String>)> = claimed
            .into_par_iter()
            .map(|c| match c.raw {
                Ok(raw) => {
                    let source = raw.source.clone();
                    (c.id, source, process(raw))
                }
                Err(e) => (c.id, format!("queue item {}", c.id), Err(e)),
            })
            .collect();
        let mut done = Vec::new();
        let mut failed = Vec::new();
        for (item, source, result) in results {
            summary.items += 1;
            match result {
                Ok(record) => done.push(Pending {
                    record,
                    item: Some(item),
                }),
                Err(error) => {
                    summary.failed += 1;
                    summary.errors.push((source, error.clone()));
                    failed.push(Failure { item, error });
                }
            }
        }
        let writing = Instant::now();
        let outcome = store.complete(&done, &failed)?;
        summary.store_time += writing.elapsed();
        summary.stored.add(&outcome);
        summary.elapsed = started.elapsed();
        progress(&summary);
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}
