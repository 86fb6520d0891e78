//! Lower-casing a whole story, as `str::to_lowercase` does it, faster.
//!
//! Why: the story frames, the sports test and the keyword classes each
//! lower-case the whole text of every story. The standard library copies
//! the ASCII opening of a text in bulk but, from the first non-ASCII
//! character on (a curly quote or a dash in the first line, in most
//! news), converts one character at a time; that was 1.1 % of a 91-page
//! run. Here every run of ASCII between non-ASCII characters is copied
//! and lower-cased in bulk, and each non-ASCII character is converted as
//! the standard library converts it. A text with a capital sigma, whose
//! lower case depends on the letters around it, is left to the standard
//! library.
//!
//! Also the case folding a case-blind pattern sees, for the word tests
//! that skip patterns which cannot match ([`fold_like_ignore_case`]).

/// `text.to_lowercase()`, character for character.
pub fn to_lowercase(text: &str) -> String {
    if text.contains('Σ') {
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            out.extend(c.to_lowercase());
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// `text` with every character that `(?i)` matches to an ASCII letter
/// made that lowercase letter: ASCII letters, and the only two others
/// whose simple case folding is one (ſ to s, the Kelvin sign to k). Any
/// other character stays, and no ASCII needle can match inside it, so an
/// ASCII word absent from the result cannot be matched by a case-blind
/// pattern. The count and temporal patterns' word tests read it, so that
/// a sentence with a curly quote, a dash or an accented name is tested
/// too, not run through every pattern.
pub(crate) fn fold_like_ignore_case(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars()
        .map(|c| match c {
            '\u{17F}' => 's',
            '\u{212A}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The same as the standard library on any text, and on text made
        /// of the letters whose lower case is unusual (İ, final sigma, ẞ).
        #[test]
        fn as_the_standard_library(text in any::<String>(), pieces in proptest::collection::vec(
            prop::sample::select(vec![
                "A", "b", " ", "İ", "Σ", "ΣΑΣ", "ς", "ẞ", "Ω", "K", "’", "—", "É", "ǅ", "ﬁ", ".", "1",
            ]),
            0..20,
        )) {
            prop_assert_eq!(to_lowercase(&text), text.to_lowercase());
            let joined = pieces.concat();
            prop_assert_eq!(to_lowercase(&joined), joined.to_lowercase());
        }
    }
}
