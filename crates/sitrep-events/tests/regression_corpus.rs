//! The regression corpus: sentences and short reports written for sitrep
//! (none taken from an evaluation file) across ACLED's sub-event types,
//! many countries and several registers — wire copy, ACLED-style
//! summaries, translated Arabic press, local press — each run through the
//! whole pipeline as `sitrep events` runs it.
//!
//! `corpus/regression.tsv` holds, per row, the expected sub-event type,
//! actor 1, place, event date and fatalities of the report's main event
//! (the first listed; fatalities as an ACLED coder records them), and in `known` the fields today's output gets
//! wrong. The test fails on any field that regresses *and* on any known
//! failure that starts passing (so that the fixture keeps saying what the
//! code does); it prints a diff of every mismatch. After a deliberate
//! change, `SITREP_BLESS=1 cargo test -p sitrep-events --test
//! regression_corpus` rewrites the `known` column from today's output, and
//! `SITREP_CORPUS_SHOW=1` prints every wrong field, known or not.

use std::collections::BTreeSet;
use std::path::PathBuf;

use sitrep_core::{Event, RawBody, RawDoc};
use sitrep_pipeline::{Config, Pipeline};

const FIELDS: &[&str] = &["type", "actor1", "place", "date", "fatalities"];

struct Row {
    id: String,
    known: BTreeSet<String>,
    register: String,
    published: String,
    text: String,
    expected: [String; 5],
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/regression.tsv")
}

fn rows(tsv: &str) -> Vec<Row> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 10, "row with {} columns: {l}", f.len());
            Row {
                id: f[0].into(),
                known: f[1]
                    .split(',')
                    .filter(|k| !k.is_empty() && *k != "-")
                    .map(str::to_string)
                    .collect(),
                register: f[2].into(),
                published: f[3].into(),
                text: f[9].into(),
                expected: [
                    f[4].into(),
                    f[5].into(),
                    f[6].into(),
                    f[7].into(),
                    f[8].into(),
                ],
            }
        })
        .collect()
}

/// Lowercase letters and digits only, diacritics of the common Latin
/// letters folded ("Kandahār" is "kandahar").
fn fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'â' | 'ä' | 'ā' | 'ã' | 'å' => 'a',
                'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
                'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'ō' | 'õ' => 'o',
                'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                c => c,
            };
            c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

/// What today's output says for each field of the main event.
fn observed(e: Option<&Event>) -> [String; 5] {
    let Some(e) = e else {
        return ["-".into(), "-".into(), "-".into(), "-".into(), "0".into()];
    };
    let actor = e
        .actors
        .first()
        .map(|a| a.name.clone().unwrap_or_else(|| a.text.clone()))
        .unwrap_or_else(|| "-".into());
    let place = e
        .location
        .as_ref()
        .map(|p| format!("{} | {}", p.text, p.name.clone().unwrap_or_default()))
        .unwrap_or_else(|| "-".into());
    [
        e.acled
            .as_ref()
            .map(|a| a.sub_event_type.clone())
            .unwrap_or_else(|| "-".into()),
        actor,
        place,
        e.date
            .as_ref()
            .and_then(|d| d.start.clone())
            .unwrap_or_else(|| "-".into()),
        // As an ACLED coder records them: the coded count where the
        // record keeps one apart ("more than 100" is coded 100).
        e.fatalities_coded
            .as_ref()
            .or(e.fatalities.as_ref())
            .and_then(|f| f.min)
            .unwrap_or(0)
            .to_string(),
    ]
}

/// Whether an observed field meets the expectation. Actor names match
/// ACLED's with or without the regime's years ("Police Forces of Kenya
/// (2022-)"); a place matches its text as written or its gazetteer name.
fn meets(field: &str, expected: &str, got: &str) -> bool {
    match field {
        "actor1" => {
            // ACLED's "Islamic State (Iraq)" is the KB's "Islamic State";
            // "ADF: Allied Democratic Forces" its "Allied Democratic Forces".
            let g = fold(got);
            let bare = expected.split(" (").next().unwrap_or(expected);
            let long = expected.split(": ").last().unwrap_or(expected);
            !g.is_empty()
                && [expected, bare, long]
                    .iter()
                    .any(|e| g.starts_with(&fold(e)) && !fold(e).is_empty())
        }
        "place" => {
            let e = fold(expected);
            got.split(" | ").any(|p| {
                let p = fold(p);
                !p.is_empty() && (p == e || p.contains(&e))
            })
        }
        _ => expected == got,
    }
}

#[test]
fn regression_corpus() {
    let path = fixture();
    let tsv = std::fs::read_to_string(&path).expect("fixture");
    let rows = rows(&tsv);
    assert!(rows.len() >= 300, "{} rows", rows.len());
    let pipeline = Pipeline::load(Config::default()).expect("models and KB load");
    let mut report = Vec::new();
    let mut blessed: Vec<(String, String)> = Vec::new();
    let mut passing = 0;
    // SITREP_CORPUS_SHOW=1: every wrong field, known or not.
    let show = std::env::var_os("SITREP_CORPUS_SHOW").is_some();
    for r in &rows {
        let date = chrono::NaiveDate::parse_from_str(&r.published, "%Y-%m-%d").ok();
        let rec = pipeline
            .process(RawDoc {
                source: format!("corpus-{}.txt", r.id),
                id: None,
                url: None,
                date,
                body: RawBody::Text(r.text.clone()),
            })
            .expect("processes");
        let got = observed(rec.events.first());
        let mut wrong = BTreeSet::new();
        for (i, f) in FIELDS.iter().enumerate() {
            let ok = meets(f, &r.expected[i], &got[i]);
            if !ok {
                wrong.insert(f.to_string());
            }
            let known = r.known.contains(*f);
            if !ok && show {
                eprintln!(
                    "{} {} [{}]: expected {:?}, got {:?} — {}",
                    r.id, f, r.register, r.expected[i], got[i], r.text
                );
            }
            if ok && known {
                report.push(format!(
                    "{} {}: known failure now passes ({:?}) — update the fixture",
                    r.id, f, got[i]
                ));
            } else if !ok && !known {
                report.push(format!(
                    "{} {} [{}]: expected {:?}, got {:?} — {}",
                    r.id, f, r.register, r.expected[i], got[i], r.text
                ));
            }
        }
        if wrong.is_empty() {
            passing += 1;
        }
        blessed.push((
            r.id.clone(),
            if wrong.is_empty() {
                "-".into()
            } else {
                wrong.into_iter().collect::<Vec<_>>().join(",")
            },
        ));
    }
    eprintln!(
        "regression corpus: {} rows, {passing} right in every field",
        rows.len()
    );
    if std::env::var_os("SITREP_BLESS").is_some() {
        let mut out = String::new();
        let mut i = 0;
        for line in tsv.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if line.starts_with('#') || f.len() != 10 || f[0] == "id" {
                out.push_str(line);
            } else {
                let mut f = f.clone();
                f[1] = &blessed[i].1;
                i += 1;
                out.push_str(&f.join("\t"));
            }
            out.push('\n');
        }
        std::fs::write(&path, out).expect("writes the fixture");
        return;
    }
    assert!(
        report.is_empty(),
        "{} mismatches against the fixture:\n{}",
        report.len(),
        report.join("\n")
    );
}
