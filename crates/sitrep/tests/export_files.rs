//! `sitrep export` on a database built from the bundled news samples: each
//! format to a file, filters, and clear errors for a missing database.

use std::path::{Path, PathBuf};
use std::process::Command;

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

/// The bundled news articles (the folder also holds a README and a manifest).
fn news_files() -> Vec<PathBuf> {
    let dir = sitrep_core::data_dir().join("samples").join("news");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

fn build_db(db: &Path) {
    let out = sitrep()
        .arg("run")
        .arg("--db")
        .arg(db)
        .arg("--quiet")
        .args(news_files())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn export(db: &Path, args: &[&str], file: &Path) {
    let out = sitrep()
        .arg("export")
        .arg("--db")
        .arg(db)
        .args(args)
        .arg("-o")
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_format_writes_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    build_db(&db);
    let events = sitrep_store::Store::open_read_only(&db)
        .unwrap()
        .counts()
        .unwrap()
        .events;
    assert!(events > 0, "the news samples report events");

    let csv = dir.path().join("e.csv");
    export(&db, &["--format", "csv"], &csv);
    let text = std::fs::read_to_string(&csv).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.starts_with(
        "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    ));
    for col in [
        "fatalities",
        "plover_event",
        "plover_mode",
        "cameo",
        "modality",
        "cluster",
        "n_sources",
        "evidence",
    ] {
        assert!(header.split(',').any(|c| c == col), "{col}");
    }

    let geojson = dir.path().join("e.geojson");
    export(&db, &["--format", "geojson"], &geojson);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&geojson).unwrap()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["features"].as_array().unwrap().len() as u64, events);

    let parquet = dir.path().join("e.parquet");
    export(&db, &["--format", "parquet"], &parquet);
    assert_eq!(sitrep_export::parquet_rows(&parquet).unwrap(), events);

    let jsonl = dir.path().join("e.jsonl");
    export(&db, &["--format", "jsonl"], &jsonl);
    let records = std::fs::read_to_string(&jsonl).unwrap();
    assert_eq!(records.lines().count(), 19);
    let stored: u64 = records
        .lines()
        .map(|l| {
            serde_json::from_str::<sitrep_core::Record>(l)
                .unwrap()
                .events
                .len() as u64
        })
        .sum();
    assert_eq!(stored, events);

    let syria = dir.path().join("syr.csv");
    export(&db, &["--format", "csv", "--country", "SYR"], &syria);
    let text = std::fs::read_to_string(&syria).unwrap();
    assert!(
        text.lines().skip(1).all(|l| l.contains(",760,Syria,")),
        "{text}"
    );
}

#[test]
fn a_missing_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = sitrep()
        .args(["export", "--db"])
        .arg(dir.path().join("absent.db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("absent.db") && err.contains("no such database"),
        "{err}"
    );
}
