//! The flat row shared by CSV, GeoJSON and Parquet: ACLED's column names
//! where they mean the same thing, then sitrep's own.

use sitrep_core::{Actor, DatePrecision, Event, GeoPrecision};
use sitrep_store::{DocumentInfo, StoredCluster, StoredEvent};

use crate::countries;
use crate::ExportError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Float,
}

/// Column names and types, in output order.
pub const COLUMNS: &[(&str, Kind)] = &[
    ("event_id_cnty", Kind::Text),
    ("event_date", Kind::Text),
    ("year", Kind::Int),
    ("time_precision", Kind::Int),
    ("event_type", Kind::Text),
    ("sub_event_type", Kind::Text),
    ("actor1", Kind::Text),
    ("assoc_actor_1", Kind::Text),
    ("inter1", Kind::Int),
    ("actor2", Kind::Text),
    ("assoc_actor_2", Kind::Text),
    ("inter2", Kind::Int),
    ("interaction", Kind::Int),
    ("iso", Kind::Int),
    ("country", Kind::Text),
    ("admin1", Kind::Text),
    ("admin2", Kind::Text),
    ("location", Kind::Text),
    ("latitude", Kind::Float),
    ("longitude", Kind::Float),
    ("geo_precision", Kind::Int),
    ("source", Kind::Text),
    ("notes", Kind::Text),
    ("fatalities", Kind::Int),
    // sitrep's own
    ("fatalities_max", Kind::Int),
    ("event_date_end", Kind::Text),
    ("plover_event", Kind::Text),
    ("plover_mode", Kind::Text),
    ("cameo", Kind::Text),
    ("modality", Kind::Text),
    ("confidence", Kind::Float),
    ("cluster", Kind::Text),
    ("n_sources", Kind::Int),
    ("evidence", Kind::Text),
];

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
    Float(Option<f64>),
}

/// One row: a cell per entry of [`COLUMNS`].
pub type Row = Vec<Cell>;

/// Where rows go; each format implements it.
pub(crate) trait RowSink {
    fn write(&mut self, row: &Row) -> Result<(), ExportError>;
    fn finish(&mut self) -> Result<(), ExportError>;
}

pub fn from_event(e: &StoredEvent) -> Row {
    build(
        &e.event,
        std::slice::from_ref(&e.document),
        e.n_sources,
        e.event.cluster.clone(),
    )
}

pub fn from_cluster(c: &StoredCluster) -> Row {
    build(
        &c.event,
        &c.sources,
        c.sources.len() as u32,
        Some(c.event.id.clone()),
    )
}

fn text(s: Option<impl Into<String>>) -> Cell {
    Cell::Text(s.map(Into::into).filter(|s: &String| !s.is_empty()))
}

fn build(e: &Event, sources: &[DocumentInfo], n_sources: u32, cluster: Option<String>) -> Row {
    let place = e.location.as_ref();
    let country_code = place.and_then(|p| p.country.as_deref());
    let country = country_code.and_then(countries::lookup);
    let date = e.date.as_ref();
    let start = date.and_then(|d| d.start.clone());
    let inter1 = e
        .actors
        .first()
        .map(|a| inter(a, country_code))
        .unwrap_or(0);
    let inter2 = e
        .recipients
        .first()
        .map(|a| inter(a, country_code))
        .unwrap_or(0);
    let interaction = match (inter1, inter2) {
        (0, 0) => None,
        (a, 0) | (0, a) => Some(a * 10),
        (a, b) => Some(a.min(b) * 10 + a.max(b)),
    };
    let source = sources
        .iter()
        .map(|d| d.url.clone().unwrap_or_else(|| d.source.clone()))
        .collect::<Vec<_>>()
        .join("; ");
    let notes = e
        .evidence
        .iter()
        .map(|s| s.text.trim())
        .collect::<Vec<_>>()
        .join(" … ");
    let evidence = serde_json::to_string(&e.evidence).ok();
    vec![
        text(Some(e.id.clone())),
        text(start.clone()),
        Cell::Int(start.as_deref().and_then(|s| s.get(..4)?.parse().ok())),
        Cell::Int(date.and_then(|d| time_precision(d.precision))),
        text(e.acled.as_ref().map(|a| a.event_type.clone())),
        text(e.acled.as_ref().map(|a| a.sub_event_type.clone())),
        text(e.actors.first().map(actor_name)),
        text(Some(assoc(&e.actors))),
        Cell::Int((inter1 > 0).then_some(inter1)),
        text(e.recipients.first().map(actor_name)),
        text(Some(assoc(&e.recipients))),
        Cell::Int((inter2 > 0).then_some(inter2)),
        Cell::Int(interaction),
        Cell::Int(country.map(|(n, _)| i64::from(n))),
        text(country.map(|(_, name)| name).or(country_code)),
        text(place.and_then(|p| p.admin1.clone())),
        text(place.and_then(|p| p.admin2.clone())),
        text(place.map(|p| p.name.clone().unwrap_or_else(|| p.text.clone()))),
        Cell::Float(place.and_then(|p| p.lat)),
        Cell::Float(place.and_then(|p| p.lon)),
        Cell::Int(place.and_then(|p| p.precision).map(geo_precision)),
        text(Some(source)),
        text(Some(notes)),
        // ACLED records 0 when no deaths are reported; the conservative
        // (lowest) figure otherwise.
        Cell::Int(Some(
            e.fatalities
                .as_ref()
                .and_then(|f| f.min.or(f.max))
                .map_or(0, i64::from),
        )),
        Cell::Int(e.fatalities.as_ref().and_then(|f| f.max).map(i64::from)),
        text(date.and_then(|d| d.end.clone())),
        text(Some(e.plover.event.as_str())),
        text(Some(e.plover.mode.join(","))),
        text(e.cameo.clone()),
        text(Some(e.modality.as_str())),
        Cell::Float(Some(f64::from(e.confidence))),
        text(cluster),
        Cell::Int(Some(i64::from(n_sources))),
        text(evidence),
    ]
}

fn actor_name(a: &Actor) -> String {
    a.name.clone().unwrap_or_else(|| a.text.clone())
}

fn assoc(actors: &[Actor]) -> String {
    actors
        .iter()
        .skip(1)
        .map(actor_name)
        .collect::<Vec<_>>()
        .join("; ")
}

/// ACLED's actor type code from PLOVER sectors and ACLED-style names:
/// 1 state forces, 2 rebels, 3 political militias, 5 rioters,
/// 6 protesters, 7 civilians, 8 external forces (state forces of another
/// country than the event's); 0 when it cannot be told.
fn inter(a: &Actor, event_country: Option<&str>) -> i64 {
    let name = a.name.as_deref().unwrap_or("");
    if name.starts_with("Protesters") {
        return 6;
    }
    if name.starts_with("Rioters") {
        return 5;
    }
    if name.starts_with("Civilians") {
        return 7;
    }
    let has = |codes: &[&str]| a.sector.iter().any(|s| codes.contains(&s.as_str()));
    if has(&["MIL", "COP", "GOV", "SPY"]) {
        let foreign = matches!((a.country.as_deref(), event_country), (Some(x), Some(y)) if x != y);
        return if foreign { 8 } else { 1 };
    }
    if has(&["REB", "INS"]) {
        return 2;
    }
    if has(&["UAF"]) {
        return 3;
    }
    if has(&["CVL", "JRN", "MED", "REF"]) {
        return 7;
    }
    0
}

/// ACLED: 1 the day is known, 2 the week or part of the month, 3 the month.
fn time_precision(p: DatePrecision) -> Option<i64> {
    match p {
        DatePrecision::Day => Some(1),
        DatePrecision::Week | DatePrecision::PartOfMonth => Some(2),
        DatePrecision::Month | DatePrecision::Year => Some(3),
        DatePrecision::Unknown => None,
    }
}

/// ACLED: 1 the town itself, 2 a part of a region or near a town, 3 only
/// the region (or wider).
fn geo_precision(p: GeoPrecision) -> i64 {
    match p {
        GeoPrecision::Point | GeoPrecision::Town => 1,
        GeoPrecision::District => 2,
        GeoPrecision::Region | GeoPrecision::Country => 3,
    }
}
