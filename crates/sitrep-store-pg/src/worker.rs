//! The worker loop: claim a batch, read the WARC ranges in it, process
//! every document on the current rayon pool, store the results and finish
//! the items in one transaction, repeat until the queue is drained.

use std::time::{Duration, Instant};

use rayon::iter::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};
use sitrep_core::{RawDoc, Record};

use crate::{BatchOutcome, Failure, Pending, PgError, PgStore, WarcRange, Work};

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
/// `read_range` reads the documents of a WARC byte range (each, or why it
/// could not be read, naming where); `progress` is told after every batch.
///
/// A range item is done when every document in it was read and
/// processed; otherwise it ends `failed` with each error, and the
/// documents that did go through are stored all the same (storage is
/// idempotent, so a retry of the range adds only what was missing).
pub fn work<P, R>(
    store: &mut PgStore,
    opts: &WorkOptions,
    process: P,
    read_range: R,
    mut progress: impl FnMut(&WorkSummary),
) -> Result<WorkSummary, PgError>
where
    P: Fn(RawDoc) -> Result<Record, String> + Sync,
    R: Fn(&WarcRange) -> Vec<Result<RawDoc, String>> + Sync,
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
        let items: Vec<(i64, String, bool)> = claimed
            .iter()
            .map(|c| (c.id, c.source.clone(), matches!(c.work, Ok(Work::Range(_)))))
            .collect();
        // Every document of the batch, with the index of its item, in order.
        let units: Vec<(usize, Result<RawDoc, String>)> = claimed
            .into_par_iter()
            .enumerate()
            .map(|(i, c)| match c.work {
                Ok(Work::Document(raw)) => vec![(i, Ok(raw))],
                Ok(Work::Range(range)) => read_range(&range)
                    .into_iter()
                    .map(|raw| {
                        (
                            i,
                            raw.map(|mut raw| {
                                raw.date = raw.date.or(range.date);
                                raw
                            }),
                        )
                    })
                    .collect(),
                Err(e) => vec![(i, Err(e))],
            })
            .flatten()
            .collect();
        let results: Vec<(usize, Result<Record, String>)> = units
            .into_par_iter()
            .map(|(i, raw)| (i, raw.and_then(&process)))
            .collect();
        let finished = finish_items(&items, results, &mut summary);
        let writing = Instant::now();
        let outcome = store.complete(&finished.done, &finished.ranges, &finished.failed)?;
        summary.store_time += writing.elapsed();
        summary.stored.add(&outcome);
        summary.elapsed = started.elapsed();
        progress(&summary);
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// A batch's outcome, ready to commit.
struct Finished {
    done: Vec<Pending>,
    ranges: Vec<i64>,
    failed: Vec<Failure>,
}

/// Errors listed in a failed range's error text; the rest are counted.
const ERRORS_LISTED: usize = 5;

/// Sorts the results of a batch's documents into records to store, items
/// done and items failed. `items` are (id, name, is a range) by index.
fn finish_items(
    items: &[(i64, String, bool)],
    results: Vec<(usize, Result<Record, String>)>,
    summary: &mut WorkSummary,
) -> Finished {
    let mut out = Finished {
        done: Vec::new(),
        ranges: Vec::new(),
        failed: Vec::new(),
    };
    let mut errors: Vec<Vec<String>> = vec![Vec::new(); items.len()];
    let mut documents = vec![0usize; items.len()];
    for (i, result) in results {
        let (id, _, is_range) = &items[i];
        // The index of this document in its item: results keep the order
        // the range's records were read in.
        let position = (*id, documents[i] as i32);
        documents[i] += 1;
        match result {
            Ok(record) => out.done.push(Pending {
                record,
                item: (!is_range).then_some(*id),
                position: Some(position),
            }),
            Err(e) => errors[i].push(e),
        }
    }
    for (i, (id, source, is_range)) in items.iter().enumerate() {
        summary.items += 1;
        let errs = &errors[i];
        if errs.is_empty() {
            if *is_range {
                out.ranges.push(*id);
            }
            continue;
        }
        let error = if !is_range || (errs.len() == 1 && documents[i] == 1) {
            errs[0].clone()
        } else {
            let mut text = format!("{} of {} documents failed: ", errs.len(), documents[i]);
            text.push_str(&errs[..errs.len().min(ERRORS_LISTED)].join("; "));
            if errs.len() > ERRORS_LISTED {
                text.push_str(&format!("; and {} more", errs.len() - ERRORS_LISTED));
            }
            text
        };
        summary.failed += 1;
        summary.errors.push((source.clone(), error.clone()));
        out.failed.push(Failure { item: *id, error });
    }
    out
}
