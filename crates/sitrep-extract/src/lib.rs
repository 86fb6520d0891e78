//! Turns a raw page into the story: title, date, byline, ordered blocks, boilerplate out.
//!
//! Two readers share one output shape: [`html`] scores the DOM to find the
//! article container, [`text`] works line by line on markup-free text (a page
//! pasted from a translation tool, a `.txt` dump). Both end in
//! [`finish`](crate::finish), which builds `Document::text` with
//! `Document::join_body` so blocks and text never disagree.

mod boiler;

mod dates;
mod html;
mod markup;
pub mod score;
mod stamp;
mod text;

use chrono::NaiveDate;
use sitrep_core::{Block, Document, RawBody, RawDoc, Removed};

use html::extract_html;
use text::extract_text;

/// How to extract.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Publication date to assume when neither the page nor its container
    /// gives one (the `--date` flag).
    pub default_date: Option<NaiveDate>,
    /// Deepest element nesting walked; deeper content is ignored (a guard
    /// against pathological pages, not a tuning knob).
    pub max_depth: usize,
    /// Pages larger than this (bytes of decoded text) are refused.
    pub max_bytes: usize,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            default_date: None,
            max_depth: 512,
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Why a document could not be extracted. Each names the input.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("{source_name}: page of {size} bytes is over the limit of {limit} bytes")]
    TooLarge {
        source_name: String,
        size: usize,
        limit: usize,
    },
    #[error("{source_name}: no article text found")]
    Empty { source_name: String },
    #[error("{source_name}: no article text found after a repair: {repair}")]
    EmptyAfterRepair { source_name: String, repair: String },
}

/// What a reader found, before ids and fallbacks are applied.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub byline: Option<String>,
    pub language: Option<String>,
    pub url: Option<String>,
    pub blocks: Vec<Block>,
    pub removed: Removed,
    /// Best-effort repairs the caller should tell the user about.
    pub warnings: Vec<String>,
}

/// Extracts one article. The id is `raw.id`, else a hash of the text; the
/// date is the page's own, else the container's, else `opts.default_date`.
pub fn extract(raw: &RawDoc, opts: &ExtractOptions) -> Result<Document, ExtractError> {
    extract_with_warnings(raw, opts).map(|(doc, _)| doc)
}

/// [`extract`], also returning warnings about best-effort repairs (a page
/// cut because it nested too deep), each prefixed with the input's name.
pub fn extract_with_warnings(
    raw: &RawDoc,
    opts: &ExtractOptions,
) -> Result<(Document, Vec<String>), ExtractError> {
    let size = raw.body.as_str().len();
    if size > opts.max_bytes {
        return Err(ExtractError::TooLarge {
            source_name: raw.source.clone(),
            size,
            limit: opts.max_bytes,
        });
    }
    let found = match &raw.body {
        RawBody::Html(h) => extract_html(h, raw.url.as_deref(), opts),
        RawBody::Text(t) => extract_text(t),
    };
    let found_warnings = found.warnings.clone();
    let warnings: Vec<String> = found
        .warnings
        .iter()
        .map(|w| format!("{}: {w}", raw.source))
        .collect();
    let doc = finish(raw, found, opts);
    if doc.text.trim().is_empty() && doc.blocks.is_empty() {
        let source_name = raw.source.clone();
        return Err(match found_warnings.first() {
            Some(w) => ExtractError::EmptyAfterRepair {
                source_name,
                repair: w.clone(),
            },
            None => ExtractError::Empty { source_name },
        });
    }
    Ok((doc, warnings))
}

fn finish(raw: &RawDoc, found: Found, opts: &ExtractOptions) -> Document {
    let text = Document::join_body(&found.blocks);
    let id = match &raw.id {
        Some(id) if !id.is_empty() => id.clone(),
        _ => content_id(&text),
    };
    let published = found.published.or(raw.date).or(opts.default_date);
    Document {
        id,
        source: raw.source.clone(),
        url: raw.url.clone().or(found.url),
        title: found.title,
        published: published.map(|d| d.to_string()),
        language: found.language,
        byline: found.byline,
        blocks: found.blocks,
        text,
        removed: found.removed,
    }
}

/// A stable id for a text: 128-bit xxh3 in hex. xxh3 is a fixed,
/// specified hash, so ids survive rebuilds and platforms.
pub fn content_id(text: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
}

/// Collapses runs of whitespace (including non-breaking spaces) to one space
/// and trims.
pub(crate) fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}
