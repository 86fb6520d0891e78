//! Match reports are not battles. Keyword coders turn "Australia beat
//! Colombia" into an assault between two states; sitrep reads a sports
//! report only where it tells of real violence. The texts are written for
//! these tests in the style of wire match reports (the shared news corpus
//! has no sports story).

use sitrep_core::{PloverType, RawBody, RawDoc, Record};
use sitrep_pipeline::{Config, Pipeline};

fn events_of(text: &str) -> Record {
    let date = chrono::NaiveDate::from_ymd_opt(2019, 11, 26);
    let pipeline = Pipeline::load(Config {
        date,
        ..Default::default()
    })
    .expect("models and KB load");
    pipeline
        .process(RawDoc {
            source: "match-report.txt".into(),
            id: None,
            url: None,
            date,
            body: RawBody::Text(text.to_string()),
        })
        .expect("processes")
}

const DAVIS_CUP: &str = "Nadal keeps Spain alive against Russia in Davis Cup Finals\n\n\
MADRID (AP) — Rafael Nadal kept Spain's hopes alive on Tuesday, beating Karen Khachanov \
6-3, 7-6 (7) to level the series before the doubles. Russia beat Croatia on Monday. \
Australia beat Colombia behind Nick Kyrgios' 6-4, 6-4 win over Alejandro Gonzalez in the \
singles. Herbert and Mahut rallied to defeat the Japanese pair in the deciding doubles, \
and the top-ranked Nadal said the crowd had carried the team. The tournament's new format \
has drawn criticism from players and coaches alike.";

#[test]
fn a_match_report_yields_no_events() {
    let r = events_of(DAVIS_CUP);
    assert!(
        r.events.is_empty(),
        "match report produced events: {:?}",
        r.events
            .iter()
            .map(|e| (&e.plover.event, &e.evidence))
            .collect::<Vec<_>>()
    );
}

#[test]
fn violence_around_a_match_is_still_reported() {
    let text = format!(
        "{DAVIS_CUP} After the final, hundreds of fans clashed with police outside the \
         stadium in Madrid, and twelve people were injured, police said."
    );
    let r = events_of(&text);
    assert!(
        r.events.iter().any(|e| matches!(
            e.plover.event,
            PloverType::Assault | PloverType::Protest | PloverType::Coerce
        )),
        "the riot was lost: {:?}",
        r.events.iter().map(|e| &e.plover.event).collect::<Vec<_>>()
    );
}
