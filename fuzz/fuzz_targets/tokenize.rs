//! The tokenizer and sentence splitter, with their invariants: tokens are
//! non-empty, in order, on character boundaries; sentences tile the tokens
//! and none is longer than the sentence limit, here 1 to 64 tokens (taken
//! from the first byte) so that fuzz-sized inputs meet the cut.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_nlp::tokenize::tokenize_capped;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let max = data.first().map_or(1, |&b| usize::from(b % 64) + 1);
    let (tokens, sentences) = tokenize_capped(&text, max);
    let mut prev = 0;
    for t in &tokens {
        assert!(t.start >= prev && t.start < t.end && t.end <= text.len());
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        prev = t.end;
    }
    let mut next = 0;
    for s in &sentences {
        assert_eq!(s.first, next, "sentences leave a gap or overlap");
        assert!(s.first <= s.last && s.last < tokens.len());
        assert!(s.last - s.first < max, "a sentence longer than the limit");
        next = s.last + 1;
    }
    assert_eq!(next, tokens.len(), "sentences do not end at the last token");
});
