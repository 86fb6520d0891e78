//! Where events happen, on sentences written for the purpose
//! (`fixtures/event_places.tsv`): the most specific place the text names,
//! read the way a user's file is read, across countries and registers.
//!
//! One test runs every row and prints each mismatch, so that a change to
//! place rules shows all it moved at once.

use std::path::PathBuf;

use sitrep_core::{RawBody, RawDoc};
use sitrep_pipeline::{Config, Pipeline};

struct Row {
    line: usize,
    text: String,
    name: String,
    country: String,
    precision: String,
    known: bool,
}

fn rows() -> Vec<Row> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/event_places.tsv");
    let text = std::fs::read_to_string(&path).expect("fixture");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() >= 4, "line {}: expected 4 columns", i + 1);
            Row {
                line: i + 1,
                text: f[0].replace("\\n", "\n"),
                name: f[1].to_string(),
                country: f[2].to_string(),
                precision: f[3].to_string(),
                known: f.get(4) == Some(&"known"),
            }
        })
        .collect()
}

/// Lower-case ASCII letters only: "Jamundí" and "Jamundi" compare equal.
fn plain(s: &str) -> String {
    deunicode::deunicode(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[test]
fn events_are_placed_where_the_text_says() {
    let rows = rows();
    assert!(rows.len() >= 60, "the corpus shrank to {}", rows.len());
    let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 5);
    let pipeline = Pipeline::load(Config {
        date,
        ..Default::default()
    })
    .expect("models and KB load");
    let mut wrong = Vec::new();
    let mut fixed = Vec::new();
    for row in &rows {
        let record = pipeline
            .process(RawDoc {
                source: format!("event_places.tsv:{}", row.line),
                id: None,
                url: None,
                date,
                body: RawBody::Text(row.text.clone()),
            })
            .expect("processes");
        let got = record.events.first().and_then(|e| e.location.as_ref());
        let ok = got.is_some_and(|p| {
            p.name
                .as_deref()
                .is_some_and(|n| plain(n).starts_with(&plain(&row.name)))
                && p.country.as_deref() == Some(row.country.as_str())
                && p.precision.is_some_and(|x| {
                    serde_json::to_value(x)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        == Some(row.precision.clone())
                })
        });
        let seen = got.map_or("no place".to_string(), |p| {
            format!(
                "{} ({}, {:?})",
                p.name.as_deref().unwrap_or("-"),
                p.country.as_deref().unwrap_or("-"),
                p.precision
            )
        });
        match (ok, row.known) {
            (false, false) => wrong.push(format!(
                "line {}: want {} ({}, {}), got {seen}: {}",
                row.line, row.name, row.country, row.precision, row.text
            )),
            (true, true) => fixed.push(format!("line {}: now right, drop `known`", row.line)),
            _ => {}
        }
    }
    let countries: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.country.as_str()).collect();
    assert!(countries.len() >= 20, "only {} countries", countries.len());
    assert!(
        wrong.is_empty() && fixed.is_empty(),
        "{} wrong, {} fixed:\n{}",
        wrong.len(),
        fixed.len(),
        wrong
            .iter()
            .chain(&fixed)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
