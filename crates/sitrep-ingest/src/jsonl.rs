//! JSONL dumps: one article per line as `{"html"|"text", "url"?, "id"?, "date"?}`.

use std::io::{BufRead, BufReader};

use chrono::NaiveDate;
use serde_json::Value;
use sitrep_core::{RawBody, RawDoc};

use crate::error::{IngestError, Problem};
use crate::inputs::{Ctx, Reader};

/// Streams the lines of one JSONL input; a bad line is an error for that
/// line only.
pub(crate) struct Lines {
    ctx: Ctx,
    reader: BufReader<Reader>,
    line_no: u64,
    done: bool,
}

impl Lines {
    pub fn new(ctx: Ctx, reader: Reader) -> Self {
        Lines {
            ctx,
            reader: BufReader::with_capacity(64 * 1024, reader),
            line_no: 0,
            done: false,
        }
    }

    /// Reads one line of at most `limit` bytes; an over-long line is skipped
    /// to its end and reported. `Ok(None)` at end of input.
    fn read_line(&mut self) -> Result<Option<Vec<u8>>, Problem> {
        let limit = self.ctx.limits.max_doc_bytes;
        let mut buf = Vec::new();
        let n = (&mut self.reader)
            .take(limit + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| self.ctx.io_problem(e))?;
        if n == 0 {
            return Ok(None);
        }
        if buf.len() as u64 > limit && buf.last() != Some(&b'\n') {
            // Skip the rest of the over-long line without holding it.
            loop {
                let chunk = self.reader.fill_buf().map_err(|e| self.ctx.io_problem(e))?;
                if chunk.is_empty() {
                    break;
                }
                match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        self.reader.consume(i + 1);
                        break;
                    }
                    None => {
                        let len = chunk.len();
                        self.reader.consume(len);
                    }
                }
            }
            return Err(Problem::TooLarge { limit });
        }
        Ok(Some(buf))
    }
}

use std::io::Read;

impl Iterator for Lines {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line_no += 1;
            let at = format!(":{}", self.line_no);
            let line = match self.read_line() {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(p) => {
                    // A broken stream cannot be resynchronised; an over-long line can.
                    if !matches!(p, Problem::TooLarge { .. }) {
                        self.done = true;
                    }
                    return Some(Err(self.ctx.err_at(at, p)));
                }
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let source = format!("{}{at}", self.ctx.name);
            return Some(parse_line(&line, source).map_err(|p| self.ctx.err_at(at, p)));
        }
        None
    }
}

/// A whole JSON document: one article object, or an array of them.
/// Whether a whole input is JSON at all (rather than text that happens to
/// open with a brace or a bracket).
pub(crate) fn parses(bytes: &[u8]) -> bool {
    serde_json::from_slice::<Value>(bytes).is_ok()
}

pub(crate) fn whole(ctx: &Ctx, bytes: &[u8]) -> Vec<Result<RawDoc, IngestError>> {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return vec![Err(ctx.err(Problem::Json(e.to_string())))],
    };
    match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let at = format!("#{}", i + 1);
                from_value(v, format!("{}{at}", ctx.name)).map_err(|p| ctx.err_at(at, p))
            })
            .collect(),
        v => vec![from_value(v, ctx.name.clone()).map_err(|p| ctx.err(p))],
    }
}

fn parse_line(line: &[u8], source: String) -> Result<RawDoc, Problem> {
    let value: Value = serde_json::from_slice(line).map_err(|e| Problem::Json(e.to_string()))?;
    from_value(value, source)
}

fn from_value(value: Value, source: String) -> Result<RawDoc, Problem> {
    let obj = value
        .as_object()
        .ok_or_else(|| Problem::Json("not a JSON object".into()))?;
    let str_field = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
    let body = if let Some(html) = str_field("html") {
        RawBody::Html(html)
    } else if let Some(text) = str_field("text") {
        RawBody::Text(text)
    } else {
        return Err(Problem::Json("no string `html` or `text` field".into()));
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Ok(RawDoc {
        source,
        id,
        url: str_field("url").filter(|u| !u.is_empty()),
        date: str_field("date").as_deref().and_then(parse_date),
        body,
    })
}

/// The date at the start of an ISO-8601 timestamp (`2024-02-11T…`).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}
