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

use sitrep_core::Actor;

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
    ]) || sector("CVL")
    {
        Some("Civilians ({})")
    } else if sector("UAF")
        && (a.text.is_empty()
            || has(&[
                "gunmen",
                "gunman",
                "assailants",
                "attackers",
                "unknown",
                "unidentified",
            ]))
    {
        Some("Unidentified Armed Group ({})")
    } else {
        None
    }
}

/// Whether the words of an unnamed participant say what kind of people
/// it is, so that a country makes it an ACLED actor.
pub fn names_people(a: &Actor) -> bool {
    role(a).is_some()
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
    let Some(country) = resolver.country(&iso3, ctx).and_then(|p| p.name) else {
        return false;
    };
    // ACLED writes "Military Forces of the United States" but "Civilians
    // (United States)": try the name as it is, then with the article.
    let tries = [
        pattern.replace("{}", &country),
        pattern.replace("{}", &format!("the {country}")),
    ];
    for t in tries {
        if let Some(r) = resolver.actor(&t, Family::Military, ctx) {
            let v = r.value;
            if v.country.as_deref() == Some(iso3.as_str())
                && v.name
                    .as_deref()
                    .is_some_and(|n| n.split(['(', ' ']).next() == t.split(['(', ' ']).next())
            {
                a.name = v.name;
                a.id = v.id;
                if a.sector.is_empty() {
                    a.sector = v.sector;
                }
                return true;
            }
        }
    }
    false
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
        assert_eq!(role(&actor("5 villagers", "CVL")), Some("Civilians ({})"));
        assert_eq!(
            role(&actor("", "UAF")),
            Some("Unidentified Armed Group ({})")
        );
        assert_eq!(role(&actor("the breadth", "")), None);
    }
}
