//! Two registers, one entity tagger: web text (UNER's annotation of the
//! English Web Treebank) and news (re3d's of conflict reporting).
//!
//! Why: the corpora mark names differently (re3d takes in names UNER
//! leaves out), and trained with feature augmentation (see
//! [`super::Adaptation`]) no single fold of the corpus copies serves both:
//! the UNER fold loses 12 points on re3d, the re3d fold 15 on UNER. So a
//! model with registers stores the **news** fold as its main weights (one
//! lookup per feature on the pipeline's path) and, as a second table, what
//! the web fold differs by (UNER's copies minus re3d's, small weights
//! pruned). Which register a document is in is read from the document
//! itself by [`Chooser`], a naive Bayes model of the words of the training
//! corpora's own documents, never named by the caller.

use std::io::{Read, Write};

use crate::features::hash_str;
use crate::perceptron::read_u32;

/// The register a document is tagged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Register {
    /// News and reports (re3d's annotation): the main weights alone.
    #[default]
    News,
    /// Web text (UNER's annotation): the main weights plus the web table.
    Web,
}

impl Register {
    pub fn name(self) -> &'static str {
        match self {
            Register::News => "news",
            Register::Web => "web",
        }
    }

    pub fn parse(name: &str) -> Option<Register> {
        match name {
            "news" => Some(Register::News),
            "web" => Some(Register::Web),
            _ => None,
        }
    }
}

/// Multinomial naive Bayes over lowercased words: each word of the table
/// carries `log P(w | web) - log P(w | news)`; a document's score is the
/// mean over its words found in the table, so the decision rests on the
/// vocabulary, not on the length (an ACLED note of one sentence is news as
/// much as a page of fifty).
#[derive(Debug, Clone, Default)]
pub struct Chooser {
    /// Sorted word hashes.
    keys: Vec<u64>,
    /// Log-ratios, by the keys' order.
    weights: Vec<f32>,
}

/// Words seen fewer times than this in both corpora together are left out
/// of the table (names and typos tell the register by accident).
const MIN_COUNT: u32 = 3;
/// Laplace smoothing of the word counts.
const ALPHA: f64 = 0.5;

impl Chooser {
    /// Learns the table from documents of each register, each document its words.
    pub fn train<'a, D, W>(web: D, news: D) -> Chooser
    where
        D: IntoIterator<Item = W>,
        W: IntoIterator<Item = &'a str>,
    {
        let mut counts: std::collections::HashMap<u64, [u32; 2]> = Default::default();
        let mut totals = [0u64; 2];
        for (side, docs) in [(0usize, web), (1usize, news)] {
            for doc in docs {
                for w in doc {
                    counts.entry(hash_str(w, true)).or_default()[side] += 1;
                    totals[side] += 1;
                }
            }
        }
        let mut kept: Vec<(u64, [u32; 2])> = counts
            .into_iter()
            .filter(|(_, c)| c[0] + c[1] >= MIN_COUNT)
            .collect();
        kept.sort_unstable_by_key(|e| e.0);
        let v = kept.len() as f64;
        let denom = [totals[0] as f64 + ALPHA * v, totals[1] as f64 + ALPHA * v];
        let weights = kept
            .iter()
            .map(|(_, c)| {
                let web = (f64::from(c[0]) + ALPHA) / denom[0];
                let news = (f64::from(c[1]) + ALPHA) / denom[1];
                (web.ln() - news.ln()) as f32
            })
            .collect();
        Chooser {
            keys: kept.into_iter().map(|e| e.0).collect(),
            weights,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The mean log-ratio of the document's words in the table (positive:
    /// web), 0 for a document with none.
    pub fn score<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> f32 {
        let (mut sum, mut n) = (0f64, 0usize);
        for w in words {
            if let Ok(i) = self.keys.binary_search(&hash_str(w, true)) {
                sum += f64::from(self.weights[i]);
                n += 1;
            }
        }
        if n == 0 {
            0.0
        } else {
            (sum / n as f64) as f32
        }
    }

    /// The register of a document from its words (news when in doubt: it
    /// is the pipeline's register).
    pub fn choose<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Register {
        if self.score(words) > 0.0 {
            Register::Web
        } else {
            Register::News
        }
    }

    pub fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        w.write_all(&(self.keys.len() as u32).to_le_bytes())?;
        let mut buf = Vec::with_capacity(12 * self.keys.len());
        for (k, x) in self.keys.iter().zip(&self.weights) {
            buf.extend_from_slice(&k.to_le_bytes());
            buf.extend_from_slice(&x.to_le_bytes());
        }
        w.write_all(&buf)
    }

    pub fn read(r: &mut impl Read) -> std::io::Result<Chooser> {
        let n = read_u32(r)? as usize;
        if n > 1 << 22 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "register table too large",
            ));
        }
        let mut buf = vec![0u8; 12 * n];
        r.read_exact(&mut buf)?;
        let mut keys = Vec::with_capacity(n);
        let mut weights = Vec::with_capacity(n);
        for e in buf.chunks_exact(12) {
            let mut k = [0u8; 8];
            k.copy_from_slice(&e[..8]);
            keys.push(u64::from_le_bytes(k));
            weights.push(f32::from_le_bytes([e[8], e[9], e[10], e[11]]));
        }
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "register table keys are not sorted",
            ));
        }
        Ok(Chooser { keys, weights })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_tells_the_register_whatever_the_length() {
        let web = [
            "lol my cat is so cute , anyone know a good vet ?",
            "thanks for the great service , highly recommend ! lol",
            "my cat hates the vet , anyone else ? thanks",
        ];
        let news = [
            "militants attacked a police checkpoint , officials said .",
            "the ministry said forces killed militants near the border .",
            "officials said the attack on the checkpoint killed police .",
        ];
        // Each document three times: words seen fewer times stay out of the table.
        let split = |d: &[&'static str; 3]| -> Vec<Vec<&'static str>> {
            d.iter()
                .cycle()
                .take(9)
                .map(|t| t.split(' ').collect())
                .collect()
        };
        let c = Chooser::train(split(&web), split(&news));
        assert!(!c.is_empty());
        assert_eq!(
            c.choose("anyone know a good vet ?".split(' ')),
            Register::Web
        );
        assert_eq!(
            c.choose("police said militants attacked".split(' ')),
            Register::News
        );
        // Unknown words only: news, the pipeline's register.
        assert_eq!(c.choose("zzz qqq".split(' ')), Register::News);
        let mut bytes = Vec::new();
        c.write(&mut bytes).unwrap();
        let back = Chooser::read(&mut bytes.as_slice()).unwrap();
        assert_eq!(back.keys, c.keys);
        assert_eq!(back.weights, c.weights);
    }
}
