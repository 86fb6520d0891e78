//! `sitrep serve` as a user runs it: over a store written by `sitrep run`
//! (read back through `sitrep_store::query`), on a free port, stopped by
//! SIGTERM; and a clear error for a database that is not there.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sitrep_store::Store;

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn news() -> PathBuf {
    sitrep_core::data_dir().join("samples").join("news")
}

/// Starts the server on port 0 and returns it with the address it printed.
fn start(db: &Path, extra: &[&str]) -> (Child, String) {
    let mut child = sitrep()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .args(extra)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(rest) = line.split("http://").nth(1) {
            let addr = rest.split('/').next().unwrap().to_string();
            // Keep draining stderr so the server never blocks on it.
            std::thread::spawn(move || for _ in lines {});
            return (child, addr);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("sitrep serve did not print its address");
}

/// A bare HTTP/1.1 GET: status and body.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, body)
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

fn json(addr: &str, path: &str) -> serde_json::Value {
    let (status, body) = get(addr, path);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn serves_a_store_written_by_run_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let run = sitrep()
        .arg("run")
        .arg("--db")
        .arg(&db)
        .arg(news())
        .output()
        .unwrap();
    assert!(
        db.is_file(),
        "sitrep run made no database: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let counts = Store::open_read_only(&db).unwrap().counts().unwrap();
    assert!(counts.events > 0, "the samples gave no events to serve");

    let (mut child, addr) = start(&db, &["--reload-secs", "1"]);
    let all = json(&addr, "/api/v1/events?limit=1000");
    assert_eq!(all["total"].as_u64().unwrap(), counts.events as u64);
    let top = json(&addr, "/api/v1/stats/top");
    assert!(top["types"].is_object());
    // An event read back from the store keeps its cluster and its evidence
    // offsets into the stored document text.
    {
        let e = &all["events"][0];
        let id = e["id"].as_str().unwrap();
        let full = json(&addr, &format!("/api/v1/events/{id}"));
        assert!(full["event"]["cluster"].is_string());
        for sp in full["evidence"].as_array().unwrap() {
            assert_eq!(sp["in_document"], true, "{sp}");
        }
        let cluster = json(
            &addr,
            &format!(
                "/api/v1/clusters/{}",
                full["cluster"]["id"].as_str().unwrap()
            ),
        );
        assert!(!cluster["reports"].as_array().unwrap().is_empty());
    }
    let (status, _) = get(&addr, "/api/v1/events/not-an-event");
    assert_eq!(status, 404);
    let (status, _) = get(&addr, "/");
    assert_eq!(status, 200);

    // A document `sitrep run` adds while the server is up shows within the
    // reload interval.
    let extra = dir.path().join("mosul.txt");
    std::fs::write(
        &extra,
        "Gunmen kill four soldiers in Mosul\n\nGunmen killed four soldiers in Mosul on Tuesday, police said.\n",
    )
    .unwrap();
    let again = sitrep()
        .arg("run")
        .args(["--date", "2024-03-05", "--db"])
        .arg(&db)
        .arg(&extra)
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let grown = Store::open_read_only(&db).unwrap().counts().unwrap();
    assert!(
        grown.events > counts.events,
        "the new article gave no event"
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let now = json(&addr, "/api/v1/events?limit=1")["total"]
            .as_u64()
            .unwrap();
        if now == grown.events as u64 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still {now} events, the store has {}",
            grown.events
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit after SIGTERM: {status}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_missing_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nope.db");
    let out = sitrep()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nope.db"), "{err}");
    assert!(!db.exists(), "serve must not create a database");
}
