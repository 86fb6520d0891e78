//! `sitrep export`: events (or clusters) from a database (SQLite file or
//! PostgreSQL) as CSV, JSONL, GeoJSON or Parquet, to a file or stdout.
//! Streams: memory stays flat.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use sitrep_export::{export_from, ExportError, Format, Options};
use sitrep_store::{EventFilter, ReadStore, Store};
use sitrep_store_pg::{is_postgres_url, PgStore};

#[derive(clap::Args)]
pub struct Args {
    /// The database `sitrep run` wrote: a SQLite file, or
    /// `postgres://user@host[:port]/dbname` (default: $SITREP_DB, else
    /// sitrep.db). PostgreSQL is only read, so a read replica will do.
    #[arg(long)]
    db: Option<PathBuf>,
    /// csv (ACLED column names), jsonl (sitrep/1), geojson or parquet.
    #[arg(long, short, default_value = "csv")]
    format: Format,
    /// Events whose date range ends on or after this day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<NaiveDate>,
    /// Events whose date range starts on or before this day (YYYY-MM-DD).
    #[arg(long)]
    until: Option<NaiveDate>,
    /// Country, ISO 3166-1 alpha-3 (IRQ, SYR).
    #[arg(long)]
    country: Option<String>,
    /// A PLOVER type (ASSAULT), ACLED event type (Battles) or sub-event type.
    #[arg(long = "type")]
    event_type: Option<String>,
    /// One row per cluster (canonical record, all sources) instead of per report.
    #[arg(long)]
    clusters: bool,
    /// Output file (default: stdout; Parquet needs a file).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let db = super::enqueue::resolve_db(args.db.clone());
    let n = match db.to_str().filter(|d| is_postgres_url(d)) {
        Some(url) => write(&mut PgStore::connect_read_only(url)?, &args)?,
        None => write(&mut &Store::open_read_only(&db)?, &args)?,
    };
    let what = if args.clusters {
        "clusters"
    } else if args.format == Format::Jsonl {
        "documents"
    } else {
        "events"
    };
    eprintln!("sitrep export: {n} {what}");
    Ok(ExitCode::SUCCESS)
}

/// Exports from either backend to `--output` or stdout; returns the rows
/// written.
fn write<S>(store: &mut S, args: &Args) -> anyhow::Result<u64>
where
    S: ReadStore,
    ExportError: From<S::Error>,
{
    let options = Options {
        filter: EventFilter {
            since: args.since.map(|d| d.to_string()),
            until: args.until.map(|d| d.to_string()),
            country: args.country.clone(),
            event_type: args.event_type.clone(),
        },
        clusters: args.clusters,
    };
    match &args.output {
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("{}: cannot create", path.display()))?;
            let mut out = BufWriter::new(file);
            let n = export_from(store, args.format, &options, &mut out)
                .with_context(|| format!("exporting to {}", path.display()))?;
            out.flush()
                .with_context(|| format!("{}: cannot write", path.display()))?;
            Ok(n)
        }
        None => {
            if args.format == Format::Parquet && io::stdout().is_terminal() {
                anyhow::bail!("Parquet is binary: give a file with -o, or redirect stdout");
            }
            let mut out = BufWriter::new(io::stdout());
            let n = export_from(store, args.format, &options, &mut out)?;
            out.flush().context("writing to stdout")?;
            Ok(n)
        }
    }
}
