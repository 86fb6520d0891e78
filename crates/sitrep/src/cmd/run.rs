//! `sitrep run`: the whole pipeline over files, folders, WARC, JSONL, feeds
//! or stdin, into the SQLite store.
//!
//! Documents are processed in parallel (a rayon pool of `--jobs` threads);
//! one writer (this thread) puts them into the store in input order, so the
//! database does not depend on thread timing: the same inputs always give
//! the same events and clusters, and a killed run that is rerun ends where
//! an uninterrupted one would.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::iter::{ParallelBridge, ParallelIterator};
use sitrep_core::{RawDoc, Record, RecordSink};
use sitrep_ingest::{read_inputs, IngestError};
use sitrep_pipeline::{Config, Pipeline};
use sitrep_store::{raw_hash, Store};

use super::extract::LimitArgs;

#[derive(clap::Args)]
pub struct Args {
    /// Files, folders (read recursively), WARC, JSONL, feeds, or `-` for stdin.
    #[arg(required_unless_present = "worker")]
    inputs: Vec<String>,
    /// The database to create or add to: a SQLite file, or
    /// `postgres://user@host[:port]/dbname` (default: $SITREP_DB, else sitrep.db).
    #[arg(long)]
    db: Option<PathBuf>,
    /// PostgreSQL only: work the shared queue (filled by `sitrep enqueue`)
    /// until it is drained; run as many workers as you like, anywhere.
    #[arg(long)]
    worker: bool,
    /// PostgreSQL only: seconds a worker holds claimed items; a worker that
    /// dies loses them to another after this long.
    #[arg(long, default_value_t = 300)]
    lease_secs: u64,
    /// PostgreSQL only: the name a worker claims under (default host:pid).
    #[arg(long)]
    worker_name: Option<String>,
    /// Publication date to assume when a page gives none (YYYY-MM-DD).
    #[arg(long)]
    date: Option<NaiveDate>,
    /// Documents processed at once (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Documents per database transaction: a killed run loses at most one batch.
    #[arg(long, default_value_t = sitrep_store::DEFAULT_BATCH)]
    batch: usize,
    /// No progress bar or progress lines; only errors and the summary.
    #[arg(long, short)]
    quiet: bool,
    /// Leave out the per-event explanations (trigger, parse paths, KB
    /// matches) that the dashboard shows; a smaller database.
    #[arg(long)]
    no_explain: bool,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    analysis: super::nlp::AnalysisArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let db = super::enqueue::resolve_db(args.db.clone());
    if let Some(url) = db.to_str().filter(|d| sitrep_store_pg::is_postgres_url(d)) {
        return super::enqueue::run_worker(super::enqueue::WorkerArgs {
            url,
            inputs: &args.inputs,
            config: Config {
                date: args.date,
                explain: !args.no_explain,
                extract: Some(args.limits.extract_options(args.date)),
                max_sentence_tokens: Some(args.analysis.max_sentence_tokens),
            },
            limits: args.limits.limits(),
            jobs: jobs(args.jobs),
            batch: args.batch,
            lease: Duration::from_secs(args.lease_secs.max(1)),
            worker: args.worker_name.clone(),
            quiet: args.quiet,
        });
    }
    if args.worker {
        anyhow::bail!("--worker works a PostgreSQL queue: give --db postgres://user@host/dbname");
    }
    let pipeline = Pipeline::load(Config {
        date: args.date,
        explain: !args.no_explain,
        extract: Some(args.limits.extract_options(args.date)),
        max_sentence_tokens: Some(args.analysis.max_sentence_tokens),
    })?;
    let mut store = Store::open(&db)?;
    store.set_batch_size(args.batch);
    let inputs = read_inputs(&args.inputs, &args.limits.limits());
    let progress = if args.quiet {
        Progress::Quiet
    } else {
        Progress::auto()
    };
    let summary = ingest_into(inputs, &pipeline, &mut store, jobs(args.jobs), progress)?;
    summary.print("sitrep run", &store)?;
    Ok(if summary.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--jobs`, defaulting to every core.
pub fn jobs(requested: Option<usize>) -> usize {
    requested
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// What happened to one input.
enum Outcome {
    Done(Box<Record>, String),
    /// Already processed by an earlier run.
    Seen,
    Failed {
        kind: String,
        message: String,
    },
}

/// What a run did, for the summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub inputs: u64,
    /// Inputs skipped because an earlier run processed them.
    pub seen: u64,
    pub events_found: u64,
    pub errors: BTreeMap<String, u64>,
    pub elapsed: Duration,
    pub stored: sitrep_store::BatchOutcome,
}

impl Summary {
    pub fn failed(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn print(&self, who: &str, store: &Store) -> anyhow::Result<()> {
        self.print_with(who, &store.path().display().to_string(), store.counts()?);
        Ok(())
    }

    /// The summary, and what the database `db` now holds.
    pub fn print_with(&self, who: &str, db: &str, c: sitrep_store::Counts) {
        let secs = self.elapsed.as_secs_f64().max(1e-6);
        let s = &self.stored;
        eprintln!(
            "{who}: {} inputs in {:.1} s ({:.1}/s): {} documents stored with {} events; \
             {} already stored, {} duplicates skipped",
            self.inputs,
            secs,
            self.inputs as f64 / secs,
            s.documents,
            s.events,
            self.seen,
            s.duplicates
        );
        eprintln!(
            "{who}: {db} now holds {} documents, {} events in {} clusters ({} reported by several documents)",
            c.documents,
            c.events,
            c.clusters,
            c.multi_source_clusters
        );
        if self.failed() {
            let total: u64 = self.errors.values().sum();
            let kinds: Vec<String> = self
                .errors
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            eprintln!("{who}: {total} inputs failed ({})", kinds.join(", "));
        }
    }
}

/// Runs `pipeline` over `inputs` on `jobs` threads and stores the records.
/// Bad inputs are reported (one line each) and counted, never fatal; an
/// error of the store itself is.
pub fn ingest_into<I>(
    inputs: I,
    pipeline: &Pipeline,
    store: &mut Store,
    jobs: usize,
    progress: Progress,
) -> anyhow::Result<Summary>
where
    I: Iterator<Item = Result<RawDoc, IngestError>> + Send,
{
    let started = Instant::now();
    // A second, read-only handle lets workers skip inputs an earlier run
    // stored without waiting for the writer.
    let seen = Mutex::new(Store::open_read_only(store.path())?);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("starting worker threads")?;
    let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(jobs * 16);
    let abort = AtomicBool::new(false);
    let mut summary = Summary::default();
    let before = store.totals().clone();

    let written = std::thread::scope(|scope| {
        scope.spawn(|| {
            pool.install(|| {
                inputs
                    .enumerate()
                    .par_bridge()
                    .for_each_with(tx, |tx, (i, raw)| {
                        let outcome = if abort.load(Ordering::Relaxed) {
                            Outcome::Seen
                        } else {
                            process(raw, pipeline, &seen)
                        };
                        // The writer has stopped only on a store error,
                        // reported there.
                        let _ = tx.send((i, outcome));
                    })
            })
        });
        let result = write_in_order(&rx, store, &mut summary, &progress);
        if result.is_err() {
            abort.store(true, Ordering::Relaxed);
        }
        drop(rx);
        result
    });
    progress.finish();
    written?;
    store.finish()?;
    summary.stored = store.totals().clone();
    summary.stored.documents -= before.documents;
    summary.stored.events -= before.events;
    summary.stored.duplicates -= before.duplicates;
    summary.stored.joined -= before.joined;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The writer: takes outcomes as workers finish them and stores them in
/// input order.
fn write_in_order(
    rx: &mpsc::Receiver<(usize, Outcome)>,
    store: &mut Store,
    summary: &mut Summary,
    progress: &Progress,
) -> anyhow::Result<()> {
    let mut waiting: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut next = 0usize;
    for (i, outcome) in rx {
        waiting.insert(i, outcome);
        while let Some(outcome) = waiting.remove(&next) {
            next += 1;
            summary.inputs += 1;
            match outcome {
                Outcome::Done(record, hash) => {
                    summary.events_found += record.events.len() as u64;
                    store.accept_input(*record, Some(hash))?;
                }
                Outcome::Seen => summary.seen += 1,
                Outcome::Failed { kind, message } => {
                    *summary.errors.entry(kind).or_default() += 1;
                    progress.println(&format!("sitrep: {message}"));
                }
            }
            progress.update(summary);
        }
    }
    Ok(())
}

fn process(raw: Result<RawDoc, IngestError>, pipeline: &Pipeline, seen: &Mutex<Store>) -> Outcome {
    let raw = match raw {
        Ok(raw) => raw,
        Err(e) => {
            return Outcome::Failed {
                kind: ingest_kind(&e),
                message: e.to_string(),
            }
        }
    };
    let hash = raw_hash(&raw);
    let already = seen
        .lock()
        .map(|s| s.has_input(&hash).unwrap_or(false))
        .unwrap_or(false);
    if already {
        return Outcome::Seen;
    }
    match process_one(pipeline, raw) {
        Ok(record) => Outcome::Done(Box::new(record), hash),
        Err((kind, message)) => Outcome::Failed { kind, message },
    }
}

/// Runs the pipeline over one input: the record, or what kind of failure
/// and its message, naming the input. A bug in one stage on one odd page
/// must not take down a long run or a worker, so a panic is caught and
/// reported as an internal error.
pub fn process_one(pipeline: &Pipeline, raw: RawDoc) -> Result<Record, (String, String)> {
    let source = raw.source.clone();
    match catch_unwind(AssertUnwindSafe(|| pipeline.process(raw))) {
        Ok(Ok(record)) => Ok(record),
        Ok(Err(e)) => {
            let message = e.to_string();
            Err((
                "pipeline".into(),
                if message.contains(&source) {
                    message
                } else {
                    format!("{source}: {message}")
                },
            ))
        }
        Err(_) => Err((
            "internal error".into(),
            format!("{source}: internal error while processing (a bug; please report it)"),
        )),
    }
}

/// A short name for what was wrong with an input, for the summary.
pub fn ingest_kind(e: &IngestError) -> String {
    let debug = format!("{:?}", e.problem);
    let name: String = debug.chars().take_while(|c| c.is_alphanumeric()).collect();
    match name.as_str() {
        "Io" => "unreadable".into(),
        "NotFound" => "not found".into(),
        "TooLarge" => "too large".into(),
        "Bomb" => "gzip bomb".into(),
        "Gzip" => "corrupt gzip".into(),
        "Warc" => "bad WARC".into(),
        "Json" => "bad JSON".into(),
        "Feed" => "bad feed".into(),
        other => other.to_lowercase(),
    }
}

/// How a run shows it is alive: a bar on a terminal, a line every few
/// seconds in a log, or nothing.
pub enum Progress {
    Bar(ProgressBar),
    Log(Mutex<Instant>, Instant),
    Quiet,
}

impl Progress {
    /// A bar when stderr is a terminal, else log lines.
    pub fn auto() -> Progress {
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} {pos} documents ({per_sec}) {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            Progress::Bar(bar)
        } else {
            let now = Instant::now();
            Progress::Log(Mutex::new(now), now)
        }
    }

    fn update(&self, s: &Summary) {
        let errors: u64 = s.errors.values().sum();
        match self {
            Progress::Bar(bar) => {
                bar.set_position(s.inputs);
                bar.set_message(format!("{} events, {errors} errors", s.events_found));
            }
            Progress::Log(last, start) => {
                let Ok(mut last) = last.lock() else { return };
                if last.elapsed() >= Duration::from_secs(5) {
                    *last = Instant::now();
                    let secs = start.elapsed().as_secs_f64().max(1e-6);
                    eprintln!(
                        "sitrep: {} documents ({:.1}/s), {} events, {errors} errors",
                        s.inputs,
                        s.inputs as f64 / secs,
                        s.events_found
                    );
                }
            }
            Progress::Quiet => {}
        }
    }

    fn println(&self, line: &str) {
        match self {
            Progress::Bar(bar) => bar.println(line),
            _ => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
