//! Properties of the tokenizer over generated text (proptest): tokens are
//! non-empty, in order, on character boundaries, never hold whitespace, and
//! together cover every other character; sentences tile the tokens.

use proptest::prelude::*;
use sitrep_nlp::tokenize::tokenize;

/// Text shaped like prose (words, numbers, abbreviations, punctuation,
/// paragraph breaks) or any Unicode at all.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "([A-Za-z0-9]{1,8}[.,;:!?'\"()\\-]{0,2}( |\n|\n\n|  ))*",
        "((Mr|Dr|Gen|U\\.S|No|a\\.m)\\. [A-Z][a-z]{0,6}( said| was)?[.!?]? ){0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn tokens_cover_the_text_in_order(text in text()) {
        let (tokens, sentences) = tokenize(&text);
        let mut covered = 0;
        for t in &tokens {
            prop_assert!(t.start >= covered, "tokens overlap or go back: {tokens:?}");
            prop_assert!(t.start < t.end && t.end <= text.len());
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            // Only whitespace lies between tokens, and none inside one.
            prop_assert!(text[covered..t.start].chars().all(char::is_whitespace),
                "{:?} left out", &text[covered..t.start]);
            prop_assert!(!text[t.start..t.end].chars().any(char::is_whitespace));
            covered = t.end;
        }
        prop_assert!(text[covered..].chars().all(char::is_whitespace));
        let mut next = 0;
        for s in &sentences {
            prop_assert_eq!(s.first, next);
            prop_assert!(s.first <= s.last);
            next = s.last + 1;
        }
        prop_assert_eq!(next, tokens.len());
    }
}
