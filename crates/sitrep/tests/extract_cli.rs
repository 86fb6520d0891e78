//! `sitrep extract` end to end: sitrep/1 records on stdout, one line per bad
//! input on stderr naming it, the run going on, and exit code 1 when any
//! input was bad.

use std::path::PathBuf;
use std::process::Command;

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn seed_gives_one_document_record() {
    let seed = repo().join("data/samples/seed/000_9cbdce729a7c3478.txt");
    let out = sitrep()
        .args(["extract", "--date", "2024-02-11"])
        .arg(&seed)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1);
    let rec: serde_json::Value = serde_json::from_str(lines[0]).expect("json");
    assert_eq!(rec["schema"], "sitrep/1");
    assert_eq!(rec["events"], serde_json::json!([]));
    let doc = &rec["document"];
    assert_eq!(
        doc["title"],
        "Baghdad resumes talks with Washington…no guarantee of peace"
    );
    assert_eq!(doc["published"], "2024-02-11");
    assert_eq!(doc["removed"]["related_links"], 3);
}

#[test]
fn bad_inputs_are_reported_and_the_run_goes_on() {
    let dir = scratch("bad");
    let good = repo().join("crates/sitrep-extract/tests/fixtures/article.html");
    let binary = dir.join("a-binary.html");
    std::fs::write(
        &binary,
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0",
    )
    .expect("write");
    let empty = dir.join("b-empty.txt");
    std::fs::write(&empty, b"").expect("write");
    let deep = dir.join("c-deep.html");
    let nested = format!(
        "<html><body><p>Officials said talks would resume on Sunday in Baghdad after a week of strikes.</p>{}x</body></html>",
        "<div>".repeat(100_000)
    );
    std::fs::write(&deep, nested).expect("write");
    let warc = dir.join("d-cut.warc");
    std::fs::write(
        &warc,
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n",
    )
    .expect("write");
    let out = sitrep()
        .arg("extract")
        .args([&binary, &empty, &deep, &warc, &good])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    assert!(
        lines[0].contains("a-binary.html") && lines[0].contains("binary"),
        "{stderr}"
    );
    assert!(
        lines[1].contains("b-empty.txt") && lines[1].contains("empty"),
        "{stderr}"
    );
    assert!(
        lines[2].contains("c-deep.html") && lines[2].contains("warning"),
        "{stderr}"
    );
    assert!(
        lines[3].contains("d-cut.warc") && lines[3].contains("truncated"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let titles: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["document"]["source"]
                .to_string()
        })
        .collect();
    assert_eq!(titles.len(), 2, "{stdout}");
    assert!(titles[0].contains("c-deep.html"));
    assert!(titles[1].contains("article.html"));
}

#[test]
fn malformed_date_is_a_usage_error() {
    let out = sitrep()
        .args(["extract", "--date", "11/02/2024", "-"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

/// A page of 5,000 words with no full stop, through `sitrep events`: every
/// event's evidence is at most one sentence of `--max-sentence-tokens`
/// words, so the output grows with the page, not with its square (one
/// event's evidence used to be the whole page: 72 MB of JSON for 10,000
/// words). With a lower limit the evidence is shorter still.
#[test]
fn a_run_on_page_gives_evidence_no_longer_than_the_sentence_limit() {
    let dir = scratch("run-on");
    let words = "militants attacked a checkpoint near the town and police said three \
                 soldiers were wounded in the clash"
        .split(' ')
        .collect::<Vec<_>>();
    let page = dir.join("run-on.txt");
    let text = (0..5_000)
        .map(|i| words[i % words.len()])
        .collect::<Vec<_>>()
        .join(" ");
    std::fs::write(&page, &text).expect("write");
    for (limit, args) in [(200, vec![]), (40, vec!["--max-sentence-tokens", "40"])] {
        let out = sitrep()
            .args(["events", "--date", "2024-02-11"])
            .args(&args)
            .arg(&page)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rec: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON record");
        let events = rec["events"].as_array().expect("events");
        assert!(!events.is_empty(), "the page is full of attacks");
        for e in events {
            for span in e["evidence"].as_array().expect("evidence") {
                let n = span["text"]
                    .as_str()
                    .expect("text")
                    .split_whitespace()
                    .count();
                assert!(n <= limit, "evidence of {n} words, limit {limit}");
            }
        }
    }
}
