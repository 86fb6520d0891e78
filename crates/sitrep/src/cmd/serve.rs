//! `sitrep serve`: the HTTP API and dashboard over a database: a SQLite
//! file, a sitrep/1 JSONL file, or PostgreSQL.
//!
//! The server answers from memory (`sitrep_serve::Catalog`), loaded once and
//! reloaded when the database changes, so reads never wait on the
//! database. Against PostgreSQL it keeps two connection pools: a read-only
//! one (which may point at a replica) for loading and polling, and, with
//! `--write-token`, a writable one from which each `POST` being stored takes
//! its own connection, so several analysts' documents are written in
//! parallel through the workers' write path (dedup included). Any number of
//! instances can sit behind a load balancer.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use sitrep_core::{Record, RecordSink};
use sitrep_serve::{Catalog, CatalogHandle, Ingest, JsonlAppend, Options, Persist};
use sitrep_store::{ReadStore, Store};
use sitrep_store_pg::{is_postgres_url, PgPool};

#[derive(clap::Args)]
pub struct Args {
    /// The event database (`sitrep run` / `sitrep demo` output): a SQLite
    /// file, `postgres://user@host[:port]/dbname`, or a sitrep/1 JSONL file
    /// (`.jsonl`, `.jsonl.gz`) (default: $SITREP_DB, else sitrep.db).
    #[arg(long)]
    db: Option<PathBuf>,
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
    /// Writes (POST documents) processed at once; more get 429.
    #[arg(long, default_value_t = 4)]
    max_writes: usize,
    /// Every this many seconds, check the database for documents written
    /// since it was loaded (by `sitrep run`, say) and reload it; 0 = never.
    #[arg(long, default_value_t = 10)]
    reload_secs: u64,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// PostgreSQL only: most connections the server opens for storing
    /// `POST`ed documents at once (plus up to two for reading).
    #[arg(long, default_value_t = 8)]
    pool_size: u32,
}

fn is_jsonl(p: &Path) -> bool {
    let name = p.to_string_lossy();
    name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")
}

/// Where the events come from.
#[derive(Clone)]
enum Source {
    Jsonl(PathBuf),
    Sqlite(PathBuf),
    /// The URL.
    Postgres(String),
}

impl Source {
    fn new(db: PathBuf) -> Source {
        match db.to_str() {
            Some(url) if is_postgres_url(url) => Source::Postgres(url.to_string()),
            _ if is_jsonl(&db) => Source::Jsonl(db),
            _ => Source::Sqlite(db),
        }
    }

    /// For messages: the path, or the URL with any password blanked.
    fn name(&self) -> String {
        match self {
            Source::Jsonl(p) | Source::Sqlite(p) => p.display().to_string(),
            Source::Postgres(url) => sitrep_store_pg::redact(url),
        }
    }
}

/// Writes ingested documents into a SQLite store, one committed batch each,
/// one at a time (SQLite has one writer anyway).
struct StorePersist(Mutex<Store>);

impl Persist for StorePersist {
    fn persist(&self, record: &Record) -> Result<(), String> {
        let mut store = self.0.lock().unwrap_or_else(|p| p.into_inner());
        store.accept(record.clone()).map_err(|e| e.to_string())?;
        store.finish().map_err(|e| e.to_string())
    }
}

/// Writes ingested documents into PostgreSQL, each on a connection of its
/// own from the pool, so concurrent `POST`s are stored in parallel.
struct PoolPersist(PgPool);

impl Persist for PoolPersist {
    fn persist(&self, record: &Record) -> Result<(), String> {
        let mut store = self.0.get().map_err(|e| e.to_string())?;
        store.accept(record.clone()).map_err(|e| e.to_string())?;
        store.finish().map_err(|e| e.to_string())
    }
}

/// Reads a source; for PostgreSQL through a small read-only pool, which
/// checks a connection before handing it out and replaces a broken one.
struct Reader {
    source: Source,
    pg: Option<PgPool>,
}

impl Reader {
    fn new(source: Source) -> anyhow::Result<Reader> {
        let pg = match &source {
            Source::Postgres(url) => Some(PgPool::open(url, true, 2)?),
            _ => None,
        };
        Ok(Reader { source, pg })
    }

    fn pg(&self) -> anyhow::Result<r2d2::PooledConnection<sitrep_store_pg::PgConnector>> {
        Ok(self.pg.as_ref().context("no PostgreSQL pool")?.get()?)
    }

    /// What changes when something is written: the store's counts (SQLite),
    /// its newest document and event (PostgreSQL), or the JSONL file's
    /// length and modification time.
    fn fingerprint(&mut self) -> anyhow::Result<(u64, u64, u64)> {
        match self.source.clone() {
            Source::Jsonl(path) => {
                let m = std::fs::metadata(&path)?;
                let mtime = m
                    .modified()?
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(0);
                Ok((m.len(), mtime, 0))
            }
            Source::Sqlite(path) => {
                let c = Store::open_read_only(&path)?.counts()?;
                Ok((c.documents, c.events, c.clusters))
            }
            Source::Postgres(_) => {
                let (docs, events) = self.pg()?.fingerprint()?;
                Ok((docs as u64, events as u64, 0))
            }
        }
    }

    fn load(&mut self) -> anyhow::Result<Catalog> {
        let mut records = Vec::new();
        match self.source.clone() {
            Source::Jsonl(path) => records = sitrep_serve::read_jsonl(&path)?,
            Source::Sqlite(path) => {
                let store = Store::open_read_only(&path)?;
                sitrep_store::query::for_each_record(&store, |r| records.push(r))?;
            }
            Source::Postgres(_) => {
                let all = sitrep_store::EventFilter::default();
                self.pg()?.read_records(&all, |r| {
                    records.push(r);
                    Ok::<_, sitrep_store_pg::PgError>(())
                })?;
            }
        }
        Ok(Catalog::from_records(records))
    }
}

/// Polls the source and swaps in a fresh catalog when it changed. Runs on
/// its own thread for the life of the process.
fn watch(mut reader: Reader, every: Duration, handle: CatalogHandle) {
    let name = reader.source.name();
    let mut seen = reader.fingerprint().ok();
    loop {
        std::thread::sleep(every);
        let now = match reader.fingerprint() {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("sitrep serve: checking {name}: {e:#}");
                continue;
            }
        };
        if now == seen {
            continue;
        }
        match reader.load() {
            Ok(cat) => {
                eprintln!(
                    "sitrep serve: reloaded {name}: {} events from {} documents",
                    cat.len(),
                    cat.document_count()
                );
                handle.replace(cat);
                seen = now;
            }
            Err(e) => eprintln!("sitrep serve: reloading {name}: {e:#}"),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let source = Source::new(super::enqueue::resolve_db(args.db.clone()));
    let name = source.name();
    // The writable pool first: it migrates a new database, which the
    // read-only pool then finds ready.
    let write_pool = match (&source, &args.write_token) {
        (Source::Postgres(url), Some(_)) => Some(
            PgPool::open(url, false, args.pool_size).with_context(|| format!("opening {name}"))?,
        ),
        _ => None,
    };
    let mut reader = Reader::new(source.clone()).with_context(|| format!("opening {name}"))?;
    let catalog = reader.load().with_context(|| format!("loading {name}"))?;
    eprintln!(
        "sitrep serve: {} events from {} documents in {name}",
        catalog.len(),
        catalog.document_count(),
    );
    let ingest = match &args.write_token {
        None => None,
        Some(_) => {
            let pipeline = sitrep_pipeline::Pipeline::load(sitrep_pipeline::Config {
                explain: true,
                ..Default::default()
            })
            .context("loading the pipeline for POST /api/v1/documents")?;
            let persist: Arc<dyn Persist> = match &source {
                Source::Jsonl(path) => {
                    if path.extension().is_some_and(|e| e == "gz") {
                        anyhow::bail!(
                            "{}: cannot append ingested documents to a gzip file; serve a plain .jsonl or a database",
                            path.display()
                        );
                    }
                    Arc::new(JsonlAppend::new(path))
                }
                Source::Sqlite(path) => Arc::new(StorePersist(Mutex::new(Store::open(path)?))),
                Source::Postgres(_) => {
                    Arc::new(PoolPersist(write_pool.context("no writable pool")?))
                }
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
        max_concurrent_writes: args.max_writes.max(1),
    };
    let (app, handle) = sitrep_serve::app_with_handle(catalog, ingest, &opts)?;
    if args.reload_secs > 0 {
        let every = Duration::from_secs(args.reload_secs);
        std::thread::spawn(move || watch(reader, every, handle));
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
