//! The standfirst: the one-sentence summary under the headline that the
//! page also gives as its meta description. It introduces the story but is
//! not part of it, and it sits in the headline's box (a sibling of the
//! headline) rather than among the story's paragraphs. A lead paragraph that
//! a site copies into its description is among them, and stays.

use super::arena::Arena;
use super::blocks::TextBlock;
use sitrep_core::BlockKind;

/// Index into `blocks` of the standfirst, if the first kept prose block
/// repeats a description, shares its parent with a headline before it, and
/// lives in another element than the kept paragraph after it. `kept[i]`
/// says whether block `i` survived judging.
pub(crate) fn find(
    arena: &Arena,
    blocks: &[TextBlock],
    kept: &[bool],
    descriptions: &[String],
) -> Option<usize> {
    let mut prose = blocks
        .iter()
        .enumerate()
        .filter(|&(i, b)| kept[i] && !matches!(b.kind, BlockKind::Heading | BlockKind::Caption));
    let (first, b) = prose.next()?;
    if !descriptions.iter().any(|d| same_words(d, &b.text)) {
        return None;
    }
    let (_, next) = prose.find(|(_, n)| n.kind == BlockKind::Paragraph)?;
    let parent = |i: u32| arena.nodes[i as usize].parent;
    let beside_headline = blocks[..first]
        .iter()
        .any(|h| h.kind == BlockKind::Heading && parent(h.owner) == parent(b.owner));
    (beside_headline && parent(next.owner) != parent(b.owner)).then_some(first)
}

/// Same letters and digits, case aside (descriptions often drop or change
/// the final punctuation).
fn same_words(a: &str, b: &str) -> bool {
    let (a, b) = (super::letters_and_digits(a), super::letters_and_digits(b));
    !a.is_empty() && a == b
}
