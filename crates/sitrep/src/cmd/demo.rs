//! `sitrep demo`: builds an event database from the sample corpus bundled in
//! `data/samples/` (the seed, redistributable news articles and re3d's
//! public-domain and OGL conflict documents), shows what it found, and
//! writes CSV and GeoJSON exports beside the database.
//!
//! The SQLite database is rebuilt from scratch each time so the demo always
//! shows the same thing for the same code. A PostgreSQL database (`--db
//! postgres://…` or `$SITREP_DB`) may hold other work, so the demo builds
//! only into an empty one, or empties it first when told to (`--replace`);
//! records go in in input order through one writer, as into SQLite, so both
//! give the same exports.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use rayon::iter::{IntoParallelIterator, ParallelIterator};
use sitrep_core::{RawBody, RawDoc, RecordSink};
use sitrep_export::{export_from, ExportError, Format, Options};
use sitrep_ingest::{read_inputs, IngestError, Limits};
use sitrep_pipeline::{Config, Pipeline};
use sitrep_store::{ReadStore, Store};
use sitrep_store_pg::PgStore;

use super::run::{ingest_into, ingest_kind, jobs, process_one, Progress, Summary};

#[derive(clap::Args)]
pub struct Args {
    /// Folder for the database and the exports (created if missing).
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// The database to build: a SQLite file (default: OUT/demo.db; replaced
    /// if it exists), or `postgres://user@host[:port]/dbname` (default:
    /// $SITREP_DB when it is a PostgreSQL URL), which must be empty.
    #[arg(long)]
    db: Option<String>,
    /// PostgreSQL only: empty the database first (every document, event,
    /// cluster and queued item in it) instead of refusing a non-empty one.
    #[arg(long)]
    replace: bool,
    /// Documents processed at once (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let samples = sitrep_core::data_dir().join("samples");
    // `data_dir()` may read `crates/sitrep-core/../../data`; sources read
    // better without the detour.
    let samples = fs::canonicalize(&samples).unwrap_or(samples);
    let docs = sample_corpus(&samples)?;
    fs::create_dir_all(&args.out)
        .with_context(|| format!("{}: cannot create the output folder", args.out.display()))?;
    // $SITREP_DB only when it names PostgreSQL: the demo replaces a SQLite
    // file, and must not replace one a user keeps in the variable.
    let db = args.db.clone().or_else(|| {
        std::env::var("SITREP_DB")
            .ok()
            .filter(|d| sitrep_store_pg::is_postgres_url(d))
    });
    // Explanations on: the demo database feeds the dashboard's "why" panel.
    let config = Config {
        explain: true,
        ..Config::default()
    };
    match db {
        Some(url) if sitrep_store_pg::is_postgres_url(&url) => {
            demo_postgres(&args, &url, docs, config)
        }
        db => {
            let db = db.map_or_else(|| args.out.join("demo.db"), PathBuf::from);
            demo_sqlite(&args, &db, docs, config)
        }
    }
}

fn demo_sqlite(
    args: &Args,
    db: &Path,
    docs: Vec<Result<RawDoc, IngestError>>,
    config: Config,
) -> anyhow::Result<ExitCode> {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        if p.exists() {
            fs::remove_file(&p).with_context(|| format!("{}: cannot replace", p.display()))?;
        }
    }
    let pipeline = Pipeline::load(config)?;
    let mut store = Store::open(db)?;
    let summary = ingest_into(
        docs.into_iter(),
        &pipeline,
        &mut store,
        jobs(args.jobs),
        Progress::auto(),
    )?;
    summary.print("sitrep demo", &store)?;
    let shown = db.display().to_string();
    finish(&args.out, &mut &store, &shown, &summary)
}

/// The demo into PostgreSQL: the pipeline on `--jobs` threads, the records
/// stored in input order, so dedup decides what it decides over SQLite.
fn demo_postgres(
    args: &Args,
    url: &str,
    docs: Vec<Result<RawDoc, IngestError>>,
    config: Config,
) -> anyhow::Result<ExitCode> {
    let mut store = PgStore::connect(url)?;
    if !store.is_empty()? {
        if !args.replace {
            let c = store.counts()?;
            let queued = store.status()?;
            bail!(
                "{}: not empty ({} documents, {} events, {} queued items); the demo builds \
                 only into an empty database: create one (createdb sitrep_demo) or pass \
                 --replace to empty this one",
                store.name(),
                c.documents,
                c.events,
                queued.queued + queued.claimed + queued.expired + queued.done + queued.failed
            );
        }
        store.clear()?;
    }
    let pipeline = Pipeline::load(config)?;
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs(args.jobs))
        .build()
        .context("starting worker threads")?;
    let results: Vec<_> = pool.install(|| {
        docs.into_par_iter()
            .map(|raw| match raw {
                Ok(raw) => process_one(&pipeline, raw),
                Err(e) => Err((ingest_kind(&e), e.to_string())),
            })
            .collect()
    });
    let mut summary = Summary::default();
    for result in results {
        summary.inputs += 1;
        match result {
            Ok(record) => {
                summary.events_found += record.events.len() as u64;
                store.accept(record)?;
            }
            Err((kind, message)) => {
                *summary.errors.entry(kind).or_default() += 1;
                eprintln!("sitrep: {message}");
            }
        }
    }
    store.finish()?;
    summary.stored = store.totals().clone();
    summary.elapsed = started.elapsed();
    let name = store.name().to_string();
    summary.print_with("sitrep demo", &name, store.counts()?);
    finish(&args.out, &mut store, &name, &summary)
}

/// The report, the exports, and the exit code.
fn finish<S>(out: &Path, store: &mut S, db: &str, summary: &Summary) -> anyhow::Result<ExitCode>
where
    S: ReadStore,
    ExportError: From<S::Error>,
    anyhow::Error: From<S::Error>,
{
    report(store)?;
    for (format, name) in [
        (Format::Csv, "events.csv"),
        (Format::Geojson, "events.geojson"),
    ] {
        let path = out.join(name);
        let file =
            File::create(&path).with_context(|| format!("{}: cannot create", path.display()))?;
        let n = export_from(store, format, &Options::default(), BufWriter::new(file))
            .with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {} ({n} events)", path.display());
    }
    println!("database: {db}  (try: sitrep export --db {db} --clusters)");
    Ok(if summary.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Events by one field, most frequent first, ties by value (an unknown
/// value first), as the SQLite store's tally orders them.
fn tally(
    events: &[sitrep_store::StoredEvent],
    key: impl Fn(&sitrep_core::Event) -> Option<String>,
) -> Vec<(Option<String>, u64)> {
    let mut counts: BTreeMap<Option<String>, u64> = BTreeMap::new();
    for e in events {
        *counts.entry(key(&e.event)).or_default() += 1;
    }
    let mut v: Vec<(Option<String>, u64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Events by type and country, the largest clusters, and the summary line,
/// from either store.
fn report<S>(store: &mut S) -> anyhow::Result<()>
where
    S: ReadStore,
    anyhow::Error: From<S::Error>,
{
    let mut events = Vec::new();
    store.read_events(&Default::default(), |e| -> anyhow::Result<()> {
        events.push(e);
        Ok(())
    })?;
    let name = |k: &Option<String>| k.clone().unwrap_or_else(|| "(unknown)".into());
    println!("\nEvents by PLOVER type:");
    for (k, n) in tally(&events, |e| Some(e.plover.event.as_str().to_string())) {
        println!("  {:<14} {n:>4}", name(&k));
    }
    println!("\nEvents by ACLED type:");
    for (k, n) in tally(&events, |e| e.acled.as_ref().map(|a| a.event_type.clone())) {
        println!(
            "  {:<30} {n:>4}",
            k.unwrap_or_else(|| "(outside ACLED's scope)".into())
        );
    }
    println!("\nEvents by country:");
    let country = |e: &sitrep_core::Event| e.location.as_ref().and_then(|p| p.country.clone());
    for (k, n) in tally(&events, country).into_iter().take(12) {
        let label = match k.as_deref().and_then(sitrep_export::countries::lookup) {
            Some((_, country)) => format!("{} {country}", name(&k)),
            None => name(&k),
        };
        println!("  {label:<30} {n:>4}");
    }
    println!("\nLargest clusters (events reported more than once):");
    let mut shown = 0;
    store.read_clusters(&Default::default(), true, |c| -> anyhow::Result<()> {
        if shown >= 5 || c.n_events < 2 {
            return Ok(());
        }
        shown += 1;
        let e = &c.event;
        let date = e
            .date
            .as_ref()
            .and_then(|d| d.start.clone())
            .unwrap_or_else(|| "date unknown".into());
        let place = e
            .location
            .as_ref()
            .map(|p| p.name.clone().unwrap_or_else(|| p.text.clone()))
            .unwrap_or_else(|| "place unknown".into());
        let deaths = match e.fatalities.as_ref().map(|f| (f.min, f.max)) {
            Some((Some(a), Some(b))) if a != b => format!(", {a}-{b} killed"),
            Some((Some(a), _)) => format!(", {a} killed"),
            _ => String::new(),
        };
        println!(
            "  {} {} in {place} on {date}{deaths}: {} reports in {} documents",
            e.plover.event,
            e.plover.mode.join("/"),
            c.n_events,
            c.sources.len()
        );
        for d in &c.sources {
            println!(
                "      - {} ({})",
                d.title.as_deref().unwrap_or(&d.id),
                d.url.as_deref().unwrap_or(&d.source)
            );
        }
        Ok(())
    })?;
    if shown == 0 {
        println!("  (none: every event was reported once)");
    }
    let counts = store.read_counts()?;
    println!(
        "\n{} events from {} documents in {} clusters",
        counts.events, counts.documents, counts.clusters
    );
    Ok(())
}

/// The bundled samples as raw documents, dated where the corpus says when
/// they were published.
fn sample_corpus(samples: &Path) -> anyhow::Result<Vec<Result<RawDoc, IngestError>>> {
    if !samples.is_dir() {
        bail!(
            "{}: sample corpus not found (set SITREP_DATA to the repository's data/ folder)",
            samples.display()
        );
    }
    let mut docs = Vec::new();
    // The seed: its reference annotation gives the assumed publication date.
    let seed = samples.join("seed");
    for entry in sorted_files(&seed, "txt")? {
        let gold = entry.with_extension("gold.json");
        let date = fs::read_to_string(&gold)
            .ok()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            .and_then(|v| v["published"].as_str().and_then(parse_date));
        docs.push(Ok(text_doc(&entry, None, date)?));
    }
    // News articles: dates and URLs from the manifest.
    let news = samples.join("news");
    let manifest = news.join("manifest.tsv");
    let table = fs::read_to_string(&manifest)
        .with_context(|| format!("{}: cannot read", manifest.display()))?;
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (Some(file), Some(published), Some(url)) = (col("file"), col("published"), col("url"))
    else {
        bail!(
            "{}: expected columns file, published, url",
            manifest.display()
        );
    };
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let Some(name) = f.get(file) else { continue };
        let path = news.join(name);
        let date = f.get(published).and_then(|d| parse_date(d));
        let url = f.get(url).filter(|u| !u.is_empty()).map(|u| u.to_string());
        docs.push(Ok(text_doc(&path, url, date)?));
    }
    // re3d: JSONL, read by the ingest stage like any user's dump.
    let re3d: Vec<String> = fs::read_dir(samples.join("re3d"))
        .map(|dir| {
            let mut v: Vec<String> = dir
                .filter_map(|e| e.ok())
                .map(|e| e.path().join("documents.jsonl"))
                .filter(|p| p.is_file())
                .map(|p| p.display().to_string())
                .collect();
            v.sort();
            v
        })
        .unwrap_or_default();
    docs.extend(read_inputs(&re3d, &Limits::default()));
    Ok(docs)
}

fn text_doc(path: &Path, url: Option<String>, date: Option<NaiveDate>) -> anyhow::Result<RawDoc> {
    let text =
        fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
    Ok(RawDoc {
        source: path.display().to_string(),
        id: None,
        url,
        date,
        body: RawBody::Text(text),
    })
}

fn sorted_files(dir: &Path, ext: &str) -> anyhow::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    Ok(v)
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}
