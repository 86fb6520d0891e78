//! Restrictions and their easing (PLOVER manual 3.4; ACLED codebook,
//! Protests): lifting a curfew is one concession, whose object is what is
//! eased and not whom; a ban on demonstrations is a rule about them, not
//! a demonstration held.

mod common;

use common::events;
use sitrep_core::PloverType;

#[test]
fn lifting_a_curfew_is_one_concession_with_no_curfew_for_recipient() {
    for text in [
        "The interior ministry lifted the curfew in Mombasa on Saturday.",
        "The night curfew in Mandalay was lifted on Tuesday.",
        "The president lifted the state of emergency in Tunis on Thursday.",
    ] {
        let r = events(text, "2024-06-16");
        let concessions: Vec<_> = r
            .events
            .iter()
            .filter(|e| e.plover.event == PloverType::Concede)
            .collect();
        assert_eq!(concessions.len(), 1, "{text}\n{:#?}", r.events);
        let e = concessions[0];
        assert!(
            e.recipients.iter().all(|x| {
                let t = x.text.to_lowercase();
                !t.contains("curfew") && !t.contains("state")
            }),
            "{text}\n{e:#?}"
        );
    }
}

#[test]
fn a_ban_on_demonstrations_is_no_demonstration() {
    for text in [
        "Police banned all protests in Abidjan ahead of the vote on Friday.",
        "The government lifted the ban on opposition rallies in Lusaka on Sunday.",
    ] {
        let r = events(text, "2024-06-16");
        assert!(
            r.events
                .iter()
                .all(|e| e.plover.event != PloverType::Protest
                    && e.acled.as_ref().is_none_or(|a| a.event_type != "Protests")),
            "{text}\n{:#?}",
            r.events
        );
    }
}

#[test]
fn demonstrators_defying_a_ban_still_demonstrate() {
    let text = "Thousands of students defied a ban on rallies and marched through Dakar on Monday.";
    let r = events(text, "2024-06-16");
    assert!(
        r.events
            .iter()
            .any(|e| e.acled.as_ref().is_some_and(|a| a.event_type == "Protests")),
        "{text}\n{:#?}",
        r.events
    );
}
