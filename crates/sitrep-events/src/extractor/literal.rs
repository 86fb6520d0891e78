//! Whether a violent word reports violence: what its clause says of the
//! act besides the word itself.
//!
//! "Attack", "beat", "kill", "execute", "fire", "shoot", "explosion" are
//! said of critics, prices, plans, employees, photographs and stars far
//! more often than of armed men. ACLED codes political violence: an act
//! with someone who did it or suffered it that a coder can name (an armed
//! or political actor, or people such as civilians, police, protesters),
//! or with its harm counted, a weapon, or a place it happened. A violent
//! word whose clause gives none of these ("Warren was under attack", "the
//! prices cannot be beat", "Johnson and Corbyn attacked each other's
//! policies", "supernova explosions") tells of no act a coder could code,
//! and is not read as one. The tests are on the clause's arguments as the
//! parse and the knowledge base read them, not on the trigger's words.

use sitrep_core::{Actor, Place};

use super::trigger::Candidate;
use crate::counts;
use crate::naming;
use crate::sentence::SentView;

/// Why the clause of violent trigger `c` reports an act, or `None` when
/// it gives nothing beside the word: no participant the knowledge base
/// knows or whose words name people, no casualties counted, no weapon, no
/// place, no armed people named in the sentence.
pub(super) fn evidence(
    v: &SentView,
    c: &Candidate,
    lower: &str,
    actors: &[Actor],
    recipients: &[Actor],
    places: &[Place],
) -> Option<&'static str> {
    let read = |a: &&Actor| !a.text.trim().is_empty();
    // A participant the knowledge base names with a sector, or whose own
    // words say what kind of people it is ("a man", "police", "gunmen").
    if actors
        .iter()
        .chain(recipients)
        .filter(read)
        .any(|a| (a.name.is_some() && !a.sector.is_empty()) || naming::names_people(a))
    {
        return Some("a participant the knowledge base knows, or named as people");
    }
    // A crowd that acts is a party ACLED codes (rioters, a mob).
    if naming::crowd_acts(actors) {
        return Some("a crowd acted");
    }
    // Harm stated by number ("killing five", "12 were wounded") or a
    // death told of one victim ("a man was shot dead").
    if counts::numbered_fatalities(lower).is_some()
        || counts::injured(lower).is_some()
        || counts::one_killed_passive(lower)
    {
        return Some("casualties counted");
    }
    // What a destroying act (looting, burning, vandalism) is done to is
    // its harm: "shops were looted" ("Burning Man", a film, has none).
    if c.trig.modes.iter().any(|m| m == "destroy") && recipients.iter().any(|a| read(&a)) {
        return Some("property destroyed");
    }
    if !places.is_empty() {
        return Some("a place the clause names");
    }
    // The trigger's own word names a means of war no figure of speech
    // borrows ("airstrike", "drone strike", "suicide bombing",
    // "assassination", "kidnapping"); "explosion", "shoot", "beat" and
    // "bombard" are borrowed every day and need more.
    if c.trig
        .modes
        .iter()
        .any(|m| MEANS_OF_WAR.contains(&m.as_str()))
    {
        return Some("the trigger names a means of war");
    }
    if weapon_named(v, c) {
        return Some("a weapon named beside the trigger");
    }
    // Warplanes, tanks or gunships that act are a military's ("government
    // jets bombed Kidal"): as written, in lower case, a team or a brand
    // ("the Jets") is no such thing.
    if actors.iter().any(|a| crate::roles::names_hardware(&a.text)) {
        return Some("war hardware acted");
    }
    if naming::anonymous(lower) || crate::frames::names_armed_people(lower) {
        return Some("armed people named in the sentence");
    }
    None
}

/// Modes (as the trigger lexicon gives them) whose words are not used
/// figuratively.
const MEANS_OF_WAR: &[&str] = &[
    "aerial",
    "drone",
    "suicide-attack",
    "targeted",
    "abduct",
    "sexual",
];

/// A weapon or means named in the sentence by a word other than the
/// trigger's own ("opened fire", "with a machete", "a rocket").
fn weapon_named(v: &SentView, c: &Candidate) -> bool {
    (0..v.len())
        .filter(|&i| i < c.start || i >= c.end)
        .any(|i| crate::instruments::is_means(&v.lower[i]))
}
