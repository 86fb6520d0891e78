//! Which sentences of a story the event rules read in depth.
//!
//! The rules look at a sentence's tags, parse and entities only when a
//! trigger or a count over a period is in it; everywhere else they take
//! just the subject, so that "it" and "they" in a later sentence can be
//! resolved. Telling the language pipeline this before it runs lets it
//! parse a fraction of a page (see `Nlp::annotate_selected`).

use crate::counts;
use crate::lexicon::LEXICON;
use crate::sentence::lower;

/// How many sentences before one the rules read are analysed too: the
/// subject a pronoun refers to is nearly always in the sentence or two
/// before it.
pub const SUBJECT_CONTEXT: usize = 2;

/// The words that the rules let stand for the last named subject of an
/// earlier sentence ("It said …", "their fighters"): only a sentence read
/// whole that has one of them needs the subjects of the sentences before.
pub const STANDS_FOR_SUBJECT: &[&str] =
    &["he", "she", "it", "they", "its", "his", "their", "we", "i"];

/// Whether the rules would read this sentence (its text and token texts)
/// in depth: a trigger word or phrase, or a count of incidents.
pub fn worth_reading(text: &str, words: &[&str]) -> bool {
    let lowered: Vec<String> = words.iter().map(|w| lower(w)).collect();
    worth_reading_lowered(text, &lowered)
}

fn worth_reading_lowered(text: &str, lowered: &[String]) -> bool {
    LEXICON.mentioned(lowered) || counts::aggregate(text).is_some()
}

/// How much of a sentence the rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Nothing: no trigger, no count, and no trigger just after it.
    Skip,
    /// Only its subject, for the pronouns after it: tagged at once, parsed
    /// only if such a pronoun asks for the last named subject (see the
    /// extractor's `Deferred`).
    Subject,
    /// All of it: tags, parse and entities.
    Whole,
}

/// For each sentence (its text and token texts), how much the rules read:
/// the sentences worth reading whole, the [`SUBJECT_CONTEXT`] sentences
/// before each that has a word [`STANDS_FOR_SUBJECT`] for their subject,
/// nothing of the rest. (Until 2026-12-06 the sentences before every
/// sentence read whole were parsed: two fifths of the words parsed on
/// general news, most of them for sentences with no pronoun to resolve.)
pub fn sentences_to_read<'a>(
    sentences: impl IntoIterator<Item = (&'a str, &'a [&'a str])>,
) -> Vec<Reading> {
    // Per sentence: read whole, and whether it has a pronoun.
    let read: Vec<(bool, bool)> = sentences
        .into_iter()
        .map(|(text, words)| {
            let lowered: Vec<String> = words.iter().map(|w| lower(w)).collect();
            let whole = worth_reading_lowered(text, &lowered);
            let pronoun = whole
                && lowered
                    .iter()
                    .any(|w| STANDS_FOR_SUBJECT.contains(&w.as_str()));
            (whole, pronoun)
        })
        .collect();
    let mut out: Vec<Reading> = read
        .iter()
        .map(|&(w, _)| if w { Reading::Whole } else { Reading::Skip })
        .collect();
    for (i, _) in read.iter().enumerate().filter(|(_, &(_, p))| p) {
        for o in out
            .iter_mut()
            .take(i)
            .skip(i.saturating_sub(SUBJECT_CONTEXT))
        {
            if *o == Reading::Skip {
                *o = Reading::Subject;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    /// How much of each sentence (words split at spaces) is read.
    fn read(texts: &[&str]) -> Vec<Reading> {
        let words: Vec<Vec<String>> = texts.iter().map(|t| split(t)).collect();
        let refs: Vec<Vec<&str>> = words
            .iter()
            .map(|w| w.iter().map(String::as_str).collect())
            .collect();
        sentences_to_read(texts.iter().copied().zip(refs.iter().map(Vec::as_slice)))
    }

    #[test]
    fn triggers_counts_and_the_sentences_before_them_are_read() {
        let texts = [
            "The weather was mild in the capital .",
            "The minister spoke to reporters .",
            "The sky was grey in the morning .",
            "Nothing else happened .",
            "They said gunmen killed three soldiers near the border .",
            "The market stayed quiet later .",
            "There have been more than 165 incidents since October .",
        ];
        let read = read(&texts);
        use Reading::*;
        // The count has no pronoun: "The market stayed quiet" is not needed.
        assert_eq!(read, [Skip, Skip, Subject, Subject, Whole, Skip, Whole]);
    }

    #[test]
    fn subjects_are_parsed_only_for_a_pronoun_after_them() {
        let texts = [
            "The weather was mild in the north .",
            "Gunmen killed three soldiers near the border .",
            "The minister spoke to reporters .",
            "Its fighters later attacked a checkpoint .",
        ];
        let read = read(&texts);
        use Reading::*;
        assert_eq!(read, [Skip, Whole, Subject, Whole]);
    }

    #[test]
    fn a_sentence_without_triggers_is_not_read() {
        assert!(!worth_reading(
            "The weather was mild in the capital.",
            &["The", "weather", "was", "mild", "in", "the", "capital", "."]
        ));
        assert!(worth_reading(
            "The convoy came under fire.",
            &["The", "convoy", "came", "under", "fire", "."]
        ));
    }
}
