//! JSONL lines (`html` or `text` per line), and one JSON document or array.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{read_bytes, sniff, Kind, Limits};

fuzz_target!(|data: &[u8]| {
    // Keep the fuzzer on the JSON readers: anything else gets a first line
    // that makes the sniff say JSONL.
    let bytes = match sniff(data) {
        Kind::Jsonl | Kind::Json => data.to_vec(),
        _ => [b"{\"text\":\"x\"}\n".as_slice(), data].concat(),
    };
    let limits = Limits {
        max_doc_bytes: 1 << 20,
        ..Limits::default()
    };
    for item in read_bytes("fuzz.jsonl", bytes, &limits) {
        let _ = item;
    }
});
