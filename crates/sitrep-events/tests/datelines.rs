//! A wire story's dateline says where and by whom it was filed
//! ("BAMAKO (AFP) —"), never who did what it tells.

mod common;

use common::events;

#[test]
fn the_dateline_is_no_party_to_the_event() {
    for (text, filed) in [
        (
            "BAMAKO, Mali (AFP) — Jihadists attacked an army post in central Mali on Sunday, killing four soldiers.",
            ["bamako", "afp"],
        ),
        (
            "PORTLAND, Ore. - Protesters marched through downtown Portland on Saturday, police said.",
            ["portland, ore", "ore"],
        ),
    ] {
        let r = events(text, "2024-06-17");
        assert!(!r.events.is_empty(), "{text}");
        for e in &r.events {
            for a in e.actors.iter().chain(&e.recipients) {
                let t = a.text.to_lowercase();
                assert!(
                    !filed.iter().any(|f| t == *f || t.starts_with(&format!("{f},"))),
                    "{text}\n{e:#?}"
                );
            }
        }
    }
}
