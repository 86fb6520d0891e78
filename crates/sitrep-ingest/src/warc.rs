//! WARC files (plain or gzipped per record): HTML `response` and `resource`
//! records become articles.
//!
//! Hand-written rather than the `warc` crate: a record over the size limit
//! must be skipped by streaming past it, and a truncated record must become an
//! error naming its offset; the crate reads every record body into memory.

use std::io::{self, BufRead, BufReader, Read};

use sitrep_core::{RawBody, RawDoc};

use crate::decode::decode_bytes;
use crate::error::{IngestError, Problem};
use crate::inputs::{Ctx, Reader};
use crate::jsonl::parse_date;
use crate::sniff::{sniff, Kind};

/// Header block size beyond which a record is treated as corrupt.
pub(crate) const MAX_HEADER_BYTES: usize = 256 * 1024;

pub(crate) struct Records {
    ctx: Ctx,
    reader: BufReader<Reader>,
    /// Offset in the (decompressed) stream, for naming records.
    pos: u64,
    done: bool,
}

struct Header {
    kind: String,
    length: u64,
    uri: Option<String>,
    date: Option<String>,
    content_type: Option<String>,
}

impl Records {
    pub fn new(ctx: Ctx, reader: Reader) -> Self {
        Records::starting_at(ctx, reader, 0)
    }

    /// Records of a stream that begins `pos` bytes into its input (a byte
    /// range of a plain WARC): records are named by their offset in the
    /// whole input, as when the input is read from its start.
    pub fn starting_at(ctx: Ctx, reader: Reader, pos: u64) -> Self {
        Records {
            ctx,
            reader: BufReader::with_capacity(64 * 1024, reader),
            pos,
            done: false,
        }
    }

    /// Steps over the next record without reading its block: where it
    /// starts (the offset its documents are named by), or `None` at a
    /// clean end of input. What lies between one record's block and the
    /// next header belongs to the next record, so these offsets tile the
    /// input.
    pub fn skip_record(&mut self) -> Result<Option<u64>, IngestError> {
        let start = self.pos;
        let header = self
            .header()
            .map_err(|p| self.ctx.err_at(format!("#{start}"), p))?;
        let Some(h) = header else {
            return Ok(None);
        };
        self.skip(h.length)
            .map_err(|p| self.ctx.err_at(format!("#{start}"), p))?;
        Ok(Some(start))
    }

    fn line(&mut self, buf: &mut Vec<u8>) -> Result<usize, Problem> {
        buf.clear();
        let n = (&mut self.reader)
            .take(MAX_HEADER_BYTES as u64)
            .read_until(b'\n', buf)
            .map_err(|e| self.ctx.io_problem(e))?;
        self.pos += n as u64;
        Ok(n)
    }

    /// Reads the next record header; `Ok(None)` at a clean end of input.
    fn header(&mut self) -> Result<Option<Header>, Problem> {
        let mut buf = Vec::new();
        loop {
            if self.line(&mut buf)? == 0 {
                return Ok(None);
            }
            if !buf.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        if !buf.starts_with(b"WARC/") {
            return Err(Problem::Warc("expected a `WARC/` version line".into()));
        }
        let mut h = Header {
            kind: String::new(),
            length: 0,
            uri: None,
            date: None,
            content_type: None,
        };
        let mut has_length = false;
        let mut total = 0;
        loop {
            let n = self.line(&mut buf)?;
            total += n;
            if n == 0 {
                return Err(Problem::Warc("truncated record header".into()));
            }
            if total > MAX_HEADER_BYTES {
                return Err(Problem::Warc("record header too long".into()));
            }
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            let v = v.trim().to_string();
            match k.trim().to_ascii_lowercase().as_str() {
                "warc-type" => h.kind = v.to_ascii_lowercase(),
                "content-length" => {
                    h.length = v
                        .parse()
                        .map_err(|_| Problem::Warc(format!("bad Content-Length `{v}`")))?;
                    has_length = true;
                }
                "warc-target-uri" => {
                    h.uri = Some(v.trim_matches(|c| c == '<' || c == '>').to_string())
                }
                "warc-date" => h.date = Some(v),
                "content-type" => h.content_type = Some(v),
                _ => {}
            }
        }
        if !has_length {
            return Err(Problem::Warc("record without Content-Length".into()));
        }
        Ok(Some(h))
    }

    fn skip(&mut self, n: u64) -> Result<(), Problem> {
        let copied = io::copy(&mut (&mut self.reader).take(n), &mut io::sink())
            .map_err(|e| self.ctx.io_problem(e))?;
        self.pos += copied;
        if copied < n {
            return Err(Problem::Warc("truncated record".into()));
        }
        Ok(())
    }

    fn next_record(&mut self) -> Result<Option<RawDoc>, (u64, Problem)> {
        loop {
            let start = self.pos;
            let h = match self.header() {
                Ok(Some(h)) => h,
                Ok(None) => return Ok(None),
                Err(p) => return Err((start, p)),
            };
            let wanted = h.kind == "response" || h.kind == "resource";
            if !wanted {
                self.skip(h.length).map_err(|p| (start, p))?;
                continue;
            }
            if h.length > self.ctx.limits.max_doc_bytes {
                self.skip(h.length).map_err(|p| (start, p))?;
                return Err((
                    start,
                    Problem::TooLarge {
                        limit: self.ctx.limits.max_doc_bytes,
                    },
                ));
            }
            let mut body = Vec::with_capacity(h.length as usize);
            let got = (&mut self.reader)
                .take(h.length)
                .read_to_end(&mut body)
                .map_err(|e| (start, self.ctx.io_problem(e)))?;
            self.pos += got as u64;
            if (got as u64) < h.length {
                return Err((start, Problem::Warc("truncated record".into())));
            }
            let (payload, content_type) = if h.kind == "response" {
                match split_http(&body) {
                    Some(x) => x,
                    None => continue,
                }
            } else {
                (&body[..], h.content_type.clone())
            };
            let is_html = match &content_type {
                Some(ct) => ct.to_ascii_lowercase().contains("html"),
                None => sniff(payload) == Kind::Html,
            };
            if !is_html || payload.is_empty() {
                continue;
            }
            let charset = content_type.as_deref().and_then(charset_param);
            let html = decode_bytes(payload, charset.as_deref(), true);
            return Ok(Some(RawDoc {
                source: format!("{}#{start}", self.ctx.name),
                id: None,
                url: h.uri,
                date: h.date.as_deref().and_then(parse_date),
                body: RawBody::Html(html),
            }));
        }
    }
}

impl Iterator for Records {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(doc)) => Some(Ok(doc)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err((at, p)) => {
                // Only an over-long record leaves the stream in sync.
                if !matches!(p, Problem::TooLarge { .. }) {
                    self.done = true;
                }
                Some(Err(self.ctx.err_at(format!("#{at}"), p)))
            }
        }
    }
}

/// Splits an HTTP response into its payload and `Content-Type`; `None` when it
/// has no header/body boundary or is not a 2xx.
fn split_http(msg: &[u8]) -> Option<(&[u8], Option<String>)> {
    let (head_end, body_start) = match msg.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => {
            let i = msg.windows(2).position(|w| w == b"\n\n")?;
            (i, i + 2)
        }
    };
    let head = String::from_utf8_lossy(&msg[..head_end]);
    let mut lines = head.lines();
    let status = lines.next()?;
    let code = status.split_whitespace().nth(1)?;
    if !code.starts_with('2') {
        return None;
    }
    let content_type = lines.find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-type")
            .then(|| v.trim().to_string())
    });
    Some((&msg[body_start..], content_type))
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_string())
    })
}
