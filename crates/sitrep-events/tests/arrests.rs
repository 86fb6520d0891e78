//! Arrests (ACLED codebook, Strategic developments): made by a state, so
//! an arrest the report names no one for is the police's of the country
//! where it happened; the people arrested are named by any word for
//! people, including the agent nouns of the knowledge base ("suspected
//! smugglers") and words that say nothing of who they are ("49
//! individuals").

mod common;

use common::{events, main_type};
use sitrep_core::Event;

fn arrest(text: &str) -> Event {
    let r = events(text, "2024-05-12");
    assert_eq!(main_type(&r), "Arrests", "{text}\n{:#?}", r.events);
    r.events[0].clone()
}

#[test]
fn an_arrest_with_no_one_named_for_it_is_the_polices() {
    for (text, police) in [
        (
            "37 individuals were arrested in Quezon City on Friday for violating the liquor ban.",
            "Police Forces of the Philippines",
        ),
        (
            "On Saturday, 212 people were detained in Almaty.",
            "Police Forces of Kazakhstan",
        ),
        (
            "Eleven suspects were apprehended in Mombasa on Thursday, a spokesman said.",
            "Police Forces of Kenya",
        ),
    ] {
        let e = arrest(text);
        assert!(
            e.actors.iter().any(|a| a.name.as_deref() == Some(police)),
            "{text}\n{e:#?}"
        );
        assert!(!e.recipients.is_empty(), "{text}\n{e:#?}");
    }
}

#[test]
fn the_force_named_for_an_arrest_stays_its_actor() {
    let e = arrest("Soldiers detained 14 suspected smugglers near Agadez on Tuesday.");
    assert!(
        e.actors
            .iter()
            .all(|a| !a.name.as_deref().unwrap_or_default().starts_with("Police")),
        "{e:#?}"
    );
    assert!(
        e.recipients.iter().any(|r| r.text.contains("smugglers")),
        "{e:#?}"
    );
}

#[test]
fn people_named_by_an_agent_noun_are_whom_force_befell() {
    // Neither word is in the events stage's own list of words for people.
    for (text, who) in [
        (
            "Police in Harare arrested four striking teachers on Monday.",
            "teachers",
        ),
        (
            "Soldiers detained three nurses at a clinic in Yangon on Friday.",
            "nurses",
        ),
    ] {
        let e = arrest(text);
        assert!(
            e.recipients.iter().any(|r| r.text.contains(who)),
            "{text}\n{e:#?}"
        );
    }
}

#[test]
fn protesters_arrested_are_a_protest_with_intervention() {
    let r = events(
        "Forty protesters were arrested in Colombo on Saturday.",
        "2024-05-12",
    );
    assert_eq!(
        main_type(&r),
        "Protest with intervention",
        "{:#?}",
        r.events
    );
}

#[test]
fn people_a_state_force_captures_are_arrested() {
    // CAMEO 173 / PLOVER COERCE: a state's forces taking people into
    // custody, with no fight reported, is an arrest.
    for text in [
        "The Somali army captured a senior al-Shabaab commander near Jilib on Sunday.",
        "Colombian police captured two alleged members of the Clan del Golfo in Medellin on Tuesday.",
    ] {
        arrest(text);
    }
}

#[test]
fn ground_captured_or_a_capture_by_rebels_is_no_arrest() {
    for text in [
        "The army captured the town of Kidal on Tuesday after heavy fighting.",
        "Rebels captured three soldiers near Goma on Sunday.",
    ] {
        let r = events(text, "2024-05-12");
        assert_ne!(main_type(&r), "Arrests", "{text}\n{:#?}", r.events);
    }
}
