//! Finding the article: furniture subtrees out, then the element whose
//! blocks add up to the most prose and the least link text.
//!
//! Each block scores its non-link characters when it reads like prose and
//! minus its characters when it is mostly links or a short label; an
//! element's score is the sum over its subtree, and the best element is the
//! article. This "maximum subtree" rule needs no per-site tuning: wrappers
//! gain nothing from the navigation and link lists they add.

use super::arena::{Arena, Furniture, Tag};
use super::blocks::TextBlock;
use sitrep_core::BlockKind;

/// Share of the page's prose a furniture-marked element must hold to be
/// kept anyway: a wrapper called `has-sidebar` around the whole story is
/// not a sidebar.
const KEEP_IF_HOLDS: f64 = 0.5;

/// Non-link characters quoted inside a furniture-marked element that make
/// it an embedded post (a quoted tweet's sentence) rather than a share bar.
const EMBED_MIN_QUOTED: u32 = 40;

/// Elements to skip as furniture, and elements to read as captions.
pub(crate) struct Marks {
    pub skip: Vec<bool>,
    pub caption: Vec<bool>,
}

/// Marks furniture and caption elements, each only when it holds less than
/// [`KEEP_IF_HOLDS`] of the page's prose.
pub(crate) fn mark(arena: &Arena) -> Marks {
    let nodes = &arena.nodes;
    let mut prose = vec![0u32; nodes.len()];
    let mut quoted = vec![0u32; nodes.len()];
    let mut link = vec![false; nodes.len()];
    let mut quote = vec![false; nodes.len()];
    // `link[i]`: node i is inside an <a>; `quote[i]`: inside a <blockquote>.
    // Pre-order: parents come first.
    for i in 1..nodes.len() {
        let p = nodes[i].parent as usize;
        link[i] = link[p] || nodes[i].tag == Tag::A;
        quote[i] = quote[p] || nodes[i].tag == Tag::Blockquote;
    }
    for i in (1..nodes.len()).rev() {
        if nodes[i].tag == Tag::Text && !link[i] {
            prose[i] = arena
                .text_of(i)
                .chars()
                .filter(|c| !c.is_whitespace())
                .count() as u32;
            if quote[i] {
                quoted[i] = prose[i];
            }
        }
        let p = nodes[i].parent as usize;
        prose[p] += prose[i];
        quoted[p] += quoted[i];
    }
    let total = prose[0].max(1) as f64;
    let minor = |i: usize| (prose[i] as f64) < KEEP_IF_HOLDS * total;
    // An embedded post is quoted prose in a wrapper often named for the
    // network it came from (`social-embed`); a share bar quotes nothing.
    let embed = |i: usize| nodes[i].furniture == Furniture::Other && quoted[i] >= EMBED_MIN_QUOTED;
    Marks {
        skip: (0..nodes.len())
            .map(|i| nodes[i].furniture != Furniture::None && minor(i) && !embed(i))
            .collect(),
        caption: (0..nodes.len())
            .map(|i| nodes[i].caption_class && minor(i))
            .collect(),
    }
}

/// Score of one block toward its element.
fn value(b: &TextBlock) -> f64 {
    if b.kind == BlockKind::Caption {
        return 0.0;
    }
    let chars = b.chars as f64;
    let density = b.link_chars as f64 / chars.max(1.0);
    if density >= 0.5 {
        -chars
    } else if b.chars >= 40 {
        // Prose with some inline links (a list of linked summaries) still
        // counts; the more link text, the less.
        chars * (1.0 - 2.0 * density)
    } else {
        -0.25 * chars
    }
}

/// The element holding the article, as an index into the arena.
pub(crate) fn best_container(arena: &Arena, blocks: &[TextBlock]) -> usize {
    let nodes = &arena.nodes;
    let mut score = vec![0f64; nodes.len()];
    for b in blocks {
        score[b.owner as usize] += value(b);
    }
    for i in (1..nodes.len()).rev() {
        let p = nodes[i].parent as usize;
        score[p] += score[i];
    }
    let mut best = 0;
    for i in 1..nodes.len() {
        if nodes[i].tag != Tag::Text && score[i] > score[best] {
            best = i;
        }
    }
    declared_within(arena, &score, best).unwrap_or(best)
}

/// Share of the best element's score the page's declared body
/// (`itemprop="articleBody"`) must reach to replace it.
const DECLARED_MIN_SHARE: f64 = 0.25;

/// The declared body inside `best`, when there is one holding a fair share
/// of its prose. Why: a list of teasers (headline link, then a summary)
/// after the story scores as prose and pulls the pick up to a wrapper of
/// both; the page's own markup says where the story stops. Only a narrowing:
/// a declared body outside the pick, or a small one (a page marking its
/// lede alone), is not trusted over the text itself.
fn declared_within(arena: &Arena, score: &[f64], best: usize) -> Option<usize> {
    let nodes = &arena.nodes;
    let end = nodes[best].end as usize;
    (best + 1..end)
        .filter(|&i| nodes[i].declared_body)
        .filter(|&i| score[i] >= DECLARED_MIN_SHARE * score[best])
        .max_by(|&a, &b| score[a].total_cmp(&score[b]))
}
