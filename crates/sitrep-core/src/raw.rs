//! What `ingest` hands to `extract`: one article's bytes decoded to text,
//! with whatever the container (WARC, JSONL, feed) said about it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One article as read from its container, before extraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawDoc {
    /// Where it was read from: a path, `path#line`, `warc-path#offset`, a URL.
    pub source: String,
    /// The input's own id when it has one (JSONL `id`); otherwise extraction
    /// derives one from the content hash.
    pub id: Option<String>,
    /// URL from the container (WARC-Target-URI, feed item link, JSONL `url`).
    pub url: Option<String>,
    /// Date from the container (WARC-Date, feed pubDate, JSONL `date`): a
    /// fallback when the page itself says nothing.
    pub date: Option<NaiveDate>,
    /// The decoded content.
    pub body: RawBody,
}

/// Decoded content, tagged with how extraction should read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "content", rename_all = "snake_case")]
pub enum RawBody {
    Html(String),
    Text(String),
}

impl RawBody {
    pub fn as_str(&self) -> &str {
        match self {
            RawBody::Html(s) | RawBody::Text(s) => s,
        }
    }
}
