//! Verbs of impact ("hit", "land") are acts only with a weapon in them:
//! what strikes ("shells hit a school") or what is struck ("the bus hit a
//! landmine"). The vehicle that hit a mine is its victim, not its actor.

mod common;

use common::{events, main_type};

#[test]
fn shells_that_hit_a_district_are_shelling() {
    let r = events(
        "Shells hit a residential district of Kherson on Monday, damaging a school, officials said.",
        "2023-05-10",
    );
    assert_eq!(main_type(&r), "Shelling/artillery/missile attack", "{r:#?}");
    let e = &r.events[0];
    assert_eq!(
        e.location.as_ref().and_then(|p| p.country.as_deref()),
        Some("UKR")
    );
}

#[test]
fn a_bus_that_hit_a_mine_is_a_victim_of_a_remote_explosive() {
    let r = events(
        "Six people died on Thursday after their minibus hit an explosive device near Djibo.",
        "2023-05-12",
    );
    assert_eq!(main_type(&r), "Remote explosive/landmine/IED", "{r:#?}");
    let e = &r.events[0];
    assert_eq!(e.fatalities.as_ref().and_then(|f| f.min), Some(6));
    assert!(
        e.actors.iter().all(|a| !a.text.contains("minibus")),
        "{:?}",
        e.actors
    );
}

#[test]
fn a_planted_bomb_that_hit_a_tank_is_its_planters_act() {
    let r = events(
        "A bomb planted by al-Shabaab hit an army truck near Afgoye on Tuesday, killing four soldiers.",
        "2023-05-12",
    );
    let e = &r.events[0];
    assert_eq!(main_type(&r), "Remote explosive/landmine/IED", "{r:#?}");
    let actor = e
        .actors
        .first()
        .and_then(|a| a.name.clone())
        .unwrap_or_default();
    assert!(actor.contains("Shabaab"), "{actor}");
}

#[test]
fn impact_without_a_weapon_is_no_attack() {
    for text in [
        "The storm hit the coast of Mozambique on Friday.",
        "Fuel prices hit a record high in Lagos on Monday.",
        "The plane landed in Goma on Tuesday.",
        "The city fell to the rebels on Sunday.",
        "Oil prices fell sharply on Monday.",
        "A new round of talks hit a snag in Doha on Monday.",
    ] {
        let r = events(text, "2023-05-12");
        assert!(
            r.events.iter().all(|e| e
                .trigger
                .as_ref()
                .is_none_or(|t| !t.text.starts_with("hit") && !t.text.starts_with("land"))),
            "{text}: {:#?}",
            r.events
        );
    }
}

#[test]
fn a_rocket_that_landed_near_an_embassy_is_a_missile_attack_with_one_target() {
    let r = events(
        "A rocket landed near the US embassy in Baghdad on Sunday, wounding two guards.",
        "2023-05-15",
    );
    assert_eq!(r.outside_acled, None, "{r:#?}");
    assert_eq!(main_type(&r), "Shelling/artillery/missile attack");
    let texts: Vec<&str> = r.events[0]
        .recipients
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(texts, ["two guards"]);
}

#[test]
fn rockets_that_fell_near_an_embassy_are_a_missile_attack() {
    // "fell" is the irregular past of "fall", and nothing else in the
    // sentence is a trigger.
    let r = events(
        "Two rockets fell near the US embassy in Baghdad on Sunday.",
        "2023-05-15",
    );
    assert_eq!(main_type(&r), "Shelling/artillery/missile attack", "{r:#?}");
}

#[test]
fn a_building_burnt_down_by_gunmen_is_property_destroyed() {
    // The tagger reads "burnt" as an adjective of the gunmen; a sentence
    // needs a verb, and the parse repair gives it back.
    let r = events(
        "Unknown gunmen burnt down a police station in Owerri on Monday night, police said.",
        "2023-05-16",
    );
    assert_eq!(main_type(&r), "Looting/property destruction", "{r:#?}");
    let e = &r.events[0];
    assert_eq!(
        e.actors.first().and_then(|a| a.name.as_deref()),
        Some("Unidentified Armed Group (Nigeria)")
    );
}
