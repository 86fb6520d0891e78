//! What `extract` produces: the story without the page around it.

use serde::{Deserialize, Serialize};

/// A cleaned article: the `document` part of a `sitrep/1` record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the input's own id, else a hash of the extracted text.
    pub id: String,
    /// Where it was read from.
    pub source: String,
    #[serde(default)]
    pub url: Option<String>,
    /// The article's own headline, never a ticker line or the site name.
    #[serde(default)]
    pub title: Option<String>,
    /// ISO date from the page's metadata, the container, or `--date`.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    /// The story in reading order.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Heading, paragraph, quote and list-item blocks joined by `"\n\n"`;
    /// captions are left out. Evidence offsets point into this string.
    pub text: String,
    /// What was stripped, counted.
    #[serde(default)]
    pub removed: Removed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    Quote,
    ListItem,
    Caption,
}

impl BlockKind {
    /// Whether the block is part of `Document::text` (captions are not).
    pub fn is_body(self) -> bool {
        !matches!(self, BlockKind::Caption)
    }
}

/// Counts of what extraction removed, so a user can see it happened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    #[serde(default)]
    pub related_links: u32,
    #[serde(default)]
    pub comments: u32,
    #[serde(default)]
    pub other: u32,
}

impl Document {
    /// Joins the body blocks the way `text` is defined; extraction calls this
    /// so the two can never disagree.
    pub fn join_body(blocks: &[Block]) -> String {
        let mut out = String::new();
        for b in blocks.iter().filter(|b| b.kind.is_body()) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&b.text);
        }
        out
    }
}
