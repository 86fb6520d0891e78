//! `sitrep demo`: builds an event database from the sample corpus bundled in
//! `data/samples/` (the seed, redistributable news articles and re3d's
//! public-domain and OGL conflict documents), shows what it found, and
//! writes CSV and GeoJSON exports beside the database.
//!
//! The database is rebuilt from scratch each time so the demo always shows
//! the same thing for the same code.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use sitrep_core::{RawBody, RawDoc};
use sitrep_export::{export, Format, Options};
use sitrep_ingest::{read_inputs, IngestError, Limits};
use sitrep_pipeline::{Config, Pipeline};
use sitrep_store::{Store, Tally};

use super::run::{ingest_into, jobs, Progress};

#[derive(clap::Args)]
pub struct Args {
    /// Folder for the database and the exports (created if missing).
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// The database to build (default: OUT/demo.db); replaced if it exists.
    #[arg(long)]
    db: Option<PathBuf>,
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
    let db = args.db.unwrap_or_else(|| args.out.join("demo.db"));
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        if p.exists() {
            fs::remove_file(&p).with_context(|| format!("{}: cannot replace", p.display()))?;
        }
    }

    // Explanations on: the demo database feeds the dashboard's "why" panel.
    let pipeline = Pipeline::load(Config {
        explain: true,
        ..Config::default()
    })?;
    let mut store = Store::open(&db)?;
    let summary = ingest_into(
        docs.into_iter(),
        &pipeline,
        &mut store,
        jobs(args.jobs),
        Progress::auto(),
    )?;
    summary.print("sitrep demo", &store)?;

    report(&store)?;

    for (format, name) in [
        (Format::Csv, "events.csv"),
        (Format::Geojson, "events.geojson"),
    ] {
        let path = args.out.join(name);
        let file =
            File::create(&path).with_context(|| format!("{}: cannot create", path.display()))?;
        let n = export(&store, format, &Options::default(), BufWriter::new(file))
            .with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {} ({n} events)", path.display());
    }
    println!(
        "database: {}  (try: sitrep export --db {} --clusters)",
        db.display(),
        db.display()
    );
    Ok(if summary.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Events by type and country, the largest clusters, and the summary line.
fn report(store: &Store) -> anyhow::Result<()> {
    let name = |k: &Option<String>| k.clone().unwrap_or_else(|| "(unknown)".into());
    println!("\nEvents by PLOVER type:");
    for (k, n) in store.tally(Tally::PloverType)? {
        println!("  {:<14} {n:>4}", name(&k));
    }
    println!("\nEvents by ACLED type:");
    for (k, n) in store.tally(Tally::AcledType)? {
        println!(
            "  {:<30} {n:>4}",
            k.unwrap_or_else(|| "(outside ACLED's scope)".into())
        );
    }
    println!("\nEvents by country:");
    for (k, n) in store.tally(Tally::Country)?.into_iter().take(12) {
        let label = match k.as_deref().and_then(sitrep_export::countries::lookup) {
            Some((_, country)) => format!("{} {country}", name(&k)),
            None => name(&k),
        };
        println!("  {label:<30} {n:>4}");
    }
    println!("\nLargest clusters (events reported more than once):");
    let mut shown = 0;
    store.for_each_cluster(&Default::default(), true, |c| -> anyhow::Result<()> {
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
    let counts = store.counts()?;
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
