//! What a report says in passing does not type the act it reports: a weapon
//! named paragraphs away, a word that only says what kind of thing its head
//! is ("protest leaders", "attack helicopters"), an organisation whose name
//! is made of an act ("Liberation Army").

mod common;

use common::{events, main_type};

#[test]
fn a_weapon_in_another_paragraph_is_background() {
    let r = events(
        "A commander of the group was killed by a drone strike near Idlib on Tuesday.\n\n\
         He had been accused of taking part in chemical attacks on the city of Saraqib in 2018.",
        "2024-05-08",
    );
    assert_eq!(main_type(&r), "Air/drone strike", "{r:#?}");
}

#[test]
fn a_weapon_in_the_paragraph_of_the_act_types_it() {
    let r = events(
        "In one of the worst attacks of the war with poison gas, at least 40 people were \
         killed in the town on Saturday, a monitoring group said.",
        "2024-05-08",
    );
    assert_eq!(main_type(&r), "Chemical weapon", "{r:#?}");
}

#[test]
fn grenades_found_in_a_raid_are_not_a_grenade_attack() {
    let r = events(
        "Police arrested 40 suspects in a week-long operation in the camp and confiscated \
         explosives and hand grenades.\n\n\
         On Thursday two officers were killed in a gunfight with militants in the camp.",
        "2024-05-08",
    );
    assert_ne!(main_type(&r), "Grenade", "{r:#?}");
}

#[test]
fn a_modifier_of_a_person_noun_is_no_event() {
    for text in [
        "Because of his links with the group's attack planners, his death will weaken it.",
        "Protest leaders met the governor in Lagos on Monday.",
    ] {
        let r = events(text, "2024-05-08");
        assert!(
            r.events.iter().all(
                |e| !matches!(e.plover.event, sitrep_core::PloverType::Assault)
                    && !matches!(e.plover.event, sitrep_core::PloverType::Protest)
            ),
            "{text}: {:#?}",
            r.events
        );
    }
}

#[test]
fn an_occurrence_of_the_act_keeps_its_modifier() {
    let r = events(
        "Two people were wounded in a shooting incident outside a bar in Cape Town on Sunday.",
        "2024-05-08",
    );
    assert!(!r.events.is_empty(), "{r:#?}");
}

#[test]
fn a_liberation_army_takes_no_territory_by_its_name() {
    for text in [
        "Fighters of the Sudan People's Liberation Army-North attacked an army convoy near \
         Kadugli on Monday, killing four soldiers.",
        "Rebels of the Oromo Liberation Army clashed with federal troops near Nekemte on Friday.",
    ] {
        let r = events(text, "2024-05-08");
        assert_eq!(main_type(&r), "Armed clash", "{text}: {r:#?}");
    }
    let r = events(
        "Government troops liberated the town of Jebel Marra from the rebels on Sunday.",
        "2024-05-08",
    );
    assert_eq!(main_type(&r), "Government regains territory", "{r:#?}");
}

#[test]
fn a_short_cue_is_a_whole_word() {
    // "mob" begins "mobile" and "mobilise"; "ied" is also the plural "ieds".
    let r = events(
        "A telecom firm offered mobile phone users in Nairobi free data on Friday, \
         and the union mobilised its members for talks.",
        "2024-05-08",
    );
    assert_ne!(main_type(&r), "Mob violence", "{r:#?}");
    let r = events(
        "Two IEDs exploded near a police station in Mandera on Monday, wounding three officers.",
        "2024-05-08",
    );
    assert_eq!(main_type(&r), "Remote explosive/landmine/IED", "{r:#?}");
}

#[test]
fn may_beside_a_number_is_a_month_not_a_place() {
    for text in [
        "He was detained by Jordanian forces with the help of Iraqi intelligence in May 2006.",
        "Iraqi police said the engineer was kidnapped from his home on 6 May.",
    ] {
        let e = common::main_event(text, "2024-05-08");
        let place = e.location.as_ref().map(|p| p.text.as_str());
        assert_ne!(place, Some("May"), "{text}: {e:#?}");
    }
}

#[test]
fn a_bomb_in_a_shop_is_no_accident_and_its_country_no_target() {
    let r = events(
        "Two people were killed and five injured after an explosion tore through a shopping \
         mall near the port of Jounieh, north of Beirut, Lebanon. The bomb had been left \
         under a stairwell, police said. The blast made ceilings collapse.",
        "2024-05-08",
    );
    assert_eq!(r.outside_acled, None, "{r:#?}");
    assert_eq!(main_type(&r), "Remote explosive/landmine/IED", "{r:#?}");
    let e = &r.events[0];
    assert!(
        e.recipients
            .iter()
            .all(|a| a.name.as_deref() != Some("Military Forces of Lebanon")),
        "{e:#?}"
    );
}

#[test]
fn a_thing_in_a_capital_is_not_its_government() {
    let e = common::main_event(
        "Gunmen attacked a college campus in the town of Garissa, killing 14 students.",
        "2024-05-08",
    );
    assert!(
        e.recipients.iter().all(
            |r| !r.name.as_deref().unwrap_or("").starts_with("Government")
                && !r.name.as_deref().unwrap_or("").starts_with("Military")
        ),
        "{e:#?}"
    );
    let e = common::main_event(
        "Militants attacked the positions of Kenyan troops near Hosingow on Monday.",
        "2024-05-08",
    );
    assert!(
        e.recipients
            .iter()
            .any(|r| r.name.as_deref() == Some("Military Forces of Kenya")),
        "{e:#?}"
    );
}

#[test]
fn a_hyphenated_place_is_one_name() {
    // "Prince" alone is a royal title; inside "Port-au-Prince" it names no one.
    let e = common::main_event(
        "Police arrested three suspected gang members in Port-au-Prince on Friday.",
        "2024-05-08",
    );
    assert!(
        e.recipients
            .iter()
            .all(|r| r.name.as_deref() != Some("Government of Haiti")),
        "{e:#?}"
    );
}

/// "Iranian-backed", "Saudi-led": a hyphenated word before a noun says who
/// stands behind the noun and reports no backing or leading of its own.
#[test]
fn a_hyphenated_modifier_reports_no_act() {
    for text in [
        "Iranian-backed militias fired rockets at a US base in eastern Syria on Monday.",
        "Government-allied fighters ambushed a convoy near Kidal on Sunday.",
    ] {
        let r = events(text, "2024-03-10");
        let kinds: Vec<String> = r
            .events
            .iter()
            .map(|e| format!("{:?}", e.plover.event))
            .collect();
        assert_eq!(kinds, ["Assault"], "{text}: {r:#?}");
    }
}
