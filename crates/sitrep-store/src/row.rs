//! One event as the values of its `events` row, shared by the SQLite store
//! and the PostgreSQL store so that the two backends write the same columns
//! from the same event, whatever their drivers' parameter syntax.

use sitrep_core::Event;

/// The columns of the `events` table, in the order [`EventRow`] binds them.
pub const EVENT_COLUMNS: &str = "id, document_id, seq, plover_event, plover_mode, plover_context, \
     acled_event_type, acled_sub_event_type, cameo, date_text, date_start, date_end, \
     date_precision, place_id, location_text, location, geonameid, country, admin1, admin2, \
     lat, lon, geo_precision, fatalities_min, fatalities_max, injured_min, injured_max, \
     modality, attribution, confidence, cluster_id, match_start, match_end, json";

/// The values of one `events` row. Integers are `i64` and reals `f64`,
/// the types both SQLite and PostgreSQL (`BIGINT`, `DOUBLE PRECISION`) take.
pub struct EventRow {
    pub id: String,
    pub document_id: String,
    pub seq: i64,
    pub plover_event: &'static str,
    pub plover_mode: Option<String>,
    pub plover_context: Option<String>,
    pub acled_event_type: Option<String>,
    pub acled_sub_event_type: Option<String>,
    pub cameo: Option<String>,
    pub date_text: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub date_precision: Option<String>,
    pub place_id: Option<i64>,
    pub location_text: Option<String>,
    pub location: Option<String>,
    pub geonameid: Option<i64>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geo_precision: Option<String>,
    pub fatalities_min: Option<i64>,
    pub fatalities_max: Option<i64>,
    pub injured_min: Option<i64>,
    pub injured_max: Option<i64>,
    pub modality: &'static str,
    pub attribution: Option<String>,
    pub confidence: f64,
    pub cluster_id: Option<String>,
    pub match_start: Option<String>,
    pub match_end: Option<String>,
    pub json: String,
}

impl EventRow {
    /// The row of event `e`, the `seq`-th of document `doc_id`, whose
    /// resolved place has row `place_id`; `json` is the event serialised.
    pub fn new(
        doc_id: &str,
        seq: usize,
        e: &Event,
        report: &sitrep_dedup::Report,
        place_id: Option<i64>,
        json: String,
    ) -> EventRow {
        let loc = e.location.as_ref();
        let date = e.date.as_ref();
        let (match_start, match_end) = match report.window {
            Some((s, t)) => (Some(s.to_string()), Some(t.to_string())),
            None => (None, None),
        };
        EventRow {
            id: e.id.clone(),
            document_id: doc_id.to_string(),
            seq: seq as i64,
            plover_event: e.plover.event.as_str(),
            plover_mode: join(&e.plover.mode),
            plover_context: join(&e.plover.context),
            acled_event_type: e.acled.as_ref().map(|a| a.event_type.clone()),
            acled_sub_event_type: e.acled.as_ref().map(|a| a.sub_event_type.clone()),
            cameo: e.cameo.clone(),
            date_text: date.map(|d| d.text.clone()),
            date_start: date.and_then(|d| d.start.clone()),
            date_end: date.and_then(|d| d.end.clone().or_else(|| d.start.clone())),
            date_precision: date.map(|d| enum_str(&d.precision)),
            place_id,
            location_text: loc.map(|p| p.text.clone()),
            location: loc.and_then(|p| p.name.clone()),
            geonameid: loc.and_then(|p| p.geonameid).map(i64::from),
            country: loc.and_then(|p| p.country.clone()),
            admin1: loc.and_then(|p| p.admin1.clone()),
            admin2: loc.and_then(|p| p.admin2.clone()),
            lat: loc.and_then(|p| p.lat),
            lon: loc.and_then(|p| p.lon),
            geo_precision: loc.and_then(|p| p.precision.as_ref()).map(enum_str),
            fatalities_min: e.fatalities.as_ref().and_then(|c| c.min).map(i64::from),
            fatalities_max: e.fatalities.as_ref().and_then(|c| c.max).map(i64::from),
            injured_min: e.injured.as_ref().and_then(|c| c.min).map(i64::from),
            injured_max: e.injured.as_ref().and_then(|c| c.max).map(i64::from),
            modality: e.modality.as_str(),
            attribution: e
                .attribution
                .as_ref()
                .map(|a| a.name.clone().unwrap_or_else(|| a.text.clone())),
            confidence: f64::from(e.confidence),
            cluster_id: e.cluster.clone(),
            match_start,
            match_end,
            json,
        }
    }
}

/// A list column: comma-joined, `NULL` when empty.
pub fn join(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| items.join(","))
}

/// The sitrep/1 spelling of a unit enum (`day`, `town`), as serde writes it.
pub fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The columns of the `clusters` table that [`ClusterRow`] fills, in order.
pub const CLUSTER_COLUMNS: &str = "id, plover_event, acled_event_type, acled_sub_event_type, \
     date_start, date_end, date_precision, country, admin1, location, lat, lon, geo_precision, \
     fatalities_min, fatalities_max, n_events, n_sources, canonical";

/// The values of one `clusters` row: its canonical event flattened into the
/// columns the API filters on, plus the canonical record as JSON. Shared by
/// both backends for the same reason as [`EventRow`].
pub struct ClusterRow {
    pub id: String,
    pub plover_event: &'static str,
    pub acled_event_type: Option<String>,
    pub acled_sub_event_type: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub date_precision: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub location: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geo_precision: Option<String>,
    pub fatalities_min: Option<i64>,
    pub fatalities_max: Option<i64>,
    pub n_events: i64,
    pub n_sources: i64,
    pub canonical: String,
}

impl ClusterRow {
    /// The row of cluster `id` whose canonical event is `e` (its id and
    /// cluster are set to `id` here), over `n_events` reports from
    /// `n_sources` documents.
    pub fn new(
        id: &str,
        e: &Event,
        n_events: usize,
        n_sources: usize,
    ) -> Result<ClusterRow, serde_json::Error> {
        let mut canonical = e.clone();
        canonical.id = id.to_string();
        canonical.cluster = Some(id.to_string());
        let json = serde_json::to_string(&canonical)?;
        let loc = e.location.as_ref();
        let date = e.date.as_ref();
        Ok(ClusterRow {
            id: id.to_string(),
            plover_event: e.plover.event.as_str(),
            acled_event_type: e.acled.as_ref().map(|a| a.event_type.clone()),
            acled_sub_event_type: e.acled.as_ref().map(|a| a.sub_event_type.clone()),
            date_start: date.and_then(|d| d.start.clone()),
            date_end: date.and_then(|d| d.end.clone().or_else(|| d.start.clone())),
            date_precision: date.map(|d| enum_str(&d.precision)),
            country: loc.and_then(|p| p.country.clone()),
            admin1: loc.and_then(|p| p.admin1.clone()),
            location: loc.map(|p| p.name.clone().unwrap_or_else(|| p.text.clone())),
            lat: loc.and_then(|p| p.lat),
            lon: loc.and_then(|p| p.lon),
            geo_precision: loc.and_then(|p| p.precision.as_ref()).map(enum_str),
            fatalities_min: e.fatalities.as_ref().and_then(|c| c.min).map(i64::from),
            fatalities_max: e.fatalities.as_ref().and_then(|c| c.max).map(i64::from),
            n_events: n_events as i64,
            n_sources: n_sources as i64,
            canonical: json,
        })
    }
}

/// A stored event's JSON and its document's publication date (ISO text),
/// as both backends' candidate queries return them, parsed; `what` names
/// the event in the error.
pub fn parse_member(
    json: &str,
    published: Option<&str>,
    what: &str,
) -> Result<(Event, Option<chrono::NaiveDate>), (String, serde_json::Error)> {
    let event = serde_json::from_str(json).map_err(|e| (what.to_string(), e))?;
    let published = published.and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
    Ok((event, published))
}
