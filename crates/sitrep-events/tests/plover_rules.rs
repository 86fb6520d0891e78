//! PLOVER coding rules of the events stage, each on a news sentence as the
//! shipped tagger and parser read it.
//!
//! The parses are stored as CoNLL-U (`tests/data/plover_rules.conllu`,
//! written by `sitrep nlp` with the models of the commit that added them)
//! so that these tests check the event rules, not the parser: a later
//! parser that reads a sentence differently does not silently change what
//! is tested here. The knowledge base is replaced by a small table.

use std::collections::HashMap;

use sitrep_core::{Actor, Annotated, Document, Event, Place, PloverType, Sentence, Token};
use sitrep_events::{DocContext, EventExtractor, Family, Options, Resolved, Resolver};

const CONLLU: &str = include_str!("data/plover_rules.conllu");

/// Countries, demonyms and organisations the sentences name.
const NAMES: &[(&str, &str)] = &[
    ("japan", "JPN"),
    ("china", "CHN"),
    ("chinese", "CHN"),
    ("sweden", "SWE"),
    ("palestinian", "PSE"),
    ("qatar", "QAT"),
    ("israel", "ISR"),
    ("hamas", "PSE"),
    ("turkey", "TUR"),
    ("syria", "SYR"),
    ("ethiopia", "ETH"),
    ("eritrea", "ERI"),
    ("russian", "RUS"),
    ("russia", "RUS"),
    ("us", "USA"),
    ("u.s.", "USA"),
    ("somali", "SOM"),
    ("ghana", "GHA"),
    ("togo", "TGO"),
    ("bangladesh", "BGD"),
    ("kenyan", "KEN"),
    ("kenya", "KEN"),
    ("greeks", "GRC"),
    ("greek", "GRC"),
    ("german", "DEU"),
    ("sri lanka", "LKA"),
    ("sudan", "SDN"),
    ("chad", "TCD"),
    ("britain", "GBR"),
    ("argentina", "ARG"),
    ("egyptian", "EGY"),
    ("spanish", "ESP"),
    ("basque", "ESP"),
    ("congolese", "COD"),
    ("ethiopian", "ETH"),
    ("sudanese", "SDN"),
    ("chadian", "TCD"),
    ("british", "GBR"),
    ("afghanistan", "AFG"),
    ("ukrainian", "UKR"),
    ("indian", "IND"),
    ("french", "FRA"),
    ("israeli", "ISR"),
    ("canadian", "CAN"),
    ("turkish", "TUR"),
    ("armenia", "ARM"),
    ("armenian", "ARM"),
    ("hungary", "HUN"),
    ("ukraine", "UKR"),
    ("chilean", "CHL"),
];

/// Cities: name → country.
const PLACES: &[(&str, &str)] = &[
    ("dhaka", "BGD"),
    ("mogadishu", "SOM"),
    ("jeddah", "SAU"),
    ("nairobi", "KEN"),
    ("kampala", "UGA"),
    ("kandahar", "AFG"),
    ("ankara", "TUR"),
];

struct Table;

fn country_of(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches("'s").trim_end_matches('’');
    NAMES.iter().find(|(n, _)| *n == w).map(|(_, c)| *c)
}

impl Resolver for Table {
    fn document_context(&self, text: &str) -> DocContext {
        let mut weights: HashMap<String, f32> = HashMap::new();
        for w in text.split(|c: char| c.is_whitespace() || c == ',' || c == '.') {
            if let Some(c) = country_of(w) {
                *weights.entry(c.to_string()).or_default() += 1.0;
            }
        }
        let mut countries: Vec<(String, f32)> = weights.into_iter().collect();
        countries.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        DocContext {
            countries,
            places: Vec::new(),
        }
    }

    fn place(&self, text: &str, _ctx: &DocContext) -> Option<Resolved<Place>> {
        let l = text.to_lowercase();
        let country = PLACES
            .iter()
            .find(|(n, _)| *n == l)
            .map(|(_, c)| *c)
            .or_else(|| country_of(&l).filter(|_| !l.ends_with("n")))?;
        Some(Resolved {
            value: Place {
                text: text.to_string(),
                name: Some(text.to_string()),
                country: Some(country.to_string()),
                ..Default::default()
            },
            confidence: 1.0,
            matched: l,
        })
    }

    fn actor(&self, text: &str, _family: Family, _ctx: &DocContext) -> Option<Resolved<Actor>> {
        let l = text.to_lowercase();
        let l = l.strip_prefix("the ").unwrap_or(&l);
        let (country, sector) = if l == "un" || l == "united nations" {
            ("IGO", "IGO")
        } else {
            (country_of(l)?, "GOV")
        };
        // Named as the knowledge base names a country standing for its
        // state.
        Some(Resolved {
            value: Actor {
                text: text.to_string(),
                name: Some(format!("Government of {country}")),
                country: Some(country.to_string()),
                sector: vec![sector.to_string()],
                ..Default::default()
            },
            confidence: 0.75,
            matched: format!("metonym:{country}"),
        })
    }

    fn country(&self, iso3: &str, _ctx: &DocContext) -> Option<Place> {
        Some(Place {
            text: String::new(),
            name: Some(iso3.to_string()),
            country: Some(iso3.to_string()),
            ..Default::default()
        })
    }
}

/// The stored parse of the sentence whose `# text` is `text`.
fn annotated(text: &str) -> Annotated {
    let block = CONLLU
        .split("\n\n")
        .find(|b| b.lines().any(|l| l == format!("# text = {text}")))
        .unwrap_or_else(|| panic!("no stored parse for {text:?}"));
    let mut tokens = Vec::new();
    let mut at = 0;
    for line in block
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let form = f[1];
        let start = at + text[at..].find(form).expect("token in text");
        at = start + form.len();
        tokens.push(Token {
            text: form.to_string(),
            start,
            end: at,
            upos: f[3].to_string(),
            xpos: f[4].to_string(),
            head: f[6].parse().expect("head"),
            deprel: f[7].to_string(),
            ner: f
                .get(9)
                .and_then(|m| m.split('|').find_map(|x| x.strip_prefix("NER=")))
                .unwrap_or("O")
                .to_string(),
        });
    }
    Annotated {
        sentences: vec![Sentence {
            start: 0,
            end: text.len(),
            tokens,
        }],
    }
}

fn events(text: &str) -> Vec<Event> {
    let doc = Document {
        id: "t".into(),
        text: text.to_string(),
        ..Default::default()
    };
    EventExtractor::new(&Table, Options::default())
        .extract(&doc, &annotated(text))
        .events
}

fn main_event(text: &str) -> Event {
    events(text)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no event in {text:?}"))
}

fn countries(actors: &[Actor]) -> Vec<&str> {
    actors.iter().filter_map(|a| a.country.as_deref()).collect()
}

#[test]
fn a_diplomatic_protest_is_accuse() {
    let e = main_event(
        "Japan lodged a formal protest with China on Tuesday over the incursion of coast guard vessels near the disputed islands.",
    );
    assert_eq!(e.plover.event, PloverType::Accuse);
    assert_eq!(e.plover.mode, ["disapprove"]);
    assert_eq!(countries(&e.actors), ["JPN"]);
}

#[test]
fn stopping_aid_or_mediation_is_sanction() {
    let e = main_event(
        "Sweden halted all aid to the Palestinian Authority on Monday pending a review.",
    );
    assert_eq!(e.plover.event, PloverType::Sanction);
    assert_eq!(e.plover.mode, ["discontinue"]);
    assert_eq!(countries(&e.recipients), ["PSE"]);
    let e = main_event("Qatar ended its mediation between Israel and Hamas on Saturday.");
    assert_eq!(e.plover.event, PloverType::Sanction);
    assert_eq!(e.cameo.as_deref(), Some("165"));
}

#[test]
fn a_hyphenated_modifier_is_not_a_modal_cue() {
    let e = main_event(
        "Turkey began its long-threatened ground offensive against Kurdish militias in Syria on Wednesday.",
    );
    assert_eq!(e.plover.event, PloverType::Assault);
    assert_eq!(countries(&e.actors), ["TUR"]);
}

#[test]
fn a_participle_on_the_object_speaks_for_the_subject() {
    let e = main_event(
        "The opposition issued a statement demanding that the government release all political prisoners.",
    );
    assert_eq!(e.plover.event, PloverType::Request);
    assert_eq!(e.trigger.map(|t| t.text).as_deref(), Some("demanding"));
    assert_eq!(e.actors[0].text, "The opposition");
}

#[test]
fn signing_an_agreement_is_support() {
    let e = main_event("Ethiopia and Eritrea signed a peace agreement in Jeddah on Sunday.");
    assert_eq!(e.plover.event, PloverType::Support);
    assert_eq!(countries(&e.actors), ["ETH", "ERI"]);
    // ACLED still files the signing as an agreement.
    assert_eq!(
        e.acled.map(|a| a.sub_event_type).as_deref(),
        Some("Agreement")
    );
}

#[test]
fn hacking_is_coerce_cyber() {
    let e = main_event(
        "Russian military intelligence hacked into the computers of the Democratic National Committee, US officials said.",
    );
    assert_eq!(e.plover.event, PloverType::Coerce);
    assert_eq!(e.plover.mode, ["cyber"]);
    assert_eq!(countries(&e.actors), ["RUS"]);
}

#[test]
fn a_protest_without_a_named_target_is_against_the_authorities_where_it_happens() {
    let e = main_event("Thousands of students demonstrated in Dhaka on Sunday.");
    assert_eq!(e.plover.event, PloverType::Protest);
    assert_eq!(countries(&e.recipients), ["BGD"]);
    assert_eq!(e.recipients[0].sector, ["GOV"]);
}

#[test]
fn the_object_of_a_verb_a_weapon_noun_is_subject_of_is_the_target() {
    let e = main_event("A car bomb in Mogadishu killed two Somali soldiers on Sunday.");
    assert_eq!(e.plover.event, PloverType::Assault);
    assert_eq!(countries(&e.recipients), ["SOM"]);
    // The object itself, not a name found by scanning the clause.
    assert_eq!(e.recipients[0].text, "two Somali soldiers");
}

#[test]
fn an_obligation_a_speaker_states_is_the_speakers_request() {
    let e = main_event(
        "The UN envoy said that Israel and Hamas must reach an agreement on the release of hostages.",
    );
    assert_eq!(e.plover.event, PloverType::Request);
    assert_eq!(countries(&e.actors), ["IGO"]);
    assert_eq!(countries(&e.recipients), ["ISR", "PSE"]);
}

#[test]
fn a_purpose_is_directed_at_whom_the_governing_verb_acts_on() {
    let e = main_event("Ghana summoned Togo's ambassador to complain about the border closure.");
    assert_eq!(e.plover.event, PloverType::Accuse);
    assert_eq!(countries(&e.actors), ["GHA"]);
    assert_eq!(countries(&e.recipients), ["TGO"]);
}

#[test]
fn a_resignation_is_retreat() {
    let e = main_event(
        "Kenyan President Daniel arap Moi resigned on Friday after two decades in power.",
    );
    assert_eq!(e.plover.event, PloverType::Retreat);
    assert_eq!(e.plover.mode, ["resign"]);
}

#[test]
fn joint_exercises_are_cooperate() {
    let e = main_event(
        "Chinese and Russian warships held joint military exercises in the Sea of Japan on Monday.",
    );
    assert_eq!(e.plover.event, PloverType::Cooperate);
}

#[test]
fn a_verb_after_a_plural_subject_is_the_predicate_whatever_its_tag() {
    // The tagger reads "reject" here as a noun after "The Greeks".
    let e = main_event(
        "The Greeks reject proposed German conditions for the loan, Greek officials said.",
    );
    assert_eq!(e.plover.event, PloverType::Reject);
    assert_eq!(countries(&e.actors), ["GRC"]);
}

#[test]
fn lifting_a_curfew_is_concede() {
    let e = main_event(
        "Sri Lanka's government on Saturday lifted the nationwide curfew imposed after the riots.",
    );
    assert_eq!(e.plover.event, PloverType::Concede);
    assert_eq!(e.cameo.as_deref(), Some("081"));
}

#[test]
fn damage_done_in_a_riot_is_the_riot() {
    let all = events(
        "Inmates rioted at the main prison in Kampala on Monday, setting fire to their mattresses.",
    );
    assert_eq!(all[0].plover.event, PloverType::Protest);
    assert!(
        all.iter().all(|e| e.plover.event != PloverType::Assault),
        "{all:#?}"
    );
}

#[test]
fn the_day_between_subject_and_verb_is_skipped() {
    // The parser hangs "blocked" on "Tuesday" as a modifier.
    let e = main_event("Protesters in Kenya on Tuesday blocked roads into Nairobi.");
    assert_eq!(e.plover.event, PloverType::Protest);
    assert_eq!(countries(&e.actors), ["KEN"]);
}

#[test]
fn an_infinitive_after_decided_is_weighed_as_an_intention_not_a_topic() {
    let e = main_event(
        "Kenya's Supreme Court decided to allow opposition candidates to run in the election.",
    );
    assert_eq!(e.trigger.map(|t| t.text).as_deref(), Some("allow"));
    assert_eq!(e.modality, sitrep_core::Modality::Planned);
}

#[test]
fn an_offer_is_directed_at_whom_the_offered_act_is() {
    let e = main_event("Sudan has offered to hand over to Chad two rebel commanders.");
    assert_eq!(e.plover.event, PloverType::Agree);
    assert_eq!(countries(&e.actors), ["SDN"]);
    assert_eq!(countries(&e.recipients), ["TCD"]);
}

#[test]
fn people_in_a_country_are_not_its_state() {
    let e = main_event(
        "Opposition parties in Kenya are demanding that President Kibaki dissolve parliament.",
    );
    assert_eq!(e.plover.event, PloverType::Request);
    assert_eq!(countries(&e.actors), ["KEN"]);
    assert!(
        e.actors[0].sector.iter().any(|s| s == "OPP"),
        "{:?}",
        e.actors
    );
    // The president is the recipient, not excluded as the actor's namesake.
    assert_eq!(countries(&e.recipients), ["KEN"]);
}

#[test]
fn a_by_phrase_on_an_active_verb_names_the_objects_author() {
    let e = main_event(
        "Britain rejected calls by Argentina's government for new talks on the Falklands.",
    );
    assert_eq!(e.plover.event, PloverType::Reject);
    assert_eq!(countries(&e.actors), ["GBR"]);
    assert!(
        countries(&e.recipients).contains(&"ARG"),
        "{:?}",
        e.recipients
    );
}

#[test]
fn whom_the_purpose_acts_on_is_the_target() {
    let e = main_event("Egyptian police opened fire to disperse Islamist demonstrators in Cairo.");
    assert_eq!(e.plover.event, PloverType::Assault);
    assert_eq!(e.recipients[0].text, "Islamist demonstrators");
    // A role in a story naming one country is that country's.
    assert_eq!(countries(&e.recipients), ["EGY"]);
}

#[test]
fn aid_stopped_somewhere_is_stopped_for_the_people_there() {
    let e = main_event("Red Cross officials suspended aid deliveries in Mogadishu on Wednesday.");
    assert_eq!(e.plover.event, PloverType::Sanction);
    assert_eq!(e.plover.mode, ["discontinue"]);
    assert_eq!(countries(&e.recipients), ["SOM"]);
}

#[test]
fn a_verb_the_parse_took_for_a_modifier_keeps_its_object() {
    // "wounded" is tagged an adjective on "policemen".
    let e = main_event(
        "Basque separatist guerrillas wounded two Spanish policemen in a bomb attack on Friday, police said.",
    );
    assert_eq!(e.plover.event, PloverType::Assault);
    assert_eq!(e.recipients[0].text, "two Spanish policemen");
    assert_eq!(countries(&e.recipients), ["ESP"]);
}

#[test]
fn a_bare_background_attack_does_not_outrank_the_reported_act() {
    // "an army offensive in the region": no name, no victim, no count of
    // its own — a reference to fighting, not a second event to lead with.
    let e = main_event(
        "Two hundred Congolese militiamen surrendered last week following an army offensive in the region.",
    );
    assert_eq!(e.plover.event, PloverType::Retreat);
    assert_eq!(countries(&e.actors), ["COD"]);
}

#[test]
fn a_role_owned_by_a_pronoun_is_the_antecedents() {
    let e = main_event("Ethiopian officials said their troops had completed their withdrawal from the border town.");
    assert_eq!(e.plover.event, PloverType::Retreat);
    assert_eq!(e.actors[0].text, "their troops");
    assert_eq!(countries(&e.actors), ["ETH"]);
}

#[test]
fn a_preposition_a_few_words_back_does_not_make_a_finite_verb_a_topic() {
    // "for" three words before "attacked" governs "families", not the verb.
    let e = main_event(
        "A refugee camp for Sudanese families was attacked by Chadian rebels on Friday, killing at least 20 people.",
    );
    assert_eq!(e.trigger.map(|t| t.text).as_deref(), Some("attacked"));
    assert_eq!(countries(&e.actors), ["TCD"]);
    assert!(
        countries(&e.recipients).contains(&"SDN"),
        "{:?}",
        e.recipients
    );
}

#[test]
fn an_object_before_its_verb_is_a_misparse() {
    // The parser makes "Defence" the object of "promised".
    let e = main_event(
        "British Defence Secretary Geoff Hoon has promised to send more troops to Afghanistan.",
    );
    assert_eq!(e.plover.event, PloverType::Agree);
    assert_eq!(countries(&e.recipients), ["AFG"]);
}

#[test]
fn what_a_cyber_act_breaks_into_is_its_target() {
    let e = main_event("Russia has hacked into the computers of Ukrainian army officers, Ukrainian officials said.");
    assert_eq!(e.plover.event, PloverType::Coerce);
    assert_eq!(countries(&e.actors), ["RUS"]);
    assert_eq!(countries(&e.recipients), ["UKR"]);
    assert!(
        e.recipients[0].text.starts_with("computers"),
        "{:?}",
        e.recipients
    );
}

#[test]
fn a_measure_of_events_carries_them_to_the_verb() {
    // "began five days of war games": the games are the event, carried by
    // "began" through "days"; two navies together is COOPERATE.
    let e = main_event(
        "Indian and French warships on Tuesday began five days of war games in the Arabian Sea.",
    );
    assert_eq!(e.plover.event, PloverType::Cooperate);
    assert!(e.recipients.is_empty(), "{:?}", e.recipients);
    let e = main_event(
        "Israeli jets carried out a series of raids on Hamas positions in Gaza on Sunday.",
    );
    assert_eq!(e.plover.event, PloverType::Assault);
    assert_eq!(countries(&e.actors), ["ISR"]);
    assert_eq!(countries(&e.recipients), ["PSE"]);
}

#[test]
fn an_attack_no_one_is_named_for_is_by_an_unidentified_group_of_the_place() {
    let e = main_event(
        "A roadside bomb near the town of Kandahar killed three Canadian soldiers on Sunday.",
    );
    assert_eq!(e.plover.event, PloverType::Assault);
    assert_eq!(countries(&e.actors), ["AFG"]);
    assert_eq!(e.actors[0].sector, ["UAF"]);
    // No name: two such attacks must not merge for sharing one.
    assert_eq!(e.actors[0].name, None);
    assert_eq!(countries(&e.recipients), ["CAN"]);
}

#[test]
fn a_date_the_parse_made_a_subject_leaves_the_noun_it_hangs_on_as_actor() {
    // Parsed as "officials [whom] today ended talks".
    let e = main_event("Turkish officials today ended talks with the rebels in Ankara.");
    assert_eq!(e.plover.event, PloverType::Sanction);
    assert_eq!(countries(&e.actors), ["TUR"]);
}

#[test]
fn an_announced_act_falls_on_the_place_it_is_to_be_done_in() {
    let e = main_event("Ghana refused on Friday to deploy soldiers in Togo.");
    assert_eq!(e.plover.event, PloverType::Reject);
    assert_eq!(countries(&e.actors), ["GHA"]);
    assert_eq!(countries(&e.recipients), ["TGO"]);
    let e = main_event("The Kenyan president threatened to impose a curfew in Nairobi.");
    assert_eq!(e.plover.event, PloverType::Threaten);
    assert_eq!(countries(&e.recipients), ["KEN"]);
}

#[test]
fn what_a_request_asks_to_be_admitted_is_no_event_of_its_own() {
    let all = events(
        "Armenia's parliament has demanded an official admission by Ankara that Ottoman soldiers massacred thousands of Armenian civilians.",
    );
    assert_eq!(all[0].plover.event, PloverType::Request);
    assert_eq!(countries(&all[0].actors), ["ARM"]);
    assert!(all.iter().all(|e| e.plover.event != PloverType::Assault));
}

#[test]
fn readying_violence_is_mobilize_but_being_prepared_is_not() {
    let e = main_event("Turkish troops prepared to storm the border town.");
    assert_eq!(e.plover.event, PloverType::Mobilize);
    assert_eq!(countries(&e.actors), ["TUR"]);
    assert!(events("The Indian government is prepared to use force.")
        .iter()
        .all(|e| e.plover.event != PloverType::Mobilize));
}

#[test]
fn a_call_for_something_is_a_request_even_with_a_day_inside() {
    let e = main_event("The Kenyan opposition called for the resignation of the president.");
    assert_eq!(e.plover.event, PloverType::Request);
    assert_eq!(countries(&e.actors), ["KEN"]);
    let e = main_event("Egyptian students called Monday for new elections.");
    assert_eq!(e.plover.event, PloverType::Request);
    assert_eq!(
        e.trigger.map(|t| t.text).as_deref(),
        Some("called Monday for")
    );
    assert_eq!(countries(&e.actors), ["EGY"]);
}

#[test]
fn opening_a_border_is_retreat_access_but_opening_an_inquiry_is_not() {
    let e = main_event("Hungary opened its border to refugees from Ukraine.");
    assert_eq!(e.plover.event, PloverType::Retreat);
    assert_eq!(e.plover.mode, ["access"]);
    assert_eq!(countries(&e.actors), ["HUN"]);
    assert!(
        events("The Chilean police opened an inquiry into the shooting.")
            .iter()
            .all(|e| e.plover.event != PloverType::Retreat)
    );
}

#[test]
fn seeking_asylum_is_a_request_for_help() {
    let e = main_event("A Russian journalist sought asylum in France on Tuesday.");
    assert_eq!(e.plover.event, PloverType::Request);
    assert_eq!(e.plover.mode, ["assist"]);
    assert_eq!(countries(&e.actors), ["RUS"]);
}
