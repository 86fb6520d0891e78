//! A sentence's last step: the event's type. The lexicon gives each
//! trigger a PLOVER type; here the words around it refine it as the PLOVER
//! manual does (a diplomatic protest is ACCUSE, a signing SUPPORT, joint
//! exercises COOPERATE, a stated intention to cooperate AGREE, a negated
//! offer REJECT, a statement of what another must do REQUEST), and the
//! ACLED sub-event type follows from the codebook's definitions
//! ([`acled::sub_event`]) with who acted and who was hit.

use std::collections::HashSet;

use sitrep_core::{Actor, Modality, PloverType};

use super::trigger::Candidate;
use crate::acled;
use crate::args::Args;
use crate::naming;
use crate::resolver::Resolver;
use crate::roles;
use crate::sentence::SentView;

/// What the support verb of a nominal trigger makes of it: "lodged a
/// protest" is a diplomatic protest, PLOVER ACCUSE 'disapprove' (manual
/// 3.12.2; PROTEST is for collective action); "signed an agreement" is
/// SUPPORT (manual 3.3; CAMEO 057), the agreement itself AGREE.
pub(super) fn by_support_verb(v: &SentView, c: &mut Candidate, a: &Args) {
    let Some(s) = a.support.filter(|_| c.nominal) else {
        return;
    };
    let support = v.lower[s].as_str();
    if c.trig.plover == PloverType::Protest && DIPLOMATIC_PROTEST.contains(&support) {
        c.trig.plover = PloverType::Accuse;
        c.trig.modes = vec!["disapprove".into()];
        c.trig.cameo = "111".into();
    }
    if c.trig.plover == PloverType::Agree && SIGNING.contains(&support) {
        c.trig.plover = PloverType::Support;
        c.trig.cameo = "057".into();
    }
}

/// Military exercises show force (MOBILIZE) unless held with others:
/// "joint military games and maneuvers" are COOPERATE (manual 3.5; CAMEO
/// 062), as are exercises of two countries' forces ("French and Egyptian
/// warships": two countries in one phrase).
pub(super) fn exercises_with_others(
    resolver: &dyn Resolver,
    c: &mut Candidate,
    prefix: &str,
    actors: &[Actor],
) {
    if !EXERCISES.contains(&c.trig.lemma.as_str()) {
        return;
    }
    let named_countries = || {
        let texts: Vec<&str> = actors.iter().map(|x| x.text.as_str()).collect();
        let mut all: HashSet<String> = actors.iter().filter_map(|x| x.country.clone()).collect();
        all.extend(
            resolver
                .document_context(&texts.join(" ; "))
                .countries
                .into_iter()
                .map(|(c, _)| c),
        );
        all.len()
    };
    if prefix.contains("joint") || named_countries() > 1 {
        c.trig.plover = PloverType::Cooperate;
        c.trig.cameo = "062".into();
        c.trig.modes.clear();
    }
}

/// "The army captured a senior commander": a capture whose object is
/// people, not ground, is an arrest when a state's forces make it (CAMEO
/// 173, PLOVER COERCE 'arrest'; codebook, Arrests), not a battle. Only
/// without harm: people captured in a fight that kills are the fight's.
/// A capture by anyone else stays what the trigger says (a battle over
/// soldiers, an abduction of civilians by its own words).
pub(super) fn capture_of_people(
    c: &mut Candidate,
    taken: bool,
    harmed: bool,
    places: &[sitrep_core::Place],
    actors: &[Actor],
    recipients: &[Actor],
) {
    if c.nominal || c.trig.lemma != "capture" || taken || harmed || recipients.is_empty() {
        return;
    }
    // The object is people: no place among what was taken, and no ground
    // word in its phrase ("a key neighbourhood", "the hilltop").
    let ground = |r: &Actor| {
        let lower = r.text.to_lowercase();
        places
            .iter()
            .any(|p| lower.contains(&p.text.to_lowercase()))
            || lower
                .split_whitespace()
                .any(|w| acled::GROUND.contains(&w) || HELD.contains(&w))
    };
    if recipients.iter().any(ground) {
        return;
    }
    let state = actors.iter().any(|a| {
        a.sector.iter().any(|s| STATE_FORCES.contains(&s.as_str()))
            || roles::sectors(&a.text.to_lowercase())
                .iter()
                .any(|s| STATE_FORCES.contains(&s.as_str()))
    });
    if state {
        c.trig.plover = PloverType::Coerce;
        c.trig.modes = vec!["arrest".into()];
        c.trig.cameo = "173".into();
        c.trig.violent = false;
        c.trig.territory = false;
    }
}

/// Sectors of a state's armed and police forces.
const STATE_FORCES: &[&str] = &["MIL", "COP", "SPY"];

/// Ground held or fought over, besides the places of
/// [`acled::GROUND`]: what a force takes that is no town.
const HELD: &[&str] = &[
    "hilltop",
    "base",
    "camp",
    "position",
    "positions",
    "post",
    "outpost",
    "airport",
    "bridge",
    "crossing",
    "road",
    "highway",
    "port",
    "island",
];

/// The PLOVER type of the event: the trigger's, as its modality and stance
/// make it. PLOVER codes a stated intention to cooperate as AGREE ("will
/// support", "promised to provide aid"), and the request a speaker makes
/// of another ("must return") as REQUEST.
pub(super) fn plover_type(
    c: &Candidate,
    modality: Modality,
    lower_sentence: &str,
    requested: bool,
) -> PloverType {
    let plover = if modality == Modality::Planned
        && matches!(
            c.trig.plover,
            PloverType::Support
                | PloverType::Cooperate
                | PloverType::Aid
                | PloverType::Concede
                | PloverType::Retreat
                | PloverType::Consult
        ) {
        PloverType::Agree
    } else {
        c.trig.plover
    };
    let rest = lower_sentence.get(c.rel_start..).unwrap_or_default();
    let plover = stance(
        c.trig.plover,
        plover,
        modality,
        c.prefix(lower_sentence),
        rest,
    );
    if requested {
        PloverType::Request
    } else {
        plover
    }
}

/// What the act did to what it befell, as the codebook's types read it.
#[derive(Clone, Copy)]
pub(super) struct Harm {
    /// The text states dead.
    pub fatalities: bool,
    /// Only property was hit (see [`property_only`]).
    pub property_only: bool,
}

/// The ACLED sub-event type and the codebook rule that chose it. Who was
/// hit decides Battles against Violence against civilians: people the
/// knowledge base did not resolve ("1 soldier", "2 policemen") still carry
/// their role in their words. An air or drone strike adds the aerial mode
/// when the words gave none.
pub(super) fn acled_type(
    c: &Candidate,
    plover: PloverType,
    modes: &mut Vec<String>,
    lower_sentence: &str,
    actors: &[Actor],
    recipients: &[Actor],
    harm: Harm,
) -> Option<(&'static str, &'static str)> {
    let Harm {
        fatalities,
        property_only: property_hit,
    } = harm;
    let recipient_sectors: Vec<String> = recipients
        .iter()
        .flat_map(|r| {
            if r.sector.is_empty() && r.name.is_none() {
                let mut s = roles::sectors(&r.text.to_lowercase());
                if s.is_empty() && naming::names_civilians(r) {
                    s.push("CVL".into());
                }
                s
            } else {
                r.sector.clone()
            }
        })
        .collect();
    let actor_sectors: Vec<String> = actors.iter().flat_map(|r| r.sector.clone()).collect();
    let sub = acled::sub_event(&acled::Facts {
        // ACLED's "Agreement" covers the signing PLOVER files under
        // SUPPORT.
        plover: if plover == PloverType::Support && c.trig.cameo == "057" {
            PloverType::Agree
        } else {
            plover
        },
        modes,
        lemma: &c.trig.lemma,
        context: lower_sentence,
        recipient_sectors: &recipient_sectors,
        protesters: targets_protesters(recipients, &actor_sectors, lower_sentence),
        crowd: naming::crowd_acts(actors),
        actor_sectors: &actor_sectors,
        fatalities,
        property: property_hit,
    });
    // Codebook, Agreement: between conflict or political actors. A deal
    // whose parties the knowledge base gives no political or armed sector
    // (a carrier buying jets, a bundle on sale) is commerce; a ceasefire,
    // truce or peace is an agreement whoever the text names.
    let sub = sub.filter(|&(_, rule)| {
        rule != "agreement between parties"
            || acled::any(
                lower_sentence,
                &["ceasefire", "cease-fire", "truce", "peace"],
            )
            || actors
                .iter()
                .chain(recipients)
                .flat_map(|a| &a.sector)
                .any(|s| !NOT_POLITICAL.contains(&s.as_str()))
    });
    if sub.is_some_and(|(s, _)| s == "Air/drone strike")
        && !modes.iter().any(|m| m == "aerial" || m == "drone")
    {
        modes.push("aerial".into());
    }
    sub
}

/// Sectors of people and bodies that are no party to a conflict by
/// themselves: civilians, business, education, health, farming, labour,
/// refugees, religion.
const NOT_POLITICAL: &[&str] = &["CVL", "BUS", "EDU", "MED", "AGR", "LAB", "REF", "REL"];

/// Verbs that sign or ratify an agreement.
const SIGNING: &[&str] = &[
    "sign",
    "signed",
    "signs",
    "signing",
    "ratify",
    "ratified",
    "ratifies",
    "initialled",
    "initialed",
];

/// Lexicon lemmas naming military exercises.
const EXERCISES: &[&str] = &[
    "war game",
    "military exercise",
    "military drill",
    "maneuver",
    "manoeuvre",
];

/// Support verbs of a diplomatic protest: "lodged a protest with",
/// "delivered a strong protest to".
const DIPLOMATIC_PROTEST: &[&str] = &[
    "lodge",
    "lodged",
    "lodges",
    "lodging",
    "file",
    "filed",
    "deliver",
    "delivered",
    "register",
    "registered",
    "issue",
    "issued",
];

/// Force used against a demonstration: its recipients are protesters, or
/// the state's forces act in a sentence about protesters ("police fired
/// into the crowd of demonstrators").
fn targets_protesters(recipients: &[Actor], actor_sectors: &[String], lower: &str) -> bool {
    const CROWD: &[&str] = &["protest", "demonstrat", "marchers", "rally", "rallies"];
    let says = |t: &str| {
        let t = t.to_lowercase();
        CROWD.iter().any(|w| t.contains(w))
    };
    recipients
        .iter()
        .any(|r| says(&r.text) || r.name.as_deref().is_some_and(says))
        || (actor_sectors.iter().any(|s| s == "COP" || s == "MIL")
            && ["protesters", "demonstrators"]
                .iter()
                .chain(CROWD_CONTROL)
                .any(|w| lower.contains(w)))
}

/// Means made for dispersing crowds: the codebook's examples of force used
/// against a demonstration ("tear gas, rubber bullets, water cannon"). The
/// police or army using them are dispersing a crowd, whether or not the
/// sentence says who was in it.
const CROWD_CONTROL: &[&str] = &[
    "tear gas",
    "teargas",
    "tear-gas",
    "water cannon",
    "rubber bullet",
    "pepper spray",
    "pepper-spray",
    "stun grenade",
    "pepper ball",
];

/// What a stated intention or a negation makes of a cooperative or hostile
/// act, as PLOVER codes it: a conditional intention ("will withdraw its
/// force unless …") and a planned boycott or blockade are THREATEN; a
/// negated or failed agreement, concession or aid ("will not accept",
/// "failed to reach agreement") is REJECT.
fn stance(
    said: PloverType,
    plover: PloverType,
    modality: Modality,
    prefix: &str,
    rest: &str,
) -> PloverType {
    let near: Vec<&str> = prefix
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let near = &near[near.len().saturating_sub(3)..];
    let negated = near.iter().any(|w| {
        matches!(
            *w,
            "not" | "never" | "won't" | "wouldn't" | "cannot" | "failed" | "refused" | "refuses"
        )
    });
    if negated && cooperative(plover) {
        return PloverType::Reject;
    }
    let conditional = rest.contains(" unless ") || rest.contains(" if ");
    let hostile = !cooperative(said);
    if modality == Modality::Planned && (conditional && hostile || said == PloverType::Protest) {
        return PloverType::Threaten;
    }
    plover
}

/// PLOVER types that give or concede something: negated, they are REJECT;
/// made conditional, they are still offers, not threats.
fn cooperative(t: PloverType) -> bool {
    matches!(
        t,
        PloverType::Agree
            | PloverType::Concede
            | PloverType::Support
            | PloverType::Cooperate
            | PloverType::Aid
            | PloverType::Consult
    )
}

/// Whether what the act befell is property only: the clause's objects
/// (before participants are kept, which drops things) all name property —
/// "three houses", "dozens of structures" — and so does every participant
/// kept. Codebook, Looting/property destruction.
pub(super) fn property_only(v: &SentView, raw: &[crate::args::Arg], recipients: &[Actor]) -> bool {
    let names = |r: &crate::args::Arg| {
        let text: Vec<&str> = (r.from..r.to.min(v.len()))
            .map(|i| v.lower[i].as_str())
            .collect();
        acled::names_property(&text.join(" "))
            || v.lower
                .get(r.head)
                .is_some_and(|h| acled::names_property(h))
    };
    !raw.is_empty()
        && raw.iter().all(names)
        && recipients
            .iter()
            // (The knowledge base may compose "three houses" in a Yemeni
            // story into Yemen's civilians: the words decide, unless they
            // resolved to an armed or political body.)
            .all(|r| r.sector.iter().all(|s| s == "CVL") && acled::names_property(&r.text))
}
