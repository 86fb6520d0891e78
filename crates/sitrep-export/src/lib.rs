//! CSV, JSONL, GeoJSON and Parquet exports from the store.
//!
//! Every format streams: rows are read from the store one at a time and
//! written out (Parquet in bounded row groups), so an export of millions of
//! events runs in constant memory. CSV, GeoJSON and Parquet share one flat
//! row ([`row::COLUMNS`]) named as ACLED names its columns where they mean
//! the same, plus sitrep's own; JSONL is sitrep/1 itself.

pub mod countries;
mod csv_out;
mod geojson;
mod jsonl;
mod parquet_out;
pub mod row;

use std::io::Write;
use std::str::FromStr;

use sitrep_store::{EventFilter, ReadStore, Store, StoreError};
use sitrep_store_pg::PgError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    Geojson,
    Parquet,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "jsonl" | "json" => Ok(Format::Jsonl),
            "geojson" => Ok(Format::Geojson),
            "parquet" => Ok(Format::Parquet),
            other => Err(format!(
                "unknown format {other:?} (expected csv, jsonl, geojson or parquet)"
            )),
        }
    }
}

/// What to export.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub filter: EventFilter,
    /// One row per cluster (its canonical record, all sources) instead of
    /// one per reported event.
    pub clusters: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pg(#[from] PgError),
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("building Parquet columns: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes the events (or clusters) of `store` selected by `options` to
/// `out` in `format`; returns the number of rows (events, clusters, or for
/// JSONL without `clusters`, documents) written.
pub fn export<W: Write + Send>(
    store: &Store,
    format: Format,
    options: &Options,
    out: W,
) -> Result<u64, ExportError> {
    export_from(&mut { store }, format, options, out)
}

/// [`export`] from either backend: the SQLite store (`&Store`) or the
/// PostgreSQL one (`sitrep_store_pg::PgStore`). Both give the same rows in
/// the same order, so the same file.
pub fn export_from<S, W>(
    store: &mut S,
    format: Format,
    options: &Options,
    out: W,
) -> Result<u64, ExportError>
where
    S: ReadStore,
    ExportError: From<S::Error>,
    W: Write + Send,
{
    if format == Format::Jsonl {
        return jsonl::write(store, options, out);
    }
    let mut sink: Box<dyn row::RowSink + '_> = match format {
        Format::Csv => Box::new(csv_out::CsvSink::new(out)?),
        Format::Geojson => Box::new(geojson::GeoJsonSink::new(out)?),
        Format::Parquet => Box::new(parquet_out::ParquetSink::new(out)?),
        Format::Jsonl => unreachable!("handled above"),
    };
    let mut n = 0u64;
    if options.clusters {
        store.read_clusters(&options.filter, false, |c| {
            n += 1;
            sink.write(&row::from_cluster(&c))
        })?;
    } else {
        store.read_events(&options.filter, |e| {
            n += 1;
            sink.write(&row::from_event(&e))
        })?;
    }
    sink.finish()?;
    Ok(n)
}

/// Rows in a Parquet file, from its footer: for checking an export without
/// a Parquet reader at hand.
pub fn parquet_rows(path: &std::path::Path) -> Result<u64, ExportError> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let file = std::fs::File::open(path)?;
    let reader = SerializedFileReader::new(file)?;
    Ok(reader.metadata().file_metadata().num_rows().max(0) as u64)
}
