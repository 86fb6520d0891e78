//! The end of the pipeline.

use crate::Record;

/// Where finished records go: JSONL on stdout, the SQLite or PostgreSQL
/// store, an HTTP response.
///
/// The pipeline *pushes* each record into a sink rather than returning a
/// collection, as ripgrep's searcher pushes matches into its `Sink`: the
/// pipeline stays ignorant of storage, memory stays flat over a crawl of any
/// size, and `events`, `run` and `serve` share one driver. A sink decides
/// for itself how to batch (the store commits a transaction per batch).
pub trait RecordSink {
    type Error: std::error::Error + Send + Sync + 'static;

    /// Takes one finished record.
    fn accept(&mut self, record: Record) -> Result<(), Self::Error>;

    /// Called once after the last record; flush batches here.
    fn finish(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}
