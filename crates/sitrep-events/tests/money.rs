//! A sum of money is no party to an act: "US$ 20,000 bail" names the
//! United States' currency, not its government.

mod common;

use common::events;

#[test]
fn a_sum_of_money_is_neither_actor_nor_recipient() {
    for text in [
        "The opposition activist was released on US$ 2,000 bail in Harare on Monday.",
        "The journalist was freed on US$ 1,000 bail on Friday, his lawyer said.",
        "Gunmen released the abducted pastor in Kaduna on Sunday after his family paid US$ 15,000.",
    ] {
        let r = events(text, "2024-06-17");
        for e in &r.events {
            for a in e.actors.iter().chain(&e.recipients) {
                assert!(
                    !a.text.contains('$')
                        && a.name.as_deref() != Some("Government of the United States"),
                    "{text}\n{e:#?}"
                );
            }
            assert!(
                e.location
                    .as_ref()
                    .is_none_or(|p| !p.text.contains('$') && p.country.as_deref() != Some("USA")),
                "{text}\n{e:#?}"
            );
        }
    }
}
