//! Events on real redistributable news (`data/samples/news/`), beyond the
//! seed: the pipeline must read other writers' styles too.

use std::path::PathBuf;

use sitrep_core::{PloverType, RawBody, RawDoc, Record};
use sitrep_pipeline::{Config, Pipeline};

fn events_of(file: &str, date: &str) -> Record {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/samples/news")
        .join(file);
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    let pipeline = Pipeline::load(Config {
        date,
        ..Default::default()
    })
    .expect("models and KB load");
    pipeline
        .process(RawDoc {
            source: file.into(),
            id: None,
            url: None,
            date,
            body: RawBody::Text(std::fs::read_to_string(&path).expect("sample")),
        })
        .expect("processes")
}

#[test]
fn centcom_airstrike_is_one_aerial_assault_in_syria_on_its_day() {
    let r = events_of(
        "centcom-2023-07-09-airstrike-isis-leader-eastern-syria.txt",
        "2023-07-09",
    );
    let assaults: Vec<_> = r
        .events
        .iter()
        .filter(|e| e.plover.event == PloverType::Assault)
        .collect();
    assert_eq!(
        assaults.len(),
        1,
        "the strike is told several times but happened once: {assaults:#?}"
    );
    let e = assaults[0];
    assert!(
        e.plover.mode.iter().any(|m| m == "aerial"),
        "{:?}",
        e.plover.mode
    );
    assert_eq!(
        e.location.as_ref().and_then(|p| p.country.as_deref()),
        Some("SYR")
    );
    assert_eq!(
        e.date.as_ref().and_then(|d| d.start.as_deref()),
        Some("2023-07-07")
    );
    assert!(e.evidence.len() >= 2);
    // "no indication that any civilians were killed" is not a killing.
    assert!(r.events.iter().all(
        |e| !e.evidence.iter().any(|s| s.text.contains("no indication")
            && e.trigger.as_ref().is_some_and(|t| t.text == "killed"))
    ));
}

#[test]
fn nepal_rallies_yield_a_protest_and_arrests_in_nepal() {
    let r = events_of(
        "wikinews-2005-nepal-rallies-against-royal-coup.txt",
        "2005-02-11",
    );
    let types: Vec<PloverType> = r.events.iter().map(|e| e.plover.event).collect();
    assert!(types.contains(&PloverType::Protest), "{types:?}");
    let arrest = r
        .events
        .iter()
        .find(|e| e.plover.mode.iter().any(|m| m == "arrest"))
        .expect("an arrest");
    assert_eq!(
        arrest.acled.as_ref().map(|a| a.sub_event_type.as_str()),
        Some("Arrests")
    );
    for e in &r.events {
        assert_eq!(
            e.location.as_ref().and_then(|p| p.country.as_deref()),
            Some("NPL"),
            "{e:#?}"
        );
    }
}

#[test]
fn an_attack_no_one_is_named_for_says_why_it_has_an_actor() {
    let pipeline = Pipeline::load(Config {
        explain: true,
        ..Default::default()
    })
    .expect("models and KB load");
    let r = pipeline
        .process(RawDoc {
            source: "roadside-bomb.txt".into(),
            id: None,
            url: None,
            date: chrono::NaiveDate::from_ymd_opt(2024, 2, 11),
            body: RawBody::Text(
                "Bombing\n\nA roadside bomb near Fallujah killed two soldiers on Sunday.\n".into(),
            ),
        })
        .expect("processes");
    let attack = r
        .events
        .iter()
        .find(|e| e.plover.event == PloverType::Assault)
        .expect("an ASSAULT");
    let implied = attack
        .actors
        .iter()
        .find(|a| a.text.is_empty())
        .expect("an actor the text does not name");
    assert_eq!(implied.country.as_deref(), Some("IRQ"));
    let why = attack
        .explain
        .as_ref()
        .and_then(|x| x.get("actor_implied"))
        .and_then(|x| x.as_str())
        .unwrap_or_default();
    assert!(why.contains("unidentified armed group"), "{why}");
}
