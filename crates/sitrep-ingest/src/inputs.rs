//! The top-level iterator: paths and `-` in, articles out, one input at a time.

use std::collections::VecDeque;
use std::fs::{self, File};
use std::io::{self, BufReader, Cursor, Read};
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use flate2::read::MultiGzDecoder;
use sitrep_core::{RawBody, RawDoc};

use crate::error::{IngestError, Problem};
use crate::limits::{is_bomb, read_limited, Counted, Limits, RatioGuard};
use crate::sniff::{sniff, Kind};
use crate::{decode, feed, jsonl, warc};

pub(crate) type DocIter = Box<dyn Iterator<Item = Result<RawDoc, IngestError>> + Send>;
pub(crate) type Reader = Box<dyn Read + Send>;

/// How much of an input is looked at to decide what it is.
const SNIFF_BYTES: usize = 8192;
/// Gzip inside gzip is followed this many levels, no deeper.
const MAX_GZIP_LAYERS: u8 = 2;

/// Reads every input in order: files, folders (recursively, sorted by name)
/// and `-` for stdin. Lazy: a file is opened only when the previous one is done.
pub fn read_inputs(inputs: &[String], limits: &Limits) -> Inputs {
    Inputs {
        pending: inputs
            .iter()
            .map(|s| {
                if s == "-" {
                    Pending::Stdin
                } else {
                    Pending::Path(PathBuf::from(s))
                }
            })
            .collect(),
        current: None,
        limits: limits.clone(),
    }
}

/// Reads one input already in memory (`name` labels its documents and
/// errors), sniffed and decoded exactly as a file with these bytes would be.
/// For callers that receive bytes rather than paths: an upload, a test, a
/// fuzz target.
pub fn read_bytes(name: &str, bytes: Vec<u8>, limits: &Limits) -> Inputs {
    let ctx = Ctx::new(name, limits);
    Inputs {
        pending: VecDeque::new(),
        current: Some(open(ctx, Box::new(Cursor::new(bytes)), 0)),
        limits: limits.clone(),
    }
}

/// The iterator returned by [`read_inputs`].
pub struct Inputs {
    pending: VecDeque<Pending>,
    current: Option<DocIter>,
    limits: Limits,
}

enum Pending {
    Stdin,
    Path(PathBuf),
}

impl Iterator for Inputs {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next() {
                    return Some(item);
                }
                self.current = None;
            }
            match self.pending.pop_front()? {
                Pending::Stdin => {
                    let ctx = Ctx::new("<stdin>", &self.limits);
                    self.current = Some(open(ctx, Box::new(io::stdin()), 0));
                }
                Pending::Path(path) => {
                    let name = path.display().to_string();
                    let meta = match fs::metadata(&path) {
                        Ok(m) => m,
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {
                            return Some(Err(IngestError::new(name, Problem::NotFound)))
                        }
                        Err(e) => return Some(Err(IngestError::new(name, Problem::Io(e)))),
                    };
                    if meta.is_dir() {
                        if let Err(e) = self.queue_folder(&path) {
                            return Some(Err(IngestError::new(name, Problem::Io(e))));
                        }
                        continue;
                    }
                    match File::open(&path) {
                        Ok(f) => {
                            let ctx = Ctx::new(name, &self.limits);
                            self.current = Some(open(ctx, Box::new(f), 0));
                        }
                        Err(e) => return Some(Err(IngestError::new(name, Problem::Io(e)))),
                    }
                }
            }
        }
    }
}

impl Inputs {
    /// Puts a folder's entries, sorted, ahead of the remaining inputs so the
    /// order is depth-first and reproducible. Hidden entries are skipped.
    fn queue_folder(&mut self, dir: &PathBuf) -> io::Result<()> {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries.into_iter().rev() {
            self.pending.push_front(Pending::Path(p));
        }
        Ok(())
    }
}

/// What every reader needs to know about the input it is reading.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub name: String,
    pub limits: Limits,
    /// Inside a gzip stream: read errors are then stream corruption.
    pub gzipped: bool,
}

impl Ctx {
    pub(crate) fn new(name: impl Into<String>, limits: &Limits) -> Self {
        Ctx {
            name: name.into(),
            limits: limits.clone(),
            gzipped: false,
        }
    }

    pub fn err(&self, problem: Problem) -> IngestError {
        IngestError::new(self.name.clone(), problem)
    }

    pub fn err_at(&self, at: impl std::fmt::Display, problem: Problem) -> IngestError {
        IngestError::new(format!("{}{at}", self.name), problem)
    }

    /// Turns a read error into the problem it most likely is.
    pub fn io_problem(&self, e: io::Error) -> Problem {
        if is_bomb(&e) {
            Problem::Bomb {
                ratio: self.limits.max_ratio,
            }
        } else if self.gzipped {
            Problem::Gzip(e)
        } else {
            Problem::Io(e)
        }
    }
}

fn once(item: Result<RawDoc, IngestError>) -> DocIter {
    Box::new(std::iter::once(item))
}

/// Sniffs one stream and hands it to the reader for its kind.
fn open(mut ctx: Ctx, mut reader: Reader, layer: u8) -> DocIter {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    if let Err(e) = (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
    {
        let p = ctx.io_problem(e);
        return once(Err(ctx.err(p)));
    }
    let kind = sniff(&head);
    let whole: Reader = Box::new(Cursor::new(head).chain(reader));
    match kind {
        Kind::Empty => once(Err(ctx.err(Problem::Empty))),
        Kind::Binary => once(Err(ctx.err(Problem::Binary))),
        Kind::Gzip if layer >= MAX_GZIP_LAYERS => once(Err(ctx.err(Problem::Binary))),
        Kind::Gzip => {
            let compressed = Arc::new(AtomicU64::new(0));
            let counted = Counted {
                inner: whole,
                count: compressed.clone(),
            };
            let guard = RatioGuard {
                inner: MultiGzDecoder::new(BufReader::new(counted)),
                compressed,
                produced: 0,
                ratio: ctx.limits.max_ratio,
            };
            ctx.gzipped = true;
            open(ctx, Box::new(guard), layer + 1)
        }
        Kind::Warc => Box::new(warc::Records::new(ctx, whole)),
        Kind::Jsonl => Box::new(jsonl::Lines::new(ctx, whole)),
        Kind::Json => match read_all(&ctx, whole) {
            // Text may open with a brace or a bracket ("{France is ready…}",
            // "[Reuters] Police…"): what does not parse as JSON is read as
            // the text it is, never refused.
            Ok(bytes) if !jsonl::parses(&bytes) => once(Ok(text_doc(&ctx, bytes, false))),
            Ok(bytes) => Box::new(jsonl::whole(&ctx, &bytes).into_iter()),
            Err(e) => once(Err(e)),
        },
        Kind::Feed => feed::items(&ctx, whole),
        Kind::Html | Kind::Text => {
            let html = kind == Kind::Html;
            once(read_all(&ctx, whole).map(|bytes| text_doc(&ctx, bytes, html)))
        }
    }
}

/// One page or text file as one document.
fn text_doc(ctx: &Ctx, bytes: Vec<u8>, html: bool) -> RawDoc {
    let text = decode::decode_owned(bytes, None, html);
    RawDoc {
        source: ctx.name.clone(),
        id: None,
        url: None,
        date: None,
        body: if html {
            RawBody::Html(text)
        } else {
            RawBody::Text(text)
        },
    }
}

/// The whole of a one-document input, within the size limit.
pub(crate) fn read_all(ctx: &Ctx, mut reader: Reader) -> Result<Vec<u8>, IngestError> {
    match read_limited(&mut reader, ctx.limits.max_doc_bytes) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(ctx.err(Problem::TooLarge {
            limit: ctx.limits.max_doc_bytes,
        })),
        Err(e) => Err(ctx.err(ctx.io_problem(e))),
    }
}
