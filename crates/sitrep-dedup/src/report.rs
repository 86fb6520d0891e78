//! What dedup looks at in an event: a [`Report`] is one event reduced to the
//! features that decide whether two reports describe the same happening.

use chrono::{Duration, NaiveDate};
use sitrep_core::{Actor, Count, DatePrecision, Event, GeoPrecision, Modality, PloverType};

use crate::names::skeleton;

/// Types reporters use interchangeably for one happening go in one family;
/// events of different families are never merged. Kept narrow on purpose:
/// merging an arrest (COERCE) with an attack (ASSAULT) would hide events.
pub fn family(t: PloverType) -> &'static str {
    use PloverType::*;
    match t {
        Assault => "violence",
        Coerce => "coercion",
        Protest => "protest",
        Mobilize | Retreat => "posture",
        Threaten => "threat",
        Sanction => "sanction",
        Agree | Cooperate | Concede => "agreement",
        Support | Aid => "support",
        Consult => "consult",
        Request => "request",
        Accuse | Reject => "dispute",
    }
}

/// The PLOVER types of a family, for candidate queries.
pub fn family_members(t: PloverType) -> Vec<PloverType> {
    PloverType::ALL
        .into_iter()
        .filter(|o| family(*o) == family(t))
        .collect()
}

/// The longest date window (in days) a report may span and still be
/// clustered. A "last year" event could be anything; it stays alone.
pub const MAX_WINDOW_DAYS: i64 = 31;

/// How many days before publication an undated event is assumed to have
/// happened: news reports recent events.
pub const UNDATED_LOOKBACK_DAYS: i64 = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub event_id: String,
    pub document_id: String,
    pub plover: PloverType,
    pub modality: Modality,
    /// Inclusive window in which the event happened, `None` when unknown or
    /// too vague to cluster on.
    pub window: Option<(NaiveDate, NaiveDate)>,
    pub place: Option<PlaceKey>,
    /// Keys of actors and recipients together: reports swap who attacked
    /// whom in "clashes between A and B".
    pub participants: Vec<ParticipantKey>,
    /// Fatalities as `(low, high)`; `high` is `None` for "at least N".
    pub fatalities: Option<(u32, Option<u32>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlaceKey {
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: GeoPrecision,
    /// Skeleton of the resolved name, else of the text.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParticipantKey {
    /// Knowledge-base id or the skeleton of the canonical name or text.
    pub key: String,
    /// Whether `key` is a knowledge-base id of a specific named group;
    /// generic actors ("Military Forces of Iraq") are not `specific`.
    pub specific: bool,
    /// Whether the actor is one of ACLED's generic state or civilian actors
    /// ("Government of Iran", "Civilians (Iraq)"): sharing one says little,
    /// since every report of that country's strikes names it.
    pub generic: bool,
}

impl Report {
    /// Reduces an event of document `document_id`, published on `published`
    /// (the anchor for undated events).
    pub fn from_event(event: &Event, document_id: &str, published: Option<NaiveDate>) -> Report {
        Report {
            event_id: event.id.clone(),
            document_id: document_id.to_string(),
            plover: event.plover.event,
            modality: event.modality,
            window: window(event, published),
            place: event.location.as_ref().and_then(|p| {
                let name = skeleton(p.name.as_deref().unwrap_or(&p.text));
                let precision = p.precision.unwrap_or(if p.lat.is_some() {
                    GeoPrecision::Town
                } else {
                    GeoPrecision::Region
                });
                (!name.is_empty() || p.lat.is_some() || p.country.is_some()).then(|| PlaceKey {
                    country: p.country.clone(),
                    admin1: p.admin1.clone(),
                    lat: p.lat,
                    lon: p.lon,
                    precision,
                    name,
                })
            }),
            participants: event
                .actors
                .iter()
                .chain(&event.recipients)
                .filter_map(participant)
                .collect(),
            fatalities: event.fatalities.as_ref().and_then(range),
        }
    }
}

fn participant(a: &Actor) -> Option<ParticipantKey> {
    let generic = a.name.as_deref().is_some_and(is_generic);
    if let Some(id) = a.id.as_deref().filter(|s| !s.is_empty()) {
        return Some(ParticipantKey {
            key: id.to_string(),
            specific: !generic,
            generic,
        });
    }
    let key = skeleton(a.name.as_deref().unwrap_or(&a.text));
    (!key.is_empty()).then_some(ParticipantKey {
        key,
        specific: false,
        generic,
    })
}

/// ACLED-style generic actor names: "Military Forces of Iraq", "Civilians (Iraq)".
fn is_generic(name: &str) -> bool {
    [
        "Military Forces of",
        "Police Forces of",
        "Government of",
        "Civilians",
        "Unidentified",
        "Protesters",
        "Rioters",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

fn range(c: &Count) -> Option<(u32, Option<u32>)> {
    match (c.min, c.max) {
        (Some(lo), hi) => Some((lo, hi.map(|h| h.max(lo)))),
        (None, Some(hi)) => Some((hi, Some(hi))),
        (None, None) => None,
    }
}

fn window(event: &Event, published: Option<NaiveDate>) -> Option<(NaiveDate, NaiveDate)> {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    };
    if let Some(d) = &event.date {
        if matches!(d.precision, DatePrecision::Year | DatePrecision::Unknown) {
            return None;
        }
        if let (Some(start), end) = (parse(&d.start), parse(&d.end)) {
            let end = end.unwrap_or(start).max(start);
            return ((end - start).num_days() <= MAX_WINDOW_DAYS).then_some((start, end));
        }
    }
    // Undated, or a relative date that could not be anchored: the days just
    // before publication.
    published.map(|p| (p - Duration::days(UNDATED_LOOKBACK_DAYS), p))
}
