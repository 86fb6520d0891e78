//! The embedded SQLite event store, with versioned migrations.
//!
//! Why SQLite: one file a user can copy, open from pandas or R, and query
//! while `sitrep run` is still writing (WAL mode); bundled, so nothing to
//! install. The schema is documented in `docs/store.md`.
//!
//! Writing goes through [`Store`] as a [`sitrep_core::RecordSink`]: records
//! are buffered and committed one transaction per batch, so a killed run
//! loses at most the batch in flight. Each event is clustered with reports of
//! the same real-world event as it is written (`sitrep-dedup`).

mod cluster;
mod error;
mod migrate;
pub mod query;
mod read;
pub mod row;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use sitrep_core::{Record, RecordSink};

pub use error::StoreError;
pub use migrate::SCHEMA_VERSION;
pub use read::{filter_sql, Counts, DocumentInfo, EventFilter, StoredCluster, StoredEvent, Tally};
pub use write::BatchOutcome;

/// Records per transaction unless [`Store::set_batch_size`] says otherwise.
pub const DEFAULT_BATCH: usize = 64;

/// An open event database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    pending: Vec<(Record, Option<String>)>,
    batch_size: usize,
    totals: BatchOutcome,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|e| StoreError::sqlite(path, e))?;
        let mut store = Store::wrap(conn, path);
        store.configure(true)?;
        migrate::migrate(&mut store.conn).map_err(|e| e.at(path))?;
        Ok(store)
    }

    /// Opens an existing database for reading only (export, serve): no
    /// migration, no writes; a missing file is an error, not a new database.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::sqlite(path, e))?;
        let mut store = Store::wrap(conn, path);
        store.configure(false)?;
        migrate::check(&store.conn).map_err(|e| e.at(path))?;
        Ok(store)
    }

    fn wrap(conn: Connection, path: &Path) -> Store {
        Store {
            conn,
            path: path.to_path_buf(),
            pending: Vec::new(),
            batch_size: DEFAULT_BATCH,
            totals: BatchOutcome::default(),
        }
    }

    fn configure(&mut self, writable: bool) -> Result<(), StoreError> {
        // A 64 MB page cache and memory-mapped reads: clustering reads the
        // events of every candidate cluster for each new event, and with
        // SQLite's 2 MB default those reads were copied in from the OS cache
        // page by page (a third of a run's time on a 10,000-article corpus).
        //
        // The writer maps 64 MB, readers (serve, export) 256 MB: mapped
        // pages count in a run's resident memory, and on a 1 GB WARC
        // (bench/big-warc.sh, 533 MB database) 256 MB mapped put `sitrep
        // run` at a 567 MB peak (310 MB its own) against 384 MB with 64 MB,
        // for the same CPU time (163 s and 158 s: the 64 MB page cache
        // holds what clustering rereads).
        let sql = if writable {
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
             PRAGMA cache_size = -65536; PRAGMA mmap_size = 67108864;"
        } else {
            "PRAGMA busy_timeout = 10000; PRAGMA cache_size = -65536; \
             PRAGMA mmap_size = 268435456;"
        };
        self.conn
            .execute_batch(sql)
            .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for read queries the store does not offer itself
    /// (the API's, in `query.rs`).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Records per transaction: larger is faster, smaller loses less when
    /// the run is killed. At least 1.
    pub fn set_batch_size(&mut self, n: usize) {
        self.batch_size = n.max(1);
    }

    /// Whether a raw input (by the hash [`raw_hash`] gives) was already
    /// processed, so the pipeline need not run on it again.
    pub fn has_input(&self, raw_hash: &str) -> Result<bool, StoreError> {
        write::has_input(&self.conn, raw_hash).map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Like [`RecordSink::accept`], also remembering the raw input the
    /// record came from (see [`Store::has_input`]).
    pub fn accept_input(
        &mut self,
        record: Record,
        raw_hash: Option<String>,
    ) -> Result<(), StoreError> {
        self.pending.push((record, raw_hash));
        if self.pending.len() >= self.batch_size {
            self.flush()?;
        }
        Ok(())
    }

    /// Commits the buffered records in one transaction.
    pub fn flush(&mut self) -> Result<BatchOutcome, StoreError> {
        if self.pending.is_empty() {
            return Ok(BatchOutcome::default());
        }
        let batch = std::mem::take(&mut self.pending);
        let outcome = write::write_batch(&mut self.conn, batch).map_err(|e| e.at(&self.path))?;
        self.totals.add(&outcome);
        Ok(outcome)
    }

    /// What has been committed through this handle so far.
    pub fn totals(&self) -> &BatchOutcome {
        &self.totals
    }

    /// Number of documents, events and clusters in the database.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        read::counts(&self.conn).map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Event counts by type or country, largest first (`None`: not known).
    pub fn tally(&self, by: Tally) -> Result<Vec<(Option<String>, u64)>, StoreError> {
        read::tally(&self.conn, by).map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Streams the events matching `filter`, in storage order, into `f`.
    /// Memory stays flat however many events there are.
    pub fn for_each_event<E>(
        &self,
        filter: &EventFilter,
        f: impl FnMut(StoredEvent) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<StoreError>,
    {
        read::for_each_event(&self.conn, &self.path, filter, f)
    }

    /// Streams stored sitrep/1 records (documents with their events, the
    /// `cluster` of each set); with a filter, only matching events and the
    /// documents that have one.
    pub fn for_each_record<E>(
        &self,
        filter: &EventFilter,
        f: impl FnMut(Record) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<StoreError>,
    {
        read::for_each_record(&self.conn, &self.path, filter, f)
    }

    /// Streams the clusters matching `filter` (canonical records with their
    /// sources), largest first when `largest_first`, else in storage order.
    pub fn for_each_cluster<E>(
        &self,
        filter: &EventFilter,
        largest_first: bool,
        f: impl FnMut(StoredCluster) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<StoreError>,
    {
        read::for_each_cluster(&self.conn, &self.path, filter, largest_first, f)
    }
}

/// The reads `export` and `serve` make, so that they work the same on the
/// SQLite store and on the PostgreSQL one (`sitrep-store-pg`), which
/// implements this too. Callbacks may fail with their own error type, as
/// long as the store's errors convert into it.
pub trait ReadStore {
    type Error: std::error::Error + Send + Sync + 'static;

    /// See [`Store::for_each_event`].
    fn read_events<E: From<Self::Error>>(
        &mut self,
        filter: &EventFilter,
        f: impl FnMut(StoredEvent) -> Result<(), E>,
    ) -> Result<(), E>;

    /// See [`Store::for_each_cluster`].
    fn read_clusters<E: From<Self::Error>>(
        &mut self,
        filter: &EventFilter,
        largest_first: bool,
        f: impl FnMut(StoredCluster) -> Result<(), E>,
    ) -> Result<(), E>;

    /// See [`Store::for_each_record`].
    fn read_records<E: From<Self::Error>>(
        &mut self,
        filter: &EventFilter,
        f: impl FnMut(Record) -> Result<(), E>,
    ) -> Result<(), E>;

    /// Number of documents, events and clusters.
    fn read_counts(&mut self) -> Result<Counts, Self::Error>;
}

impl ReadStore for &Store {
    type Error = StoreError;

    fn read_events<E: From<StoreError>>(
        &mut self,
        filter: &EventFilter,
        f: impl FnMut(StoredEvent) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_event(filter, f)
    }

    fn read_clusters<E: From<StoreError>>(
        &mut self,
        filter: &EventFilter,
        largest_first: bool,
        f: impl FnMut(StoredCluster) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_cluster(filter, largest_first, f)
    }

    fn read_records<E: From<StoreError>>(
        &mut self,
        filter: &EventFilter,
        f: impl FnMut(Record) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_record(filter, f)
    }

    fn read_counts(&mut self) -> Result<Counts, StoreError> {
        self.counts()
    }
}

impl RecordSink for Store {
    type Error = StoreError;

    fn accept(&mut self, record: Record) -> Result<(), StoreError> {
        self.accept_input(record, None)
    }

    fn finish(&mut self) -> Result<(), StoreError> {
        self.flush().map(|_| ())
    }
}

/// The key under which a raw input is remembered: SHA-256 of its decoded
/// body and container date, hex.
pub fn raw_hash(raw: &sitrep_core::RawDoc) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(raw.body.as_str().as_bytes());
    h.update([0]);
    if let Some(d) = raw.date {
        h.update(d.to_string().as_bytes());
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
