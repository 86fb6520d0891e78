//! People the text describes but does not name, named as ACLED names them.
//!
//! ACLED codes "2 soldiers were killed" as *Military Forces of
//! Afghanistan*, "3 policemen" as *Police Forces of …*, villagers and
//! passengers as *Civilians (…)*, crowds as *Protesters (…)* and
//! *Rioters (…)*, and an attacker nobody names as *Unidentified Armed
//! Group (…)* (see `../shared/docs/acled-types.md`, "Actors"). The events
//! stage already knows such a participant's country and PLOVER sector;
//! this gives it the knowledge base's generated state or civilian actor of
//! that country and role, so that the export's actor1/actor2 carry the
//! names a coder writes.

use sitrep_core::{Actor, Event, PloverType};

use crate::resolver::{DocContext, Family, Resolver};

/// The ACLED role an unnamed participant's words or sector give, as the
/// pattern of the knowledge base's generated name ("{}" is the country).
fn role(a: &Actor) -> Option<&'static str> {
    let lower = a.text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |ws: &[&str]| words.iter().any(|w| ws.contains(w));
    let sector = |s: &str| a.sector.iter().any(|x| x == s);
    if has(&[
        "protester",
        "protesters",
        "demonstrator",
        "demonstrators",
        "marchers",
    ]) {
        Some("Protesters ({})")
    } else if has(&["rioter", "rioters", "mob"]) {
        Some("Rioters ({})")
    } else if lower.contains("military police") {
        // The army's own police are soldiers ("Russian military police
        // set up a base"); policing a crowd or arresting, they are named
        // Police Forces by `police_at_protests`, as "security forces" are.
        Some("Military Forces of {}")
    } else if has(&[
        "police",
        "policeman",
        "policemen",
        "policewoman",
        "constable",
        "constables",
    ]) || sector("COP")
    {
        Some("Police Forces of {}")
    } else if sector("MIL") {
        Some("Military Forces of {}")
    } else if ((sector("UAF") || sector("REB")) && (a.text.is_empty() || anonymous(&lower)))
        // People who carry arms are not civilians, whatever their trade:
        // "armed herders", "armed youths" (the state's "armed forces" are
        // named above, by their sector).
        || (has(&["armed"]) && !has(&["forces"]))
        // Who loots, burns or wrecks property, named by that alone, are
        // perpetrators no one identified, not a crowd the text describes
        // (ACLED codes them as an unidentified armed group of the country).
        || has(&[
            "vandal",
            "vandals",
            "looter",
            "looters",
            "arsonist",
            "arsonists",
        ])
    {
        Some("Unidentified Armed Group ({})")
    } else if has(&[
        "civilian",
        "civilians",
        "villager",
        "villagers",
        "resident",
        "residents",
        "child",
        "children",
        "boy",
        "boys",
        "girl",
        "girls",
        "woman",
        "women",
        "man",
        "men",
        "people",
        "person",
        "persons",
        "passenger",
        "passengers",
        "farmer",
        "farmers",
        "student",
        "students",
        "worshippers",
        "teacher",
        "teachers",
        "shepherd",
        "herders",
        "family",
        "families",
        "pupils",
        "traders",
        "fishermen",
        "motorist",
        "motorists",
        // Held by whoever took them, defenceless: the codebook's
        // abductions are of civilians.
        "hostage",
        "hostages",
        "captive",
        "captives",
    ]) || (a.sector.iter().any(|s| crate::roles::unarmed_sector(s))
        // (People, not the bodies a sector also holds.)
        && !has(&["union", "unions", "newspaper", "newspapers"]))
    {
        Some("Civilians ({})")
    } else {
        None
    }
}

/// Words for armed people the text does not identify: ACLED codes them
/// as an unidentified armed group of the country ("gunmen", "unknown
/// assailants", "armed men", "militants", "bandits", "gang members").
/// Substrings of the lowercased phrase.
pub const ANONYMOUS: &[&str] = &[
    "gunm",
    "assailant",
    "attacker",
    "unknown",
    "unidentified",
    "armed men",
    "armed man",
    "militant",
    "gang",
    "bandit",
    "jihadist",
    "suicide",
];

/// Words for the men of an armed group, which a possessive gives to their
/// group ("their fighters", "its militants").
pub const GROUP_MEMBERS: &[&str] = &[
    "fighters",
    "militants",
    "members",
    "men",
    "gunmen",
    "rebels",
    "insurgents",
    "militiamen",
    "jihadists",
];

/// Whether a lowercased phrase describes armed people without naming them.
pub fn anonymous(lower: &str) -> bool {
    ANONYMOUS.iter().any(|w| lower.contains(w))
}

/// Whether the words of an unnamed participant say what kind of people
/// it is, so that a country makes it an ACLED actor.
pub fn names_people(a: &Actor) -> bool {
    role(a).is_some()
}

/// Whether an unnamed participant's words make it civilians ("a man",
/// "two farmers"), which ACLED's types turn on before any country is known.
///
/// "People" alone does not: killed at a checkpoint they may be its guards.
pub fn names_civilians(a: &Actor) -> bool {
    let lower = a.text.to_lowercase();
    let generic = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| matches!(w, "people" | "persons" | "person"));
    role(a) == Some("Civilians ({})") && !generic
}

/// Whether an unnamed participant is described by what its people are
/// ("1 soldier", "two farmers"), so that the country the event took place
/// in names it; "12 people" says nothing of who they are.
pub fn names_people_by_role(a: &Actor) -> bool {
    match role(a) {
        Some("Civilians ({})") => names_civilians(a),
        Some(_) => true,
        None => false,
    }
}

/// Names `a` in place when it has a country and a role but no name.
/// Whether it did.
pub fn name_unnamed(resolver: &dyn Resolver, ctx: &DocContext, a: &mut Actor) -> bool {
    if a.name.is_some() {
        return false;
    }
    let (Some(iso3), Some(pattern)) = (a.country.clone(), role(a)) else {
        return false;
    };
    let Some(v) = generated(resolver, ctx, pattern, &iso3) else {
        return false;
    };
    a.name = v.name;
    a.id = v.id;
    if a.sector.is_empty() {
        a.sector = v.sector;
    }
    true
}

/// The knowledge base's generated actor for a role pattern ("Protesters
/// ({})") and a country, if it has one.
pub(crate) fn generated(
    resolver: &dyn Resolver,
    ctx: &DocContext,
    pattern: &str,
    iso3: &str,
) -> Option<Actor> {
    let country = resolver.country(iso3, ctx)?.name?;
    // ACLED writes "Military Forces of the United States" but "Civilians
    // (United States)": try the name as it is, then with the article.
    let tries = [
        pattern.replace("{}", &country),
        pattern.replace("{}", &format!("the {country}")),
    ];
    // The country is known: the lookup weighs it, not the story's other
    // countries (a story naming only "Ituri" names no country at all, and
    // the KB spells "Democratic Republic of Congo" where the gazetteer has
    // "of the Congo").
    let own = DocContext {
        countries: vec![(iso3.to_string(), 1.0)],
        places: Vec::new(),
    };
    tries.into_iter().find_map(|t| {
        let v = resolver.actor(&t, Family::Military, &own)?.value;
        (v.country.as_deref() == Some(iso3)
            && v.name
                .as_deref()
                .is_some_and(|n| n.split(['(', ' ']).next() == t.split(['(', ' ']).next()))
        .then_some(v)
    })
}

/// Who acts is an unorganised crowd (codebook, Riots): its words say so
/// ("protesters", "a mob", "angry villagers"), not a sector.
pub fn crowd_acts(actors: &[Actor]) -> bool {
    actors.iter().any(|a| {
        let t = a.text.to_lowercase();
        CROWD.iter().any(|w| t.contains(w))
    })
}

/// Words for an unorganised crowd (substrings of the lowercased text).
const CROWD: &[&str] = &[
    "protester",
    "demonstrator",
    "rioter",
    "mob",
    "crowd",
    "youths",
    "supporters",
    "villagers",
    "residents",
];

/// The crowd's role pattern for an event of Protests or Riots.
pub fn crowd_pattern(e: &Event) -> Option<&'static str> {
    match e.acled.as_ref()?.sub_event_type.as_str() {
        "Peaceful protest" | "Protest with intervention" => Some("Protesters ({})"),
        "Violent demonstration" | "Mob violence" => Some("Rioters ({})"),
        _ => None,
    }
}

/// Sectors of participants who are never the crowd of a protest or a riot:
/// state forces and armed groups.
const NOT_A_CROWD: &[&str] = &["MIL", "COP", "SPY", "REB", "UAF", "INS", "PRM"];

/// Names the crowd of a protest or a riot as ACLED does, by the event's
/// type rather than by the words for it: whoever demonstrates is
/// *Protesters (Country)* in Protests, whoever riots *Rioters (Country)*
/// in Riots ("Teachers marched", "residents torched", "thousands of
/// people", "Israelis" are all the crowd). A named organisation behind
/// the crowd ("Unions", "the Sadrist Movement") stays as the associated
/// actor after it, as ACLED's assoc_actor_1 holds it. The country is that
/// of the place, else the acting side's own. State forces and armed
/// groups acting in such an event ("police fired tear gas") keep their
/// names. Whether it named one.
/// Run on the record's final types (after the story-level decision).
pub fn name_crowd(resolver: &dyn Resolver, ctx: &DocContext, e: &mut Event) -> bool {
    let Some(pattern) = crowd_pattern(e) else {
        return false;
    };
    // Who arrests, detains or restricts is never the crowd, whatever the
    // story is ("journalists were arrested by security agents … for
    // covering a protest").
    if e.plover.event == PloverType::Coerce {
        return false;
    }
    // (An actor no words of the text name — the unidentified armed group
    // an attack without a named attacker is given — yields to a crowd the
    // event's own sentence names, which the parse did not take for the
    // one acting: "beaten to death by a mob".)
    let crowd_named = e.evidence.iter().any(|ev| {
        let t = ev.text.to_lowercase();
        CROWD.iter().any(|w| t.contains(w))
    });
    let first = e.actors.first();
    if first.is_some_and(|a| {
        (!a.text.is_empty() || !crowd_named)
            && a.sector.iter().any(|s| NOT_A_CROWD.contains(&s.as_str()))
    }) {
        return false;
    }
    let Some(iso3) = e
        .location
        .as_ref()
        .and_then(|p| p.country.clone())
        .or_else(|| first.and_then(|a| a.country.clone()))
    else {
        return false;
    };
    let Some(crowd) = generated(resolver, ctx, pattern, &iso3) else {
        return false;
    };
    if first.is_some_and(|a| a.name == crowd.name) {
        return false;
    }
    // With no one named as acting, a crowd already on the receiving end
    // ("police used tear gas against protesters", the police unparsed) is
    // not the actor as well.
    if first.is_none()
        && e.recipients
            .iter()
            .any(|r| r.name == crowd.name || role(r) == Some(pattern))
    {
        return false;
    }
    let explain = "who demonstrates is Protesters (Country), who riots Rioters (Country), whatever the text calls them (ACLED's convention); a named organisation follows as the associated actor";
    if let Some(serde_json::Value::Object(x)) = &mut e.explain {
        x.insert("crowd_named".into(), serde_json::json!(explain));
    }
    // A name a generated role gave, or none: the crowd replaces it; a
    // named organisation is kept behind the crowd.
    let generic = |a: &Actor| {
        a.name.as_deref().is_none_or(|n| {
            [
                "Civilians (",
                "Protesters (",
                "Rioters (",
                "Government of ",
                "Unidentified Armed Group (",
            ]
            .iter()
            .any(|p| n.starts_with(p))
        })
    };
    match e.actors.first_mut() {
        Some(a) if generic(a) => {
            a.name = crowd.name;
            a.id = crowd.id;
            a.country = crowd.country;
            a.sector = crowd.sector;
        }
        Some(a) => {
            let text = a.text.clone();
            e.actors.insert(0, Actor { text, ..crowd });
        }
        None => e.actors.push(Actor {
            text: String::new(),
            ..crowd
        }),
    }
    true
}

/// The sub-event types in which the state acts as police: it polices a
/// protest or a riot, or it arrests.
const POLICING: &[&str] = &[
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Arrests",
];

/// Whether the state polices in this event (its type is one of [`POLICING`]).
pub fn polices(e: &Event) -> bool {
    e.acled
        .as_ref()
        .is_some_and(|a| POLICING.contains(&a.sub_event_type.as_str()))
}

/// "Security forces" and "military police" name whichever force the state
/// sends; ACLED codes the one that polices crowds and makes arrests as
/// *Police Forces of …* ("security forces fired tear gas at protesters",
/// "Egyptian security forces arrested a lawyer"), the one that fights as
/// *Military Forces of …*. Soldiers, troops and the army stay military
/// whatever they do. Run on the record's final types. Whether it renamed
/// one.
pub fn police_at_protests(resolver: &dyn Resolver, ctx: &DocContext, e: &mut Event) -> bool {
    if !polices(e) {
        return false;
    }
    let mut renamed = false;
    for a in e.actors.iter_mut().chain(e.recipients.iter_mut()) {
        let text = a.text.to_lowercase();
        let policing_words = text.contains("security") || text.contains("police");
        let Some(iso3) = a.country.clone() else {
            continue;
        };
        if !policing_words
            || !a
                .name
                .as_deref()
                .is_some_and(|n| n.starts_with("Military Forces of"))
        {
            continue;
        }
        let Some(police) = generated(resolver, ctx, "Police Forces of {}", &iso3) else {
            continue;
        };
        a.name = police.name;
        a.id = police.id;
        a.sector = police.sector;
        renamed = true;
    }
    if renamed {
        if let Some(serde_json::Value::Object(x)) = &mut e.explain {
            x.insert(
                "police_named".into(),
                serde_json::json!("security forces that police a crowd or make arrests are Police Forces (ACLED's convention)"),
            );
        }
    }
    renamed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(text: &str, sector: &str) -> Actor {
        Actor {
            text: text.into(),
            country: Some("AFG".into()),
            sector: vec![sector.into()],
            ..Default::default()
        }
    }

    #[test]
    fn roles_follow_words_then_sector() {
        assert_eq!(
            role(&actor("3 policemen", "MIL")),
            Some("Police Forces of {}")
        );
        assert_eq!(
            role(&actor("2 soldiers", "MIL")),
            Some("Military Forces of {}")
        );
        assert_eq!(
            role(&actor("Turkish military police", "COP")),
            Some("Military Forces of {}")
        );
        assert_eq!(role(&actor("5 villagers", "CVL")), Some("Civilians ({})"));
        assert_eq!(
            role(&actor("", "UAF")),
            Some("Unidentified Armed Group ({})")
        );
        assert_eq!(role(&actor("the breadth", "")), None);
        assert_eq!(
            role(&actor("Looters", "")),
            Some("Unidentified Armed Group ({})")
        );
    }
}
