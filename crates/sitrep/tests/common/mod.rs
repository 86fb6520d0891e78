//! What the integration tests share: a text through the whole pipeline, the
//! way a user's file goes through `sitrep events`.

use sitrep_core::{RawBody, RawDoc, Record};
use sitrep_pipeline::{Config, Pipeline};

/// The record of `text`, named `source`, published on `date` (YYYY-MM-DD).
pub fn events_of_text(source: &str, text: &str, date: &str) -> Record {
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    let pipeline = Pipeline::load(Config {
        date,
        ..Default::default()
    })
    .expect("models and KB load");
    pipeline
        .process(RawDoc {
            source: source.into(),
            id: None,
            url: None,
            date,
            body: RawBody::Text(text.to_string()),
        })
        .expect("processes")
}
