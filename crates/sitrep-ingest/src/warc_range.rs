//! WARC files as byte ranges, so that a queue can hold `(path, offset,
//! length)` instead of copies of the pages: [`warc_spans`] lists where each
//! record lies in the file without reading any record's block into memory,
//! and [`read_warc_range`] reads the documents of one range through the
//! same record reader, limits and errors as a whole file.
//!
//! A gzipped WARC is split at gzip member boundaries: Common Crawl (and
//! every crawler following the WARC spec's advice) compresses each record
//! as its own member, so a member is a record and any run of members can be
//! decompressed on its own. Member boundaries are found by inflating each
//! member into nothing — gzip records no compressed length — which costs
//! CPU but no memory. A plain WARC is split at record boundaries, found
//! from the headers' `Content-Length`.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use flate2::bufread::GzDecoder;
use sitrep_core::RawDoc;

use crate::error::{IngestError, Problem};
use crate::inputs::Ctx;
use crate::limits::{Counted, Limits, RATIO_FLOOR};
use crate::warc::{Records, MAX_HEADER_BYTES};

/// Where one record (plain WARC) or one gzip member (gzipped WARC) lies in
/// its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarcSpan {
    /// Byte offset in the file.
    pub offset: u64,
    /// Length in bytes, in the file (compressed, for a gzipped WARC).
    pub length: u64,
}

impl WarcSpan {
    /// The offset just past the span.
    pub fn end(&self) -> u64 {
        self.offset + self.length
    }

    /// The span covering `spans`, which must be consecutive; `None` when
    /// there are none.
    pub fn covering(spans: &[WarcSpan]) -> Option<WarcSpan> {
        let (first, last) = (spans.first()?, spans.last()?);
        Some(WarcSpan {
            offset: first.offset,
            length: last.end() - first.offset,
        })
    }
}

impl std::fmt::Display for WarcSpan {
    /// `offset+length`, as ranges are named after their file: `crawl.warc.gz@1234+5678`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}+{}", self.offset, self.length)
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The records of a WARC file (one span per gzip member of a gzipped one),
/// in file order; together they cover the whole file. An error names the
/// file and the offset where it is broken. A gzipped file whose members do
/// not each start a WARC record (one member for the whole file cut
/// elsewhere) is refused: its ranges could not be read on their own.
pub fn warc_spans(path: &Path, limits: &Limits) -> Result<Vec<WarcSpan>, IngestError> {
    let name = path.display().to_string();
    let io_err = |e: io::Error| IngestError::new(name.clone(), Problem::Io(e));
    let mut file = File::open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            IngestError::new(name.clone(), Problem::NotFound)
        } else {
            io_err(e)
        }
    })?;
    let size = file.metadata().map_err(io_err)?.len();
    let mut head = [0u8; 5];
    let n = read_up_to(&mut file, &mut head).map_err(io_err)?;
    file.seek(SeekFrom::Start(0)).map_err(io_err)?;
    let ctx = Ctx::new(name.clone(), limits);
    if head[..n].starts_with(&GZIP_MAGIC) {
        return gzip_spans(file, &ctx);
    }
    if n == 0 {
        return Err(IngestError::new(name, Problem::Empty));
    }
    if !head[..n].starts_with(b"WARC/") {
        return Err(IngestError::new(
            name,
            Problem::Warc("not a WARC file (neither `WARC/` nor gzip at its start)".into()),
        ));
    }
    let mut records = Records::new(ctx, Box::new(file));
    let mut starts = Vec::new();
    while let Some(start) = records.skip_record()? {
        starts.push(start);
    }
    Ok(starts
        .iter()
        .enumerate()
        .map(|(i, &offset)| WarcSpan {
            offset,
            length: starts.get(i + 1).copied().unwrap_or(size) - offset,
        })
        .collect())
}

fn gzip_spans(file: File, ctx: &Ctx) -> Result<Vec<WarcSpan>, IngestError> {
    let mut members = Members::new(file, 0);
    let mut spans = Vec::new();
    loop {
        let offset = members.pos();
        let member = match members.next(5, &ctx.limits) {
            Ok(Some(m)) => m,
            Ok(None) => return Ok(spans),
            Err(p) => return Err(ctx.err_at(format!("@{offset}"), p)),
        };
        if !member.head.starts_with(b"WARC/") {
            return Err(ctx.err_at(
                format!("@{offset}"),
                Problem::Warc(
                    "gzip member does not start a WARC record: byte ranges need one record \
                     (or several whole ones) per member, as Common Crawl writes them"
                        .into(),
                ),
            ));
        }
        spans.push(member.span);
    }
}

/// Reads the documents of one byte range of a WARC file, which must start
/// at a record (or gzip member) and end at one: a span from
/// [`warc_spans`] or several consecutive ones. Each item is a document or
/// an error naming where: `crawl.warc.gz@1234+5678` for the range as a
/// whole (missing file, range past its end, not a WARC), a gzip member by
/// its offset (`crawl.warc.gz@1234`, and `…@1234#0` for the record at
/// offset 0 inside it), a plain WARC's records by their offset in the file
/// (`crawl.warc#1234`, as when the whole file is read).
pub fn read_warc_range(
    path: &Path,
    range: WarcSpan,
    limits: &Limits,
) -> impl Iterator<Item = Result<RawDoc, IngestError>> + Send {
    let name = path.display().to_string();
    match open_range(path, range) {
        Ok((reader, gzipped)) => {
            if gzipped {
                RangeDocs::Gzip {
                    members: Members::new(reader, range.offset),
                    ctx: Ctx::new(name, limits),
                    ready: VecDeque::new(),
                    done: false,
                }
            } else {
                let ctx = Ctx::new(name, limits);
                // The reader's first bytes were peeked: start it over.
                let peeked = reader.buffer().to_vec();
                let rest = reader.into_inner();
                let stream: crate::inputs::Reader = Box::new(Cursor::new(peeked).chain(rest));
                RangeDocs::Plain(Box::new(Records::starting_at(ctx, stream, range.offset)))
            }
        }
        Err(problem) => {
            RangeDocs::Failed(Some(IngestError::new(format!("{name}@{range}"), problem)))
        }
    }
}

/// The range, positioned and bounded, and whether it is gzipped.
fn open_range(path: &Path, range: WarcSpan) -> Result<(BufReader<io::Take<File>>, bool), Problem> {
    let mut file = File::open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            Problem::NotFound
        } else {
            Problem::Io(e)
        }
    })?;
    let size = file.metadata()?.len();
    if range.end() > size {
        return Err(Problem::Warc(format!(
            "range ends past the end of the file ({size} bytes)"
        )));
    }
    if range.length == 0 {
        return Err(Problem::Empty);
    }
    file.seek(SeekFrom::Start(range.offset))?;
    let mut reader = BufReader::with_capacity(64 * 1024, file.take(range.length));
    let head = reader.fill_buf()?;
    let gzipped = head.starts_with(&GZIP_MAGIC);
    // Blank lines may precede a plain record (the previous one's tail).
    let first = head.iter().position(|b| !b.is_ascii_whitespace());
    if !gzipped && first.is_some_and(|i| !head[i..].starts_with(b"WARC/")) {
        return Err(Problem::Warc(
            "the range does not start at a WARC record or gzip member".into(),
        ));
    }
    Ok((reader, gzipped))
}

/// The documents of a range, read lazily, one member at a time when gzipped.
enum RangeDocs {
    Plain(Box<Records>),
    Gzip {
        members: Members<BufReader<io::Take<File>>>,
        ctx: Ctx,
        /// Documents (or errors) of the member last read, not yet handed out.
        ready: VecDeque<Result<RawDoc, IngestError>>,
        done: bool,
    },
    Failed(Option<IngestError>),
}

impl Iterator for RangeDocs {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            RangeDocs::Plain(records) => records.next(),
            RangeDocs::Failed(e) => e.take().map(Err),
            RangeDocs::Gzip {
                members,
                ctx,
                ready,
                done,
            } => loop {
                if let Some(item) = ready.pop_front() {
                    return Some(item);
                }
                if *done {
                    return None;
                }
                let offset = members.pos();
                // A record may be as large as the document limit plus its
                // header; past that it is refused, as in a whole file.
                let keep = ctx.limits.max_doc_bytes + MAX_HEADER_BYTES as u64;
                match members.next(keep, &ctx.limits) {
                    Ok(None) => *done = true,
                    Ok(Some(m)) if m.total > keep => ready.push_back(Err(ctx.err_at(
                        format!("@{offset}"),
                        Problem::TooLarge {
                            limit: ctx.limits.max_doc_bytes,
                        },
                    ))),
                    Ok(Some(m)) => {
                        let mut member_ctx = ctx.clone();
                        member_ctx.name = format!("{}@{offset}", ctx.name);
                        member_ctx.gzipped = true;
                        ready.extend(Records::new(member_ctx, Box::new(Cursor::new(m.head))));
                    }
                    Err(p) => {
                        // No way to find the next member past a broken one.
                        *done = true;
                        ready.push_back(Err(ctx.err_at(format!("@{offset}"), p)));
                    }
                }
            },
        }
    }
}

/// One gzip member: where it lay, its first decompressed bytes (as many as
/// asked for), and its decompressed size.
struct Member {
    span: WarcSpan,
    head: Vec<u8>,
    total: u64,
}

/// Gzip members read one at a time, knowing where each begins and ends in
/// the file: the decoder takes exactly one member's bytes from the buffered
/// reader, whose consumption is counted.
struct Members<R> {
    reader: BufReader<Counted<R>>,
    /// Bytes taken from the underlying reader so far.
    taken: Arc<AtomicU64>,
    /// The underlying reader's offset in the file.
    base: u64,
}

impl<R: Read> Members<R> {
    fn new(inner: R, base: u64) -> Self {
        let taken = Arc::new(AtomicU64::new(0));
        Members {
            reader: BufReader::with_capacity(
                64 * 1024,
                Counted {
                    inner,
                    count: taken.clone(),
                },
            ),
            taken,
            base,
        }
    }

    /// Offset in the file of the next unread byte.
    fn pos(&self) -> u64 {
        self.base + self.taken.load(Ordering::Relaxed) - self.reader.buffer().len() as u64
    }

    /// Inflates the next member, keeping its first `keep` bytes; `None` at
    /// the end of input. A member that inflates beyond the ratio limit is a
    /// bomb, refused as in a whole file.
    fn next(&mut self, keep: u64, limits: &Limits) -> Result<Option<Member>, Problem> {
        let offset = self.pos();
        if self.reader.fill_buf().map_err(Problem::Io)?.is_empty() {
            return Ok(None);
        }
        let taken = self.taken.clone();
        let base = self.base;
        let mut decoder = GzDecoder::new(&mut self.reader);
        let mut head = Vec::new();
        let mut total = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = decoder.read(&mut buf).map_err(Problem::Gzip)?;
            if n == 0 {
                break;
            }
            if head.len() < keep as usize {
                let room = keep as usize - head.len();
                head.extend_from_slice(&buf[..n.min(room)]);
            }
            total += n as u64;
            let pos =
                base + taken.load(Ordering::Relaxed) - decoder.get_ref().buffer().len() as u64;
            let allowed = (pos - offset)
                .saturating_mul(limits.max_ratio)
                .max(RATIO_FLOOR);
            if total > allowed {
                return Err(Problem::Bomb {
                    ratio: limits.max_ratio,
                });
            }
        }
        drop(decoder);
        Ok(Some(Member {
            span: WarcSpan {
                offset,
                length: self.pos() - offset,
            },
            head,
            total,
        }))
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
