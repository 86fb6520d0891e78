//! WARC records read by byte range, as a PostgreSQL work queue hands them
//! out: the file is cut into spans, each span is read on its own, and so is
//! one range the input chooses (which may start or end anywhere).
#![no_main]

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sitrep_ingest::{read_warc_range, warc_spans, Limits, WarcSpan};

/// One scratch file per process, rewritten for each input (the range API
/// reads paths, not bytes). /dev/shm keeps it off the disk when it exists.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        dir.join(format!("sitrep-fuzz-range-{}.warc", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    // The first four bytes choose a range of their own; the rest is the file.
    let pick_off = u16::from_le_bytes([data[0], data[1]]) as u64;
    let pick_len = u16::from_le_bytes([data[2], data[3]]) as u64;
    let body = &data[4..];
    let path = scratch();
    let Ok(mut f) = std::fs::File::create(path) else {
        return;
    };
    if f.write_all(body).is_err() {
        return;
    }
    drop(f);
    let limits = Limits {
        max_doc_bytes: 1 << 20,
        ..Limits::default()
    };
    if let Ok(spans) = warc_spans(path, &limits) {
        let mut end = 0;
        for s in &spans {
            assert!(s.offset >= end, "spans overlap or go backwards: {spans:?}");
            end = s.end();
            for item in read_warc_range(path, *s, &limits) {
                let _ = item;
            }
        }
        assert!(end <= body.len() as u64, "a span ends past the file");
        if let Some(all) = WarcSpan::covering(&spans) {
            for item in read_warc_range(path, all, &limits) {
                let _ = item;
            }
        }
    }
    let chosen = WarcSpan {
        offset: pick_off,
        length: pick_len,
    };
    for item in read_warc_range(path, chosen, &limits) {
        let _ = item;
    }
});
