//! WARC records read whole, as `sitrep extract crawl.warc` reads them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{read_bytes, Limits};

fuzz_target!(|data: &[u8]| {
    // Keep the fuzzer on the WARC reader: what does not start like a WARC
    // file gets the version line in front.
    let bytes = if data.starts_with(b"WARC/") {
        data.to_vec()
    } else {
        [b"WARC/1.0\r\n".as_slice(), data].concat()
    };
    let limits = Limits {
        max_doc_bytes: 1 << 20,
        ..Limits::default()
    };
    for item in read_bytes("fuzz.warc", bytes, &limits) {
        let _ = item;
    }
});
