//! RSS 2.0, RSS 1.0 and Atom feeds: each item is an article.
//!
//! A feed is read as a stream, one item at a time, so a feed of a million
//! items costs the memory of one. `quick-xml` (the tokenizer `feed-rs`
//! itself uses, configured alike) finds where each child of the feed's
//! container — the `<channel>` of RSS 2.0, the root of RSS 1.0 and Atom —
//! begins and ends; only those bytes are kept. Each child is then parsed by
//! `feed-rs` on its own, inside a copy of everything that encloses it (the
//! prolog with its encoding and DOCTYPE, the root and channel start tags
//! with their namespaces and `xml:base`), so it reads exactly as it did
//! inside the whole feed: `feed-rs` parses a feed's children one after the
//! other, none depending on another. What a whole-feed parse refused is
//! refused too, but only when the stream gets there: the items before the
//! fault have been read, as with a WARC file or JSONL.

use std::io::{self, BufReader, Cursor, Read};

use quick_xml::events::Event;
use sitrep_core::{RawBody, RawDoc};

use crate::error::{IngestError, Problem};
use crate::inputs::{read_all, Ctx, DocIter, Reader};
use crate::limits::{is_bomb, BombDetected};

/// Bytes beyond the document limit a stream may hold at once: the
/// tokenizer's read-ahead.
const SLACK: u64 = 64 * 1024;

/// Reads a feed item by item.
pub(crate) fn items(ctx: &Ctx, reader: Reader) -> DocIter {
    let limit = ctx.limits.max_doc_bytes.saturating_add(SLACK);
    let tee = Tee {
        inner: reader,
        kept: Vec::new(),
        base: 0,
        limit,
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(tee));
    // As feed-rs configures its reader, so both see the same elements.
    let config = xml.config_mut();
    config.expand_empty_elements = true;
    config.trim_markup_names_in_closing_tags = true;
    config.trim_text(false);
    Box::new(Items {
        ctx: ctx.clone(),
        xml: Some(xml),
        buf: Vec::new(),
        depth: 0,
        shape: None,
        prolog: Vec::new(),
        open: Vec::new(),
        close: Vec::new(),
        unit: None,
        entries: 0,
        ready: Vec::new(),
    })
}

/// The reader under the tokenizer: keeps the bytes read since `base` (the
/// stream offset of `kept[0]`), so a child's bytes can be cut out by the
/// tokenizer's positions; the caller drops what it no longer needs. Fails
/// once it would hold more than `limit`, so a child (or anything between
/// children) larger than a document may be costs no more than that.
struct Tee {
    inner: Reader,
    kept: Vec<u8>,
    base: u64,
    limit: u64,
}

/// Marker inside the `io::Error` of a [`Tee`] over its limit.
#[derive(Debug)]
struct Oversize;

impl std::fmt::Display for Oversize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("feed element over the document size limit")
    }
}
impl std::error::Error for Oversize {}

impl Read for Tee {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(&buf[..n]);
        if self.kept.len() as u64 > self.limit {
            return Err(io::Error::other(Oversize));
        }
        Ok(n)
    }
}

impl Tee {
    /// The kept bytes from stream offset `from` to `to`.
    fn slice(&self, from: u64, to: u64) -> &[u8] {
        let at = |x: u64| (x.saturating_sub(self.base) as usize).min(self.kept.len());
        let (a, b) = (at(from), at(to).max(at(from)));
        &self.kept[a..b]
    }

    /// Forgets the bytes before stream offset `to`.
    fn drop_before(&mut self, to: u64) {
        let n = (to.saturating_sub(self.base) as usize).min(self.kept.len());
        self.kept.drain(..n);
        self.base += n as u64;
    }
}

type Xml = quick_xml::Reader<BufReader<Tee>>;

/// Where a feed's items are.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    /// RSS 0.9x/2.0: children of the first `<channel>` (depth 2); waiting
    /// for it while `false`.
    Rss(bool),
    /// RSS 1.0 and Atom: children of the root (depth 1).
    Root,
}

struct Items {
    ctx: Ctx,
    /// `None` once the feed is done (or failed).
    xml: Option<Xml>,
    buf: Vec<u8>,
    /// Elements open.
    depth: usize,
    shape: Option<Shape>,
    /// Everything before the root element.
    prolog: Vec<u8>,
    /// The start tags enclosing the items (root, and channel for RSS).
    open: Vec<u8>,
    /// Their end tags.
    close: Vec<u8>,
    /// The stream offset where the child being read began.
    unit: Option<u64>,
    /// Entries feed-rs found so far: item numbers count them all, those
    /// without content included, as a whole-feed parse numbered them.
    entries: usize,
    /// Documents of the last child, to hand out (in reverse).
    ready: Vec<RawDoc>,
}

impl Iterator for Items {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(doc) = self.ready.pop() {
                return Some(Ok(doc));
            }
            let mut xml = self.xml.take()?;
            match self.step(&mut xml) {
                Step::More => self.xml = Some(xml),
                Step::Done => {}
                Step::Fail(e) => return Some(Err(e)),
                Step::Whole => {
                    // Not a feed this reader streams (an Atom entry on its
                    // own, an unknown root): parsed whole, as before.
                    let tee = xml.into_inner().into_inner();
                    let bytes = Cursor::new(tee.kept).chain(tee.inner);
                    return match read_all(&self.ctx, Box::new(bytes)) {
                        Ok(bytes) => {
                            let mut docs = match parse(&bytes) {
                                Ok(feed) => self.documents(feed),
                                Err(e) => return Some(Err(self.ctx.err(Problem::Feed(e)))),
                            };
                            docs.reverse();
                            self.ready = docs;
                            continue;
                        }
                        Err(e) => Some(Err(e)),
                    };
                }
            }
        }
    }
}

enum Step {
    More,
    Done,
    Whole,
    Fail(IngestError),
}

impl Items {
    /// Reads one event.
    fn step(&mut self, xml: &mut Xml) -> Step {
        let before = xml.buffer_position();
        self.buf.clear();
        let event = match xml.read_event_into(&mut self.buf) {
            Ok(e) => e,
            // Inside a child, bad XML is left to feed-rs, which parses the
            // child's bytes as it parsed them in the whole feed: some of its
            // readers pass over a fault, and the tokenizer reads on. A
            // mismatched end tag still closes the element it was meant for.
            Err(quick_xml::Error::IllFormed(
                quick_xml::errors::IllFormedError::MismatchedEndTag { .. },
            )) if self.unit.is_some() => Event::End(quick_xml::events::BytesEnd::new("")),
            Err(quick_xml::Error::Io(io)) => return Step::Fail(self.io_error(&io)),
            Err(_) if self.unit.is_some() && xml.buffer_position() > before => {
                Event::Comment(quick_xml::events::BytesText::new(""))
            }
            // Before the root, feed-rs finds no root; elsewhere its reader
            // reports the fault as the tokenizer words it.
            Err(e) => {
                let message = match self.shape {
                    None => {
                        let tee = xml.get_ref().get_ref();
                        parse(tee.slice(tee.base, tee.base + tee.kept.len() as u64)).err()
                    }
                    Some(_) => None,
                };
                let message =
                    message.unwrap_or_else(|| format!("unable to parse XML: Parser error: {e}"));
                return Step::Fail(self.ctx.err(Problem::Feed(message)));
            }
        };
        let after = xml.buffer_position();
        match event {
            Event::Start(start) => {
                self.depth += 1;
                let local = start.local_name().as_ref().to_vec();
                let name = start.name().as_ref().to_vec();
                match (self.depth, self.shape) {
                    (1, None) => {
                        let tee = xml.get_ref().get_ref();
                        self.prolog = tee.slice(tee.base, before).to_vec();
                        self.open = tee.slice(before, after).to_vec();
                        self.close = end_tag(&name);
                        match local.as_slice() {
                            b"rss" => {
                                // feed-rs refuses an RSS version it does not
                                // know before reading any further.
                                self.shape = Some(Shape::Rss(false));
                                let probe = [
                                    self.prolog.as_slice(),
                                    &self.open,
                                    b"<channel></channel>",
                                    &self.close,
                                ]
                                .concat();
                                if let Err(e) = parse(&probe) {
                                    return Step::Fail(self.ctx.err(Problem::Feed(e)));
                                }
                            }
                            b"RDF" | b"feed" => {
                                self.shape = Some(Shape::Root);
                                if let Err(e) = parse(&self.envelope(&[])) {
                                    return Step::Fail(self.ctx.err(Problem::Feed(e)));
                                }
                            }
                            _ => return Step::Whole,
                        }
                    }
                    (2, Some(Shape::Rss(false))) if local == b"channel" => {
                        self.shape = Some(Shape::Rss(true));
                        let tee = xml.get_ref().get_ref();
                        self.open.extend_from_slice(tee.slice(before, after));
                        let mut close = end_tag(&name);
                        close.extend_from_slice(&self.close);
                        self.close = close;
                        if let Err(e) = parse(&self.envelope(&[])) {
                            return Step::Fail(self.ctx.err(Problem::Feed(e)));
                        }
                    }
                    (d, Some(shape)) if self.unit.is_none() && Some(d) == unit_depth(shape) => {
                        self.unit = Some(before);
                    }
                    _ => {}
                }
            }
            Event::End(_) => {
                self.depth = self.depth.saturating_sub(1);
                match (self.depth, self.shape) {
                    // The root's end, or for RSS the channel's: feed-rs
                    // reads no further.
                    (0, _) | (1, Some(Shape::Rss(true))) => return self.finish(xml),
                    (d, Some(shape)) if Some(d + 1) == unit_depth(shape) => {
                        if let Some(from) = self.unit.take() {
                            if let Err(e) = self.child(xml, from, after) {
                                return Step::Fail(e);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof if self.depth > 0 && self.unit.is_none() && self.shape.is_some() => {
                // feed-rs's reader refuses a feed whose elements are not
                // all closed, in the words of the tokenizer's error.
                let e = quick_xml::Error::Syntax(quick_xml::errors::SyntaxError::UnclosedTag);
                let message = format!("unable to parse XML: Parser error: {e}");
                return Step::Fail(self.ctx.err(Problem::Feed(message)));
            }
            Event::Eof => return self.finish(xml),
            _ => {}
        }
        if self.unit.is_none() && self.shape.is_some() {
            xml.get_mut().get_mut().drop_before(after);
        }
        Step::More
    }

    /// The end of the feed: an RSS root without a channel (or nothing at
    /// all) is refused as a whole parse refused it.
    fn finish(&mut self, xml: &mut Xml) -> Step {
        match self.shape {
            Some(Shape::Rss(true)) | Some(Shape::Root) if self.unit.is_none() => Step::Done,
            None | Some(Shape::Rss(false)) => {
                let bytes = if self.shape.is_none() {
                    let tee = xml.get_ref().get_ref();
                    tee.slice(tee.base, xml.buffer_position()).to_vec()
                } else {
                    [self.prolog.as_slice(), &self.open, &self.close].concat()
                };
                match parse(&bytes) {
                    Ok(_) => Step::Done,
                    Err(e) => Step::Fail(self.ctx.err(Problem::Feed(e))),
                }
            }
            // The stream ended inside a child: what feed-rs makes of the
            // feed's end as it is.
            _ => {
                let tee = xml.get_ref().get_ref();
                let from = self.unit.take().unwrap_or(tee.base);
                let part = tee.slice(from, tee.base + tee.kept.len() as u64);
                let bytes = [self.prolog.as_slice(), &self.open, part].concat();
                match parse(&bytes) {
                    Ok(feed) => {
                        let mut docs = self.documents(feed);
                        docs.reverse();
                        self.ready = docs;
                        Step::Done
                    }
                    Err(e) => Step::Fail(self.ctx.err(Problem::Feed(e))),
                }
            }
        }
    }

    /// Parses one child of the container, from stream offset `from` to
    /// `to`, queuing its documents.
    fn child(&mut self, xml: &mut Xml, from: u64, to: u64) -> Result<(), IngestError> {
        if to - from > self.ctx.limits.max_doc_bytes {
            return Err(self.ctx.err(Problem::TooLarge {
                limit: self.ctx.limits.max_doc_bytes,
            }));
        }
        let tee = xml.get_ref().get_ref();
        let bytes = self.envelope(tee.slice(from, to));
        let feed = parse(&bytes).map_err(|e| self.ctx.err(Problem::Feed(e)))?;
        let mut docs = self.documents(feed);
        docs.reverse();
        self.ready = docs;
        Ok(())
    }

    /// A feed holding only `child`, enclosed as in the stream.
    fn envelope(&self, child: &[u8]) -> Vec<u8> {
        [self.prolog.as_slice(), &self.open, child, &self.close].concat()
    }

    /// A read error under the tokenizer: an oversized stretch, or what
    /// reading the input says (a gzip fault, a bomb).
    fn io_error(&self, io: &io::Error) -> IngestError {
        if io.get_ref().is_some_and(|i| i.is::<Oversize>()) {
            return self.ctx.err(Problem::TooLarge {
                limit: self.ctx.limits.max_doc_bytes,
            });
        }
        // The tokenizer shares its error (`Arc`); the problem wants its own.
        let copy = if is_bomb(io) {
            io::Error::other(BombDetected)
        } else {
            io::Error::new(io.kind(), io.to_string())
        };
        self.ctx.err(self.ctx.io_problem(copy))
    }

    /// One article per entry with content: its full content when the feed
    /// carries it, else its description. The entry title becomes an `<h1>`
    /// so extraction finds the headline the feed gave.
    fn documents(&mut self, feed: feed_rs::model::Feed) -> Vec<RawDoc> {
        let mut out = Vec::new();
        for e in feed.entries {
            self.entries += 1;
            let Some(content) = e
                .content
                .and_then(|c| c.body)
                .or_else(|| e.summary.map(|s| s.content))
            else {
                continue;
            };
            let mut html = String::new();
            if let Some(t) = e.title {
                html.push_str("<h1>");
                html.push_str(&escape(&t.content));
                html.push_str("</h1>\n");
            }
            html.push_str(&content);
            out.push(RawDoc {
                source: format!("{}#item{}", self.ctx.name, self.entries),
                id: None,
                url: e.links.first().map(|l| l.href.clone()),
                date: e.published.or(e.updated).map(|d| d.date_naive()),
                body: RawBody::Html(html),
            });
        }
        out
    }
}

/// Children of the container are at this depth (none before an RSS
/// feed's channel).
fn unit_depth(shape: Shape) -> Option<usize> {
    match shape {
        Shape::Rss(true) => Some(3),
        Shape::Rss(false) => None,
        Shape::Root => Some(2),
    }
}

fn end_tag(name: &[u8]) -> Vec<u8> {
    [b"</".as_slice(), name, b">"].concat()
}

fn parse(bytes: &[u8]) -> Result<feed_rs::model::Feed, String> {
    feed_rs::parser::parse(bytes).map_err(|e| e.to_string())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
