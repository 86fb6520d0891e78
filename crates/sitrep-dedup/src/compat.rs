//! Whether two reports can be the same real-world event, and how strongly
//! the evidence says so.
//!
//! Each dimension (type, modality, time, place, participants, fatalities)
//! either rules the pair out or adds to a score; a pair needs positive
//! evidence in place or participants, not only the absence of conflict,
//! because two air strikes on one day in one country are usually two.

use sitrep_core::{GeoPrecision, Modality};

use crate::report::{family, PlaceKey, Report};

/// The outcome of comparing two reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Cannot be the same event; the string says which dimension ruled it out.
    Different(&'static str),
    /// Nothing rules the pair out, but too little says it is one event.
    Unsure(f64),
    /// May be the same event; higher is more certain.
    Same(f64),
}

impl Verdict {
    pub fn score(self) -> Option<f64> {
        match self {
            Verdict::Same(s) => Some(s),
            Verdict::Different(_) | Verdict::Unsure(_) => None,
        }
    }
}

/// The least score at which two reports are judged the same event.
pub const THRESHOLD: f64 = 2.0;

/// Compares two reports of (possibly) one event.
pub fn compare(a: &Report, b: &Report) -> Verdict {
    use Verdict::Different;
    let same_document = a.document_id == b.document_id;
    if family(a.plover) != family(b.plover) {
        return Different("type");
    }
    if realis(a.modality) != realis(b.modality) {
        return Different("modality");
    }
    let (Some((a0, a1)), Some((b0, b1))) = (a.window, b.window) else {
        return Different("date unknown");
    };
    if a0 > b1 || b0 > a1 {
        return Different("date");
    }
    let mut score = if a0 == a1 && a0 == b0 && b0 == b1 {
        1.0
    } else {
        0.5
    };
    if a.plover == b.plover {
        score += 0.25;
    }
    let place = match places(a.place.as_ref(), b.place.as_ref()) {
        Err(why) => return Different(why),
        Ok(s) => s,
    };
    let people = match participants(a, b) {
        Err(why) => return Different(why),
        Ok(s) => s,
    };
    score += place + people;
    if let (Some(x), Some(y)) = (a.fatalities, b.fatalities) {
        if !counts_agree(x, y) {
            return Different("fatalities");
        }
        score += if x == y { 0.75 } else { 0.25 };
    }
    if same_document {
        // An article that names an event twice (headline and body, or a
        // recap) is one event, but only on ACLED's terms: same type, same
        // day, same town, same participants where both name them. Anything
        // less and the article is describing two events.
        let one_day = a0 == a1 && (a0, a1) == (b0, b1);
        let shared_people = people > 0.0 || a.participants.is_empty() || b.participants.is_empty();
        if a.plover != b.plover || !one_day || place < 1.5 || !shared_people {
            return Different("same document");
        }
    }
    if score >= THRESHOLD && (place > 0.0 || people > 0.0) {
        Verdict::Same(score)
    } else {
        Verdict::Unsure(score)
    }
}

/// Happened (or said to have happened) versus might, will or should happen.
fn realis(m: Modality) -> bool {
    !matches!(
        m,
        Modality::Hypothetical | Modality::Planned | Modality::Requested
    )
}

/// Great-circle distance in kilometres (haversine).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// How far apart two mentions of one place may be, by the coarser precision:
/// a town's coordinates differ between gazetteer entries of its districts;
/// a region's centroid is far from the town in it.
fn max_distance_km(p: GeoPrecision) -> f64 {
    match p {
        GeoPrecision::Point => 5.0,
        GeoPrecision::Town => 15.0,
        GeoPrecision::District => 60.0,
        GeoPrecision::Region => 250.0,
        GeoPrecision::Country => f64::INFINITY,
    }
}

/// Place agreement: `Ok(score)` (0 = unknown), `Err` on conflict.
fn places(a: Option<&PlaceKey>, b: Option<&PlaceKey>) -> Result<f64, &'static str> {
    let (Some(a), Some(b)) = (a, b) else {
        return Ok(0.0);
    };
    if let (Some(x), Some(y)) = (&a.country, &b.country) {
        if x != y {
            return Err("country");
        }
    }
    let coarse = a.precision.max(b.precision);
    if coarse == GeoPrecision::Country {
        // A country-level mention joins a city-level one in that country,
        // weakly: it is consistent, not confirming.
        return Ok(if a.country.is_some() && a.country == b.country {
            0.5
        } else {
            0.0
        });
    }
    if let (Some(la), Some(oa), Some(lb), Some(ob)) = (a.lat, a.lon, b.lat, b.lon) {
        let d = distance_km(la, oa, lb, ob);
        if d > max_distance_km(coarse) {
            return Err("distance");
        }
        return Ok(match coarse {
            GeoPrecision::Point | GeoPrecision::Town => 1.5,
            GeoPrecision::District => 1.0,
            _ => 0.5,
        });
    }
    // Unresolved: compare the spelling-insensitive names; a region named
    // in one report may contain the town named in the other.
    if !a.name.is_empty() && a.name == b.name {
        return Ok(if coarse <= GeoPrecision::District {
            1.5
        } else {
            0.5
        });
    }
    if coarse >= GeoPrecision::Region && a.admin1.is_some() && a.admin1 == b.admin1 {
        return Ok(0.5);
    }
    Err("place name")
}

/// Participant agreement: shared actors add to the score; two reports naming
/// only specific knowledge-base groups, with none in common, conflict.
fn participants(a: &Report, b: &Report) -> Result<f64, &'static str> {
    if a.participants.is_empty() || b.participants.is_empty() {
        return Ok(0.0);
    }
    // A named group in common says more than a generic state or civilian
    // actor in common.
    let shared: f64 = a
        .participants
        .iter()
        .filter(|p| b.participants.iter().any(|q| q.key == p.key))
        .map(|p| if p.generic { 0.5 } else { 1.0 })
        .sum();
    if shared > 0.0 {
        return Ok(shared.min(1.5));
    }
    let all_specific = |r: &Report| r.participants.iter().all(|p| p.specific);
    if all_specific(a) && all_specific(b) {
        return Err("participants");
    }
    Ok(0.0)
}

/// Whether two fatality ranges can describe one event. Early and later
/// reports differ (tolls rise), so ranges need not overlap; but 2 and 40 are
/// two events.
fn counts_agree(a: (u32, Option<u32>), b: (u32, Option<u32>)) -> bool {
    let hi = |r: (u32, Option<u32>)| r.1.unwrap_or(u32::MAX);
    if a.0 <= hi(b) && b.0 <= hi(a) {
        return true;
    }
    let (small, large) = if hi(a) < b.0 {
        (hi(a), b.0)
    } else {
        (hi(b), a.0)
    };
    u64::from(large) <= 2 * u64::from(small) + 2
}
