//! The story-level decision: which of ACLED's sub-event types the story as
//! a whole reports, or which kind of story outside ACLED's scope it is.
//!
//! The clause rules type each event from its own clause; a coder types a
//! report from the whole story (police clashing with protesters is a
//! violent demonstration, a chemical plant that exploded is an accident).
//! [`frames::story_label`] makes that decision over the text and the
//! events; the learned classifier, when one is shipped, may overrule only
//! its fallbacks. The decision is written into the output record — the
//! main event's `acled`, or the record's `outside_acled` — so what is
//! measured is what a user gets.

use sitrep_core::{
    Acled, Actor, Document, Event, Modality, OutsideAcled, Place, Plover, PloverType, Record, Span,
};
use sitrep_events::frames::{self, Frame};
use sitrep_events::subevent::{self, SubEventModel};
use sitrep_events::{acled, temporal};

/// The rules' frame for a story and its events (before the decision is
/// applied), as training and cross-validation read it.
pub fn rule_frame(text: &str, events: &[Event]) -> Frame {
    frames::story_label(text, events)
}

/// A story that claims responsibility for an act it reports: the claim is
/// written beside the events ([`Record::responsibility_claim`]) and the
/// story's ACLED type is read from the act, as a coder codes it. A claim
/// with no act reported beside it stays the story's label.
pub fn read_claim(record: &mut Record, rule: Frame) -> Frame {
    // The act may be known only through the claim ("the Taliban claimed an
    // attack on a police post that killed four officers"): ACLED codes it
    // all the same, to the claimant.
    let reported_act = record.events.iter().any(|e| {
        e.plover.event == PloverType::Assault
            && e.acled.is_some()
            && matches!(e.modality, Modality::Asserted | Modality::Claimed)
    });
    if !rule.is_claim() || !reported_act {
        return rule;
    }
    record.responsibility_claim = Some(cue_sentence(&record.document.text, &rule.cue));
    frames::acled_story_label(&record.document.text, &record.events)
}

/// The label the story gets: the rules' frame, or the classifier where the
/// frame is only a fallback.
fn label(model: Option<&SubEventModel>, text: &str, events: &[Event], rule: &Frame) -> String {
    let feats = match model {
        Some(_) if rule.is_fallback() => subevent::features(text, events, rule.label),
        _ => Vec::new(),
    };
    subevent::story_label(model, &feats, rule).to_string()
}

/// Decides the story's label and writes it into the record: an ACLED
/// sub-event becomes the main event's (the event listed first) type; a
/// story outside ACLED's scope clears every event's ACLED type and names
/// its kind in `outside_acled`.
/// `locate(story, sentence)` gives the place a sentence of the story names,
/// for a story-level event.
pub fn decide(
    model: Option<&SubEventModel>,
    record: &mut Record,
    rule: &Frame,
    explain: bool,
    locate: &dyn Fn(&str, &str) -> Option<Place>,
) {
    let label = label(model, &record.document.text, &record.events, rule);
    if let Some(kind) = acled::outside(&label) {
        record.outside_acled = Some(kind);
        // An accident or a natural disaster has no attacker: the
        // unidentified armed group ACLED's convention supplies when a
        // report names none stands for someone who is not there.
        let disaster = matches!(
            kind,
            OutsideAcled::NaturalDisaster | OutsideAcled::ManMadeDisaster
        );
        for e in &mut record.events {
            e.acled = None;
            if disaster && e.actors.iter().any(implied_attacker) {
                e.actors.retain(|a| !implied_attacker(a));
                if let Some(serde_json::Value::Object(map)) = e.explain.as_mut() {
                    map.remove("actor_implied");
                }
            }
        }
        return;
    }
    let Some(typed) = acled::from_case_label(&label) else {
        return;
    };
    if record.events.is_empty() {
        // The story names an ACLED event the clause rules could not tie to
        // a clause (a set-up base, weapons found, a sit-in): it is reported
        // all the same, as one event carrying only what the story decided.
        if !rule.is_fallback() {
            let mut event = story_event(&record.document, typed, rule);
            event.location = event
                .evidence
                .first()
                .and_then(|e| locate(&record.document.text, &e.text));
            record.events.push(event);
        }
        return;
    }
    // The story's type goes on the event listed first even when that
    // event's own PLOVER type is of another kind (a concession that allows
    // a rally, an arrest at a protest): it is the story's ACLED coding,
    // and moving another event first would change the PLOVER reading
    // (tried: PLOVER GSR -1/-2 records per half, CASE unchanged).
    let Some(main) = record.events.first_mut() else {
        return;
    };
    if explain && main.acled.as_ref() != Some(&typed) {
        if let Some(serde_json::Value::Object(map)) = main.explain.as_mut() {
            map.insert(
                "acled_story".into(),
                serde_json::json!({
                    "sub_event_type": typed.sub_event_type,
                    "frame": rule.frame,
                    "cue": rule.cue,
                    "clause_said": main.acled.as_ref().map(|a| a.sub_event_type.clone()),
                }),
            );
        }
    }
    main.acled = Some(typed);
}

/// An attacker the text never named, supplied by ACLED's convention (see
/// `unidentified_attacker` in the events crate): no words of the text, an
/// unidentified armed group's sector.
fn implied_attacker(a: &Actor) -> bool {
    a.text.trim().is_empty() && a.sector.iter().any(|s| s == "UAF")
}

/// The PLOVER type an ACLED sub-event type is an instance of.
fn plover_of(a: &Acled) -> PloverType {
    match (a.event_type.as_str(), a.sub_event_type.as_str()) {
        ("Protests", _) | ("Riots", "Violent demonstration") => PloverType::Protest,
        ("Strategic developments", "Agreement") => PloverType::Agree,
        ("Strategic developments", "Looting/property destruction") => PloverType::Assault,
        ("Strategic developments", "Non-violent transfer of territory") => PloverType::Retreat,
        ("Strategic developments", "Headquarters or base established")
        | ("Strategic developments", "Change to group/activity") => PloverType::Mobilize,
        ("Strategic developments", _) => PloverType::Coerce,
        _ => PloverType::Assault,
    }
}

/// The sentence around the frame's cue, or the text's first sentence: the
/// evidence of a story-level event. Byte offsets into `doc.text`.
fn cue_sentence(text: &str, cue: &str) -> Span {
    let lower = text.to_lowercase();
    // Offsets found in the lower-cased copy hold only when lower-casing
    // kept every byte length.
    let at = (!cue.is_empty() && lower.len() == text.len())
        .then(|| lower.find(&cue.to_lowercase()))
        .flatten()
        .unwrap_or(0);
    let ends = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let start = text[..at].rfind(ends).map_or(0, |i| i + 1);
    let start = start + (text[start..].len() - text[start..].trim_start().len());
    let end = text[at..].find(ends).map_or(text.len(), |i| at + i + 1);
    let end = end.max(start);
    Span {
        text: text[start..end].to_string(),
        start,
        end,
    }
}

/// The one event of a story whose decision names an ACLED sub-event when
/// the clause rules found none; low confidence, no participants.
fn story_event(doc: &Document, typed: Acled, rule: &Frame) -> Event {
    let evidence = cue_sentence(&doc.text, &rule.cue);
    // When: the time its sentence names ("held a sit-in … on Monday"),
    // else, as for any event told as fact, the week before publication.
    let published = temporal::published_day(doc.published.as_deref());
    let date = temporal::find(&evidence.text, published)
        .into_iter()
        .next()
        .map(|m| m.range)
        .or_else(|| published.map(temporal::default_recent));
    Event {
        id: format!("{}:1", doc.id),
        plover: Plover {
            event: plover_of(&typed),
            mode: Vec::new(),
            context: Vec::new(),
        },
        acled: Some(typed),
        cameo: None,
        actors: Vec::new(),
        recipients: Vec::new(),
        location: None,
        date,
        fatalities: None,
        fatalities_coded: None,
        injured: None,
        modality: Modality::Asserted,
        attribution: None,
        evidence: vec![evidence],
        trigger: None,
        confidence: 0.2,
        cluster: None,
        explain: None,
    }
}
