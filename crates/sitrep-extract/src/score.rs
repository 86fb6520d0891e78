//! The article-body benchmark's metric: 4-word shingles of `\w+` tokens,
//! precision averaged over pages with a prediction, recall over pages with
//! gold text (as `../shared/tools/eval_extraction.py` computes it).

use std::collections::HashMap;

/// Tokens: maximal runs of Unicode word characters (Python's `\w`: letters,
/// digits, marks, connector punctuation such as `_`).
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if is_word(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Python's `\w` on `str`: letters (L*), numbers (N*) and `_` — not marks,
/// which Rust's `is_alphanumeric` partly includes (`Other_Alphabetic`).
fn is_word(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
    )
}

fn shingles<'a>(toks: &[&'a str], n: usize) -> HashMap<Vec<&'a str>, u32> {
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    if toks.len() < n {
        out.insert(toks.to_vec(), 1);
        return out;
    }
    for w in toks.windows(n) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// True positives, false positives and false negatives of one page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: u64,
    pub fp: u64,
    pub fn_: u64,
}

impl Counts {
    pub fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0).then(|| self.tp as f64 / (self.tp + self.fp) as f64)
    }
    pub fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0).then(|| self.tp as f64 / (self.tp + self.fn_) as f64)
    }
}

/// Compares one page's prediction with its gold text over `n`-token shingles.
pub fn page_counts(gold: &str, pred: &str, n: usize) -> Counts {
    let g = shingles(&tokens(gold), n);
    let p = shingles(&tokens(pred), n);
    let tp: u64 = p
        .iter()
        .map(|(k, &c)| u64::from(c.min(g.get(k).copied().unwrap_or(0))))
        .sum();
    let psum: u64 = p.values().map(|&c| u64::from(c)).sum();
    let gsum: u64 = g.values().map(|&c| u64::from(c)).sum();
    Counts {
        tp,
        fp: psum - tp,
        fn_: gsum - tp,
    }
}

/// Averaged precision, recall and their harmonic mean.
pub fn aggregate(pages: &[Counts]) -> (f64, f64, f64) {
    let mean = |xs: Vec<f64>| {
        if xs.is_empty() {
            0.0
        } else {
            xs.iter().sum::<f64>() / xs.len() as f64
        }
    };
    let p = mean(pages.iter().filter_map(Counts::precision).collect());
    let r = mean(pages.iter().filter_map(Counts::recall).collect());
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_word_runs() {
        assert_eq!(
            tokens("It's 3.5 km—north_east"),
            vec!["It", "s", "3", "5", "km", "north_east"]
        );
        assert_eq!(tokens("Ağrı’da çatışma"), vec!["Ağrı", "da", "çatışma"]);
    }

    #[test]
    fn counts_match_the_reference_definition() {
        let c = page_counts("a b c d e", "a b c d x", 4);
        assert_eq!(
            c,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
        let short = page_counts("a b", "a b", 4);
        assert_eq!(
            short,
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        let empty = page_counts("a b c d", "", 4);
        assert_eq!(empty.precision(), None);
        assert_eq!(empty.recall(), Some(0.0));
    }
}
