//! WARC byte ranges: the spans of a file tile it, each range reads on its
//! own into what reading the whole file gives, and a broken or misplaced
//! range is one error that names it.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::{write::GzEncoder, Compression};
use sitrep_core::RawDoc;
use sitrep_ingest::{read_inputs, read_warc_range, warc_spans, IngestError, Limits, WarcSpan};

/// A fresh folder under the system temp dir for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-ranges-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

fn record(kind: &str, uri: &str, block: &str) -> String {
    format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-02-11T10:00:00Z\r\n\
Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    )
}

/// A crawl as Common Crawl writes one: warcinfo, then request, response
/// and metadata for each page. The pages are the bundled news samples.
fn crawl_records() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples/news");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("news samples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    pages.sort();
    let mut records = vec![record("warcinfo", "", "software: sitrep test\r\n")];
    for (i, page) in pages.iter().take(6).enumerate() {
        let text = std::fs::read_to_string(page).expect("sample");
        let body: String = text
            .split("\n\n")
            .map(|p| format!("<p>{}</p>\n", p.trim()))
            .collect();
        let html = format!("<!doctype html><html><body><article>{body}</article></body></html>");
        let uri = format!("https://news.example/{i}");
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
        records.push(record("request", &uri, "GET / HTTP/1.1\r\n\r\n"));
        records.push(record("response", &uri, &http));
        records.push(record("metadata", &uri, "fetchTimeMs: 12\r\n"));
    }
    records
}

fn read_all(path: &Path) -> (Vec<RawDoc>, Vec<IngestError>) {
    split(read_inputs(
        &[path.display().to_string()],
        &Limits::default(),
    ))
}

fn split(
    items: impl Iterator<Item = Result<RawDoc, IngestError>>,
) -> (Vec<RawDoc>, Vec<IngestError>) {
    let (mut docs, mut errs) = (Vec::new(), Vec::new());
    for item in items {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => errs.push(e),
        }
    }
    (docs, errs)
}

/// Reads the file in ranges of `n` spans each.
fn read_by_range(path: &Path, spans: &[WarcSpan], n: usize) -> (Vec<RawDoc>, Vec<IngestError>) {
    let mut all = (Vec::new(), Vec::new());
    for chunk in spans.chunks(n) {
        let range = WarcSpan::covering(chunk).expect("non-empty chunk");
        let (docs, errs) = split(read_warc_range(path, range, &Limits::default()));
        all.0.extend(docs);
        all.1.extend(errs);
    }
    all
}

fn urls(docs: &[RawDoc]) -> Vec<&str> {
    docs.iter().filter_map(|d| d.url.as_deref()).collect()
}

#[test]
fn gzip_members_are_spans_and_ranges_read_alone() {
    let dir = scratch("gz");
    let records = crawl_records();
    let bytes: Vec<u8> = records.iter().flat_map(|r| gzip(r.as_bytes())).collect();
    let path = dir.join("crawl.warc.gz");
    std::fs::write(&path, &bytes).expect("write");

    let spans = warc_spans(&path, &Limits::default()).expect("spans");
    assert_eq!(spans.len(), records.len(), "one span per member");
    assert_eq!(spans[0].offset, 0);
    assert_eq!(spans.last().map(WarcSpan::end), Some(bytes.len() as u64));
    for pair in spans.windows(2) {
        assert_eq!(pair[0].end(), pair[1].offset, "spans tile the file");
    }
    // Each member is what gzip made of one record.
    let expected_lengths: Vec<u64> = records
        .iter()
        .map(|r| gzip(r.as_bytes()).len() as u64)
        .collect();
    let lengths: Vec<u64> = spans.iter().map(|s| s.length).collect();
    assert_eq!(lengths, expected_lengths);

    let (whole, errs) = read_all(&path);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(whole.len(), 6);
    for n in [1, 4, 64] {
        let (docs, errs) = read_by_range(&path, &spans, n);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(urls(&docs), urls(&whole), "ranges of {n}");
        for (a, b) in docs.iter().zip(&whole) {
            assert_eq!(a.body, b.body);
            assert_eq!(a.date, b.date);
        }
    }
    // A range's documents are named by their member's offset in the file.
    let (docs, _) = read_by_range(&path, &spans, 64);
    let path_name = path.display().to_string();
    assert_eq!(docs[0].source, format!("{path_name}@{}#0", spans[2].offset));
}

#[test]
fn plain_records_are_spans_named_as_in_the_whole_file() {
    let dir = scratch("plain");
    let records = crawl_records();
    let text: String = records.concat();
    let path = dir.join("crawl.warc");
    std::fs::write(&path, text.as_bytes()).expect("write");

    let spans = warc_spans(&path, &Limits::default()).expect("spans");
    assert_eq!(spans.len(), records.len());
    assert_eq!(spans.last().map(WarcSpan::end), Some(text.len() as u64));
    for pair in spans.windows(2) {
        assert_eq!(pair[0].end(), pair[1].offset, "spans tile the file");
    }
    let (whole, errs) = read_all(&path);
    assert!(errs.is_empty(), "{errs:?}");
    for n in [1, 3, 64] {
        let (docs, errs) = read_by_range(&path, &spans, n);
        assert!(errs.is_empty(), "{errs:?}");
        let sources = |d: &[RawDoc]| d.iter().map(|x| x.source.clone()).collect::<Vec<_>>();
        assert_eq!(sources(&docs), sources(&whole), "ranges of {n}");
        assert_eq!(urls(&docs), urls(&whole));
    }
}

#[test]
fn a_corrupt_member_fails_its_range_and_names_it() {
    let dir = scratch("corrupt");
    let records = crawl_records();
    let members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r.as_bytes())).collect();
    let clean: Vec<u8> = members.concat();
    let clean_path = dir.join("clean.warc.gz");
    std::fs::write(&clean_path, &clean).expect("write");
    let spans = warc_spans(&clean_path, &Limits::default()).expect("spans");

    // Damage the deflate data in the middle of the fifth member (a response).
    let mut broken = clean.clone();
    let hit = spans[5].offset as usize + spans[5].length as usize / 2;
    for b in &mut broken[hit..hit + 16] {
        *b ^= 0x5a;
    }
    let path = dir.join("broken.warc.gz");
    std::fs::write(&path, &broken).expect("write");
    let name = path.display().to_string();

    let err = warc_spans(&path, &Limits::default()).expect_err("corrupt member indexed");
    assert_eq!(err.input, format!("{name}@{}", spans[5].offset));

    // The range holding it yields the documents before it, then the error;
    // the ranges around it are untouched.
    let range = WarcSpan::covering(&spans[4..7]).expect("range");
    let (docs, errs) = split(read_warc_range(&path, range, &Limits::default()));
    assert!(docs.is_empty(), "the member before it is a request");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].input, format!("{name}@{}", spans[5].offset));
    assert!(errs[0].to_string().contains("gzip"), "{}", errs[0]);
    let before = WarcSpan::covering(&spans[..5]).expect("range");
    let (docs, errs) = split(read_warc_range(&path, before, &Limits::default()));
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(docs.len(), 1);
}

#[test]
fn misplaced_ranges_are_errors_naming_the_range() {
    let dir = scratch("misplaced");
    let records = crawl_records();
    let bytes: Vec<u8> = records.iter().flat_map(|r| gzip(r.as_bytes())).collect();
    let path = dir.join("crawl.warc.gz");
    std::fs::write(&path, &bytes).expect("write");
    let name = path.display().to_string();
    let spans = warc_spans(&path, &Limits::default()).expect("spans");

    let past = WarcSpan {
        offset: spans[3].offset,
        length: bytes.len() as u64,
    };
    let (docs, errs) = split(read_warc_range(&path, past, &Limits::default()));
    assert!(docs.is_empty());
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].input, format!("{name}@{past}"));
    assert!(errs[0].to_string().contains("past the end"), "{}", errs[0]);

    // Cut short: the member is truncated.
    let short = WarcSpan {
        offset: spans[2].offset,
        length: spans[2].length - 4,
    };
    let (docs, errs) = split(read_warc_range(&path, short, &Limits::default()));
    assert!(docs.is_empty());
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].input, format!("{name}@{}", spans[2].offset));

    let missing = dir.join("gone.warc.gz");
    let (_, errs) = split(read_warc_range(&missing, spans[0], &Limits::default()));
    assert_eq!(errs[0].input, format!("{}@{}", missing.display(), spans[0]));

    // A plain WARC range that starts inside a record.
    let plain = dir.join("crawl.warc");
    std::fs::write(&plain, records.concat().as_bytes()).expect("write");
    let inside = WarcSpan {
        offset: 7,
        length: 100,
    };
    let (_, errs) = split(read_warc_range(&plain, inside, &Limits::default()));
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].input, format!("{}@7+100", plain.display()));
}

#[test]
fn a_gzip_cut_across_records_is_refused() {
    let dir = scratch("cut");
    let whole = crawl_records().concat();
    // Two members, split in the middle of a record.
    let mid = whole.len() / 2;
    let mut bytes = gzip(&whole.as_bytes()[..mid]);
    bytes.extend(gzip(&whole.as_bytes()[mid..]));
    let path = dir.join("cut.warc.gz");
    std::fs::write(&path, &bytes).expect("write");
    let err = warc_spans(&path, &Limits::default()).expect_err("cut members accepted");
    assert!(
        err.to_string().contains("does not start a WARC record"),
        "{err}"
    );
    // One member for the whole file is one span: whole records, readable.
    let one = dir.join("one.warc.gz");
    std::fs::write(&one, gzip(whole.as_bytes())).expect("write");
    let spans = warc_spans(&one, &Limits::default()).expect("spans");
    assert_eq!(spans.len(), 1);
    let (docs, errs) = split(read_warc_range(&one, spans[0], &Limits::default()));
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(docs.len(), 6);
}

#[test]
fn a_gzip_bomb_member_is_refused_when_listing_and_reading() {
    let dir = scratch("bomb");
    // 16 MiB of spaces in one record: gzip makes it a few kilobytes, far
    // past the ratio limit once over the floor.
    let huge = " ".repeat(16 * 1024 * 1024);
    let mut bytes = gzip(record("response", "https://news.example/x", "x").as_bytes());
    let bomb_at = bytes.len() as u64;
    bytes.extend(gzip(
        record("resource", "https://news.example/bomb", &huge).as_bytes(),
    ));
    let path = dir.join("bomb.warc.gz");
    std::fs::write(&path, &bytes).expect("write");
    let name = path.display().to_string();

    let err = warc_spans(&path, &Limits::default()).expect_err("bomb listed");
    assert_eq!(err.input, format!("{name}@{bomb_at}"));
    assert!(err.to_string().contains("gzip bomb"), "{err}");

    let range = WarcSpan {
        offset: bomb_at,
        length: bytes.len() as u64 - bomb_at,
    };
    let (docs, errs) = split(read_warc_range(&path, range, &Limits::default()));
    assert!(docs.is_empty());
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].to_string().contains("gzip bomb"), "{}", errs[0]);
}
