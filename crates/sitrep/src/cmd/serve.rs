//! `sitrep serve`: the HTTP API and dashboard over a database.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sitrep_core::{Record, RecordSink};
use sitrep_serve::{Catalog, CatalogHandle, Ingest, JsonlAppend, Options, Persist};
use sitrep_store::Store;

#[derive(clap::Args)]
pub struct Args {
    /// The event database (`sitrep run` / `sitrep demo` output), or a
    /// sitrep/1 JSONL file (`.jsonl`, `.jsonl.gz`).
    #[arg(long, default_value = "sitrep.db")]
    db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Accept `POST /api/v1/documents` from clients presenting this bearer
    /// token. Without it the server is read-only.
    #[arg(long, value_name = "TOKEN")]
    write_token: Option<String>,
    /// Allow browser calls from this origin (`*` for any). Off by default.
    #[arg(long, value_name = "ORIGIN")]
    cors: Option<String>,
    /// Largest request body accepted, in KiB.
    #[arg(long, default_value_t = 2048)]
    max_body_kib: usize,
    /// Read requests a second allowed per client IP (0 = no limit).
    #[arg(long, default_value_t = 20_000)]
    read_rate: u32,
    /// Write requests a second allowed per client IP (0 = no limit).
    #[arg(long, default_value_t = 5)]
    write_rate: u32,
    /// Every this many seconds, check the database for documents written
    /// since it was loaded (by `sitrep run`, say) and reload it; 0 = never.
    #[arg(long, default_value_t = 10)]
    reload_secs: u64,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

fn is_jsonl(p: &Path) -> bool {
    let name = p.to_string_lossy();
    name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")
}

/// Writes ingested documents into the store, one committed batch each.
struct StorePersist(Store);

impl Persist for StorePersist {
    fn persist(&mut self, record: &Record) -> Result<(), String> {
        self.0.accept(record.clone()).map_err(|e| e.to_string())?;
        self.0.finish().map_err(|e| e.to_string())
    }
}

/// What changes when something is written: the store's counts, or the
/// JSONL file's length and modification time.
fn fingerprint(db: &Path) -> anyhow::Result<(u64, u64, u64)> {
    if is_jsonl(db) {
        let m = std::fs::metadata(db)?;
        let mtime = m
            .modified()?
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        return Ok((m.len(), mtime, 0));
    }
    let c = Store::open_read_only(db)?.counts()?;
    Ok((c.documents, c.events, c.clusters))
}

/// Polls `db` and swaps in a fresh catalog when it changed. Runs on its own
/// thread for the life of the process.
fn watch(db: PathBuf, every: Duration, handle: CatalogHandle) {
    let mut seen = fingerprint(&db).ok();
    loop {
        std::thread::sleep(every);
        let now = match fingerprint(&db) {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("sitrep serve: checking {}: {e:#}", db.display());
                continue;
            }
        };
        if now == seen {
            continue;
        }
        match load(&db) {
            Ok(cat) => {
                eprintln!(
                    "sitrep serve: reloaded {}: {} events from {} documents",
                    db.display(),
                    cat.len(),
                    cat.document_count()
                );
                handle.replace(cat);
                seen = now;
            }
            Err(e) => eprintln!("sitrep serve: reloading {}: {e:#}", db.display()),
        }
    }
}

fn load(db: &Path) -> anyhow::Result<Catalog> {
    if is_jsonl(db) {
        let records = sitrep_serve::read_jsonl(db)?;
        return Ok(Catalog::from_records(records));
    }
    let store = Store::open_read_only(db)?;
    let mut records = Vec::new();
    sitrep_store::query::for_each_record(&store, |r| records.push(r))?;
    Ok(Catalog::from_records(records))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let catalog = load(&args.db).with_context(|| format!("loading {}", args.db.display()))?;
    eprintln!(
        "sitrep serve: {} events from {} documents in {}",
        catalog.len(),
        catalog.document_count(),
        args.db.display()
    );
    let ingest = match &args.write_token {
        None => None,
        Some(_) => {
            let pipeline = sitrep_pipeline::Pipeline::load(sitrep_pipeline::Config {
                explain: true,
                ..Default::default()
            })
            .context("loading the pipeline for POST /api/v1/documents")?;
            let persist: Box<dyn Persist> = if is_jsonl(&args.db) {
                if args.db.extension().is_some_and(|e| e == "gz") {
                    anyhow::bail!(
                        "{}: cannot append ingested documents to a gzip file; serve a plain .jsonl or a database",
                        args.db.display()
                    );
                }
                Box::new(JsonlAppend::new(&args.db))
            } else {
                Box::new(StorePersist(Store::open(&args.db)?))
            };
            Some(Ingest {
                pipeline: Arc::new(pipeline),
                persist: Some(persist),
            })
        }
    };
    let opts = Options {
        write_token: args.write_token.clone(),
        cors_origin: args.cors.clone(),
        body_limit: args.max_body_kib.saturating_mul(1024),
        read_rate: args.read_rate,
        write_rate: args.write_rate,
    };
    let (app, handle) = sitrep_serve::app_with_handle(catalog, ingest, &opts)?;
    if args.reload_secs > 0 {
        let (db, every) = (args.db.clone(), Duration::from_secs(args.reload_secs));
        std::thread::spawn(move || watch(db, every, handle));
    }

    let write = opts.write_token.is_some();
    sitrep_serve::run_blocking(args.addr, args.threads, app, |local| {
        eprintln!(
            "sitrep serve: http://{local}/ (API at /api/v1/, {}); Ctrl-C to stop",
            if write {
                "writes need the token"
            } else {
                "read-only"
            }
        )
    })
    .with_context(|| format!("serving on {}", args.addr))?;
    eprintln!("sitrep serve: stopped");
    Ok(ExitCode::SUCCESS)
}
