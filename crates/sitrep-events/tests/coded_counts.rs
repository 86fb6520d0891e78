//! Counts as the text states them and as an ACLED coder records them:
//! a vague figure is coded by its most conservative reading (ACLED's
//! codebook), and "the X and N others" counts every one of them whatever
//! the parser hung "others" on.

mod common;

use common::events;
use sitrep_core::Event;

fn stated(e: &Event) -> (Option<u32>, Option<u32>) {
    e.fatalities
        .as_ref()
        .map_or((None, None), |c| (c.min, c.max))
}

fn coded(e: &Event) -> Option<u32> {
    e.fatalities_coded.as_ref().and_then(|c| c.min)
}

#[test]
fn more_than_a_number_is_coded_as_that_number() {
    let r = events(
        "Militants stormed a village in Borno state on Saturday, killing more than 60 people, residents said.",
        "2024-05-06",
    );
    let e = &r.events[0];
    assert_eq!(stated(e), (Some(61), None), "{e:#?}");
    assert_eq!(coded(e), Some(60));
}

#[test]
fn dozens_are_coded_as_twelve() {
    let r = events(
        "An air strike on a wedding party in Kandahar killed dozens of guests on Sunday.",
        "2024-05-06",
    );
    let e = &r.events[0];
    assert_eq!(coded(e), Some(12), "{e:#?}");
}

#[test]
fn an_exact_count_has_no_coded_count_apart() {
    let r = events(
        "Gunmen shot dead four farmers in Benue state on Tuesday, police said.",
        "2024-05-06",
    );
    let e = &r.events[0];
    assert_eq!(stated(e), (Some(4), Some(4)), "{e:#?}");
    assert_eq!(coded(e), None);
}

#[test]
fn a_named_victim_and_others_are_counted_together() {
    for (text, n) in [
        (
            "A drone strike killed senior commander Abu Hamza al-Muhajir and seven others late on Tuesday near Deir ez-Zor.",
            8,
        ),
        (
            "Bandits killed the district head and three others early on Monday in Katsina state.",
            4,
        ),
    ] {
        let r = events(text, "2024-05-08");
        let e = &r.events[0];
        assert_eq!(stated(e).0, Some(n), "{text}\n{e:#?}");
    }
}
