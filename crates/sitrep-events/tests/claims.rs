//! A claim of responsibility beside the act it claims: ACLED codes the act
//! (the events keep their types), CASE 2021 labels the story by the claim
//! (the record's `responsibility_claim`).

mod common;

use common::{events, main_type};

#[test]
fn a_claimed_car_bomb_is_still_a_car_bomb() {
    let r = events(
        "A car bomb exploded near a vegetable market in Kirkuk on Friday, killing six people. \
         The Islamic State group claimed responsibility for the attack on its news agency.",
        "2024-05-04",
    );
    assert_eq!(r.outside_acled, None, "{r:#?}");
    assert_eq!(main_type(&r), "Remote explosive/landmine/IED");
    let claim = r.responsibility_claim.as_ref().expect("the claim is kept");
    assert!(claim.text.contains("claimed responsibility"), "{claim:?}");
}

#[test]
fn a_claimed_suicide_bombing_keeps_its_type() {
    let r = events(
        "A suicide bomber blew himself up at an army checkpoint outside Gao on Monday, \
         killing three soldiers. The group claimed the attack in a statement.",
        "2024-05-08",
    );
    assert_eq!(main_type(&r), "Suicide bomb", "{r:#?}");
    assert!(r.responsibility_claim.is_some());
}

#[test]
fn a_claim_nobody_made_is_no_claim() {
    let r = events(
        "Gunmen shot dead two traders on the road to Beni on Tuesday. \
         No group has claimed responsibility.",
        "2024-05-08",
    );
    assert!(r.responsibility_claim.is_none(), "{r:#?}");
    assert_ne!(main_type(&r), "-");
}

#[test]
fn the_claim_of_a_told_attack_joins_it_and_names_its_author() {
    let r = events(
        "A car bomb exploded near a market in Kirkuk on Friday, killing six people. \
         The Islamic State group claimed the attack in a statement.",
        "2024-05-04",
    );
    assert_eq!(r.events.len(), 1, "{:#?}", r.events);
    let actor = r.events[0].actors.first().and_then(|a| a.name.as_deref());
    assert_eq!(actor, Some("Islamic State"));
}

#[test]
fn an_act_known_only_through_its_claim_is_still_coded() {
    let r = events(
        "The Taliban claimed an attack on a police post in Kunduz on Monday that killed four officers.",
        "2024-05-08",
    );
    assert_eq!(r.outside_acled, None, "{r:#?}");
    assert_ne!(main_type(&r), "-");
    assert!(r.responsibility_claim.is_some());
}
