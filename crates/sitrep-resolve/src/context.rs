//! What the rest of a story says that helps choose between namesakes.
//!
//! Why contexts are plain data: the events stage knows things the knowledge
//! base cannot (which places it already resolved, what kind of event an actor
//! took part in), and a resolution must be reproducible from its inputs, so
//! everything that sways a choice travels in these structs.

use std::collections::HashMap;

use sitrep_core::{Place, PloverType};

/// How a place phrase qualifies its name: "near X", "outskirts of X",
/// "on the Syrian border". Such a location is not the named point itself, so
/// the resolved precision is widened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceModifier {
    /// "near", "outside", "north of", "outskirts of", "around".
    Near,
    /// "on the X border", "border area of X".
    Border,
}

/// Context for one place name.
#[derive(Debug, Clone, Default)]
pub struct PlaceContext {
    /// ISO3 → weight: countries and demonyms mentioned in the document, or a
    /// hint the caller knows (a dateline, `--country`).
    pub countries: HashMap<String, f32>,
    /// Coordinates of places already resolved in the same story.
    pub near: Vec<(f64, f64)>,
    /// An administrative area the text names with the place ("Al Qaim,
    /// Anbar" → "Anbar").
    pub admin: Option<String>,
    /// A qualifier the caller parsed off the phrase.
    pub modifier: Option<PlaceModifier>,
}

impl PlaceContext {
    /// A context that only says "the story is about this country".
    pub fn with_country(iso3: &str) -> PlaceContext {
        let mut c = PlaceContext::default();
        c.add_country(iso3, 1.0);
        c
    }

    pub fn add_country(&mut self, iso3: &str, weight: f32) {
        *self
            .countries
            .entry(iso3.trim().to_ascii_uppercase())
            .or_insert(0.0) += weight;
    }

    /// Remembers a resolved place so later names prefer its neighbourhood.
    pub fn add_place(&mut self, place: &Place) {
        if let (Some(lat), Some(lon)) = (place.lat, place.lon) {
            self.near.push((lat, lon));
        }
    }

    /// Country weights scaled so the strongest is 1.
    pub(crate) fn country_weight(&self, iso3: &str) -> f32 {
        let max = self.countries.values().copied().fold(0.0f32, f32::max);
        if max <= 0.0 {
            return 0.0;
        }
        self.countries.get(iso3).copied().unwrap_or(0.0) / max
    }
}

/// The kind of event an actor takes part in; decides what a metonym means.
/// "Washington launched a strike" is the US military; "Washington said" is
/// the US government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventFamily {
    Military,
    #[default]
    Political,
    Protest,
}

impl EventFamily {
    pub fn from_plover(t: PloverType) -> EventFamily {
        match t {
            PloverType::Assault | PloverType::Mobilize | PloverType::Retreat => {
                EventFamily::Military
            }
            PloverType::Protest => EventFamily::Protest,
            _ => EventFamily::Political,
        }
    }

    /// "military", "political" or "protest" (case-insensitive).
    pub fn parse(s: &str) -> Option<EventFamily> {
        match s.trim().to_ascii_lowercase().as_str() {
            "military" | "mil" | "violence" => Some(EventFamily::Military),
            "political" | "gov" | "politics" => Some(EventFamily::Political),
            "protest" | "protests" => Some(EventFamily::Protest),
            _ => None,
        }
    }
}

/// Context for one actor name.
#[derive(Debug, Clone, Default)]
pub struct ActorContext {
    /// ISO3 → weight, as in [`PlaceContext::countries`].
    pub countries: HashMap<String, f32>,
    pub family: EventFamily,
}

impl ActorContext {
    pub fn new(family: EventFamily) -> ActorContext {
        ActorContext {
            countries: HashMap::new(),
            family,
        }
    }

    pub(crate) fn country_weight(&self, iso3: &str) -> f32 {
        let max = self.countries.values().copied().fold(0.0f32, f32::max);
        if max <= 0.0 {
            return 0.0;
        }
        self.countries.get(iso3).copied().unwrap_or(0.0) / max
    }
}

/// What a whole document says about where it is: countries counted from
/// names, demonyms and capitals. Built by `Kb::document_context`.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// ISO3 → number of mentions.
    pub countries: HashMap<String, f32>,
}

impl DocContext {
    pub fn place_context(&self) -> PlaceContext {
        PlaceContext {
            countries: self.countries.clone(),
            ..PlaceContext::default()
        }
    }

    pub fn actor_context(&self, family: EventFamily) -> ActorContext {
        ActorContext {
            countries: self.countries.clone(),
            family,
        }
    }
}
