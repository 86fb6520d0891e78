//! HTML (and plain-text) extraction: main text, title, date, byline.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_core::{RawBody, RawDoc};
use sitrep_extract::{extract_with_warnings, ExtractOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let page = String::from_utf8_lossy(rest).into_owned();
    let body = if mode % 8 == 0 {
        RawBody::Text(page)
    } else {
        RawBody::Html(page)
    };
    let raw = RawDoc {
        source: "fuzz".into(),
        id: None,
        url: (mode % 3 == 0).then(|| "https://example.org/a/b.html".to_string()),
        date: None,
        body,
    };
    let opts = ExtractOptions {
        // A shallow limit now and then, so the flattening path runs too.
        max_depth: if mode % 5 == 0 { 8 } else { 512 },
        ..ExtractOptions::default()
    };
    if let Ok((doc, _)) = extract_with_warnings(&raw, &opts) {
        for b in &doc.blocks {
            let _ = b;
        }
        assert!(!doc.id.is_empty());
    }
});
