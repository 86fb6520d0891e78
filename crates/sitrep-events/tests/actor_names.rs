//! The acting side named as ACLED names it, through the whole pipeline, on
//! sentences written for the purpose: a group's name the parse cut from its
//! head noun, a code name of letters and digits, the knowledge base's ACLED
//! name, and a government's hardware flown by its armed forces.

mod common;

use common::main_event;
use sitrep_core::{Event, PloverType};

fn actor1(e: &Event) -> Option<&str> {
    e.actors.first().and_then(|a| a.name.as_deref())
}

#[test]
fn a_group_name_the_parse_cut_from_its_head_noun_still_names_the_group() {
    // The tagger reads a word of the name as a verb or an event word; the
    // capitalised words before the head are looked up with it.
    let e = main_event(
        "Rapid Support Forces troops looted a market in Nyala on Friday.",
        "2024-02-12",
    );
    assert_eq!(actor1(&e), Some("Rapid Support Forces"), "{e:#?}");
    let e = main_event(
        "Allied Democratic Forces rebels killed nine farmers near Beni on Thursday.",
        "2023-10-20",
    );
    assert_eq!(actor1(&e), Some("Allied Democratic Forces"), "{e:#?}");
}

#[test]
fn a_code_name_of_letters_and_digits_is_looked_up_as_a_name() {
    // "M23" is three characters long, as the short words the resolver
    // refuses to read as names are; a digit says it is no English word.
    let e = main_event(
        "M23 shelled the town of Sake on Tuesday, killing four civilians.",
        "2024-02-08",
    );
    assert_eq!(actor1(&e), Some("M23: March 23 Movement"), "{e:#?}");
}

#[test]
fn the_knowledge_base_gives_acled_names_for_the_groups_it_knows() {
    let e = main_event(
        "JNIM fighters ambushed a convoy near Djibo on Monday, killing 11 soldiers.",
        "2023-06-28",
    );
    assert_eq!(
        actor1(&e),
        Some("JNIM: Group for Support of Islam and Muslims"),
        "{e:#?}"
    );
}

#[test]
fn a_governments_aircraft_are_flown_by_its_military() {
    let e = main_event(
        "Sudanese government aircraft bombed a village in South Kordofan on Monday.",
        "2023-09-13",
    );
    assert_eq!(actor1(&e), Some("Military Forces of Sudan"), "{e:#?}");
    let e = main_event(
        "Syrian regime warplanes bombed a hospital in Maarat al-Numan on Sunday, killing five people.",
        "2019-12-24",
    );
    assert_eq!(actor1(&e), Some("Military Forces of Syria"), "{e:#?}");
}

#[test]
fn a_government_acting_without_hardware_stays_the_government() {
    let e = main_event(
        "The Sudanese government and the rebels signed a peace agreement in Juba on Saturday.",
        "2020-10-05",
    );
    assert_ne!(actor1(&e), Some("Military Forces of Sudan"), "{e:#?}");
}

#[test]
fn who_moves_in_after_another_side_pulls_out_takes_the_ground() {
    // The withdrawal is the clause the taking hangs on: the main clause's
    // subject gains the ground, the side that left is whom it came from.
    let e = main_event(
        "Kenyan troops moved into the town of Kismayo on Saturday after Al Shabaab fighters pulled out.",
        "2012-10-01",
    );
    assert_eq!(actor1(&e), Some("Military Forces of Kenya"), "{e:#?}");
    assert!(
        e.recipients
            .iter()
            .any(|r| r.name.as_deref() == Some("Al-Shabaab")),
        "{e:#?}"
    );
    // With the side moving in as its actor, the PLOVER act is the taking
    // (CAMEO 192, occupy territory), not the withdrawal.
    assert_eq!(e.plover.event, PloverType::Coerce, "{e:#?}");
    assert_eq!(e.plover.mode, ["seize"], "{e:#?}");
    assert_eq!(e.cameo.as_deref(), Some("192"), "{e:#?}");
    let e = main_event(
        "Government forces entered the city of Sirte on Sunday after Islamic State militants retreated.",
        "2016-12-06",
    );
    assert_eq!(actor1(&e), Some("Military Forces of Libya"), "{e:#?}");
}

#[test]
fn a_withdrawal_on_its_own_is_the_withdrawing_sides() {
    let e = main_event(
        "Russian forces withdrew from the town of Bucha on Wednesday.",
        "2022-04-01",
    );
    assert_eq!(actor1(&e), Some("Military Forces of Russia"), "{e:#?}");
    assert_eq!(e.plover.event, PloverType::Retreat, "{e:#?}");
}

#[test]
fn a_mob_the_parse_lost_is_still_the_rioters_of_mob_violence() {
    // "by a mob" is not read as an argument; the attacker an unnamed
    // assault is given must not stand in for the crowd of a riot.
    let e = main_event(
        "A suspected pickpocket was beaten to death by a mob at a bus park in Kisumu on Sunday, police said.",
        "2023-05-16",
    );
    assert_eq!(actor1(&e), Some("Rioters (Kenya)"), "{e:#?}");
}

#[test]
fn vandals_named_by_what_they_did_are_an_unidentified_group() {
    let e = main_event(
        "Vandals destroyed traffic lights and bus shelters in Guayaquil on Saturday night.",
        "2023-08-14",
    );
    assert_eq!(
        actor1(&e),
        Some("Unidentified Armed Group (Ecuador)"),
        "{e:#?}"
    );
}

#[test]
fn a_coalition_named_by_its_leader_is_the_leader_s_a_backed_group_its_own() {
    // "-led" names whose force it is; "-backed" names a sponsor, not the
    // one acting.
    let e = main_event(
        "An air strike by the Saudi-led coalition hit a bus in Dahyan on Thursday, killing 29 children.",
        "2018-08-10",
    );
    assert_eq!(actor1(&e), Some("Saudi-led Coalition"), "{e:#?}");
    let e = main_event(
        "Iranian-backed Houthi rebels attacked a tanker in the Red Sea on Monday.",
        "2024-02-12",
    );
    assert_eq!(actor1(&e), Some("Houthis"), "{e:#?}");
}

#[test]
fn a_backed_group_read_as_the_object_of_its_backer_still_acts_at_sea() {
    // The parser reads "Iranian-backed" as the subject and "fighters" as
    // its object; "off" a port puts the act near it.
    let e = main_event(
        "Iranian-backed Houthi fighters fired a missile at a tanker off Mokha on Monday.",
        "2024-02-12",
    );
    assert_eq!(actor1(&e), Some("Houthis"), "{e:#?}");
    assert_eq!(
        e.location.as_ref().and_then(|p| p.country.as_deref()),
        Some("YEM"),
        "{e:#?}"
    );
}
