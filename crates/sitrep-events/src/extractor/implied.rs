//! Participants a report leaves out, named as coders name them: an attack
//! no one is named for is an unidentified armed group's (ACLED), an arrest
//! the police's (ACLED), a protest
//! without a target is against the authorities (PLOVER).

use sitrep_core::{Actor, Event, PloverType};

use crate::{naming, roles};

/// People the text describes by role but places nowhere ("Soldiers raped
/// a woman in a village near Hpakant") are of the country the event took
/// place in: ACLED codes such soldiers as that country's military forces
/// and such a woman as its civilians, and a coder reads them the same way
/// when the story names no country of its own. Only for a place the
/// sentence names; an actor whose words or name already carry a country
/// keeps it. Whether it placed any.
pub(super) fn locate_unnamed(e: &mut Event) -> bool {
    let Some(country) = e
        .location
        .as_ref()
        .filter(|p| !p.text.is_empty())
        .and_then(|p| p.country.clone())
    else {
        return false;
    };
    let mut placed = false;
    // ACLED names an unidentified armed group by where it struck, not by
    // the story's country ("jihadists near Menaka" in a story about a
    // French soldier are of Mali): a country only the story gave an
    // anonymous word (see `participants`) yields to the place's.
    for a in e.actors.iter_mut() {
        let story_given = a.name.is_none()
            && a.country.as_deref().is_some_and(|c| c != country)
            && a.sector.iter().any(|s| s == "UAF")
            && naming::anonymous(&a.text.to_lowercase());
        if story_given {
            a.country = Some(country.clone());
            placed = true;
        }
    }
    let n_actors = e.actors.len();
    for (i, a) in e
        .actors
        .iter_mut()
        .chain(e.recipients.iter_mut())
        .enumerate()
    {
        if a.name.is_some() || a.country.is_some() || a.text.is_empty() {
            continue;
        }
        let lower = a.text.to_lowercase();
        // "Unknown persons threw a grenade": whoever acts unidentified is
        // an unidentified armed group, whatever word names them.
        let sectors = if i < n_actors && naming::anonymous(&lower) {
            vec!["UAF".to_string()]
        } else {
            roles::sectors(&lower)
        };
        if sectors.is_empty() && !naming::names_people(a) {
            continue;
        }
        a.country = Some(country.clone());
        if a.sector.is_empty() {
            a.sector = sectors;
        }
        placed = true;
    }
    placed
}

/// An attack no one is named for ("A roadside bombing near Samarra killed
/// one U.S. soldier") is by an unidentified armed group of the country it
/// happened in, as ACLED names it ("Unidentified Armed Group (Iraq)") and
/// PLOVER coders code it. Only for a place the sentence names, and without
/// a name, so that two such attacks are not merged for sharing it.
/// Whether it added one.
pub(super) fn unidentified_attacker(e: &mut Event) -> bool {
    if e.plover.event != PloverType::Assault
        || e.actors
            .iter()
            .any(|a| a.country.is_some() || a.name.is_some())
    {
        return false;
    }
    let Some(country) = named_country(e) else {
        return false;
    };
    // "gunmen", "unknown assailants": the text's own words for them.
    if let Some(a) = e
        .actors
        .iter_mut()
        .find(|a| a.name.is_none() && naming::anonymous(&a.text.to_lowercase()))
    {
        a.country = Some(country);
        a.sector = vec!["UAF".into()];
        return true;
    }
    // "The coalition bombed …": the text names an attacker the knowledge
    // base does not know; a second, unidentified one would be an
    // attacker the text never spoke of.
    if e.actors.iter().any(|a| !a.text.trim().is_empty()) {
        return false;
    }
    e.actors.push(implied_actor(country, "UAF"));
    true
}

/// An arrest no one is named for ("49 people were detained in Manila")
/// is the state's: ACLED's Arrests are made by a state (codebook), and
/// its coders name the police of the country it happened in when the
/// report names no force. Only for a place the sentence names, as for
/// [`unidentified_attacker`]. Whether it added one.
pub(super) fn unnamed_arrestor(e: &mut Event) -> bool {
    // (Protesters arrested are a protest with intervention, whose sides
    // the protest's naming gives.)
    if e.plover.event != PloverType::Coerce
        || !e.plover.mode.iter().any(|m| m == "arrest")
        || e.acled
            .as_ref()
            .is_none_or(|a| a.sub_event_type != "Arrests")
        || e.actors.iter().any(|a| !a.text.trim().is_empty())
    {
        return false;
    }
    let Some(country) = named_country(e) else {
        return false;
    };
    e.actors.push(implied_actor(country, "COP"));
    true
}

/// The country of the event's place when the sentence names the place:
/// what an implied participant is placed by.
fn named_country(e: &Event) -> Option<String> {
    e.location
        .as_ref()
        .filter(|p| !p.text.is_empty())
        .and_then(|p| p.country.clone())
}

/// An actor the text does not mention: no words, the place's country and
/// the sector a convention gives it; named later (`naming`).
fn implied_actor(country: String, sector: &str) -> Actor {
    Actor {
        text: String::new(),
        country: Some(country),
        sector: vec![sector.into()],
        ..Default::default()
    }
}

/// Events whose recipient, when none is named, is who is where they
/// happen. PLOVER PROTEST is collective action against the recipient, by
/// default the authorities (manual 3.12: "directed toward … government
/// authorities"); a curfew, a state of emergency or its lifting falls on
/// the people of the place (COERCE 'curfew', 'martial-law'; CONCEDE
/// 081); aid stopped somewhere is stopped for the people there (SANCTION
/// 'discontinue'). The country it took place in, else — for protests and
/// a government's measures at home — the actors' own. Whether it added one.
pub(super) fn implicit_target(e: &mut Event) -> bool {
    let has_mode = |m: &str| e.plover.mode.iter().any(|x| x == m);
    let (sector, own_country) = match e.plover.event {
        PloverType::Protest => ("GOV", true),
        PloverType::Coerce if has_mode("curfew") || has_mode("martial-law") => ("CVL", true),
        PloverType::Concede if e.cameo.as_deref() == Some("081") => ("CVL", true),
        PloverType::Sanction if has_mode("discontinue") => ("CVL", false),
        _ => return false,
    };
    // (A thing placed somewhere — "the streets" of a capital — carries
    // the place's country but names no one the act is aimed at.)
    if e.recipients
        .iter()
        .any(|r| r.country.is_some() && (r.name.is_some() || !r.sector.is_empty()))
    {
        return false;
    }
    // A place the sentence names first; the document's main country (a
    // fallback place with no text) only after the protesters' own.
    let named = e
        .location
        .as_ref()
        .filter(|p| p.country.is_some() && !p.text.is_empty())
        .map(|p| (p.text.clone(), p.country.clone()));
    let own = || {
        e.actors
            .iter()
            .filter(|_| own_country)
            .find(|a| a.country.is_some() && a.country.as_deref() != Some("IGO"))
            .map(|a| (a.text.clone(), a.country.clone()))
    };
    let main = || {
        e.location
            .as_ref()
            .filter(|p| p.country.is_some())
            .and_then(|p| Some((p.name.clone()?, p.country.clone())))
    };
    let Some((text, country)) = named
        .or_else(own)
        .or_else(|| own_country.then(main).flatten())
    else {
        return false;
    };
    e.recipients.push(Actor {
        text,
        country,
        sector: vec![sector.into()],
        ..Default::default()
    });
    true
}
