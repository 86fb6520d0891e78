//! The PostgreSQL event store and work queue: many `sitrep run --worker`
//! processes on many machines sharing one database.
//!
//! Why PostgreSQL: scaling out should rest on an engine people already run,
//! back up and monitor, not on a home-made coordinator. The queue
//! (`FOR UPDATE SKIP LOCKED` with leases), migrations (under an advisory
//! lock) and cross-worker dedup (advisory locks on week buckets) are all
//! plain PostgreSQL. The logical schema is the SQLite store's
//! (`docs/store.md`); `docs/scale.md` says how it grows.

mod cluster;
mod error;
mod migrate;
mod pool;
mod prepared;
mod queue;
mod read;
mod worker;
mod write;

use std::time::Duration;

use postgres::{Client, NoTls};
use sitrep_core::{RawDoc, Record, RecordSink};
use sitrep_store::{Counts as StoreCounts, EventFilter, ReadStore, StoredCluster, StoredEvent};

pub use error::{redact, PgError};
pub use migrate::SCHEMA_VERSION;
pub use pool::{PgConnector, PgPool, PoolError};
pub use queue::{Claimed, QueueStatus, WarcRange, Work, WorkerStatus};
pub use sitrep_store::{BatchOutcome, Counts};
pub use worker::{work, WorkOptions, WorkSummary};
pub use write::{Failure, Pending};

/// Records per transaction unless [`PgStore::set_batch_size`] says otherwise.
pub const DEFAULT_BATCH: usize = 64;

/// Whether a `--db` value names a PostgreSQL database rather than a SQLite
/// file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// A connection to the store.
pub struct PgStore {
    client: Client,
    /// The URL with any password blanked: for messages.
    db: String,
    worker: String,
    pending: Vec<Pending>,
    batch_size: usize,
    totals: BatchOutcome,
    /// Dedup reports of stored events, so clustering does not re-read them.
    reports: cluster::ReportCache,
    /// The write path's statements, prepared on this connection.
    prepared: prepared::Prepared,
}

impl PgStore {
    /// Connects (no TLS: run it on a private network or through a tunnel)
    /// and brings the schema up to date, safely when other workers do the
    /// same at the same moment.
    pub fn connect(url: &str) -> Result<PgStore, PgError> {
        let db = redact(url);
        let mut client = Client::connect(url, NoTls).map_err(|e| error::Inner::from(e).at(&db))?;
        migrate::migrate(&mut client).map_err(|e| e.at(&db))?;
        // Safe to skip the commit flush: the records and the `done` marks of
        // their items commit together, so a server crash that loses the
        // last transactions loses both, the items fall back to `claimed`,
        // and another worker redoes them once the lease lapses. Commits
        // then cost no disk wait, which is most of a small batch's time.
        client
            .batch_execute("SET synchronous_commit = off")
            .map_err(|e| error::Inner::from(e).at(&db))?;
        Ok(PgStore::over(client, db))
    }

    /// A store over a connection already set up, with empty batch state.
    fn over(client: Client, db: String) -> PgStore {
        PgStore {
            client,
            db,
            worker: default_worker_name(),
            pending: Vec::new(),
            batch_size: DEFAULT_BATCH,
            totals: BatchOutcome::default(),
            reports: cluster::ReportCache::default(),
            prepared: prepared::Prepared::default(),
        }
    }

    /// Connects for reading only (`export`, `serve`): migrates nothing, so
    /// it works against a read replica; the schema must be this build's.
    pub fn connect_read_only(url: &str) -> Result<PgStore, PgError> {
        let db = redact(url);
        let mut client = Client::connect(url, NoTls).map_err(|e| error::Inner::from(e).at(&db))?;
        migrate::check(&mut client).map_err(|e| e.at(&db))?;
        client
            .batch_execute("SET default_transaction_read_only = on")
            .map_err(|e| error::Inner::from(e).at(&db))?;
        Ok(PgStore::over(client, db))
    }

    /// Whether the connection to the server is gone.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// A round trip to the server: does the connection still answer?
    pub fn ping(&mut self) -> Result<(), PgError> {
        self.client
            .batch_execute("")
            .map_err(|e| error::Inner::from(e).at(&self.db))
    }

    /// Changes whenever a document or event is stored (the newest of each):
    /// cheap enough to poll, so a server knows when to reload.
    pub fn fingerprint(&mut self) -> Result<(i64, i64), PgError> {
        read::fingerprint(&mut self.client).map_err(|e| e.at(&self.db))
    }

    /// The database, password blanked.
    pub fn name(&self) -> &str {
        &self.db
    }

    /// The name this connection claims work under (default `host:pid`).
    pub fn worker(&self) -> &str {
        &self.worker
    }

    pub fn set_worker(&mut self, name: &str) {
        self.worker = name.to_string();
    }

    /// Records per transaction: at least 1.
    pub fn set_batch_size(&mut self, n: usize) {
        self.batch_size = n.max(1);
    }

    /// The schema versions applied, one entry per migration run, in order.
    pub fn migration_history(&mut self) -> Result<Vec<i64>, PgError> {
        let rows = self
            .client
            .query("SELECT version FROM schema_version ORDER BY version", &[])
            .map_err(|e| error::Inner::from(e).at(&self.db))?;
        Ok(rows.into_iter().map(|r| r.get(0)).collect())
    }

    /// Puts raw documents on the queue; returns how many were not already
    /// there.
    pub fn enqueue(&mut self, raws: &[RawDoc]) -> Result<u64, PgError> {
        queue::enqueue(&mut self.client, raws).map_err(|e| e.at(&self.db))
    }

    /// Puts WARC byte ranges on the queue; returns how many were not
    /// already there.
    pub fn enqueue_ranges(&mut self, ranges: &[WarcRange]) -> Result<u64, PgError> {
        queue::enqueue_ranges(&mut self.client, ranges).map_err(|e| e.at(&self.db))
    }

    /// Claims up to `n` items for `lease`.
    pub fn claim(&mut self, n: usize, lease: Duration) -> Result<Vec<Claimed>, PgError> {
        queue::claim(&mut self.client, &self.worker, n, lease).map_err(|e| e.at(&self.db))
    }

    /// Stores the records of finished items and marks them done, marks
    /// `ranges` done (items whose records, if any, are among `done` without
    /// an item of their own), and marks failures failed, in one transaction.
    pub fn complete(
        &mut self,
        done: &[Pending],
        ranges: &[i64],
        failed: &[Failure],
    ) -> Result<BatchOutcome, PgError> {
        let outcome = write::write_batch(
            &mut self.client,
            &mut self.prepared,
            &mut self.reports,
            write::Batch {
                records: done,
                ranges,
                failures: failed,
            },
            &self.worker,
        )
        .map_err(|e| e.at(&self.db))?;
        self.totals.add(&outcome);
        Ok(outcome)
    }

    /// Queue items not yet done or failed.
    pub fn outstanding(&mut self) -> Result<u64, PgError> {
        queue::outstanding(&mut self.client).map_err(|e| e.at(&self.db))
    }

    pub fn status(&mut self) -> Result<QueueStatus, PgError> {
        queue::status(&mut self.client).map_err(|e| e.at(&self.db))
    }

    /// What has been committed through this handle so far.
    pub fn totals(&self) -> &BatchOutcome {
        &self.totals
    }

    /// Number of documents, events and clusters in the database.
    pub fn counts(&mut self) -> Result<Counts, PgError> {
        let row = self
            .client
            .query_one(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), \
                 (SELECT count(*) FROM clusters), \
                 (SELECT count(*) FROM clusters WHERE n_sources > 1)",
                &[],
            )
            .map_err(|e| error::Inner::from(e).at(&self.db))?;
        let n = |i: usize| row.get::<_, i64>(i) as u64;
        Ok(Counts {
            documents: n(0),
            events: n(1),
            clusters: n(2),
            multi_source_clusters: n(3),
        })
    }

    /// Whether the database holds any documents or work items: `sitrep
    /// demo` builds only into an empty one (or one it may empty).
    pub fn is_empty(&mut self) -> Result<bool, PgError> {
        let row = self
            .client
            .query_one(
                "SELECT NOT EXISTS (SELECT 1 FROM documents) AND NOT EXISTS (SELECT 1 FROM work_items) \
                   AND NOT EXISTS (SELECT 1 FROM clusters)",
                &[],
            )
            .map_err(|e| error::Inner::from(e).at(&self.db))?;
        Ok(row.get(0))
    }

    /// Deletes every document, event, cluster, place and work item, keeping
    /// the schema: what `sitrep demo --replace` does before rebuilding.
    pub fn clear(&mut self) -> Result<(), PgError> {
        self.client
            .batch_execute(
                "TRUNCATE evidence, event_actors, events, clusters, places, documents, inputs, \
                 work_items RESTART IDENTITY",
            )
            .map_err(|e| error::Inner::from(e).at(&self.db))?;
        self.reports = cluster::ReportCache::default();
        Ok(())
    }

    /// The connection, for queries the store does not offer itself.
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Commits the buffered records in one transaction.
    pub fn flush(&mut self) -> Result<BatchOutcome, PgError> {
        if self.pending.is_empty() {
            return Ok(BatchOutcome::default());
        }
        let batch = std::mem::take(&mut self.pending);
        self.complete(&batch, &[], &[])
    }
}

impl ReadStore for PgStore {
    type Error = PgError;

    fn read_events<E: From<PgError>>(
        &mut self,
        filter: &EventFilter,
        f: impl FnMut(StoredEvent) -> Result<(), E>,
    ) -> Result<(), E> {
        read::for_each_event(&mut self.client, &self.db, filter, f)
    }

    fn read_clusters<E: From<PgError>>(
        &mut self,
        filter: &EventFilter,
        largest_first: bool,
        f: impl FnMut(StoredCluster) -> Result<(), E>,
    ) -> Result<(), E> {
        read::for_each_cluster(&mut self.client, &self.db, filter, largest_first, f)
    }

    fn read_records<E: From<PgError>>(
        &mut self,
        filter: &EventFilter,
        f: impl FnMut(Record) -> Result<(), E>,
    ) -> Result<(), E> {
        read::for_each_record(&mut self.client, &self.db, filter, f)
    }

    fn read_counts(&mut self) -> Result<StoreCounts, PgError> {
        self.counts()
    }
}

impl RecordSink for PgStore {
    type Error = PgError;

    fn accept(&mut self, record: Record) -> Result<(), PgError> {
        self.pending.push(Pending {
            record,
            item: None,
            position: None,
        });
        if self.pending.len() >= self.batch_size {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), PgError> {
        self.flush().map(|_| ())
    }
}

/// `host:pid`: unique among live workers, and says where to look.
fn default_worker_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "worker".into());
    format!("{host}:{}", std::process::id())
}
