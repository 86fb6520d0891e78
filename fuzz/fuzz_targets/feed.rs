//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds, items to documents.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{read_bytes, sniff, Kind, Limits};

fuzz_target!(|data: &[u8]| {
    let bytes = if sniff(data) == Kind::Feed {
        data.to_vec()
    } else {
        [b"<rss version=\"2.0\"><channel>".as_slice(), data].concat()
    };
    let limits = Limits {
        max_doc_bytes: 1 << 20,
        ..Limits::default()
    };
    for item in read_bytes("fuzz.xml", bytes, &limits) {
        let _ = item;
    }
});
