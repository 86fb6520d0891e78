//! The event's place is the most specific place the sentence names: a
//! place written inside another ("the X district of Y", "Y's X", "X, Y",
//! "X in the countryside of Y") is the place, the other only says which
//! namesake is meant; a place the knowledge base lacks is still given as
//! written, at the coordinates of what holds it.

mod common;

use common::main_event;
use sitrep_core::{Event, GeoPrecision};

fn place(e: &Event) -> (String, String, String) {
    let p = e.location.clone().unwrap_or_default();
    (
        p.text,
        p.name.unwrap_or_default(),
        p.country.unwrap_or_default(),
    )
}

#[test]
fn a_town_in_the_countryside_of_a_province_is_the_place() {
    let e = main_event(
        "An air strike hit a market in the town of Kafr Nabl in the southern countryside of Idlib on Monday, killing seven people.",
        "2023-05-10",
    );
    let (text, _, country) = place(&e);
    assert_eq!((text.as_str(), country.as_str()), ("Kafr Nabl", "SYR"));
}

#[test]
fn a_district_of_a_city_is_the_place_even_when_unknown() {
    // The knowledge base has no Hodan district: the text keeps it, the
    // coordinates are Mogadishu's.
    let e = main_event(
        "A car bomb exploded in the busy Hodan district of Mogadishu on Monday, killing five people.",
        "2023-05-10",
    );
    let (text, name, _) = place(&e);
    assert_eq!(text, "Hodan district");
    assert_eq!(name, "Mogadishu");
}

#[test]
fn a_slum_of_a_city_and_a_possessive_are_the_place() {
    let e = main_event(
        "Gunmen killed four traders in the Kisenyi slum of Kampala on Tuesday, police said.",
        "2023-05-10",
    );
    assert_eq!(place(&e).0, "Kisenyi");
    let e = main_event(
        "Soldiers shot dead two protesters in Bamako's Kalaban Coura district on Friday.",
        "2023-05-10",
    );
    let (text, _, country) = place(&e);
    assert!(text.contains("Kalaban Coura"), "{text}");
    assert_eq!(country, "MLI");
}

#[test]
fn a_village_in_a_province_is_the_place_at_the_province() {
    let e = main_event(
        "Rebels burned houses in the village of Kazanga in North Kivu province on Thursday.",
        "2023-05-10",
    );
    let (text, name, country) = place(&e);
    assert_eq!((text.as_str(), country.as_str()), ("Kazanga", "COD"));
    assert_eq!(name, "North Kivu");
    assert_eq!(
        e.location.and_then(|p| p.precision),
        Some(GeoPrecision::Region)
    );
}

#[test]
fn a_district_of_a_state_named_with_and() {
    let e = main_event(
        "Militants stormed a checkpoint in Kishtwar district of Jammu and Kashmir on Friday, killing a soldier.",
        "2023-05-10",
    );
    assert_eq!(place(&e).1, "Kishtwar");
}

#[test]
fn a_city_a_verb_strikes_and_a_time_word_after_a_name() {
    let e = main_event(
        "Missiles struck Zaporizhzhia on Saturday, killing two people, the governor said.",
        "2023-05-10",
    );
    assert_eq!(place(&e).2, "UKR");
    assert!(place(&e).0.contains("Zaporizhzhia"));
    let e = main_event(
        "A roadside bomb killed three soldiers in Tarin Kot yesterday, officials said.",
        "2023-05-10",
    );
    assert_eq!(place(&e).0, "Tarin Kot");
}

#[test]
fn an_event_only_the_story_reads_is_placed_as_a_clause_would_be() {
    // No clause rule reads "sexually abused"; the story's decision makes
    // the event, and the sentence's place phrase places it.
    let e = main_event(
        "Militiamen sexually abused three women at a checkpoint near Kaga-Bandoro on Friday, according to the United Nations.",
        "2023-05-10",
    );
    assert!(e.trigger.is_none(), "{e:?}");
    let (text, _, country) = place(&e);
    assert_eq!((text.as_str(), country.as_str()), ("Kaga-Bandoro", "CAF"));
}
