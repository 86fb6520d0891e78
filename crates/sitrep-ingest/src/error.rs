//! Ingest errors: each names the input it came from so a user can find it.

/// Why one input (or one record of it) could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{input}: {problem}")]
pub struct IngestError {
    /// The file, `path#record`, `path:line` or `<stdin>` that failed.
    pub input: String,
    pub problem: Problem,
}

/// What went wrong, independent of where.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("empty input")]
    Empty,
    #[error("binary content, not HTML, text, JSONL, WARC or a feed")]
    Binary,
    #[error("larger than the limit of {limit} bytes per document (raise --max-doc-bytes)")]
    TooLarge { limit: u64 },
    #[error("decompresses more than {ratio}x its compressed size: likely a gzip bomb (raise --max-ratio)")]
    Bomb { ratio: u64 },
    #[error("truncated or corrupt gzip stream: {0}")]
    Gzip(std::io::Error),
    #[error("invalid WARC: {0}")]
    Warc(String),
    #[error("invalid JSON line: {0}")]
    Json(String),
    #[error("invalid feed: {0}")]
    Feed(String),
    #[error("no such file or folder")]
    NotFound,
}

impl IngestError {
    pub fn new(input: impl Into<String>, problem: Problem) -> Self {
        IngestError {
            input: input.into(),
            problem,
        }
    }
}
