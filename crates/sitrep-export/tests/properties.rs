//! An export read back equals what was stored (proptest): records with
//! arbitrary Unicode in their free-text fields (titles, bylines, actor
//! names, evidence) go into a SQLite store; the JSONL export parsed back
//! gives the same records, and the CSV export one row per stored event with
//! its id.

use std::collections::BTreeMap;

use proptest::prelude::*;
use sitrep_core::{Record, RecordSink};
use sitrep_export::{export, Format, Options};
use sitrep_store::Store;

fn fixtures() -> Vec<Record> {
    include_str!("../../sitrep-dedup/tests/fixtures/reports.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("fixture"))
        .collect()
}

/// Free text as a crawl brings it: any Unicode, quotes, commas, newlines.
fn free_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z\",\n\t\\\\ ]{0,20}",
        Just(String::new())
    ]
}

/// Fixture records, some of them (distinct: the store keeps one copy of a
/// text however often it comes), with their free text replaced.
fn records() -> impl Strategy<Value = Vec<Record>> {
    let n = fixtures().len();
    (
        prop::sample::subsequence((0..n).collect::<Vec<_>>(), 1..6),
        prop::collection::vec((free_text(), free_text(), free_text()), 6),
    )
        .prop_map(|(picks, texts)| {
            let all = fixtures();
            picks
                .into_iter()
                .zip(texts)
                .enumerate()
                .map(|(k, (i, (a, b, c)))| {
                    let mut r = all[i].clone();
                    // Each pick is a document of its own.
                    let id = format!("{}-{k}", r.document.id);
                    r.document.id = id.clone();
                    r.document.title = Some(a.clone());
                    r.document.byline = (!b.is_empty()).then(|| b.clone());
                    for (j, e) in r.events.iter_mut().enumerate() {
                        e.id = format!("{id}:{j}");
                        if let Some(actor) = e.actors.first_mut() {
                            actor.text = c.clone();
                        }
                        if let Some(s) = e.evidence.first_mut() {
                            s.text = a.clone();
                        }
                    }
                    r
                })
                .collect()
        })
}

/// What export and storage may legitimately change: the cluster ids that
/// dedup assigns on the way in.
fn without_clusters(mut r: Record) -> Record {
    for e in &mut r.events {
        e.cluster = None;
    }
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn jsonl_export_reads_back_as_stored(records in records()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("p.db")).expect("store opens");
        for r in &records {
            store.accept(r.clone()).expect("stores");
        }
        store.finish().expect("commits");

        let mut out = Vec::new();
        let n = export(&store, Format::Jsonl, &Options::default(), &mut out).expect("exports");
        prop_assert_eq!(n as usize, records.len());
        let back: BTreeMap<String, Record> = String::from_utf8(out)
            .expect("UTF-8")
            .lines()
            .map(|l| serde_json::from_str::<Record>(l).expect("sitrep/1 line"))
            .map(|r| (r.document.id.clone(), without_clusters(r)))
            .collect();
        let stored: BTreeMap<String, Record> = records
            .into_iter()
            .map(|r| (r.document.id.clone(), without_clusters(r)))
            .collect();
        prop_assert_eq!(&back, &stored);

        let mut csv_out = Vec::new();
        let rows = export(&store, Format::Csv, &Options::default(), &mut csv_out).expect("exports");
        let mut reader = csv::Reader::from_reader(csv_out.as_slice());
        let id_col = reader
            .headers()
            .expect("header")
            .iter()
            .position(|h| h == "event_id_cnty")
            .expect("id column");
        let mut ids: Vec<String> = reader
            .records()
            .map(|r| r.expect("CSV row")[id_col].to_string())
            .collect();
        ids.sort();
        let mut want: Vec<String> = stored.values().flat_map(|r| r.events.iter().map(|e| e.id.clone())).collect();
        want.sort();
        prop_assert_eq!(rows as usize, want.len());
        prop_assert_eq!(ids, want);
    }
}
