//! The PostgreSQL work queue from the command line: `sitrep enqueue` fills
//! it (with documents, or with byte ranges of WARC files), `sitrep run --db
//! postgres://… --worker` (driven from here) drains it. Any number of
//! workers on any number of machines may drain one queue.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::NaiveDate;
use sitrep_ingest::WarcSpan;
use sitrep_pipeline::{Config, Pipeline};
use sitrep_store_pg::{PgStore, WarcRange, WorkOptions};

use super::extract::LimitArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Files, folders (read recursively), WARC, JSONL, feeds, or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// The PostgreSQL database, `postgres://user@host[:port]/dbname`
    /// (default: $SITREP_DB).
    #[arg(long)]
    db: Option<String>,
    /// Publication date to assume when a page gives none (YYYY-MM-DD);
    /// stored with each queued input that has no date of its own.
    #[arg(long)]
    date: Option<NaiveDate>,
    /// Queue WARC files (plain or gzipped) as byte ranges, not copies of
    /// their pages: workers read the ranges from the files, which must be
    /// under the same path on every worker's machine (shared storage).
    #[arg(long)]
    by_range: bool,
    /// With --by-range: WARC records (gzip members) per work item. Common
    /// Crawl writes request, response and metadata records, so 64 records
    /// are about 21 pages.
    #[arg(long, default_value_t = 64, requires = "by_range",
          value_parser = clap::value_parser!(u32).range(1..))]
    records_per_item: u32,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Inputs sent to the database per multi-row insert.
const ENQUEUE_CHUNK: usize = 256;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let url = postgres_url(args.db.as_deref())?;
    let mut store = PgStore::connect(&url)?;
    if args.by_range {
        return enqueue_ranges(&args, &mut store);
    }
    let started = Instant::now();
    let (mut read, mut added, mut bad) = (0u64, 0u64, 0u64);
    let mut chunk = Vec::with_capacity(ENQUEUE_CHUNK);
    for raw in sitrep_ingest::read_inputs(&args.inputs, &args.limits.limits()) {
        match raw {
            Ok(mut raw) => {
                read += 1;
                if raw.date.is_none() {
                    raw.date = args.date;
                }
                chunk.push(raw);
                if chunk.len() >= ENQUEUE_CHUNK {
                    added += store.enqueue(&chunk)?;
                    chunk.clear();
                }
            }
            Err(e) => {
                bad += 1;
                eprintln!("sitrep: {e}");
            }
        }
    }
    added += store.enqueue(&chunk)?;
    eprintln!(
        "sitrep enqueue: {read} inputs read in {:.1} s: {added} queued, {} already queued{}",
        started.elapsed().as_secs_f64(),
        read - added,
        unreadable(bad)
    );
    Ok(exit_code(bad))
}

/// The end of the summary line: how many inputs could not be read.
fn unreadable(bad: u64) -> String {
    if bad > 0 {
        format!("; {bad} unreadable")
    } else {
        String::new()
    }
}

/// Failure when any input could not be read (what could was queued).
fn exit_code(bad: u64) -> ExitCode {
    if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `sitrep enqueue --by-range`: each WARC file's records (gzip members)
/// listed without reading their pages, grouped `--records-per-item` to a
/// range, the ranges queued under the file's canonical path. A file that
/// cannot be listed is reported and skipped; the exit code says so.
fn enqueue_ranges(args: &Args, store: &mut PgStore) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let limits = args.limits.limits();
    let (mut files, mut records, mut ranges, mut added, mut bad) = (0u64, 0u64, 0u64, 0u64, 0u64);
    for input in &args.inputs {
        let spans = match file_ranges(Path::new(input), args, &limits) {
            Ok(spans) => spans,
            Err(e) => {
                bad += 1;
                eprintln!("sitrep: {e:#}");
                continue;
            }
        };
        files += 1;
        records += spans.iter().map(|r| u64::from(r.records)).sum::<u64>();
        ranges += spans.len() as u64;
        for chunk in spans.chunks(ENQUEUE_CHUNK) {
            added += store.enqueue_ranges(chunk)?;
        }
    }
    eprintln!(
        "sitrep enqueue: {records} records in {ranges} ranges of {files} WARC files \
         (listed in {:.1} s): {added} queued, {} already queued{}",
        started.elapsed().as_secs_f64(),
        ranges - added,
        unreadable(bad)
    );
    Ok(exit_code(bad))
}

/// One WARC file's ranges of `--records-per-item` records each.
fn file_ranges(
    path: &Path,
    args: &Args,
    limits: &sitrep_ingest::Limits,
) -> anyhow::Result<Vec<WarcRange>> {
    if path.as_os_str() == "-" || path.is_dir() {
        anyhow::bail!(
            "{}: --by-range takes WARC files (byte ranges of stdin or a folder mean nothing \
             to another machine)",
            path.display()
        );
    }
    // Workers find the file by this path: make it absolute and unique.
    let path = std::fs::canonicalize(path)
        .with_context(|| format!("{}: cannot resolve the path", path.display()))?;
    let canonical = path
        .to_str()
        .with_context(|| format!("{}: path is not UTF-8", path.display()))?
        .to_string();
    let spans = sitrep_ingest::warc_spans(&path, limits)?;
    Ok(spans
        .chunks(args.records_per_item as usize)
        .filter_map(|chunk| {
            let span = WarcSpan::covering(chunk)?;
            Some(WarcRange {
                path: canonical.clone(),
                offset: span.offset,
                length: span.length,
                records: chunk.len() as u32,
                date: args.date,
            })
        })
        .collect())
}

/// The PostgreSQL URL from `--db`, else `$SITREP_DB`.
pub fn postgres_url(db: Option<&str>) -> anyhow::Result<String> {
    let url = match db {
        Some(db) => db.to_string(),
        None => std::env::var("SITREP_DB")
            .context("no database: give --db postgres://user@host/dbname or set SITREP_DB")?,
    };
    if !sitrep_store_pg::is_postgres_url(&url) {
        anyhow::bail!("{url}: not a PostgreSQL URL (postgres://user@host[:port]/dbname)");
    }
    Ok(url)
}

/// The `--db` of `run`: the flag, else `$SITREP_DB`, else `sitrep.db`.
pub fn resolve_db(db: Option<PathBuf>) -> PathBuf {
    db.or_else(|| std::env::var_os("SITREP_DB").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("sitrep.db"))
}

/// How `sitrep run` works against PostgreSQL.
pub struct WorkerArgs<'a> {
    pub url: &'a str,
    /// Inputs to enqueue first (none with `--worker`).
    pub inputs: &'a [String],
    pub config: Config,
    pub limits: sitrep_ingest::Limits,
    pub jobs: usize,
    pub batch: usize,
    pub lease: Duration,
    pub worker: Option<String>,
    pub quiet: bool,
}

/// `sitrep run --db postgres://…`: enqueues the inputs given, then works
/// the queue until it is drained (with `--worker` and no inputs: only the
/// latter). Exit 1 when any item failed.
pub fn run_worker(a: WorkerArgs) -> anyhow::Result<ExitCode> {
    let mut store = PgStore::connect(a.url)?;
    if let Some(name) = &a.worker {
        store.set_worker(name);
    }
    let mut bad_inputs = 0u64;
    if !a.inputs.is_empty() {
        let mut raws = Vec::new();
        for raw in sitrep_ingest::read_inputs(a.inputs, &a.limits) {
            match raw {
                Ok(raw) => raws.push(raw),
                Err(e) => {
                    bad_inputs += 1;
                    eprintln!("sitrep: {e}");
                }
            }
            if raws.len() >= ENQUEUE_CHUNK {
                store.enqueue(&raws)?;
                raws.clear();
            }
        }
        store.enqueue(&raws)?;
    }
    let pipeline = Pipeline::load(a.config)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.jobs)
        .build()
        .context("starting worker threads")?;
    let opts = WorkOptions {
        batch: a.batch,
        lease: a.lease,
        ..WorkOptions::default()
    };
    let who = format!("sitrep worker {}", store.worker());
    let mut last_log = Instant::now();
    let quiet = a.quiet;
    let limits = a.limits.clone();
    let summary = pool.install(|| {
        sitrep_store_pg::work(
            &mut store,
            &opts,
            |raw| super::run::process_one(&pipeline, raw).map_err(|(_, message)| message),
            |range| read_range(range, &limits),
            |s| {
                if !quiet && last_log.elapsed() >= Duration::from_secs(5) {
                    last_log = Instant::now();
                    eprintln!(
                        "{who}: {} items ({:.1}/s), {} events stored, {} failed",
                        s.items,
                        s.items as f64 / s.elapsed.as_secs_f64().max(1e-6),
                        s.stored.events,
                        s.failed
                    );
                }
            },
        )
    })?;
    for (source, error) in &summary.errors {
        eprintln!("sitrep: {}", with_source(source, error));
    }
    let secs = summary.elapsed.as_secs_f64().max(1e-6);
    let s = &summary.stored;
    eprintln!(
        "{who}: {} items in {secs:.1} s ({:.1}/s): {} documents stored with {} events \
         ({:.1} events/s); {} duplicates skipped, {} failed; {:.1} s ({:.0}%) writing to the store",
        summary.items,
        summary.items as f64 / secs,
        s.documents,
        s.events,
        s.events as f64 / secs,
        s.duplicates,
        summary.failed,
        summary.store_time.as_secs_f64(),
        100.0 * summary.store_time.as_secs_f64() / secs
    );
    let c = store.counts()?;
    eprintln!(
        "{who}: {} now holds {} documents, {} events in {} clusters ({} reported by several documents)",
        store.name(),
        c.documents,
        c.events,
        c.clusters,
        c.multi_source_clusters
    );
    Ok(if summary.failed > 0 || bad_inputs > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The documents of a queued WARC range, read with this worker's limits.
fn read_range(
    range: &WarcRange,
    limits: &sitrep_ingest::Limits,
) -> Vec<Result<sitrep_core::RawDoc, String>> {
    let span = WarcSpan {
        offset: range.offset,
        length: range.length,
    };
    sitrep_ingest::read_warc_range(Path::new(&range.path), span, limits)
        .map(|r| r.map_err(|e| e.to_string()))
        .collect()
}

/// An error line naming its input once: pipeline errors usually name it
/// already.
pub fn with_source(source: &str, error: &str) -> String {
    if error.starts_with(source) {
        error.to_string()
    } else {
        format!("{source}: {error}")
    }
}
