//! Dates of events: a date the sentence opens with ("On 3 June 2021, …",
//! "As reported on …", "Reported on …", after a "Heading:") dates every
//! event of the sentence, unless the event's own clause names another date
//! or the event is told in a relative clause as background. Sentences
//! written for these tests.

mod common;

use sitrep_core::Record;

fn events_of_text(text: &str, date: &str) -> Record {
    common::events_of_text("dates.txt", text, date)
}

/// Start dates of the record's events, in order.
fn starts(r: &Record) -> Vec<Option<String>> {
    r.events
        .iter()
        .map(|e| e.date.as_ref().and_then(|d| d.start.clone()))
        .collect()
}

fn assert_all_dated(text: &str, published: &str, want: &str) {
    let r = events_of_text(text, published);
    let s = starts(&r);
    assert!(!s.is_empty(), "no event in {text:?}");
    for d in &s {
        assert_eq!(d.as_deref(), Some(want), "{text:?}: {s:?}");
    }
}

#[test]
fn an_opening_date_dates_every_event_of_its_sentence() {
    let cases = [
        (
            "On 3 June 2021, gunmen attacked a police station in Gusau, Zamfara, killing two officers and wounding five.",
            "2021-06-03",
        ),
        (
            "As reported on 12 October 2019, government troops clashed with rebels near Beni, North Kivu, killing four fighters.",
            "2019-10-12",
        ),
        (
            "Reported on 7 May 2022, shelling by government forces hit a market in Maarat al-Numan, Idlib, wounding six civilians.",
            "2022-05-07",
        ),
        (
            "On 5 March 2021, 1 'Mai-Mai' fighter was killed by FARDC soldiers in Walikale, North Kivu.",
            "2021-03-05",
        ),
        (
            "Detonation: on 21 November 2018, a mine planted by militants exploded under a truck near Gao, killing the driver.",
            "2018-11-21",
        ),
    ];
    for (text, want) in cases {
        assert_all_dated(text, "2024-01-15", want);
    }
}

#[test]
fn a_date_in_the_events_own_clause_wins_over_the_opening_one() {
    let r = events_of_text(
        "On 14 January 2022, officials said that militants had ambushed an army convoy on 10 January near Mopti, Mali.",
        "2022-01-15",
    );
    let s = starts(&r);
    assert!(!s.is_empty());
    assert_eq!(s[0].as_deref(), Some("2022-01-10"), "{s:?}");
}

#[test]
fn relative_opening_dates_still_resolve_against_publication() {
    // Published Tuesday 12 September 2023: "On Sunday" is the 10th.
    assert_all_dated(
        "On Sunday, unidentified gunmen shot dead a journalist outside his home in Tegucigalpa.",
        "2023-09-12",
        "2023-09-10",
    );
}

#[test]
fn an_event_told_in_a_relative_clause_is_not_dated_by_the_opening_date() {
    // Published Sunday 10 March 2024.
    let r = events_of_text(
        "On Sunday, the foreign ministers met in Amman, after a month of unrest that followed a car bombing that killed nine people in Irbid.",
        "2024-03-10",
    );
    for e in &r.events {
        let trig = e.trigger.as_ref().map_or("", |t| t.text.as_str());
        if matches!(trig, "bombing" | "killed") {
            let d = e.date.as_ref().and_then(|d| d.start.as_deref());
            assert_ne!(d, Some("2024-03-10"), "{trig}: {:?}", e.date);
        }
    }
}
