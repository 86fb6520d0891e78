//! Ingest over real containers and broken ones: every bad input is one error
//! that names it, never a panic, and the inputs after it are still read.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::{write::GzEncoder, Compression};
use sitrep_core::{RawBody, RawDoc};
use sitrep_ingest::{read_bytes, read_inputs, IngestError, Limits};

const PAGE: &str = "<!doctype html><html lang=\"en\"><head><title>Talks resume</title></head>\
<body><article><h1>Talks resume</h1><p>Iraqi and US officials resumed talks on Sunday \
over the withdrawal of coalition forces, a spokesman said.</p></article></body></html>";

/// A fresh folder under the system temp dir for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-ingest-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p.display().to_string()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

fn read(paths: &[String], limits: &Limits) -> (Vec<RawDoc>, Vec<IngestError>) {
    let mut docs = Vec::new();
    let mut errs = Vec::new();
    for r in read_inputs(paths, limits) {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => errs.push(e),
        }
    }
    (docs, errs)
}

/// Reads `bad` followed by a good page: exactly one error naming `bad`, and
/// the good page still comes through.
fn one_error_then_good(dir: &Path, bad: String, limits: &Limits) -> String {
    let good = write(dir, "good.html", PAGE.as_bytes());
    let (docs, errs) = read(&[bad.clone(), good.clone()], limits);
    assert_eq!(errs.len(), 1, "errors: {errs:?}");
    let msg = errs[0].to_string();
    assert!(
        msg.starts_with(&bad),
        "error does not name the input: {msg}"
    );
    assert!(!msg.contains('\n'), "error is not one line: {msg}");
    assert_eq!(docs.last().map(|d| d.source.as_str()), Some(good.as_str()));
    msg
}

#[test]
fn html_text_and_gzip_by_content() {
    let dir = scratch("kinds");
    let html = write(&dir, "page.dat", PAGE.as_bytes());
    let text = write(
        &dir,
        "story.html",
        b"Talks resume\n\nOfficials met on Sunday.",
    );
    let gz = write(&dir, "page.bin", &gzip(PAGE.as_bytes()));
    let (docs, errs) = read(&[html, text, gz], &Limits::default());
    assert!(errs.is_empty(), "{errs:?}");
    assert!(matches!(docs[0].body, RawBody::Html(_)));
    assert!(matches!(docs[1].body, RawBody::Text(_)));
    assert!(matches!(&docs[2].body, RawBody::Html(h) if h.contains("coalition forces")));
}

/// Bytes in memory are read exactly as a file holding them would be.
#[test]
fn bytes_in_memory_read_like_a_file() {
    let dir = scratch("bytes");
    let gz = gzip(PAGE.as_bytes());
    let path = write(&dir, "page.bin", &gz);
    let (from_file, errs) = read(std::slice::from_ref(&path), &Limits::default());
    assert!(errs.is_empty(), "{errs:?}");
    let from_bytes: Vec<RawDoc> = read_bytes(&path, gz, &Limits::default())
        .collect::<Result<_, _>>()
        .expect("reads");
    assert_eq!(from_bytes, from_file);
    let err = read_bytes("empty", Vec::new(), &Limits::default())
        .next()
        .expect("one item");
    assert!(err.is_err_and(|e| e.to_string().starts_with("empty")));
}

#[test]
fn folders_are_read_recursively_in_order() {
    let dir = scratch("folders");
    std::fs::create_dir_all(dir.join("b/c")).expect("mkdir");
    write(&dir, "a.html", PAGE.as_bytes());
    write(&dir.join("b/c"), "d.txt", b"Officials met on Sunday.");
    write(&dir, ".hidden", b"\0\0\0");
    let (docs, errs) = read(&[dir.display().to_string()], &Limits::default());
    assert!(errs.is_empty(), "{errs:?}");
    let names: Vec<_> = docs
        .iter()
        .map(|d| d.source.rsplit('/').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(names, ["a.html", "d.txt"]);
}

#[test]
fn jsonl_lines_with_metadata_and_a_bad_line() {
    let dir = scratch("jsonl");
    let lines = format!(
        "{}\n{}\nnot json\n{}\n",
        serde_json::json!({"id": "a1", "url": "https://ex.com/a", "date": "2024-02-11T08:00:00Z", "html": PAGE}),
        serde_json::json!({"id": 7, "text": "Officials met on Sunday."}),
        serde_json::json!({"title": "no body"}),
    );
    let path = write(&dir, "dump.jsonl", lines.as_bytes());
    let (docs, errs) = read(std::slice::from_ref(&path), &Limits::default());
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].id.as_deref(), Some("a1"));
    assert_eq!(docs[0].url.as_deref(), Some("https://ex.com/a"));
    assert_eq!(
        docs[0].date.map(|d| d.to_string()).as_deref(),
        Some("2024-02-11")
    );
    assert_eq!(docs[1].id.as_deref(), Some("7"));
    assert_eq!(errs.len(), 2);
    assert!(errs[0].to_string().starts_with(&format!("{path}:3")));
    assert!(errs[1].to_string().starts_with(&format!("{path}:4")));
}

fn warc_record(kind: &str, uri: &str, payload: &str) -> String {
    let http =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{payload}");
    let block = if kind == "response" {
        http
    } else {
        payload.to_string()
    };
    format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-02-11T10:00:00Z\r\n\
Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    )
}

#[test]
fn warc_and_warc_gz_responses() {
    let dir = scratch("warc");
    let warc = format!(
        "{}{}{}",
        warc_record("warcinfo", "", "software: test"),
        warc_record("response", "https://ex.com/2024/02/11/talks", PAGE),
        warc_record("request", "https://ex.com/x", "GET / HTTP/1.1"),
    );
    let plain = write(&dir, "crawl.warc", warc.as_bytes());
    // Per-record gzip members, as crawlers write them.
    let members: Vec<u8> = [
        warc_record("response", "https://ex.com/a", PAGE),
        warc_record("response", "https://ex.com/b", PAGE),
    ]
    .iter()
    .flat_map(|r| gzip(r.as_bytes()))
    .collect();
    let gz = write(&dir, "crawl.warc.gz", &members);
    let (docs, errs) = read(&[plain, gz], &Limits::default());
    assert!(errs.is_empty(), "{errs:?}");
    let urls: Vec<_> = docs.iter().filter_map(|d| d.url.as_deref()).collect();
    assert_eq!(
        urls,
        [
            "https://ex.com/2024/02/11/talks",
            "https://ex.com/a",
            "https://ex.com/b"
        ]
    );
    assert_eq!(
        docs[0].date.map(|d| d.to_string()).as_deref(),
        Some("2024-02-11")
    );
}

#[test]
fn rss_and_atom_items() {
    let dir = scratch("feeds");
    let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>Talks resume</title><link>https://ex.com/a</link><pubDate>Sun, 11 Feb 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Officials met on Sunday in Baghdad.&lt;/p&gt;</description></item>
<item><title>Strike reported</title><link>https://ex.com/b</link><description>A strike was reported.</description></item>
</channel></rss>"#;
    let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>N</title><id>urn:x</id><updated>2024-02-11T10:00:00Z</updated>
<entry><title>Talks resume</title><id>urn:a</id><updated>2024-02-11T10:00:00Z</updated><link href="https://ex.com/c"/>
<content type="html">&lt;p&gt;Officials met on Sunday.&lt;/p&gt;</content></entry></feed>"#;
    let a = write(&dir, "feed.xml", rss.as_bytes());
    let b = write(&dir, "atom.xml", atom.as_bytes());
    let (docs, errs) = read(&[a, b], &Limits::default());
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].url.as_deref(), Some("https://ex.com/a"));
    assert_eq!(
        docs[0].date.map(|d| d.to_string()).as_deref(),
        Some("2024-02-11")
    );
    assert!(docs[0].body.as_str().contains("<h1>Talks resume</h1>"));
    assert!(docs[2].body.as_str().contains("Officials met on Sunday."));
}

/// An RSS feed of `n` items, each about 200 bytes.
fn rss_items(n: usize) -> String {
    let mut feed = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel><title>Wire</title>\n",
    );
    for i in 0..n {
        feed.push_str(&format!(
            "<item><title>Item {i}</title><link>https://ex.com/{i}</link><dc:date>2024-02-0{}</dc:date>\
             <description>Police said checkpoint {i} was attacked on Friday.</description></item>\n",
            i % 9 + 1
        ));
    }
    feed.push_str("</channel></rss>\n");
    feed
}

fn read_feed(bytes: &[u8], limits: &Limits) -> (Vec<RawDoc>, Vec<IngestError>) {
    let (mut docs, mut errs) = (Vec::new(), Vec::new());
    for r in read_bytes("feed.xml", bytes.to_vec(), limits) {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => errs.push(e),
        }
    }
    (docs, errs)
}

#[test]
fn a_feed_is_read_item_by_item_whatever_its_size() {
    // 20,000 items (about 4 MB) under a 4 KB document limit: the limit is
    // per item, because the feed is never held whole.
    let feed = rss_items(20_000);
    let limits = Limits {
        max_doc_bytes: 4096,
        ..Limits::default()
    };
    let (docs, errs) = read_feed(feed.as_bytes(), &limits);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(docs.len(), 20_000);
    assert_eq!(docs[19_999].source, "feed.xml#item20000");
    assert_eq!(docs[19_999].url.as_deref(), Some("https://ex.com/19999"));
    assert_eq!(
        docs[19_999].date.map(|d| d.to_string()).as_deref(),
        Some("2024-02-02")
    );
    assert!(docs[0].body.as_str().starts_with("<h1>Item 0</h1>\n"));

    // An item over the limit is refused as a document over it was.
    let big = rss_items(3).replace(
        "Police said checkpoint 1",
        &format!("Police said {} checkpoint 1", "very ".repeat(1000)),
    );
    let (docs, errs) = read_feed(big.as_bytes(), &limits);
    assert_eq!(docs.len(), 1, "the item before it is read");
    assert!(
        matches!(errs.as_slice(), [e] if e.to_string().contains("larger than the limit")),
        "{errs:?}"
    );
}

#[test]
fn a_broken_feed_fails_where_the_fault_is() {
    // Items before the fault are read, then the feed's error.
    let broken = rss_items(3).replace("</item>\n<item><title>Item 2", "</item>\n<item><title <<");
    let (docs, errs) = read_feed(broken.as_bytes(), &Limits::default());
    assert_eq!(docs.len(), 2);
    assert!(
        matches!(errs.as_slice(), [e] if e.to_string().contains("invalid feed")),
        "{errs:?}"
    );
    // A version feed-rs does not read, and a channel-less feed: refused
    // whole, as before.
    for bad in [
        rss_items(2).replace("version=\"2.0\"", "version=\"7\""),
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><item><title>x</title></item></rss>".into(),
    ] {
        let (docs, errs) = read_feed(bad.as_bytes(), &Limits::default());
        assert!(docs.is_empty(), "{docs:?}");
        assert!(
            matches!(errs.as_slice(), [e] if e.to_string().contains("no root element")),
            "{errs:?}"
        );
    }
}

#[test]
fn legacy_encodings_are_decoded() {
    let dir = scratch("charset");
    let mut page = b"<html><head><meta charset=\"windows-1251\"></head><body><p>".to_vec();
    page.extend_from_slice(&encoding_rs_encode(
        "Переговоры возобновились в воскресенье.",
    ));
    page.extend_from_slice(b"</p></body></html>");
    let path = write(&dir, "ru.html", &page);
    let (docs, errs) = read(&[path], &Limits::default());
    assert!(errs.is_empty(), "{errs:?}");
    assert!(docs[0].body.as_str().contains("Переговоры возобновились"));
}

fn encoding_rs_encode(s: &str) -> Vec<u8> {
    // windows-1251 by table for the Cyrillic block (А..я = 0xC0..0xFF).
    s.chars()
        .map(|c| match c as u32 {
            0x410..=0x44F => (c as u32 - 0x410 + 0xC0) as u8,
            _ => c as u8,
        })
        .collect()
}

#[test]
fn binary_file_is_one_clear_error() {
    let dir = scratch("binary");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
    let bad = write(&dir, "photo.html", &png);
    assert!(one_error_then_good(&dir, bad, &Limits::default()).contains("binary"));
}

#[test]
fn empty_file_is_one_clear_error() {
    let dir = scratch("empty");
    let bad = write(&dir, "empty.html", b"");
    assert!(one_error_then_good(&dir, bad, &Limits::default()).contains("empty"));
}

#[test]
fn missing_file_is_one_clear_error() {
    let dir = scratch("missing");
    let bad = dir.join("nope.html").display().to_string();
    assert!(one_error_then_good(&dir, bad, &Limits::default()).contains("no such file"));
}

#[test]
fn page_over_the_size_limit_is_refused() {
    let dir = scratch("large");
    // 200 MB of a real-looking page.
    let para = "<p>Officials met on Sunday to resume talks over the withdrawal of forces.</p>\n";
    let path = dir.join("huge.html");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        f.write_all(b"<html><body>").expect("write");
        for _ in 0..(200 * 1024 * 1024 / para.len()) {
            f.write_all(para.as_bytes()).expect("write");
        }
    }
    let bad = path.display().to_string();
    let msg = one_error_then_good(&dir, bad, &Limits::default());
    assert!(msg.contains("limit"), "{msg}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn invalid_utf8_is_decoded_best_effort() {
    let dir = scratch("utf8");
    let page = b"<html><body><p>Talks resumed in Baghdad \xff\xfe on Sunday, officials said.</p></body></html>";
    let path = write(&dir, "bad-utf8.html", page);
    let (docs, errs) = read(&[path], &Limits::default());
    assert!(errs.is_empty(), "{errs:?}");
    assert!(docs[0].body.as_str().contains("on Sunday, officials said."));
}

#[test]
fn truncated_gzip_is_one_clear_error() {
    let dir = scratch("truncgz");
    let big: String = (0..2000)
        .map(|i| format!("<p>Paragraph {i} of the story about talks.</p>"))
        .collect();
    let gz = gzip(format!("<html><body>{big}</body></html>").as_bytes());
    let bad = write(&dir, "cut.html.gz", &gz[..gz.len() / 2]);
    assert!(one_error_then_good(&dir, bad, &Limits::default()).contains("gzip"));
}

#[test]
fn truncated_warc_is_one_clear_error() {
    let dir = scratch("truncwarc");
    let rec = warc_record("response", "https://ex.com/a", PAGE);
    let mut warc = warc_record("response", "https://ex.com/first", PAGE);
    warc.push_str(&rec[..rec.len() / 2]);
    let bad = write(&dir, "cut.warc", warc.as_bytes());
    let good = write(&dir, "good.html", PAGE.as_bytes());
    let (docs, errs) = read(&[bad.clone(), good], &Limits::default());
    // The complete first record is kept; the cut one is one error.
    assert_eq!(docs.len(), 2);
    assert_eq!(errs.len(), 1);
    let msg = errs[0].to_string();
    assert!(msg.starts_with(&bad) && msg.contains("truncated"), "{msg}");
}

#[test]
fn gzip_bomb_is_refused() {
    let dir = scratch("bomb");
    // 1 GiB of zeros compresses to about 1 MB.
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    let zeros = vec![b' '; 1 << 20];
    e.write_all(b"<html><body>").expect("gzip");
    for _ in 0..1024 {
        e.write_all(&zeros).expect("gzip");
    }
    let bomb = e.finish().expect("gzip");
    let bad = write(&dir, "bomb.html.gz", &bomb);
    let msg = one_error_then_good(&dir, bad, &Limits::default());
    assert!(msg.contains("gzip bomb"), "{msg}");
}

#[test]
fn text_opening_like_json_is_read_as_text() {
    let dir = scratch("brace");
    let brace = write(
        &dir,
        "brace.txt",
        "{Chile is ready to send up to 300 engineers to the mission, the minister said on Monday.}\n"
            .as_bytes(),
    );
    let bracket = write(
        &dir,
        "bracket.txt",
        b"[Agencies] Farmers blocked the ring road around Lyon with tractors on Tuesday.",
    );
    let two_lines = write(
        &dir,
        "two.txt",
        b"{Update} Flooding closed the port of Mombasa.\nShips waited offshore overnight.\n",
    );
    let (docs, errs) = read(&[brace, bracket, two_lines], &Limits::default());
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(docs.len(), 3);
    assert!(matches!(&docs[0].body, RawBody::Text(t) if t.starts_with("{Chile is ready")));
    assert!(matches!(&docs[1].body, RawBody::Text(t) if t.contains("ring road")));
    assert!(matches!(&docs[2].body, RawBody::Text(t) if t.contains("offshore")));
}

#[test]
fn a_json_document_is_still_json() {
    let dir = scratch("jsondoc");
    let doc = serde_json::json!([{"id": "x", "text": "Officials met on Sunday."}]);
    let path = write(&dir, "docs.json", doc.to_string().as_bytes());
    let (docs, errs) = read(&[path], &Limits::default());
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(docs[0].id.as_deref(), Some("x"));
}
