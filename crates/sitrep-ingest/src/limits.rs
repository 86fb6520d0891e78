//! Resource limits: what a hostile or broken input may cost before it is refused.

use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Bounds on one input. The defaults fit any real news page with a wide margin
/// and keep a gzip bomb or a runaway record from exhausting memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest single document (page, JSONL line, WARC record) in bytes,
    /// after decompression.
    pub max_doc_bytes: u64,
    /// Largest decompressed/compressed size ratio of a gzip stream.
    pub max_ratio: u64,
    /// Deepest element nesting extraction walks; deeper content is flattened.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_doc_bytes: 64 * 1024 * 1024,
            max_ratio: 200,
            max_depth: 512,
        }
    }
}

/// Bytes that may leave a gzip stream before the ratio check applies: tiny
/// inputs compress far better than the ratio without being bombs.
pub(crate) const RATIO_FLOOR: u64 = 4 * 1024 * 1024;

/// Counts bytes read through it into a shared counter (the compressed side).
pub(crate) struct Counted<R> {
    pub inner: R,
    pub count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Fails the decompressed stream once it outgrows `ratio` × compressed bytes.
pub(crate) struct RatioGuard<R> {
    pub inner: R,
    pub compressed: Arc<AtomicU64>,
    pub produced: u64,
    pub ratio: u64,
}

/// Marker carried inside `io::Error` so callers can tell a bomb from a bad stream.
#[derive(Debug)]
pub(crate) struct BombDetected;

impl std::fmt::Display for BombDetected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("decompression ratio limit exceeded")
    }
}
impl std::error::Error for BombDetected {}

impl<R: Read> Read for RatioGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.produced += n as u64;
        let allowed = self
            .compressed
            .load(Ordering::Relaxed)
            .saturating_mul(self.ratio)
            .max(RATIO_FLOOR);
        if self.produced > allowed {
            return Err(io::Error::other(BombDetected));
        }
        Ok(n)
    }
}

pub(crate) fn is_bomb(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<BombDetected>())
}

/// Reads at most `limit` bytes; `Ok(None)` when the input holds more.
pub(crate) fn read_limited<R: Read>(r: &mut R, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Ok(None);
    }
    Ok(Some(buf))
}
