//! HTML pages: metadata from the head, the story from the best-scoring
//! container of the body.
//!
//! Steps: parse (html5ever via `scraper`), flatten to an index arena
//! ([`arena`]), drop furniture subtrees ([`select::furniture_to_skip`]), cut
//! the rest into text blocks ([`blocks`]), pick the article container
//! ([`select::best_container`]), then filter single blocks that are still
//! furniture (share prompts, "Read more" lines, bylines, link lists).

mod arena;
mod blocks;
mod guard;
mod meta;
mod orphans;
mod select;
mod standfirst;

use scraper::Html;
use sitrep_core::{Block, BlockKind};

use crate::boiler::{classify, Furniture};
use crate::{dates, ExtractOptions, Found};
use blocks::TextBlock;

/// How much deeper than `max_depth` the raw page may nest before it is cut:
/// the arena already ignores content below `max_depth`, the margin only
/// keeps the parser's cost bounded.
const PARSE_DEPTH_FACTOR: usize = 8;

pub(crate) fn extract_html(html: &str, url: Option<&str>, opts: &ExtractOptions) -> Found {
    let mut warnings = Vec::new();
    let limit = opts.max_depth.saturating_mul(PARSE_DEPTH_FACTOR).max(64);
    let html = match guard::too_deep_at(html, limit) {
        Some(cut) => {
            warnings.push(format!(
                "elements nested more than {limit} deep; page cut at byte {cut} of {}",
                html.len()
            ));
            &html[..cut]
        }
        None => html,
    };
    let doc = Html::parse_document(html);
    let meta = meta::read(&doc);
    let arena = arena::Arena::build(&doc, opts.max_depth);
    drop(doc);
    let marks = select::mark(&arena);
    let (all_blocks, skipped) = blocks::collect(&arena, &marks);
    let best = select::best_container(&arena, &all_blocks);
    let end = arena.nodes[best].end;

    let title = meta.title();
    let mut found = Found {
        title: title.clone(),
        language: meta.language.clone(),
        byline: meta.byline.clone(),
        url: meta.canonical.clone(),
        warnings,
        ..Default::default()
    };
    found.removed.related_links = skipped.related;
    found.removed.comments = skipped.comments;
    found.removed.other = skipped.other;

    let mut prose_date = None;
    let inside: Vec<TextBlock> = all_blocks
        .into_iter()
        .filter(|b| (b.owner as usize) >= best && b.owner < end)
        .collect();
    let mut verdicts: Vec<Verdict> = inside.iter().map(|b| judge(b, title.as_deref())).collect();
    let kept: Vec<bool> = verdicts
        .iter()
        .map(|v| matches!(v, Verdict::Keep))
        .collect();
    for k in orphans::trailing_headings(&inside, &kept) {
        verdicts[k] = Verdict::Drop(None);
    }
    if let Some(k) = standfirst::find(&arena, &inside, &kept, &meta.descriptions) {
        verdicts[k] = Verdict::Drop(Some(Furniture::Other));
    }
    for (b, verdict) in inside.into_iter().zip(verdicts) {
        match verdict {
            Verdict::Keep => found.blocks.push(Block {
                kind: b.kind,
                text: b.text,
            }),
            Verdict::Drop(kind) => {
                if prose_date.is_none() && b.chars < 80 {
                    prose_date = dates::from_prose(&b.text);
                }
                match kind {
                    Some(Furniture::Related) => found.removed.related_links += 1,
                    Some(Furniture::Comments) => found.removed.comments += 1,
                    Some(Furniture::Other) => found.removed.other += 1,
                    None => {}
                }
            }
        }
    }
    if let Some(ld) = meta.ld_body.as_deref() {
        prefer_json_ld_body(&mut found, ld);
    }
    found.published = meta
        .published
        .or(meta.time_tag)
        .or_else(|| url.and_then(dates::from_url))
        .or_else(|| meta.canonical.as_deref().and_then(dates::from_url))
        .or(prose_date);
    found
}

enum Verdict {
    Keep,
    /// Dropped; `Some` when it counts as removed furniture.
    Drop(Option<Furniture>),
}

/// Whether a block inside the article container is story.
fn judge(b: &TextBlock, title: Option<&str>) -> Verdict {
    if b.kind == BlockKind::Caption {
        return Verdict::Keep;
    }
    // A separator ("/", "|", "•") left between removed links says nothing.
    if !b.text.chars().any(char::is_alphanumeric) || crate::markup::is_leaked_markup(&b.text) {
        return Verdict::Drop(None);
    }
    if let Some(f) = classify(&b.text) {
        return Verdict::Drop(Some(f));
    }
    let density = b.link_chars as f64 / b.chars.max(1) as f64;
    // Quotes keep their links: an embedded post is quoted text with a link
    // to its author and date.
    if b.kind == BlockKind::Quote {
        return Verdict::Keep;
    }
    if density > 0.5 && b.chars < 400 {
        return Verdict::Drop(Some(Furniture::Related));
    }
    if b.kind == BlockKind::Heading && title.is_some_and(|t| same_text(t, &b.text)) {
        return Verdict::Drop(None);
    }
    let words = b.text.split_whitespace().count();
    if words <= 12 {
        let lower = b.text.to_lowercase();
        let byline = lower.starts_with("by ")
            || lower.starts_with("posted by")
            || lower.starts_with("written by");
        let stamp = words <= 8
            && ["updated", "last updated", "published"]
                .iter()
                .any(|p| lower.starts_with(p));
        let dateline = dates::from_prose(&b.text).is_some() || dates::parse_iso(&b.text).is_some();
        if byline || stamp || (dateline && words <= 8) || crate::stamp::is_stamp(&b.text) {
            return Verdict::Drop(None);
        }
    }
    Verdict::Keep
}

/// A text's letters and digits, lower-cased: what two copies of one line
/// share when punctuation, spacing or case differ.
pub(super) fn letters_and_digits(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn same_text(a: &str, b: &str) -> bool {
    letters_and_digits(a) == letters_and_digits(b)
}

/// Words a JSON-LD `articleBody` needs before it can overrule the page.
const LD_BODY_MIN_WORDS: usize = 50;

/// When the page declares its article body in JSON-LD and the text found in
/// the DOM covers less than half of it, the DOM pick was wrong (or the story
/// is rendered by script): the declared body replaces it, one paragraph per
/// line. Plain-text bodies only; an HTML-escaped one is left alone.
fn prefer_json_ld_body(found: &mut Found, ld: &str) {
    if ld.contains('<') || ld.split_whitespace().count() < LD_BODY_MIN_WORDS {
        return;
    }
    let ours = sitrep_core::Document::join_body(&found.blocks);
    if shingle_coverage(ld, &ours) >= 0.5 {
        return;
    }
    found.blocks.retain(|b| b.kind == BlockKind::Caption);
    found.blocks.extend(
        ld.lines()
            .map(crate::normalize_space)
            .filter(|l| !l.is_empty())
            .map(|text| Block {
                kind: BlockKind::Paragraph,
                text,
            }),
    );
}

/// Share of `reference`'s 4-token shingles that also occur in `text`.
fn shingle_coverage(reference: &str, text: &str) -> f64 {
    use std::collections::HashSet;
    let shingles = |s: &str| -> HashSet<Vec<String>> {
        let toks: Vec<String> = crate::score::tokens(s)
            .into_iter()
            .map(str::to_lowercase)
            .collect();
        toks.windows(4).map(<[String]>::to_vec).collect()
    };
    let r = shingles(reference);
    if r.is_empty() {
        return 1.0;
    }
    let t = shingles(text);
    r.iter().filter(|s| t.contains(*s)).count() as f64 / r.len() as f64
}
