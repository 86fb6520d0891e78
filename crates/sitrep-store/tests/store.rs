//! The store over the hand-made multi-report fixtures of `sitrep-dedup`:
//! idempotent writes, clustering through SQLite, filtered streaming reads,
//! lost-batch safety and clear errors on the wrong file.

use std::collections::{BTreeMap, HashMap};

use sitrep_core::{Record, RecordSink};
use sitrep_store::{EventFilter, Store, StoreError, Tally};

fn records() -> Vec<Record> {
    include_str!("../../sitrep-dedup/tests/fixtures/reports.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("fixture is valid sitrep/1"))
        .collect()
}

fn gold() -> HashMap<String, String> {
    include_str!("../../sitrep-dedup/tests/fixtures/gold.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn fill(store: &mut Store) {
    for r in records() {
        store.accept(r).expect("stored");
    }
    store.finish().expect("flushed");
}

#[test]
fn writes_every_document_and_event_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(&path).unwrap();
    fill(&mut store);
    let first = store.counts().unwrap();
    assert_eq!(first.documents, 19);
    assert_eq!(first.events, 22);
    // Same inputs again, through a fresh handle: nothing added.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    fill(&mut store);
    assert_eq!(store.counts().unwrap(), first);
    assert_eq!(store.totals().duplicates, 19);
    assert_eq!(store.totals().documents, 0);
}

#[test]
fn clusters_in_the_database_match_the_gold_labels() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    fill(&mut store);
    let gold = gold();
    let mut by_cluster: BTreeMap<String, Vec<String>> = BTreeMap::new();
    store
        .for_each_event(&EventFilter::default(), |e| -> Result<(), StoreError> {
            let c = e.event.cluster.clone().expect("every event has a cluster");
            by_cluster
                .entry(c)
                .or_default()
                .push(gold[&e.event.id].clone());
            Ok(())
        })
        .unwrap();
    // Every cluster is pure, and there is one cluster per gold label.
    for labels in by_cluster.values() {
        assert!(labels.iter().all(|l| *l == labels[0]), "{labels:?}");
    }
    let labels: std::collections::BTreeSet<&String> = gold.values().collect();
    assert_eq!(by_cluster.len(), labels.len());
    let counts = store.counts().unwrap();
    assert_eq!(counts.clusters as usize, labels.len());

    // The four reports of the al-Qaim strikes: one cluster, four sources,
    // fatalities kept as a range, the town rather than the country.
    let mut found = false;
    store
        .for_each_cluster(
            &EventFilter::default(),
            true,
            |c| -> Result<(), StoreError> {
                if !found {
                    found = true;
                    assert_eq!(c.sources.len(), 4);
                    let f = c.event.fatalities.clone().unwrap();
                    assert_eq!((f.min, f.max), (Some(16), Some(18)));
                    assert_eq!(
                        c.event.location.as_ref().unwrap().name.as_deref(),
                        Some("Al Qaim")
                    );
                }
                Ok(())
            },
        )
        .unwrap();
    assert!(found);
}

#[test]
fn filters_select_by_country_type_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    fill(&mut store);
    let count = |f: EventFilter| {
        let mut n = 0;
        store
            .for_each_event(&f, |_| -> Result<(), StoreError> {
                n += 1;
                Ok(())
            })
            .unwrap();
        n
    };
    let syria = count(EventFilter {
        country: Some("syr".into()),
        ..Default::default()
    });
    assert_eq!(syria, 3);
    let protests = count(EventFilter {
        event_type: Some("protest".into()),
        ..Default::default()
    });
    assert_eq!(protests, 3);
    let battles = count(EventFilter {
        event_type: Some("Battles".into()),
        ..Default::default()
    });
    assert_eq!(battles, 1);
    let march = count(EventFilter {
        since: Some("2024-03-01".into()),
        until: Some("2024-03-31".into()),
        ..Default::default()
    });
    assert_eq!(march, 7);
    let tally: HashMap<Option<String>, u64> = store
        .tally(Tally::PloverType)
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(tally[&Some("ASSAULT".to_string())], 17);
}

#[test]
fn records_read_back_as_written_with_clusters_set() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    fill(&mut store);
    let mut back = Vec::new();
    store
        .for_each_record(&EventFilter::default(), |r| -> Result<(), StoreError> {
            back.push(r);
            Ok(())
        })
        .unwrap();
    let original = records();
    assert_eq!(back.len(), original.len());
    for (mut b, o) in back.into_iter().zip(original) {
        assert!(b.events.iter().all(|e| e.cluster.is_some()));
        for e in &mut b.events {
            e.cluster = None;
        }
        assert_eq!(b, o);
    }
}

#[test]
fn an_unfinished_batch_is_lost_and_the_rest_is_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(&path).unwrap();
    store.set_batch_size(5);
    for r in records().into_iter().take(12) {
        store.accept(r).unwrap();
    }
    // Dropped without finish(): like a killed run, the batch in flight
    // (records 11 and 12) is lost, the two committed batches are whole.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.counts().unwrap().documents, 10);
    fill(&mut store);
    assert_eq!(store.counts().unwrap().documents, 19);
    assert_eq!(store.counts().unwrap().events, 22);
}

#[test]
fn wrong_files_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.db");
    let e = Store::open_read_only(&missing).err().expect("missing file");
    assert!(e.to_string().contains("nope.db"), "{e}");

    let other = dir.path().join("other.db");
    rusqlite_free_sqlite_file(&other);
    let e = Store::open_read_only(&other).err().expect("not sitrep");
    assert!(e.to_string().contains("not a sitrep database"), "{e}");

    let text = dir.path().join("notes.db");
    std::fs::write(
        &text,
        "this is not a database at all, just some text\n".repeat(100),
    )
    .unwrap();
    let e = Store::open(&text).err().expect("not sqlite");
    assert!(e.to_string().contains("notes.db"), "{e}");
}

/// A valid SQLite file that is not a sitrep store: an empty database that
/// the store opened for writing once, then with its version table dropped.
fn rusqlite_free_sqlite_file(path: &std::path::Path) {
    let store = Store::open(path).unwrap();
    store
        .connection()
        .execute_batch("DROP TABLE schema_version")
        .unwrap();
}

/// Every row that says what the store holds (documents, inputs, events,
/// evidence, actors, clusters, places), one string each, in key order.
fn contents(store: &Store) -> Vec<String> {
    let queries = [
        "SELECT 'doc|' || id || '|' || content_hash || '|' || n_events || '|' || record FROM documents ORDER BY id",
        "SELECT 'input|' || raw_hash || '|' || IFNULL(document_id, '') FROM inputs ORDER BY raw_hash",
        "SELECT 'event|' || id || '|' || cluster_id || '|' || json FROM events ORDER BY id",
        "SELECT 'evidence|' || event_id || '|' || n || '|' || text FROM evidence ORDER BY event_id, n",
        "SELECT 'actor|' || event_id || '|' || role || '|' || n || '|' || text FROM event_actors ORDER BY event_id, role, n",
        "SELECT 'cluster|' || id || '|' || n_events || '|' || n_sources || '|' || canonical FROM clusters ORDER BY id",
        "SELECT 'place|' || key FROM places ORDER BY key",
    ];
    let conn = store.connection();
    let mut rows = Vec::new();
    for q in queries {
        let mut st = conn.prepare(q).unwrap();
        let found = st
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        rows.extend(found);
    }
    rows
}

/// A full disk, simulated with SQLite's `max_page_count` (the file may not
/// grow past the pages it has, as on a file system with no space left; the
/// end-to-end case on a real full tmpfs is `bench/full-disk.sh`): the batch
/// that needs room fails with `DiskFull` naming the file, in one line that
/// says what to do; nothing of it is stored and what was stored before is
/// intact, also after reopening; with room again the same records go in
/// and the store ends as one that never ran out.
#[test]
fn a_full_disk_is_a_clear_error_and_the_database_stays_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.db");
    let mut store = Store::open(&path).unwrap();
    store.set_batch_size(4);
    let all = records();
    let (first, rest) = all.split_at(8);
    for r in first {
        store.accept(r.clone()).unwrap();
    }
    store.finish().unwrap();
    let before = contents(&store);
    let before_counts = store.counts().unwrap();
    assert_eq!(before_counts.documents, 8);

    let pages: i64 = store
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    let set: i64 = store
        .connection()
        .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(set, pages);
    let err = rest
        .iter()
        .cloned()
        .map(|r| store.accept(r))
        .find_map(Result::err)
        .or_else(|| store.finish().err())
        .expect("a store that cannot grow must fail to take 11 more documents");
    assert!(
        matches!(&err, StoreError::DiskFull(p) if p == &path),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains("full.db: the disk is full"), "{msg}");
    assert_eq!(msg.lines().count(), 1, "{msg}");
    // Nothing of the failed batch, all of what came before.
    assert_eq!(store.counts().unwrap(), before_counts);
    assert_eq!(contents(&store), before);
    drop(store);

    let mut store = Store::open(&path).unwrap();
    let ok: String = store
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(contents(&store), before);
    // Room again: the run goes on and ends where an uninterrupted one does.
    fill(&mut store);
    let clean_dir = tempfile::tempdir().unwrap();
    let mut clean = Store::open(&clean_dir.path().join("full.db")).unwrap();
    clean.set_batch_size(4);
    fill(&mut clean);
    assert_eq!(store.counts().unwrap(), clean.counts().unwrap());
    assert_eq!(contents(&store), contents(&clean));
}
