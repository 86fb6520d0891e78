//! Plain text without markup: structure is recovered line by line.
//!
//! A `.txt` saved from a news page keeps the page's furniture as lines: a
//! ticker headline from another story above the real title, "See also
//! <headline>" lines inside the story, photo captions ending in a credit, and
//! the comment form at the end. Each is recognised by its shape.

use std::collections::HashSet;

use sitrep_core::{Block, BlockKind};

use crate::boiler::{classify, is_credit_caption, is_labelled_caption, Furniture};
use crate::{dates, normalize_space, Found};

/// Longest line (in words) that can be a title or section heading.
const MAX_HEADING_WORDS: usize = 14;

pub(crate) fn extract_text(text: &str) -> Found {
    let lines = logical_lines(text);
    let mut found = Found::default();

    // The preamble: headline-shaped lines before the first prose line. The
    // one sharing most words with the story is the title; the rest are
    // tickers and navigation.
    let first_prose = lines
        .iter()
        .position(|l| !is_headline_shaped(l) || classify(l).is_some())
        .unwrap_or(lines.len());
    let preamble = &lines[..first_prose];
    let body_words = content_words(&lines[first_prose..].join(" "));
    let title_at = preamble
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| {
            overlap(a, &body_words)
                .total_cmp(&overlap(b, &body_words))
                .then(ia.cmp(ib))
        })
        .map(|(i, _)| i);
    if let Some(i) = title_at {
        found.title = Some(preamble[i].clone());
        found.removed.other += (preamble.len() - 1) as u32;
    }
    // A date alone on a line above the story is when it was published.
    found.published = preamble
        .iter()
        .enumerate()
        .filter(|&(i, _)| Some(i) != title_at)
        .find_map(|(_, l)| dates::dateline(l));

    let mut in_comments = false;
    for (i, line) in lines.iter().enumerate().skip(first_prose) {
        if in_comments {
            continue;
        }
        match classify(line) {
            Some(Furniture::Related) => {
                found.removed.related_links += 1;
                continue;
            }
            Some(Furniture::Comments) => {
                // The comment form ends the story: everything after it is
                // the form and the comments themselves.
                found.removed.comments += 1;
                in_comments = true;
                continue;
            }
            Some(Furniture::Other) => {
                found.removed.other += 1;
                continue;
            }
            None => {}
        }
        let kind = if is_credit_caption(line) || is_labelled_caption(line) {
            BlockKind::Caption
        } else if is_headline_shaped(line) && followed_by_prose(&lines, i) {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        found.blocks.push(Block {
            kind,
            text: line.clone(),
        });
    }
    if !found
        .blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading))
    {
        // Nothing read as a story body: a headline alone, a line or two
        // without a full stop. Such a text is the report itself (readable
        // text is never refused), so every line is the story and nothing
        // was removed.
        found.removed = Default::default();
        found.blocks = lines
            .iter()
            .map(|l| Block {
                kind: BlockKind::Paragraph,
                text: l.clone(),
            })
            .collect();
    }
    found
}

/// Non-empty lines, whitespace-normalised. Hard-wrapped paragraphs (several
/// long lines with no blank line between) are joined back into one.
fn logical_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in text.split("\n\n").flat_map(|c| c.split("\r\n\r\n")) {
        let lines: Vec<&str> = chunk
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let wrapped = lines.len() > 1
            && lines[..lines.len() - 1]
                .iter()
                .all(|l| (50..=100).contains(&l.chars().count()));
        if wrapped {
            out.push(normalize_space(&lines.join(" ")));
        } else {
            out.extend(lines.into_iter().map(normalize_space));
        }
    }
    out
}

/// Short and not ending like a sentence: a title or section heading.
fn is_headline_shaped(line: &str) -> bool {
    let words = line.split_whitespace().count();
    if words == 0 || words > MAX_HEADING_WORDS {
        return false;
    }
    let t = line.trim_end_matches(['"', '”', '’', '»', '\'']);
    !t.ends_with(['.', '!', '?', ':', ';', ','])
        || t.ends_with("...") && !line.ends_with(['"', '”'])
}

fn followed_by_prose(lines: &[String], i: usize) -> bool {
    lines
        .get(i + 1)
        .is_some_and(|next| !is_headline_shaped(next) || is_credit_caption(next))
}

fn content_words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 3)
        .map(str::to_lowercase)
        .collect()
}

/// Share of a line's content words found in the story.
fn overlap(line: &str, body: &HashSet<String>) -> f64 {
    let words = content_words(line);
    if words.is_empty() {
        return 0.0;
    }
    words.iter().filter(|w| body.contains(*w)).count() as f64 / words.len() as f64
}
