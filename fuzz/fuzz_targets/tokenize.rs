//! The tokenizer and sentence splitter, with their invariants: tokens are
//! non-empty, in order, on character boundaries; sentences tile the tokens.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_nlp::tokenize::tokenize;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (tokens, sentences) = tokenize(&text);
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
        next = s.last + 1;
    }
    assert_eq!(next, tokens.len(), "sentences do not end at the last token");
});
