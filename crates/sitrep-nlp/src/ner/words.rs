//! How often a word occurs in running text and how it is usually written:
//! "Laughter" in a title-cased line is the common noun "laughter", while
//! "Enron" is never written in lowercase. The table covers every word of the
//! training text, so the entity tagger can tell a capitalised common word
//! from a name even for words it never saw inside an entity.

use std::io::{Read, Write};

use crate::features::Lex;
use crate::perceptron::{self, IdMap};

/// Per lowercased word (its 32-bit hash), a small code: bits 0-1 the
/// frequency bucket, bits 2-4 how often it is written in lowercase away
/// from the start of a sentence. 0 means never seen.
#[derive(Debug, Clone, Default)]
pub struct WordStats {
    codes: IdMap<u8>,
}

/// Fewest occurrences for a word to be listed.
const MIN_COUNT: u32 = 3;

#[derive(Default, Clone, Copy)]
struct Count {
    all: u32,
    /// Occurrences not at the start of a sentence.
    inner: u32,
    /// Of those, written without a capital.
    lower: u32,
}

impl WordStats {
    /// Counts the words of padded sentences (`Lex` padded by [`crate::tagger::PAD`]).
    pub fn count<'a>(sentences: impl Iterator<Item = &'a [Lex]>) -> WordStats {
        let mut counts: IdMap<Count> = IdMap::default();
        for lex in sentences {
            let words = &lex[crate::tagger::PAD..lex.len() - crate::tagger::PAD];
            for (i, w) in words.iter().enumerate() {
                let c = counts.entry(w.lower as u32).or_default();
                c.all += 1;
                if i > 0 {
                    c.inner += 1;
                    c.lower += u32::from(w.flags & 1 == 0);
                }
            }
        }
        // Words seen fewer than three times are left out: in training they
        // would be mostly the names of that very text, and at run time an
        // unseen word must look like a rare one did in training.
        let codes = counts
            .into_iter()
            .filter(|(_, c)| c.all >= MIN_COUNT)
            .map(|(k, c)| {
                let freq = match c.all {
                    0..=9 => 1u8,
                    10..=49 => 2,
                    _ => 3,
                };
                // Tenths of the inner occurrences written in lowercase.
                let tenths = (10 * c.lower).checked_div(c.inner);
                let case = match tenths {
                    None => 0u8,
                    Some(_) if c.lower == 0 => 1,
                    Some(0..=2) => 2,
                    Some(3..=6) => 3,
                    Some(_) if c.lower < c.inner => 4,
                    Some(_) => 5,
                };
                (k, freq | (case << 2))
            })
            .collect();
        WordStats { codes }
    }

    /// The code of a word (0 when unseen).
    #[inline]
    pub fn code(&self, lex: &Lex) -> u64 {
        self.codes
            .get(&(lex.lower as u32))
            .map_or(0, |&c| u64::from(c))
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        perceptron::write_byte_map(&self.codes, w)
    }

    pub fn read(r: &mut impl Read) -> std::io::Result<WordStats> {
        let codes = perceptron::read_byte_map(r)?;
        Ok(WordStats { codes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn padded(words: &[&str]) -> Vec<Lex> {
        let mut out = Vec::new();
        crate::tagger::padded_lex(words, &Default::default(), &mut out);
        out
    }

    #[test]
    fn tells_common_words_from_names() {
        let sents = [
            padded(&["We", "laughed", "and", "laughter", "came"]),
            padded(&["The", "laughter", "at", "Enron"]),
            padded(&["Enron", "said", "laughter", "helps"]),
            padded(&["At", "Enron", "they", "said"]),
        ];
        let stats = WordStats::count(sents.iter().map(|s| s.as_slice()));
        let laughter = stats.code(&Lex::new("Laughter"));
        let enron = stats.code(&Lex::new("Enron"));
        assert_eq!(laughter >> 2, 5, "always lowercase inside a sentence");
        assert_eq!(enron >> 2, 1, "never lowercase");
        assert_eq!(stats.code(&Lex::new("Google")), 0);
        let mut buf = Vec::new();
        stats.write(&mut buf).unwrap();
        let back = WordStats::read(&mut buf.as_slice()).unwrap();
        assert_eq!(back.code(&Lex::new("laughter")), laughter);
    }
}
