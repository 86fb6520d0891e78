//! Crowds named as ACLED names them, by the event's type rather than by
//! the words for them: whoever demonstrates is Protesters (Country),
//! whoever riots Rioters (Country). Through the whole pipeline, on
//! sentences written for the purpose.

use sitrep_core::{Event, RawBody, RawDoc};
use sitrep_pipeline::{Config, Pipeline};

fn main_event(text: &str, date: &str) -> Event {
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    let r = Pipeline::load(Config {
        date,
        ..Default::default()
    })
    .expect("models and KB load")
    .process(RawDoc {
        source: "crowd.txt".into(),
        id: None,
        url: None,
        date,
        body: RawBody::Text(text.into()),
    })
    .expect("processes");
    r.events.first().cloned().expect("an event")
}

fn actor1(e: &Event) -> Option<&str> {
    e.actors.first().and_then(|a| a.name.as_deref())
}

#[test]
fn marchers_are_protesters_of_the_country_they_march_in() {
    let e = main_event(
        "Thousands of teachers marched through Accra on Tuesday to demand unpaid salaries.",
        "2024-03-13",
    );
    assert_eq!(actor1(&e), Some("Protesters (Ghana)"), "{e:#?}");
    // The text's own words stay as the evidence for the name.
    assert_eq!(e.actors[0].text, "Thousands of teachers");
}

#[test]
fn a_demonym_in_a_protest_is_the_crowd_not_the_government() {
    let e = main_event(
        "Israelis rallied in Tel Aviv on Saturday against the government's judicial plan.",
        "2024-03-10",
    );
    assert_eq!(actor1(&e), Some("Protesters (Israel)"), "{e:#?}");
}

#[test]
fn supporters_who_burn_and_stone_are_rioters() {
    let e = main_event(
        "Opposition supporters burned tyres and threw stones at cars in Kisumu on Monday.",
        "2024-03-13",
    );
    let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
    assert_eq!(sub, Some("Violent demonstration"), "{e:#?}");
    assert_eq!(actor1(&e), Some("Rioters (Kenya)"), "{e:#?}");
}

#[test]
fn police_acting_at_a_protest_keep_their_name() {
    let e = main_event(
        "Police fired tear gas at protesters in Nairobi on Monday.",
        "2024-05-06",
    );
    assert_eq!(actor1(&e), Some("Police Forces of Kenya"), "{e:#?}");
}
