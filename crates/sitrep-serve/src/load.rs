//! Reading sitrep/1 records into the catalog, and writing ingested ones back.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sitrep_core::Record;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: not a sitrep/1 record: {source}")]
    Record {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
}

/// Reads a sitrep/1 JSONL file (gzip-compressed when it ends in `.gz`), one
/// record per line; blank lines are skipped. A malformed line is an error
/// naming the file and line, not a silently shorter dataset.
pub fn read_jsonl(path: &Path) -> Result<Vec<Record>, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut out = Vec::new();
    for (i, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let rec = serde_json::from_str(&line).map_err(|source| LoadError::Record {
            path: path.to_path_buf(),
            line: i + 1,
            source,
        })?;
        out.push(rec);
    }
    Ok(out)
}

/// Where `POST /documents` keeps what it ingested, so it survives a restart.
///
/// A trait rather than a concrete store so the server can sit on the SQLite
/// store or on a JSONL file without knowing which. `&self` and `Sync`: the
/// server calls it from many requests at once, and each implementation
/// decides what may run in parallel (a PostgreSQL pool: everything; a file:
/// one line at a time).
pub trait Persist: Send + Sync {
    fn persist(&self, record: &Record) -> Result<(), String>;
}

/// Appends each record as one line to a sitrep/1 JSONL file.
pub struct JsonlAppend {
    path: PathBuf,
    /// One writer at a time, so lines never interleave.
    writing: Mutex<()>,
}

impl JsonlAppend {
    pub fn new(path: &Path) -> JsonlAppend {
        JsonlAppend {
            path: path.to_path_buf(),
            writing: Mutex::new(()),
        }
    }
}

impl Persist for JsonlAppend {
    fn persist(&self, record: &Record) -> Result<(), String> {
        let line = serde_json::to_string(record).map_err(|e| e.to_string())?;
        let _one_at_a_time = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        writeln!(f, "{line}").map_err(|e| format!("{}: {e}", self.path.display()))
    }
}
