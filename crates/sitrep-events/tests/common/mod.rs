//! What the behaviour tests share: a text through the whole pipeline, as
//! a user's file goes, with the publication date relative dates resolve
//! against.

// Each test binary uses the part it needs.
#![allow(dead_code)]

use sitrep_core::{Event, RawBody, RawDoc, Record};
use sitrep_pipeline::{Config, Pipeline};

/// The record the pipeline writes for `text` published on `date`
/// (YYYY-MM-DD).
pub fn events(text: &str, date: &str) -> Record {
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    Pipeline::load(Config {
        date,
        ..Default::default()
    })
    .expect("models and KB load")
    .process(RawDoc {
        source: "test.txt".into(),
        id: None,
        url: None,
        date,
        body: RawBody::Text(text.into()),
    })
    .expect("processes")
}

/// The event listed first (the record's main event).
pub fn main_event(text: &str, date: &str) -> Event {
    events(text, date)
        .events
        .first()
        .cloned()
        .expect("an event")
}

/// The ACLED sub-event type of a record's main event, "-" when it has none.
pub fn main_type(r: &Record) -> &str {
    r.events
        .first()
        .and_then(|e| e.acled.as_ref())
        .map_or("-", |a| a.sub_event_type.as_str())
}
