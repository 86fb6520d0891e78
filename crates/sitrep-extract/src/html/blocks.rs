//! Text blocks in reading order: every run of text between block-level
//! boundaries, with the element it belongs to and how much of it is links.

use sitrep_core::BlockKind;

use super::arena::{Arena, Furniture, Tag};
use super::select::Marks;

pub(crate) struct TextBlock {
    pub text: String,
    pub kind: BlockKind,
    /// The block-level element whose content this is.
    pub owner: u32,
    /// Characters of the text inside links.
    pub link_chars: usize,
    pub chars: usize,
}

/// Furniture subtrees that were skipped, counted by kind.
#[derive(Default)]
pub(crate) struct Skipped {
    pub related: u32,
    pub comments: u32,
    pub other: u32,
}

/// Walks the arena in order, skipping the subtrees `skip` marks, and cuts
/// the text into blocks.
pub(crate) fn collect(arena: &Arena, marks: &Marks) -> (Vec<TextBlock>, Skipped) {
    let nodes = &arena.nodes;
    let skip = &marks.skip;
    // Caption-classed elements are block boundaries read as captions.
    let is_block = |i: usize| nodes[i].tag.is_block() || marks.caption[i];
    let is_caption = |i: usize| nodes[i].tag == Tag::Figcaption || marks.caption[i];
    let mut blocks = Vec::new();
    let mut skipped = Skipped::default();
    let mut buf = String::new();
    let mut buf_links = 0usize;
    // Open elements: (index, end).
    let mut stack: Vec<u32> = vec![0];
    let mut in_link = 0u32;
    let mut in_quote = 0u32;
    let mut in_caption = 0u32;
    let mut i = 1usize;
    let flush = |buf: &mut String,
                 buf_links: &mut usize,
                 owner: u32,
                 in_quote: u32,
                 in_caption: u32,
                 blocks: &mut Vec<TextBlock>| {
        if buf.trim().is_empty() {
            buf.clear();
            *buf_links = 0;
            return;
        }
        let tag = nodes[owner as usize].tag;
        let kind = if in_caption > 0 || tag == Tag::Figure {
            BlockKind::Caption
        } else if tag == Tag::Heading {
            BlockKind::Heading
        } else if tag == Tag::ListItem {
            BlockKind::ListItem
        } else if in_quote > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        };
        let total_chars = buf.chars().filter(|c| !c.is_whitespace()).count().max(1);
        // Double line breaks (`<br><br>`) separate paragraphs inside one element.
        for piece in buf.split("\n\n") {
            let text = crate::normalize_space(piece);
            if text.is_empty() {
                continue;
            }
            let chars = text.chars().filter(|c| !c.is_whitespace()).count();
            let link_chars = *buf_links * chars / total_chars;
            blocks.push(TextBlock {
                text,
                kind,
                owner,
                link_chars,
                chars,
            });
        }
        buf.clear();
        *buf_links = 0;
    };
    while i < nodes.len() {
        // Close elements that end here.
        while let Some(&top) = stack.last() {
            if (nodes[top as usize].end as usize) > i || top == 0 {
                break;
            }
            stack.pop();
            // Flush before leaving a quote or caption so its own text keeps the kind.
            if is_block(top as usize) {
                flush(
                    &mut buf,
                    &mut buf_links,
                    top,
                    in_quote,
                    in_caption,
                    &mut blocks,
                );
            }
            match nodes[top as usize].tag {
                Tag::A => in_link = in_link.saturating_sub(1),
                Tag::Blockquote => in_quote = in_quote.saturating_sub(1),
                _ => {}
            }
            if is_caption(top as usize) {
                in_caption = in_caption.saturating_sub(1);
            }
        }
        let n = &nodes[i];
        if n.tag == Tag::Text {
            let t = arena.text_of(i);
            if in_link > 0 {
                buf_links += t.chars().filter(|c| !c.is_whitespace()).count();
            }
            buf.push_str(t);
            i += 1;
            continue;
        }
        // A block ends the text before it, a skipped one too: without the
        // flush, "<span>a.</span><nav>…</nav><span>B</span>" read "a.B".
        if is_block(i) {
            let owner = open_block(&stack, &is_block);
            flush(
                &mut buf,
                &mut buf_links,
                owner,
                in_quote,
                in_caption,
                &mut blocks,
            );
        }
        if skip[i] {
            match n.furniture {
                Furniture::Related => skipped.related += 1,
                Furniture::Comments => skipped.comments += 1,
                _ => skipped.other += 1,
            }
            i = n.end as usize;
            continue;
        }
        match n.tag {
            Tag::Br => buf.push('\n'),
            Tag::A => in_link += 1,
            Tag::Blockquote => in_quote += 1,
            _ => {}
        }
        if is_caption(i) {
            in_caption += 1;
        }
        if n.tag == Tag::Br {
            // A `<br>` has no children; a newline marks where it was.
        } else if n.end as usize > i + 1 {
            stack.push(i as u32);
        } else if is_block(i) {
            // Empty block: nothing to flush, but it still separates text.
        } else if n.tag == Tag::A {
            in_link = in_link.saturating_sub(1);
        }
        if n.end as usize <= i + 1 {
            if let Tag::Blockquote = n.tag {
                in_quote = in_quote.saturating_sub(1);
            }
            if is_caption(i) {
                in_caption = in_caption.saturating_sub(1);
            }
        }
        i += 1;
    }
    while let Some(top) = stack.pop() {
        if is_block(top as usize) {
            flush(
                &mut buf,
                &mut buf_links,
                top,
                in_quote,
                in_caption,
                &mut blocks,
            );
        }
    }
    (blocks, skipped)
}

/// The innermost open block-level element.
fn open_block(stack: &[u32], is_block: &impl Fn(usize) -> bool) -> u32 {
    stack
        .iter()
        .rev()
        .copied()
        .find(|&s| is_block(s as usize))
        .unwrap_or(0)
}
