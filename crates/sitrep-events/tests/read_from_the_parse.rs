//! What the parse gives the events, through the whole pipeline, on
//! sentences written for the purpose in several registers: the dead
//! counted from the victims, a participle clause dated by the act it tells
//! the outcome of, both sides of an exchange of fire.

mod common;

use common::{events, main_event, main_type};
use sitrep_core::Event;

fn dead(e: &Event) -> Option<u32> {
    e.fatalities.as_ref().and_then(|f| f.min)
}

#[test]
fn a_phrase_between_the_number_and_the_verb_keeps_the_count() {
    let e = main_event(
        "Four members of a local vigilante group were killed in an ambush near Gusau, Zamfara State, on Monday.",
        "2024-03-13",
    );
    assert_eq!(dead(&e), Some(4), "{e:#?}");
    let e = main_event(
        "Police said twelve alleged members of the armed group were killed in the raid on the camp near Tumaco.",
        "2024-03-13",
    );
    assert_eq!(dead(&e), Some(12), "{e:#?}");
}

#[test]
fn coordinated_victims_are_added_up() {
    let e = main_event(
        "A nurse and her son were killed when a shell struck their house in Horlivka on Monday.",
        "2024-03-12",
    );
    assert_eq!(dead(&e), Some(2), "{e:#?}");
}

#[test]
fn translated_press_martyrs_are_dead() {
    let e = main_event(
        "Two members of the Popular Mobilization Forces were martyred in an attack by ISIS remnants on their post in Tarmiyah yesterday.",
        "2024-03-10",
    );
    assert_eq!(dead(&e), Some(2), "{e:#?}");
    // "Mobilization" is not a mob.
    let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
    assert_ne!(sub, Some("Mob violence"), "{e:#?}");
}

#[test]
fn a_verb_split_by_its_victims_still_counts() {
    let e = main_event(
        "Villagers lynched three suspected kidnappers in Puebla state on Wednesday.",
        "2024-03-15",
    );
    assert_eq!(dead(&e), Some(3), "{e:#?}");
    let e = main_event(
        "A journalist was stabbed to death in front of her office in Tegucigalpa on Tuesday evening.",
        "2024-03-14",
    );
    assert_eq!(dead(&e), Some(1), "{e:#?}");
    let e = main_event(
        "Three soldiers of the 5th battalion died of their wounds after an ambush near Diffa on Saturday, the defence ministry said.",
        "2024-03-17",
    );
    assert_eq!(dead(&e), Some(3), "{e:#?}");
}

#[test]
fn the_wounded_of_a_second_clause_are_not_the_dead() {
    let e = main_event(
        "Militants threw a grenade at a police post in Peshawar on Thursday, killing a constable and wounding four others.",
        "2024-03-15",
    );
    assert_eq!(dead(&e), Some(1), "{e:#?}");
    // The participle clause happened when the throw did.
    let start = e.date.as_ref().and_then(|d| d.start.clone());
    assert_eq!(start.as_deref(), Some("2024-03-14"), "{e:#?}");
}

#[test]
fn sides_that_exchanged_fire_both_take_part() {
    let e = main_event(
        "Rebels and soldiers exchanged fire for two hours near Kidal on Tuesday, a local official said.",
        "2024-03-14",
    );
    let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
    assert_eq!(sub, Some("Armed clash"), "{e:#?}");
    assert_eq!(e.actors.len() + e.recipients.len(), 2, "{e:#?}");
}

#[test]
fn a_weapon_dropped_or_thrown_is_an_attack_and_other_objects_are_not() {
    let e = main_event(
        "Government helicopters dropped barrel bombs on the town of Daraya on Friday, activists said.",
        "2024-03-17",
    );
    let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
    assert_eq!(sub, Some("Air/drone strike"), "{e:#?}");
    assert_eq!(e.trigger.as_ref().map(|t| t.text.as_str()), Some("dropped"));
    let r = events(
        "Prosecutors dropped the charges against the opposition leader in Harare on Monday.",
        "2024-03-17",
    );
    assert!(
        r.events
            .iter()
            .all(|e| e.plover.event != sitrep_core::PloverType::Assault),
        "{:#?}",
        r.events
    );
}

#[test]
fn attackers_nobody_identifies_are_an_unidentified_armed_group() {
    let e = main_event(
        "Unknown persons threw a hand grenade at a shop in Mosul on Saturday night, a police source said.",
        "2024-03-17",
    );
    let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
    assert_eq!(sub, Some("Grenade"), "{e:#?}");
    let actor1 = e.actors.first().and_then(|a| a.name.as_deref());
    assert_eq!(actor1, Some("Unidentified Armed Group (Iraq)"), "{e:#?}");
    let e = main_event(
        "Armed men attacked a bus near Maiduguri on Tuesday, killing four passengers.",
        "2024-03-20",
    );
    let actor1 = e.actors.first().and_then(|a| a.name.as_deref());
    assert_eq!(actor1, Some("Unidentified Armed Group (Nigeria)"), "{e:#?}");
}

#[test]
fn a_nationality_opening_the_sentence_says_whose_weapons_they_are() {
    let e = main_event(
        "Israeli drones struck a car near Tyre on Sunday, killing two people.",
        "2024-03-18",
    );
    let actor1 = e.actors.first().and_then(|a| a.name.as_deref());
    assert_eq!(actor1, Some("Military Forces of Israel"), "{e:#?}");
}

/// A toll told in the next sentence, with no one, nowhere and no day of
/// its own, is the toll of the act just told: one event, not two.
#[test]
fn a_toll_in_the_next_sentence_joins_the_act() {
    let r = events(
        "On 14 May 2023, soldiers clashed with ADF rebels near Oicha, North Kivu. Five rebels were killed.",
        "2023-05-16",
    );
    assert_eq!(r.events.len(), 1, "{:?}", r.events);
    let e = &r.events[0];
    assert_eq!(dead(e), Some(5));
    assert_eq!(
        e.date.as_ref().and_then(|d| d.start.as_deref()),
        Some("2023-05-14")
    );
    // A second act with its own place stays its own event.
    let r = events(
        "Soldiers clashed with ADF rebels near Oicha on Sunday. In Beni, two farmers were killed by unknown attackers on Monday.",
        "2023-05-16",
    );
    assert_eq!(r.events.len(), 2, "{:?}", r.events);
}

/// Setting up a base is an event only when a base is what is set up.
#[test]
fn a_base_set_up_is_an_event_a_committee_is_not() {
    let e = main_event(
        "Chadian troops set up a forward base in Ngouboua on Thursday, the army said.",
        "2024-02-02",
    );
    assert_eq!(
        e.acled.as_ref().map(|a| a.sub_event_type.as_str()),
        Some("Headquarters or base established")
    );
    let r = events(
        "The ministry set up a committee in N'Djamena on Thursday to review the budget.",
        "2024-02-02",
    );
    assert!(
        r.events
            .iter()
            .all(|e| e.plover.event != sitrep_core::PloverType::Mobilize),
        "{:?}",
        r.events
    );
}

/// Whoever's attack was fended off is ACLED's actor 1, the defenders the
/// other side — also when the toll's second clause is a bare number ("and
/// 4 were wounded") between the attackers and "their attack".
#[test]
fn the_side_whose_attack_was_repulsed_began_it() {
    for text in [
        "On 5 April 2021, 8 al-Shabaab fighters were killed and 4 were wounded when Somali troops repulsed their attack near Jowhar.",
        "Somali troops repelled an al-Shabaab attack on a base near Jowhar on Monday, the army said.",
    ] {
        let e = main_event(text, "2021-04-06");
        let names: Vec<_> = e.actors.iter().filter_map(|a| a.name.as_deref()).collect();
        assert_eq!(names.first(), Some(&"Al-Shabaab"), "{text}: {:?}", e.actors);
        let other: Vec<_> = e.recipients.iter().filter_map(|a| a.name.as_deref()).collect();
        assert_eq!(other.first(), Some(&"Military Forces of Somalia"), "{text}: {:?}", e.recipients);
    }
}

/// "in X of Y district": X lies in Y. When the only X the knowledge base
/// knows lies elsewhere (a village name common across provinces), the
/// district the text names stands instead of a namesake far away.
#[test]
fn a_village_of_a_district_is_not_a_namesake_elsewhere() {
    let e = main_event(
        "On 2 May 2021, gunmen shot and killed 2 suspected Afghan soldiers, in Regi of Deh Rahwod district, Urozgan.",
        "2021-05-04",
    );
    let admin = e.location.as_ref().and_then(|p| p.admin1.clone());
    assert_eq!(admin.as_deref(), Some("Oruzgan"), "{:#?}", e.location);
}

/// "Israeli jets and drones": a weapon conjoined to another shares the
/// owner the first one's nationality names, however the parse hung the verb.
#[test]
fn conjoined_weapons_share_their_owner() {
    let e = main_event(
        "Israeli jets and drones pounded Rafah overnight, killing 13 people, medics said.",
        "2024-05-07",
    );
    let actors: Vec<String> = e.actors.iter().filter_map(|a| a.name.clone()).collect();
    assert_eq!(actors, ["Military Forces of Israel"], "{e:#?}");
}

/// A claim of responsibility names the perpetrator a report left unnamed;
/// a claim of a number ("claimed that it had killed 20") does not, and no
/// one is named for an attack nobody claimed.
#[test]
fn the_claimant_of_an_attack_is_its_actor() {
    for text in [
        "A car bomb tore through a checkpoint in Mogadishu on Sunday, killing nine people, in an attack claimed by Al Shabaab.",
        "Gunmen stormed a hotel in Mogadishu on Friday night, killing 12 people. Al Shabaab claimed responsibility for the attack.",
    ] {
        let e = main_event(text, "2024-06-02");
        let first = e.actors.first().and_then(|a| a.name.clone());
        assert_eq!(first.as_deref(), Some("Al-Shabaab"), "{text}: {:?}", e.actors);
    }
    let e = main_event(
        "A roadside bomb killed four soldiers near Ménaka on Monday. No group claimed responsibility.",
        "2024-06-04",
    );
    let first = e.actors.first().and_then(|a| a.name.clone());
    assert_eq!(
        first.as_deref(),
        Some("Unidentified Armed Group (Mali)"),
        "{:?}",
        e.actors
    );
}

/// "by suspected separatists on their way to school in Kumba": the agent's
/// own words are its text, whatever the subtree said about where.
#[test]
fn a_passive_agent_is_its_own_words() {
    let e = main_event(
        "Two nurses were shot dead by suspected separatists on their way to the clinic in Bamenda on Monday.",
        "2024-06-04",
    );
    let texts: Vec<&str> = e.actors.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["suspected separatists"], "{:?}", e.actors);
    assert_eq!(dead(&e), Some(2), "{e:#?}");
}

/// "were killed when X bombed …": the when-clause's act did the killing, so
/// its subject acts — but not a defender's ("when troops repulsed their
/// attack": the dead began it). A role word on a weapon says whose it is.
#[test]
fn a_when_clause_names_who_killed() {
    let e = main_event(
        "At least 40 people were killed on Sunday when a military helicopter fired on a village near Falam, Chin State.",
        "2024-06-10",
    );
    let names: Vec<_> = e.actors.iter().filter_map(|a| a.name.as_deref()).collect();
    assert_eq!(names, ["Military Forces of Myanmar"], "{:?}", e.actors);
    let e = main_event(
        "Eight people were killed on Tuesday when army artillery shelled a market in Kadugli.",
        "2024-06-12",
    );
    let names: Vec<_> = e.actors.iter().filter_map(|a| a.name.as_deref()).collect();
    assert_eq!(names, ["Military Forces of Sudan"], "{:?}", e.actors);
}

/// A story that names only a province names no country, yet the province's
/// country names the unnamed sides — whatever the gazetteer and the actor
/// list each call it ("Democratic Republic of the Congo" / "of Congo").
#[test]
fn unnamed_sides_take_the_place_country_without_a_country_word() {
    let e = main_event(
        "Gunmen killed seven farmers in Djugu territory, Ituri, on Saturday.",
        "2024-06-16",
    );
    let names: Vec<_> = e.actors.iter().filter_map(|a| a.name.as_deref()).collect();
    assert_eq!(
        names,
        ["Unidentified Armed Group (Democratic Republic of Congo)"],
        "{:?}",
        e.actors
    );
}

/// "killed in an encounter with security forces": the side an act of two
/// sides was with acts, wherever the parse hung the with-phrase, and the
/// act is a clash.
#[test]
fn the_side_a_confrontation_was_with_acts() {
    let e = main_event(
        "Three insurgents were killed in an encounter with security forces in Pulwama district on Sunday, police said.",
        "2024-06-17",
    );
    let names: Vec<_> = e.actors.iter().filter_map(|a| a.name.as_deref()).collect();
    assert_eq!(
        names.first(),
        Some(&"Military Forces of India"),
        "{:?}",
        e.actors
    );
    let e = main_event(
        "Two gang members were killed in a confrontation with federal police in Culiacán on Thursday.",
        "2024-06-17",
    );
    let names: Vec<_> = e.actors.iter().filter_map(|a| a.name.as_deref()).collect();
    assert_eq!(
        names.first(),
        Some(&"Police Forces of Mexico"),
        "{:?}",
        e.actors
    );
    let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
    assert_eq!(sub, Some("Armed clash"), "{e:#?}");
}

/// People who carry arms are not civilians, whatever their trade: "armed
/// herders" who attack a village are an armed group, and their victims
/// the civilians.
#[test]
fn armed_people_are_not_civilians() {
    let e = main_event(
        "Armed cattle rustlers attacked a village in Tonj East County on Thursday, killing nine villagers.",
        "2024-06-21",
    );
    let actors: Vec<_> = e.actors.iter().filter_map(|a| a.name.as_deref()).collect();
    assert_eq!(
        actors,
        ["Unidentified Armed Group (South Sudan)"],
        "{:?}",
        e.actors
    );
    let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
    assert_eq!(sub, Some("Attack"), "{e:#?}");
}

/// "Thousands of people marched in Khartoum … against the military
/// takeover" parsed with the march hung on the crowd: the event's own
/// clause is not who marched, so "military" in it does not make the crowd
/// the army.
#[test]
fn the_event_clause_is_not_its_subject() {
    let e = main_event(
        "Tens of thousands of people protested in Khartoum on Sunday against the military takeover.",
        "2024-06-24",
    );
    let actors: Vec<_> = e.actors.iter().filter_map(|a| a.name.as_deref()).collect();
    assert_eq!(
        actors.first(),
        Some(&"Protesters (Sudan)"),
        "{:?}",
        e.actors
    );
}

/// "used tear gas against protesters": using a weapon is an attack with it
/// (as dropping or throwing one is), and the side it was used against
/// receives it; an act told as a record of conduct is no event.
#[test]
fn a_weapon_used_against_people_is_an_attack() {
    let e = main_event(
        "The police used tear gas and water cannon against students marching in Santiago on Thursday.",
        "2024-06-28",
    );
    let actors: Vec<_> = e.actors.iter().filter_map(|a| a.name.as_deref()).collect();
    assert_eq!(
        actors.first(),
        Some(&"Police Forces of Chile"),
        "{:?}",
        e.actors
    );
    let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
    assert_eq!(sub, Some("Protest with intervention"), "{e:#?}");
    let r = common::events(
        "Investigators concluded that the militia has used mustard gas on at least two occasions, and that the army has used it at least once.",
        "2024-06-28",
    );
    // (No act read from the sentence; the story-level label may still
    // give the text its kind.)
    assert!(
        r.events.iter().all(|e| e.trigger.is_none()),
        "{:#?}",
        r.events
    );
}

/// An act that is itself an explosion is a remote explosive whoever it
/// killed — unless a shell or a grenade says otherwise.
#[test]
fn an_explosion_is_typed_by_the_weapon_not_the_victims() {
    for (text, want) in [
        (
            "Two bombs exploded near a school in Peshawar on Monday, killing 14 pupils.",
            "Remote explosive/landmine/IED",
        ),
        (
            "A mortar shell exploded in a crowded market in Mogadishu on Monday, killing four people.",
            "Shelling/artillery/missile attack",
        ),
    ] {
        let e = main_event(text, "2024-07-02");
        let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
        assert_eq!(sub, Some(want), "{text}");
    }
}

/// "Police shot dead …" read as the noun "police shot": "shot dead" is
/// only ever a verb and its result, so police act and the dead are counted.
#[test]
fn shot_dead_is_a_verb() {
    let e = main_event(
        "Police shot dead four men at a roadblock in Port Harcourt on Tuesday, witnesses said.",
        "2024-07-03",
    );
    let actors: Vec<_> = e.actors.iter().filter_map(|a| a.name.as_deref()).collect();
    assert_eq!(
        actors.first(),
        Some(&"Police Forces of Nigeria"),
        "{:?}",
        e.actors
    );
    assert_eq!(dead(&e), Some(4), "{e:#?}");
}

/// The date of the act a "when" clause tells dates the killing it caused,
/// also when the parse hung it on the attribution after it.
#[test]
fn a_when_clause_dates_the_killing() {
    let e = main_event(
        "Nine people were killed when a drone struck a wedding party in Kobo district, Amhara region, on Saturday, a health official said.",
        "2024-07-09",
    );
    let start = e.date.as_ref().and_then(|d| d.start.clone());
    assert_eq!(start.as_deref(), Some("2024-07-06"), "{:?}", e.date);
}

/// A force named for mobilisation is not the story of its own movements
/// when the parse read an attack on it.
#[test]
fn an_attack_on_a_mobilised_force_is_the_attack() {
    let e = main_event(
        "A roadside bomb exploded on Tuesday targeting a patrol of the National Mobilisation Brigade near Gao, killing two of its members.",
        "2024-07-10",
    );
    let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
    assert_eq!(sub, Some("Remote explosive/landmine/IED"), "{e:#?}");
}

#[test]
fn the_dead_lend_no_agent_to_the_act_that_killed_them() {
    let e = main_event(
        "At least 40 people died on Tuesday when rockets carrying a nerve agent struck two villages near Homs.",
        "2024-03-13",
    );
    assert_eq!(dead(&e), Some(40), "{e:#?}");
    assert!(
        e.actors.iter().all(|a| !a.text.contains("people")),
        "{:?}",
        e.actors
    );
}

#[test]
fn sexual_violence_by_verb_or_noun_is_its_own_type() {
    let e = main_event(
        "Gunmen molested four women in a village near Jos on Friday.",
        "2024-03-13",
    );
    let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
    assert_eq!(sub, Some("Sexual violence"), "{e:#?}");
    assert_eq!(
        e.recipients.first().and_then(|a| a.name.as_deref()),
        Some("Civilians (Nigeria)")
    );
}

#[test]
fn a_gerund_with_its_agent_is_the_act_that_hit() {
    let e = main_event(
        "On 3 May 2021, shelling by Syrian government forces hit a school in Kafr Nabl, killing 2 children.",
        "2021-05-04",
    );
    let sub = e.acled.as_ref().map(|a| a.sub_event_type.as_str());
    assert_eq!(sub, Some("Shelling/artillery/missile attack"), "{e:#?}");
    assert_eq!(
        e.actors.first().and_then(|a| a.name.as_deref()),
        Some("Military Forces of Syria"),
        "{:?}",
        e.actors
    );
    assert_eq!(dead(&e), Some(2));
}

#[test]
fn a_headline_passive_names_the_victims_not_the_killers() {
    let r = events(
        "Protesters killed in Lagos, rights group says",
        "2024-03-13",
    );
    let e = r.events.first().expect("an event");
    assert!(
        e.actors.iter().all(|a| a.text != "Protesters"),
        "{:?}",
        e.actors
    );
    assert!(e.recipients.iter().any(|a| a.text == "Protesters"));
}

fn sub(e: &Event) -> Option<&str> {
    e.acled.as_ref().map(|a| a.sub_event_type.as_str())
}

fn first_actor(e: &Event) -> Option<&str> {
    e.actors.first().and_then(|a| a.name.as_deref())
}

#[test]
fn a_result_hung_on_the_object_still_kills() {
    // "to death" read as a modifier of the victims, not of the verb.
    let e = main_event(
        "Militiamen beat a schoolteacher to death in Djugu on Friday.",
        "2024-03-18",
    );
    assert_eq!(dead(&e), Some(1), "{e:#?}");
    // "club" and "bludgeon" are verbs of beating, with their forms.
    let e = main_event(
        "Armed men clubbed three farmers to death near Bokkos on Sunday night.",
        "2024-03-18",
    );
    assert_eq!(dead(&e), Some(3), "{e:#?}");
}

#[test]
fn suspected_kidnappers_are_people_not_an_abduction() {
    // An agent noun names who the victims were said to be; a crowd that
    // lynches them commits mob violence and is named as rioters.
    let e = main_event(
        "A crowd in Kasese lynched two men suspected of being abductors on Thursday.",
        "2024-03-18",
    );
    assert_eq!(sub(&e), Some("Mob violence"), "{e:#?}");
    assert_eq!(first_actor(&e), Some("Rioters (Uganda)"), "{:?}", e.actors);
    // The act's own word still makes an abduction.
    let e = main_event(
        "Gunmen kidnapped a priest from his parish in Kafanchan on Sunday.",
        "2024-03-18",
    );
    assert_eq!(sub(&e), Some("Abduction/forced disappearance"), "{e:#?}");
}

#[test]
fn the_victims_decide_between_a_clash_and_an_attack() {
    // A checkpoint is where it happened; the one shot was a civilian.
    let e = main_event(
        "Soldiers at a checkpoint in Bunia shot and killed a civilian driver on Tuesday.",
        "2024-03-18",
    );
    assert_eq!(sub(&e), Some("Attack"), "{e:#?}");
    // An ambush of a bus of women and children attacks civilians; of an
    // army patrol, it is fought.
    let e = main_event(
        "Gunmen ambushed a minibus carrying women and children near Kaduna on Sunday, killing seven.",
        "2024-03-18",
    );
    assert_eq!(sub(&e), Some("Attack"), "{e:#?}");
    let e = main_event(
        "Militants ambushed an army patrol near Diffa on Sunday, killing four soldiers.",
        "2024-03-18",
    );
    assert_eq!(sub(&e), Some("Armed clash"), "{e:#?}");
}

#[test]
fn the_houthis_are_named_as_in_english() {
    let e = main_event(
        "Houthi fighters shelled a village near Hodeidah on Monday, killing a child.",
        "2024-03-18",
    );
    assert_eq!(first_actor(&e), Some("Houthis"), "{:?}", e.actors);
}

#[test]
fn canisters_lobbed_are_a_means() {
    // "lob" is an act only with a weapon or other means as its object; a
    // tear-gas canister is one ("teargas" its modifier, not its head).
    let e = main_event(
        "Riot police lobbed teargas canisters to disperse traders in Eldoret on Thursday.",
        "2024-03-19",
    );
    assert_eq!(e.plover.event, sitrep_core::PloverType::Assault, "{e:#?}");
    assert_eq!(
        first_actor(&e),
        Some("Police Forces of Kenya"),
        "{:?}",
        e.actors
    );
}

#[test]
fn armed_men_who_defect_change_a_group_whatever_the_kb_knows_of_them() {
    // Officers named only by their role have no sector when the type is
    // read; the words say they are armed. Lawmakers crossing the floor
    // change no armed group.
    let e = main_event(
        "About forty police officers defected to the rebels near Lashio on Tuesday, the resistance said.",
        "2024-03-20",
    );
    assert_eq!(sub(&e), Some("Change to group/activity"), "{e:#?}");
    let e = main_event(
        "Two opposition lawmakers defected to the ruling party in Nairobi on Tuesday.",
        "2024-03-20",
    );
    assert_ne!(sub(&e), Some("Change to group/activity"), "{e:#?}");
}

#[test]
fn the_sides_of_clashes_that_broke_out_between_them() {
    // The between-phrase hung on "broke out", of which the clashes are
    // the subject: both sides are still its sides.
    let e = main_event(
        "Clashes broke out on Friday between Al Shabaab fighters and clan militias near Beledweyne, elders said.",
        "2024-03-20",
    );
    assert_eq!(first_actor(&e), Some("Al-Shabaab"), "{:?}", e.actors);
    assert!(
        e.recipients
            .iter()
            .any(|r| r.text.contains("clan militias")),
        "{:?}",
        e.recipients
    );
}

#[test]
fn control_taken_may_have_a_modifier() {
    // "seized full control", "regained complete control": the phrase of
    // the lexicon with one modifier of its noun, the act the same.
    let e = main_event(
        "Sudanese troops seized full control of the town of Sinja on Tuesday after heavy fighting with the Rapid Support Forces.",
        "2024-03-20",
    );
    assert_eq!(sub(&e), Some("Government regains territory"), "{e:#?}");
    let e = main_event(
        "The army said on Sunday it had regained complete control of Kidal.",
        "2024-03-20",
    );
    assert_eq!(
        first_actor(&e),
        Some("Military Forces of Mali"),
        "{:?}",
        e.actors
    );
    assert!(e
        .date
        .is_some_and(|d| d.start.as_deref() == Some("2024-03-17")));
}

#[test]
fn gangs_that_take_a_town_fight_for_territory() {
    // A gang story is crime only while no one takes a place by force.
    let e = main_event(
        "Armed gangs took control of the village of Kenscoff on Thursday, forcing police to abandon their post.",
        "2024-03-20",
    );
    assert_eq!(
        sub(&e),
        Some("Non-state actor overtakes territory"),
        "{e:#?}"
    );
}

#[test]
fn military_police_are_soldiers_unless_they_police() {
    let e = main_event(
        "Russian military police set up an observation post near Tal Tamr on Thursday.",
        "2024-03-20",
    );
    assert_eq!(
        first_actor(&e),
        Some("Military Forces of Russia"),
        "{:?}",
        e.actors
    );
    // Arresting at a rally, they are the police ACLED names.
    let e = main_event(
        "Turkish military police detained 14 people at a rally in Diyarbakir on Sunday.",
        "2024-03-20",
    );
    assert_eq!(
        first_actor(&e),
        Some("Police Forces of Turkey"),
        "{:?}",
        e.actors
    );
}

/// An attacker the text names but the knowledge base does not know is
/// still the attacker: no unidentified group is added beside it.
#[test]
fn a_named_but_unknown_attacker_gets_no_unidentified_partner() {
    let e = main_event(
        "The coalition bombed rebel positions outside Hodeidah on Thursday.",
        "2024-03-10",
    );
    let texts: Vec<&str> = e.actors.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["The coalition"], "{:#?}", e.actors);
    // With no attacker named at all, ACLED's convention stands.
    let e = main_event(
        "A roadside bomb killed three soldiers outside Hodeidah on Thursday.",
        "2024-03-10",
    );
    let names: Vec<String> = e.actors.iter().filter_map(|a| a.name.clone()).collect();
    assert_eq!(
        names,
        ["Unidentified Armed Group (Yemen)"],
        "{:#?}",
        e.actors
    );
}

/// "arrested three suspects in a raid": the raid is how the arrests were
/// made, not a second event with an unidentified attacker.
#[test]
fn a_raid_that_only_says_how_people_were_arrested_is_no_second_event() {
    for text in [
        "Troops arrested three suspects in a raid in Jenin on Friday.",
        "Police detained twelve students during a raid on a hostel in Rajshahi on Monday.",
    ] {
        let r = events(text, "2024-03-10");
        let types: Vec<String> = r
            .events
            .iter()
            .map(|e| {
                e.acled
                    .as_ref()
                    .map(|a| a.sub_event_type.clone())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(types, ["Arrests"], "{text}: {r:#?}");
    }
}

/// A nationality in the plural that an act befalls names people of the
/// country ("Civilians (Syria)"), not its state; what it stands for as the
/// actor, or a country whose name is plural, is unchanged.
#[test]
fn people_of_a_nationality_are_not_its_state() {
    for (text, want) in [
        (
            "Police arrested 15 Afghans at the border crossing near Torkham on Monday.",
            "Civilians (Afghanistan)",
        ),
        (
            "Soldiers detained 20 Palestinians in Hebron on Tuesday.",
            "Civilians (Palestine)",
        ),
    ] {
        let e = main_event(text, "2024-03-10");
        let names: Vec<String> = e.recipients.iter().filter_map(|a| a.name.clone()).collect();
        assert_eq!(names, [want], "{text}: {:#?}", e.recipients);
    }
    // Below the head, a nationality still places the noun it describes.
    let e = main_event(
        "Militants attacked the positions of the Kenyan troops near Mandera on Monday.",
        "2024-03-10",
    );
    assert!(
        e.recipients
            .iter()
            .all(|a| a.sector.iter().all(|s| s != "CVL")),
        "{:#?}",
        e.recipients
    );
}

/// An ambush is fought only when those ambushed are armed: people of a
/// nationality killed in one were attacked (codebook: the victims decide).
#[test]
fn an_ambush_of_civilians_is_an_attack() {
    let r = events(
        "Gunmen killed four Syrians in an ambush near Daraa on Friday.",
        "2024-03-10",
    );
    assert_eq!(main_type(&r), "Attack", "{r:#?}");
    let r = events(
        "Militants ambushed an army convoy near Daraa on Friday, killing four soldiers.",
        "2024-03-10",
    );
    assert_eq!(main_type(&r), "Armed clash", "{r:#?}");
}

/// What a protest demands or answers is not how it went: an arrest or a
/// killing in the demand is no intervention at the protest.
#[test]
fn a_protest_s_grievance_is_not_its_intervention() {
    for text in [
        "Protesters blocked the main road into Port Harcourt on Thursday to demand the release of detained activists.",
        "Hundreds of students marched in Dhaka on Sunday to demand justice for a classmate killed by police.",
    ] {
        let r = events(text, "2024-03-10");
        assert_eq!(main_type(&r), "Peaceful protest", "{text}: {r:#?}");
    }
    let r = events(
        "Police detained 30 protesters who marched in Dhaka on Sunday to demand early elections.",
        "2024-03-10",
    );
    assert_eq!(main_type(&r), "Protest with intervention", "{r:#?}");
}

#[test]
fn a_sentence_opened_by_a_preposition_keeps_its_event() {
    // The preposition opening the clause is its adjunct's ("Over the
    // weekend"), not a word that makes the main verb a topic.
    for (text, kind) in [
        (
            "Over the weekend, gunmen killed nine villagers near Bunia.",
            "Attack",
        ),
        (
            "Over Sunday night, militants attacked a police post outside Gao.",
            "Armed clash",
        ),
    ] {
        let r = events(text, "2024-03-12");
        assert_eq!(main_type(&r), kind, "{text}\n{:#?}", r.events);
    }
}

#[test]
fn a_counted_object_of_a_verb_only_people_undergo_is_people() {
    for (text, who) in [
        (
            "Boko Haram fighters abducted 15 schoolgirls from a school in Yobe State on Wednesday.",
            "schoolgirls",
        ),
        (
            "Police arrested 40 football fans in Istanbul on Sunday.",
            "football fans",
        ),
        // The participle's own verb selects them, not the event's trigger.
        (
            "Gunmen attacked a wedding party in Kunduz on Friday, killing 23 guests.",
            "guests",
        ),
    ] {
        let e = main_event(text, "2024-03-12");
        assert!(
            e.recipients.iter().any(|r| r.text.contains(who)),
            "{text}\n{e:#?}"
        );
    }
}

#[test]
fn shot_dead_keeps_its_victims_apart_from_dead() {
    // "dead" comes before the determiner: it is the verb's result, not
    // the victim's adjective.
    let e = main_event(
        "Gunmen shot dead a local mayor in Guerrero on Friday.",
        "2024-03-12",
    );
    assert!(
        e.recipients.iter().any(|r| r.text == "a local mayor"),
        "{e:#?}"
    );
    // The tagger read "Police shot" as a noun; a participle among the
    // victims' modifiers does not hide them.
    let e = main_event(
        "Police shot dead two suspected robbers in Nairobi on Monday.",
        "2024-03-12",
    );
    assert_eq!(dead(&e), Some(2), "{e:#?}");
    assert!(
        e.recipients.iter().any(|r| r.text.contains("robbers")),
        "{e:#?}"
    );
}
