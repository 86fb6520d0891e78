//! Clustering hand-made reports of the same events, written several ways
//! (other wording, transliterations, relative dates from different
//! publication days, country-level versus town-level places), together with
//! near misses that must stay apart (two strikes in one city on different
//! days; strikes on one day in two cities; a protest and an arrest in one
//! city on one day). Gold labels are in `fixtures/gold.tsv`.

use std::collections::HashMap;

use chrono::NaiveDate;
use sitrep_core::Record;
use sitrep_dedup::{canonical, MemoryIndex, Report};

fn records() -> Vec<Record> {
    include_str!("fixtures/reports.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("fixture is valid sitrep/1"))
        .collect()
}

fn gold() -> HashMap<String, String> {
    include_str!("fixtures/gold.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Clusters every event of `records` in order; event id → cluster id.
fn cluster(records: &[Record]) -> Vec<(String, String)> {
    let mut index = MemoryIndex::new();
    let mut out = Vec::new();
    for r in records {
        let published = r
            .document
            .published
            .as_deref()
            .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
        for e in &r.events {
            let c = index.add(Report::from_event(e, &r.document.id, published));
            out.push((e.id.clone(), c));
        }
    }
    out
}

/// Pairwise precision and recall of `assigned` against `gold`.
fn pairwise(assigned: &[(String, String)], gold: &HashMap<String, String>) -> (f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for i in 0..assigned.len() {
        for j in i + 1..assigned.len() {
            let same = assigned[i].1 == assigned[j].1;
            let truth = gold[&assigned[i].0] == gold[&assigned[j].0];
            match (same, truth) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                _ => {}
            }
        }
    }
    (
        tp as f64 / (tp + fp).max(1) as f64,
        tp as f64 / (tp + fn_).max(1) as f64,
    )
}

#[test]
fn pairwise_precision_and_recall_reach_0_9() {
    let gold = gold();
    let assigned = cluster(&records());
    assert_eq!(assigned.len(), gold.len());
    let (p, r) = pairwise(&assigned, &gold);
    for (e, c) in &assigned {
        eprintln!("{e:40} {c:40} gold={}", gold[e]);
    }
    eprintln!("pairwise precision {p:.3} recall {r:.3}");
    assert!(p >= 0.9, "precision {p:.3}");
    assert!(r >= 0.9, "recall {r:.3}");
}

#[test]
fn result_does_not_depend_on_arrival_order() {
    let gold = gold();
    let mut recs = records();
    recs.reverse();
    let (p, r) = pairwise(&cluster(&recs), &gold);
    assert!(
        p >= 0.9 && r >= 0.9,
        "reversed: precision {p:.3} recall {r:.3}"
    );
}

#[test]
fn three_differently_worded_reports_become_one_cluster_with_three_sources() {
    let recs: Vec<Record> = records()
        .into_iter()
        .filter(|r| r.document.id.contains("tower22") || r.document.id.contains("jordan"))
        .collect();
    assert_eq!(recs.len(), 3);
    let assigned = cluster(&recs);
    assert_eq!(assigned.len(), 3);
    assert!(
        assigned.iter().all(|(_, c)| *c == assigned[0].1),
        "{assigned:?}"
    );
    let events: Vec<_> = recs.iter().flat_map(|r| &r.events).collect();
    let sources: std::collections::BTreeSet<&str> =
        recs.iter().map(|r| r.document.id.as_str()).collect();
    assert_eq!(sources.len(), 3);
    let c = canonical(&assigned[0].1, &events).expect("non-empty cluster");
    // The most precise place (the point, not "Jordan"), the day, and the
    // attacker named by the claim and by the later report both kept.
    let place = c.location.expect("place");
    assert_eq!(place.precision, Some(sitrep_core::GeoPrecision::Point));
    assert_eq!(c.date.and_then(|d| d.start).as_deref(), Some("2024-01-28"));
    assert_eq!(c.fatalities.as_ref().and_then(|f| f.min), Some(3));
    assert!(c.actors.len() >= 2, "{:?}", c.actors);
}

#[test]
fn canonical_keeps_the_fatality_range_conservatively() {
    let recs = records();
    let gold = gold();
    let events: Vec<_> = recs
        .iter()
        .flat_map(|r| &r.events)
        .filter(|e| gold[&e.id] == "qaim")
        .collect();
    assert_eq!(events.len(), 4);
    let c = canonical("qaim", &events).expect("non-empty");
    let f = c.fatalities.expect("fatalities");
    assert_eq!((f.min, f.max), (Some(16), Some(18)));
    assert_eq!(
        c.location.and_then(|p| p.precision),
        Some(sitrep_core::GeoPrecision::Town)
    );
}

#[test]
fn near_misses_stay_apart() {
    let assigned: HashMap<String, String> = cluster(&records()).into_iter().collect();
    let gold = gold();
    let find = |label: &str| -> Vec<&String> {
        let mut v: Vec<&String> = gold
            .iter()
            .filter(|(_, l)| l.as_str() == label)
            .map(|(e, _)| &assigned[e])
            .collect();
        v.dedup();
        v
    };
    for (a, b) in [
        ("mosul-10", "mosul-12"),
        ("raqqa-15", "dez-15"),
        ("bgd-protest", "basra-protest"),
        ("bgd-protest", "bgd-arrest"),
        ("qaim", "summon"),
    ] {
        for x in find(a) {
            assert!(!find(b).contains(&x), "{a} and {b} share cluster {x}");
        }
    }
}

/// The al-Qaim report of the wire story, repeated later in the same story
/// (a recap paragraph), and a second strike that day elsewhere.
#[test]
fn within_one_document_only_a_repeat_of_the_same_event_merges() {
    let recs = records();
    let wire = &recs[0];
    let first = wire.events[0].clone();
    let mut recap = first.clone();
    recap.id = format!("{}:9", wire.document.id);
    recap.fatalities = None;
    let mut elsewhere = first.clone();
    elsewhere.id = format!("{}:10", wire.document.id);
    elsewhere.location = Some(sitrep_core::Place {
        text: "Akashat".into(),
        name: Some("Akashat".into()),
        country: Some("IRQ".into()),
        lat: Some(33.8),
        lon: Some(40.6),
        precision: Some(sitrep_core::GeoPrecision::Town),
        ..Default::default()
    });
    let mut index = MemoryIndex::new();
    let published = NaiveDate::from_ymd_opt(2024, 2, 3);
    let a = index.add(Report::from_event(&first, &wire.document.id, published));
    let b = index.add(Report::from_event(&recap, &wire.document.id, published));
    let c = index.add(Report::from_event(&elsewhere, &wire.document.id, published));
    assert_eq!(a, b, "a repeated mention is the same event");
    assert_ne!(a, c, "a strike in another town that day is another event");
}

/// Two daily command updates three days apart, each on a different strike
/// in Yemen "in the past 24 hours", read as week-long windows at country
/// level and sharing only a generic actor: not enough to call them one.
#[test]
fn vague_reports_sharing_only_a_generic_actor_stay_apart() {
    let recs = records();
    let yemen = sitrep_core::Place {
        text: "Yemen".into(),
        name: Some("Yemen".into()),
        country: Some("YEM".into()),
        lat: Some(15.5),
        lon: Some(47.5),
        precision: Some(sitrep_core::GeoPrecision::Country),
        ..Default::default()
    };
    let iran = sitrep_core::Actor {
        text: "Iranian-backed".into(),
        name: Some("Government of Iran".into()),
        id: Some("kb:gov-irn".into()),
        country: Some("IRN".into()),
        sector: vec!["GOV".into()],
    };
    let week = |start: &str, end: &str| sitrep_core::DateRange {
        text: "In the past 24 hours".into(),
        start: Some(start.into()),
        end: Some(end.into()),
        precision: sitrep_core::DatePrecision::Week,
    };
    let mut a = recs[0].events[0].clone();
    a.id = "update-sept-3:0".into();
    a.location = Some(yemen.clone());
    a.actors = vec![];
    a.recipients = vec![iran.clone()];
    a.fatalities = None;
    a.date = Some(week("2024-08-27", "2024-09-03"));
    let mut b = a.clone();
    b.id = "update-sept-6:0".into();
    b.date = Some(week("2024-08-30", "2024-09-06"));
    let mut index = MemoryIndex::new();
    let ca = index.add(Report::from_event(&a, "update-sept-3", None));
    let cb = index.add(Report::from_event(&b, "update-sept-6", None));
    assert_ne!(ca, cb);
}
