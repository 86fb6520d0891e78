//! The event filter shared by `events`, `stats/*`, `actors` and `places`,
//! parsed from query parameters with a 400-worthy message for each mistake.

use chrono::NaiveDate;
use sitrep_core::{Modality, PloverType};

use crate::catalog::EventEntry;
use crate::error::ApiError;

/// The query parameters that select events; see `docs/api.md`.
pub const FILTER_PARAMS: [&str; 9] = [
    "since",
    "until",
    "bbox",
    "country",
    "type",
    "acled_type",
    "actor",
    "modality",
    "q",
];

/// ACLED's six event types, the only values `acled_type` accepts.
pub const ACLED_TYPES: [&str; 6] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

pub const MODALITIES: [Modality; 7] = [
    Modality::Asserted,
    Modality::Claimed,
    Modality::Denied,
    Modality::Hypothetical,
    Modality::Planned,
    Modality::Requested,
    Modality::Historical,
];

/// Which events a request asks for. Every list is an OR within the field;
/// fields combine with AND.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// min lon, min lat, max lon, max lat
    pub bbox: Option<[f64; 4]>,
    pub countries: Vec<String>,
    pub types: Vec<PloverType>,
    pub acled_types: Vec<&'static str>,
    /// Lower-cased; matched against actor and recipient text, name and id.
    pub actor: Option<String>,
    pub modalities: Vec<Modality>,
    /// Lower-cased words; all must occur in the event's searchable text.
    pub q: Vec<String>,
}

/// Query parameters as (name, value) pairs, in order.
pub type Pairs = Vec<(String, String)>;

/// Decodes a raw query string; a malformed one is a 400.
pub fn decode_query(raw: Option<&str>) -> Result<Pairs, ApiError> {
    serde_urlencoded::from_str::<Pairs>(raw.unwrap_or(""))
        .map_err(|e| ApiError::bad(format!("malformed query string: {e}")))
}

/// Rejects parameters the route does not know, so a typo is not silently
/// ignored (a misspelt `contry=IRQ` would otherwise return everything).
pub fn check_known(pairs: &Pairs, extra: &[&str]) -> Result<(), ApiError> {
    for (k, _) in pairs {
        if !FILTER_PARAMS.contains(&k.as_str()) && !extra.contains(&k.as_str()) {
            let mut known: Vec<&str> = FILTER_PARAMS.to_vec();
            known.extend_from_slice(extra);
            return Err(ApiError::bad(format!(
                "unknown query parameter '{k}'; this route accepts: {}",
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// The last value given for `name`, if any (an empty value counts as absent).
pub fn get<'a>(pairs: &'a Pairs, name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

/// Every value of `name`, comma-separated lists flattened.
fn all<'a>(pairs: &'a Pairs, name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

pub fn parse_date(name: &str, v: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| ApiError::bad(format!("{name}: '{v}' is not an ISO date (YYYY-MM-DD)")))
}

impl Filter {
    pub fn from_pairs(pairs: &Pairs) -> Result<Filter, ApiError> {
        let mut f = Filter::default();
        if let Some(v) = get(pairs, "since") {
            f.since = Some(parse_date("since", v)?);
        }
        if let Some(v) = get(pairs, "until") {
            f.until = Some(parse_date("until", v)?);
        }
        if let (Some(s), Some(u)) = (f.since, f.until) {
            if s > u {
                return Err(ApiError::bad(format!("since ({s}) is after until ({u})")));
            }
        }
        if let Some(v) = get(pairs, "bbox") {
            f.bbox = Some(parse_bbox(v)?);
        }
        for c in all(pairs, "country") {
            if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(ApiError::bad(format!(
                    "country: '{c}' is not an ISO 3166-1 alpha-3 code (e.g. IRQ)"
                )));
            }
            f.countries.push(c.to_ascii_uppercase());
        }
        for t in all(pairs, "type") {
            let ty = PloverType::parse(t).ok_or_else(|| {
                let names: Vec<&str> = PloverType::ALL.iter().map(|t| t.as_str()).collect();
                ApiError::bad(format!(
                    "type: '{t}' is not a PLOVER event type; one of {}",
                    names.join(", ")
                ))
            })?;
            f.types.push(ty);
        }
        for a in all(pairs, "acled_type") {
            let found = ACLED_TYPES
                .iter()
                .find(|k| k.eq_ignore_ascii_case(a))
                .ok_or_else(|| {
                    ApiError::bad(format!(
                        "acled_type: '{a}' is not an ACLED event type; one of {}",
                        ACLED_TYPES.join(", ")
                    ))
                })?;
            f.acled_types.push(found);
        }
        if let Some(v) = get(pairs, "actor") {
            f.actor = Some(v.to_lowercase());
        }
        for m in all(pairs, "modality") {
            let found = MODALITIES
                .iter()
                .find(|k| k.as_str().eq_ignore_ascii_case(m))
                .ok_or_else(|| {
                    let names: Vec<&str> = MODALITIES.iter().map(|m| m.as_str()).collect();
                    ApiError::bad(format!(
                        "modality: '{m}' is not a modality; one of {}",
                        names.join(", ")
                    ))
                })?;
            f.modalities.push(*found);
        }
        if let Some(v) = get(pairs, "q") {
            f.q = v.split_whitespace().map(str::to_lowercase).collect();
        }
        Ok(f)
    }

    pub fn matches(&self, e: &EventEntry) -> bool {
        if self.since.is_some() || self.until.is_some() {
            let (Some(start), Some(end)) = (e.start, e.end) else {
                return false;
            };
            if self.since.is_some_and(|s| end < s) || self.until.is_some_and(|u| start > u) {
                return false;
            }
        }
        let place = e.event.location.as_ref();
        if let Some([x0, y0, x1, y1]) = self.bbox {
            let Some((lat, lon)) = place.and_then(|p| p.lat.zip(p.lon)) else {
                return false;
            };
            // A box whose west edge is east of its east edge crosses the antimeridian.
            let lon_ok = if x0 <= x1 {
                lon >= x0 && lon <= x1
            } else {
                lon >= x0 || lon <= x1
            };
            if !lon_ok || lat < y0 || lat > y1 {
                return false;
            }
        }
        if !self.countries.is_empty() {
            let c = place.and_then(|p| p.country.as_deref());
            if !c.is_some_and(|c| self.countries.iter().any(|x| x == c)) {
                return false;
            }
        }
        if !self.types.is_empty() && !self.types.contains(&e.event.plover.event) {
            return false;
        }
        if !self.acled_types.is_empty() {
            let t = e.event.acled.as_ref().map(|a| a.event_type.as_str());
            if !t.is_some_and(|t| self.acled_types.iter().any(|x| x.eq_ignore_ascii_case(t))) {
                return false;
            }
        }
        if let Some(a) = &self.actor {
            if !e.actor_text.contains(a.as_str()) {
                return false;
            }
        }
        if !self.modalities.is_empty() && !self.modalities.contains(&e.event.modality) {
            return false;
        }
        self.q.iter().all(|w| e.search_text.contains(w.as_str()))
    }
}

fn parse_bbox(v: &str) -> Result<[f64; 4], ApiError> {
    let bad = || {
        ApiError::bad(format!(
            "bbox: '{v}' must be four numbers min_lon,min_lat,max_lon,max_lat"
        ))
    };
    let nums: Vec<f64> = v
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    let [x0, y0, x1, y1]: [f64; 4] = nums.try_into().map_err(|_| bad())?;
    let lon_ok = |x: f64| (-180.0..=180.0).contains(&x);
    let lat_ok = |y: f64| (-90.0..=90.0).contains(&y);
    if !(lon_ok(x0) && lon_ok(x1) && lat_ok(y0) && lat_ok(y1)) {
        return Err(ApiError::bad(format!(
            "bbox: '{v}' is outside longitude -180..180 / latitude -90..90"
        )));
    }
    if y0 > y1 {
        return Err(ApiError::bad(format!(
            "bbox: '{v}' has min_lat greater than max_lat"
        )));
    }
    Ok([x0, y0, x1, y1])
}
