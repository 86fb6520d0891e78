//! ACLED's Strategic developments and property destruction, by the
//! codebook's definitions of the sub-event types (see
//! ../shared/docs/acled-types.md): property destroyed with no clash and no
//! one hurt is Looting/property destruction whatever the means; a bomb its
//! finders destroy in a controlled blast is Disrupted weapons use. Through
//! the whole pipeline, on sentences written for the purpose.

mod common;

use common::main_event;
use sitrep_core::Event;

fn sub_event(e: &Event) -> Option<&str> {
    e.acled.as_ref().map(|a| a.sub_event_type.as_str())
}

/// Each text's main event is of the ACLED sub-event type `sub`.
fn each_is(texts: &[&str], sub: &str) {
    for text in texts {
        let e = main_event(text, "2024-03-13");
        assert_eq!(sub_event(&e), Some(sub), "{text}\n{e:#?}");
    }
}

/// The text's main event is not of the ACLED sub-event type `sub`.
fn is_not(text: &str, sub: &str) {
    let e = main_event(text, "2024-03-13");
    assert_ne!(sub_event(&e), Some(sub), "{text}\n{e:#?}");
}

#[test]
fn houses_blown_up_are_property_destroyed() {
    each_is(
        &[
            "Al-Shabaab fighters blew up a bridge linking two villages near Beledweyne on Friday.",
            "Rebel fighters blew up the homes of two local councillors in Ituri province on Monday.",
            "Houthi gunmen blew up three houses in a village of Taiz province on Sunday.",
            "ISIS militants blew up an ancient shrine in Mosul on Thursday.",
        ],
        "Looting/property destruction",
    );
}

#[test]
fn demolitions_are_property_destroyed_not_territory_taken() {
    each_is(
        &[
            "Settlers demolished a Palestinian school near Hebron on Monday.",
            "Municipal bulldozers escorted by soldiers demolished dozens of homes in a village near Nablus.",
        ],
        "Looting/property destruction",
    );
}

#[test]
fn property_burned_by_gunmen_is_property_destroyed() {
    each_is(
        &["Boko Haram fighters burned down the house of a village head in Borno on Saturday."],
        "Looting/property destruction",
    );
}

/// What kills people is no property destruction, whatever it also wrecked.
#[test]
fn a_blast_that_kills_stays_remote_violence() {
    each_is(&["A car bomb destroyed several shops in central Mogadishu on Sunday, killing four people."], "Remote explosive/landmine/IED");
}

/// A post held by armed men is no property: an attack on it is on them.
#[test]
fn a_police_station_blown_up_with_its_officers_is_no_property_destruction() {
    is_not(
        "Militants blew up a police station in Kunar on Monday, killing three officers.",
        "Looting/property destruction",
    );
}

#[test]
fn a_bomb_destroyed_in_a_controlled_blast_is_disrupted() {
    each_is(
        &[
            "Army engineers carried out a controlled explosion of a suspected car bomb near the market in Maiduguri on Friday.",
            "Bomb disposal experts found a roadside device in Kandahar and destroyed it in a controlled detonation on Monday.",
        ],
        "Disrupted weapons use",
    );
}

/// Codebook, Riots: a crowd that burns homes riots; property destroyed by
/// a crowd is no Strategic development.
#[test]
fn a_crowd_burning_homes_riots() {
    is_not(
        "A mob torched homes and shops in Jos on Friday after the killing of a herder.",
        "Looting/property destruction",
    );
}

/// Codebook, Looting/property destruction: looting is its own act, by
/// whatever verb of plunder the text uses.
#[test]
fn pillage_plunder_and_ransack_are_looting() {
    each_is(
        &[
            "Armed men pillaged the market of Djibo on Saturday, residents said.",
            "Militiamen plundered homes in a village near Bunia on Wednesday.",
            "Fighters ransacked the offices of an aid agency in Mekelle on Thursday.",
        ],
        "Looting/property destruction",
    );
}

/// Plunder in its figurative sense (public money) is no event of ACLED's.
#[test]
fn a_treasury_plundered_is_no_looting() {
    let r = common::events(
        "The former minister plundered the treasury for a decade, the court heard.",
        "2024-03-13",
    );
    assert!(
        r.events.iter().all(|e| e.acled.is_none()),
        "{:#?}",
        r.events
    );
}

#[test]
fn a_curfew_imposed_is_a_change_to_group_activity() {
    each_is(
        &[
            "The army declared a 24-hour curfew across Port Harcourt on Monday.",
            "Authorities imposed a night curfew on Bukavu on Friday after a week of unrest.",
        ],
        "Change to group/activity",
    );
}
