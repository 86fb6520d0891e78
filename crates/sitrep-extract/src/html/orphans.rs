//! Headings left with nothing under them. When the blocks after a heading
//! were all removed as furniture (a tag list, related links), the heading
//! labels that furniture, not the story: "Related Tags", "関連タグ".

use super::blocks::TextBlock;
use sitrep_core::BlockKind;

/// Indices into `blocks` of the kept headings after the last kept text.
/// `kept[i]` says whether block `i` survived judging; captions are passed
/// over, as they are kept whatever they say.
pub(crate) fn trailing_headings(blocks: &[TextBlock], kept: &[bool]) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate().rev() {
        if !kept[i] || b.kind == BlockKind::Caption {
            continue;
        }
        if b.kind != BlockKind::Heading {
            break;
        }
        out.push(i);
    }
    out
}
