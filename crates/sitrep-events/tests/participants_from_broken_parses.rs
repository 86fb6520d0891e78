//! Who acts and who receives, through the whole pipeline, on sentences
//! written for the purpose whose parse the committed models get wrong: a
//! perfect's subject hung on its auxiliary, a counted object the parser
//! hung elsewhere; and names that describe the actor, which are not whom
//! the act is aimed at.

mod common;

use common::main_event;
use sitrep_core::{Actor, Event};

fn countries(actors: &[Actor]) -> Vec<&str> {
    actors.iter().filter_map(|a| a.country.as_deref()).collect()
}

fn show(e: &Event) -> String {
    format!(
        "{:?} {:?} -> {:?}",
        e.plover.event,
        e.actors.iter().map(|a| &a.text).collect::<Vec<_>>(),
        e.recipients.iter().map(|a| &a.text).collect::<Vec<_>>()
    )
}

#[test]
fn the_subject_of_a_perfect_acts() {
    let e = main_event(
        "Peru has once again flatly rejected a Chilean proposal for new fishing limits, urging its neighbour to return to the talks.",
        "2024-05-02",
    );
    assert_eq!(countries(&e.actors), ["PER"], "{}", show(&e));
    assert_eq!(countries(&e.recipients), ["CHL"], "{}", show(&e));
}

#[test]
fn a_counted_object_is_the_people_counted() {
    let e = main_event(
        "Thai soldiers detained more than 40 Cambodians near the border, army sources said.",
        "2024-05-02",
    );
    assert_eq!(countries(&e.actors), ["THA"], "{}", show(&e));
    assert_eq!(countries(&e.recipients), ["KHM"], "{}", show(&e));
}

#[test]
fn an_apposition_describes_the_actor_and_receives_nothing() {
    let e = main_event(
        "Norway, a longtime Swedish partner, has refused to join the new fishing pact.",
        "2024-05-02",
    );
    assert_eq!(countries(&e.actors), ["NOR"], "{}", show(&e));
    assert!(!countries(&e.recipients).contains(&"SWE"), "{}", show(&e));
}

#[test]
fn the_source_of_a_report_receives_nothing() {
    let e = main_event(
        "Floodwaters swept away a bridge near Tabora, killing nine, according to Tanzania's Red Cross.",
        "2024-05-02",
    );
    assert!(countries(&e.recipients).is_empty(), "{}", show(&e));
}

#[test]
fn a_hyphenated_name_of_a_building_is_no_place_of_its_own() {
    let e = main_event(
        "At least 30 people were killed when the Al-Yaman Hotel near the harbour collapsed.",
        "2024-05-02",
    );
    assert!(countries(&e.recipients).is_empty(), "{}", show(&e));
}

#[test]
fn unarmed_people_a_participle_describes_are_its_actors() {
    let r = common::events(
        "Police beat farmers protesting against land seizures in Abuja on Monday.",
        "2024-03-12",
    );
    let protest = r
        .events
        .iter()
        .find(|e| e.plover.event == sitrep_core::PloverType::Protest)
        .expect("the farmers' protest");
    assert!(
        protest
            .actors
            .iter()
            .all(|a| !a.sector.iter().any(|s| s == "COP")),
        "{}",
        show(protest)
    );
}
