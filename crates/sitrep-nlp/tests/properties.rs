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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// With any limit, sentences still tile the tokens and none is longer
    /// than the limit; sentences the splitter made within it are kept.
    #[test]
    fn capped_sentences_tile_the_tokens_within_the_limit(text in text(), max in 1usize..40) {
        let (tokens, sentences) = sitrep_nlp::tokenize::tokenize_capped(&text, max);
        let (_, uncapped) = sitrep_nlp::tokenize::tokenize_capped(&text, usize::MAX);
        let mut next = 0;
        for s in &sentences {
            prop_assert_eq!(s.first, next);
            prop_assert!(s.first <= s.last && s.last - s.first < max);
            next = s.last + 1;
        }
        prop_assert_eq!(next, tokens.len());
        for u in uncapped.iter().filter(|u| u.last - u.first < max) {
            prop_assert!(sentences.contains(u), "{u:?} was cut");
        }
    }
}

/// The whole analysis, not only the splitter, keeps to the sentence limit:
/// a 10,000-word page without a full stop comes back as sentences of at
/// most [`MAX_SENTENCE_TOKENS`] tokens that together hold every token, and
/// a lower limit set on the pipeline is kept too.
#[test]
fn a_run_on_page_is_analysed_in_sentences_no_longer_than_the_limit() {
    use sitrep_nlp::tokenize::MAX_SENTENCE_TOKENS;
    let words = "militants attacked a checkpoint near the town and police said three \
                 soldiers were wounded in the clash"
        .split(' ')
        .collect::<Vec<_>>();
    let text = (0..10_000)
        .map(|i| words[i % words.len()])
        .collect::<Vec<_>>()
        .join(" ");
    let mut nlp = sitrep_nlp::Nlp::default();
    let a = nlp.annotate(&text);
    assert!(a.sentences.len() >= 10_000 / MAX_SENTENCE_TOKENS);
    assert!(a
        .sentences
        .iter()
        .all(|s| !s.tokens.is_empty() && s.tokens.len() <= MAX_SENTENCE_TOKENS));
    assert_eq!(
        a.sentences.iter().map(|s| s.tokens.len()).sum::<usize>(),
        10_000
    );
    nlp.set_max_sentence_tokens(64);
    let a = nlp.annotate(&text);
    assert!(a.sentences.iter().all(|s| s.tokens.len() <= 64));
    assert_eq!(
        a.sentences.iter().map(|s| s.tokens.len()).sum::<usize>(),
        10_000
    );
}
