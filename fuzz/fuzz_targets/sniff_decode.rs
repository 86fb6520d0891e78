//! Content sniffing and decoding: any bytes, as a file of unknown kind.
//! Covers gzip (and gzip in gzip), the charset prescan and the encoding
//! guess, then whichever reader the sniff picks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{decode_bytes, read_bytes, sniff, Limits};

/// Small limits so a generated gzip bomb is refused in microseconds.
fn limits() -> Limits {
    Limits {
        max_doc_bytes: 1 << 20,
        max_ratio: 200,
        max_depth: 512,
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = sniff(data);
    let declared = match data.first().map(|b| b % 4) {
        Some(0) => Some("windows-1256"),
        Some(1) => Some("utf-16le"),
        Some(2) => Some("x-no-such-charset"),
        _ => None,
    };
    let _ = decode_bytes(data, declared, true);
    let _ = decode_bytes(data, None, false);
    for item in read_bytes("fuzz", data.to_vec(), &limits()) {
        let _ = item;
    }
});
