//! Invariants of event extraction as properties (proptest), over stories
//! generated from sentence parts of our own: every evidence span and
//! trigger is a valid byte range of `document.text` whose text is that
//! range, and every date range starts on or before its end — also for
//! temporal expressions on their own and with hostile text around them.

use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use sitrep_core::{DateRange, RawBody, RawDoc, Span};
use sitrep_events::temporal;
use sitrep_pipeline::{Config, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::load(Config::default()).expect("models and KB load"))
}

const ACTORS: &[&str] = &[
    "Gunmen",
    "Police",
    "Houthi forces",
    "Israeli aircraft",
    "Protesters",
    "Al-Shabaab militants",
    "The army",
    "Unidentified attackers",
];
const ACTS: &[&str] = &[
    "attacked a checkpoint",
    "fired rockets at a village",
    "shelled the outskirts",
    "arrested three journalists",
    "marched on the ministry",
    "detonated a car bomb near a market",
    "clashed with rebels",
    "abducted a local official",
];
const PLACES: &[&str] = &[
    "in Mogadishu",
    "near al-Qaim",
    "in northern Idlib province",
    "in Kharkiv",
    "outside Kabul",
    "in Deir ez-Zor",
    "",
];
const WHEN: &[&str] = &[
    "on Sunday",
    "last week",
    "on 3 February 2024",
    "between 5 and 7 March",
    "two days ago",
    "early on Tuesday",
    "in January",
    "",
];
const AFTER: &[&str] = &[
    ", killing 12 people",
    ", wounding at least five",
    ", officials said",
    ", according to witnesses",
    "",
];

fn sentence() -> impl Strategy<Value = String> {
    (
        prop::sample::select(ACTORS),
        prop::sample::select(ACTS),
        prop::sample::select(PLACES),
        prop::sample::select(WHEN),
        prop::sample::select(AFTER),
    )
        .prop_map(|(a, v, p, w, x)| {
            let mut s = format!("{a} {v}");
            for part in [p, w] {
                if !part.is_empty() {
                    s.push(' ');
                    s.push_str(part);
                }
            }
            s.push_str(x);
            s.push('.');
            s
        })
}

/// A story: sentences in paragraphs, with now and then a stray piece of
/// Unicode that a crawl brings (non-breaking spaces, accents, emoji).
fn story() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            sentence(),
            prop::sample::select(vec![" ", "\n\n", " \u{a0}", " — ", " 🙂 ", " é "]),
        ),
        1..8,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(s, sep)| format!("{s}{sep}"))
            .collect::<String>()
    })
}

fn span_is_its_range(text: &str, s: &Span) -> Result<(), TestCaseError> {
    prop_assert!(
        s.start <= s.end && s.end <= text.len(),
        "{}..{} of {}",
        s.start,
        s.end,
        text.len()
    );
    prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    prop_assert_eq!(&text[s.start..s.end], s.text.as_str());
    Ok(())
}

fn range_is_ordered(d: &DateRange) -> Result<(), TestCaseError> {
    if let (Some(a), Some(b)) = (&d.start, &d.end) {
        prop_assert!(a <= b, "{a}..{b} from {:?}", d.text);
        prop_assert!(NaiveDate::parse_from_str(a, "%Y-%m-%d").is_ok(), "{a}");
        prop_assert!(NaiveDate::parse_from_str(b, "%Y-%m-%d").is_ok(), "{b}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn evidence_spans_are_ranges_of_the_text_and_dates_are_ordered(
        text in story(),
        day in 0u32..3000,
    ) {
        let date = NaiveDate::from_ymd_opt(2017, 1, 1).and_then(|d| d.checked_add_days(chrono::Days::new(day.into())));
        let rec = pipeline()
            .process(RawDoc {
                source: "prop.txt".into(),
                id: None,
                url: None,
                date,
                body: RawBody::Text(text),
            })
            .expect("processes");
        let t = &rec.document.text;
        for e in &rec.events {
            prop_assert!(!e.evidence.is_empty(), "event {} without evidence", e.id);
            for s in e.evidence.iter().chain(e.trigger.as_ref()) {
                span_is_its_range(t, s)?;
            }
            if let Some(d) = &e.date {
                range_is_ordered(d)?;
            }
        }
        for a in &rec.aggregates {
            for s in &a.evidence {
                span_is_its_range(t, s)?;
            }
            if let Some(d) = &a.period {
                range_is_ordered(d)?;
            }
        }
    }
}

/// Temporal expressions: written dates, ranges, relative days, with any
/// text around them.
fn temporal_text() -> impl Strategy<Value = String> {
    let day = 0u32..40;
    let month = prop::sample::select(vec![
        "January", "Feb", "March", "Sept", "December", "mayo", "",
    ]);
    let year = prop::sample::select(vec!["2024", "1999", "0", "99999", ""]);
    (
        day.clone(),
        day,
        month,
        year,
        prop::sample::select(vec![
            "between {a} and {b} {m} {y}",
            "from {a} {m} to {b} {m} {y}",
            "on {a} {m} {y}",
            "{m} {a}-{b}, {y}",
            "{a} days ago",
            "last {m}",
            "since {m} {y}",
            "{a}/{b}/{y}",
        ]),
        any::<String>(),
    )
        .prop_map(|(a, b, m, y, tpl, noise)| {
            let s = tpl
                .replace("{a}", &a.to_string())
                .replace("{b}", &b.to_string())
                .replace("{m}", m)
                .replace("{y}", y);
            format!("{noise} {s} {noise}")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn temporal_ranges_are_ordered_spans(text in temporal_text(), day in 0u32..20000, anchored: bool) {
        let published = anchored
            .then(|| NaiveDate::from_ymd_opt(1970, 1, 1).and_then(|d| d.checked_add_days(chrono::Days::new(day.into()))))
            .flatten();
        for m in temporal::find(&text, published) {
            prop_assert!(m.start <= m.end && m.end <= text.len());
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            range_is_ordered(&m.range)?;
        }
    }
}
