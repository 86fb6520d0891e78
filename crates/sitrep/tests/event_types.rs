//! ACLED event types decided by the codebook (`../shared/docs/acled-types.md`):
//! an attack on armed people — soldiers, police, militia — is a Battle
//! (Armed clash), however the victims are named; only unarmed victims make
//! Violence against civilians. Sentences written for these tests.

mod common;

use sitrep_core::Record;

fn events_of_text(text: &str) -> Record {
    common::events_of_text("types.txt", text, "2024-05-20")
}

/// The main (first) event's ACLED event type.
fn main_type(text: &str) -> String {
    let r = events_of_text(text);
    r.events
        .first()
        .and_then(|e| e.acled.as_ref())
        .map(|a| a.event_type.clone())
        .unwrap_or_default()
}

#[test]
fn armed_victims_make_a_battle() {
    for text in [
        "On 11 May 2024, 1 soldier was killed following an attack by Al-Shabaab militants near Afgoye, Lower Shabelle.",
        "On 12 May 2024, 2 policemen were killed in an attack by ELN rebels in Arauca, Colombia.",
        "On 13 May 2024, 3 soldiers were killed by JNIM militants near Djibo, Burkina Faso.",
        "As reported on 14 May 2024, one policeman was killed following an attack by gunmen on a check point in Zamfara state, Nigeria.",
    ] {
        assert_eq!(main_type(text), "Battles", "{text}");
    }
}

#[test]
fn unarmed_victims_stay_violence_against_civilians() {
    for text in [
        "On 15 March 2024, gunmen killed three villagers in Bokkos, Nigeria.",
        "On 16 May 2024, ADF militants killed 12 civilians in a village near Beni, North Kivu.",
    ] {
        assert_eq!(main_type(text), "Violence against civilians", "{text}");
    }
}

#[test]
fn armed_men_joining_an_armed_group_is_a_change_to_the_group() {
    let text = "On 2 April 2021, 14 soldiers including an officer joined Al-Shabaab militants near Baidoa, Somalia.";
    let r = events_of_text(text);
    let a = r.events.first().and_then(|e| e.acled.clone());
    assert_eq!(
        a.map(|a| (a.event_type, a.sub_event_type)),
        Some((
            "Strategic developments".to_string(),
            "Change to group/activity".to_string()
        )),
        "{text}"
    );
    // Joining a march changes no armed group.
    let text = "On 3 April 2021, thousands of students joined a march in Dhaka, Bangladesh.";
    assert_ne!(main_type(text), "Strategic developments", "{text}");
}

#[test]
fn civilians_taken_are_an_abduction() {
    let text = "On 6 April 2022, gunmen kidnapped 12 passengers on the Abuja-Kaduna road in Kaduna state, Nigeria.";
    assert_eq!(main_type(text), "Violence against civilians", "{text}");
}

/// The main event's ACLED sub-event type.
fn main_sub_type(text: &str) -> String {
    let r = events_of_text(text);
    r.events
        .first()
        .and_then(|e| e.acled.as_ref())
        .map(|a| a.sub_event_type.clone())
        .unwrap_or_default()
}

/// Codebook, Protests: force used on a demonstration makes it a protest
/// with intervention, lethal force excessive force — read off the clause
/// even when no word of the story's force cues is there.
#[test]
fn force_at_a_demonstration_outranks_a_peaceful_frame() {
    for (text, want) in [
        (
            "Police opened fire on protesters in Khartoum on Monday, killing three people.",
            "Excessive force against protesters",
        ),
        (
            "Security forces opened fire on demonstrators in Basra on Friday.",
            "Protest with intervention",
        ),
        (
            "Hundreds of teachers marched peacefully through Valparaíso on Tuesday to demand higher pay.",
            "Peaceful protest",
        ),
    ] {
        assert_eq!(main_sub_type(text), want, "{text}");
    }
}

/// Codebook, Change to group/activity: armed men who defect change an armed
/// group; lawmakers who cross the floor are no ACLED event.
#[test]
fn armed_defections_change_the_group() {
    for (text, want) in [
        (
            "About 300 Rapid Support Forces fighters defected to the Sudanese army near El Obeid on Monday.",
            "Change to group/activity",
        ),
        (
            "A senior militia commander defected to government forces with 50 of his men near Sirte, officials said.",
            "Change to group/activity",
        ),
        (
            "Two opposition lawmakers defected to the ruling party in Harare on Tuesday.",
            "",
        ),
    ] {
        assert_eq!(main_sub_type(text), want, "{text}");
    }
}
