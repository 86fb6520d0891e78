//! The `format=geojson` and `format=csv` renderings of an event list.

use serde_json::{json, Value};
use sitrep_core::Actor;

use crate::catalog::EventEntry;

fn names(actors: &[Actor]) -> String {
    actors
        .iter()
        .map(|a| a.name.as_deref().unwrap_or(&a.text))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A FeatureCollection of the events that have coordinates; the others are
/// counted in `without_coordinates` so nothing disappears silently.
pub fn geojson(items: &[&EventEntry], total: usize, next: Option<&str>) -> String {
    let mut skipped = 0;
    let features: Vec<Value> = items
        .iter()
        .filter_map(|e| {
            let ev = &e.event;
            let p = ev.location.as_ref();
            let Some((lat, lon)) = p.and_then(|p| p.lat.zip(p.lon)) else {
                skipped += 1;
                return None;
            };
            Some(json!({
                "type": "Feature",
                "id": ev.id,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": ev.id,
                    "type": ev.plover.event,
                    "mode": ev.plover.mode,
                    "acled_event_type": ev.acled.as_ref().map(|a| &a.event_type),
                    "acled_sub_event_type": ev.acled.as_ref().map(|a| &a.sub_event_type),
                    "date": e.start.map(|d| d.to_string()),
                    "date_end": e.end.map(|d| d.to_string()),
                    "fatalities": ev.fatalities.as_ref().and_then(|f| f.min),
                    "actors": names(&ev.actors),
                    "recipients": names(&ev.recipients),
                    "place": p.map(|p| p.name.as_deref().unwrap_or(&p.text)),
                    "country": p.and_then(|p| p.country.as_deref()),
                    "modality": ev.modality,
                    "confidence": ev.confidence,
                    "cluster": e.cluster_id(),
                    "document": e.doc_id,
                }
            }))
        })
        .collect();
    json!({
        "type": "FeatureCollection",
        "features": features,
        "total": total,
        "without_coordinates": skipped,
        "next_cursor": next,
    })
    .to_string()
}

const CSV_HEADER: [&str; 21] = [
    "id",
    "date_start",
    "date_end",
    "plover_event",
    "plover_mode",
    "acled_event_type",
    "acled_sub_event_type",
    "actors",
    "recipients",
    "place",
    "admin1",
    "country",
    "lat",
    "lon",
    "fatalities_min",
    "fatalities_max",
    "modality",
    "confidence",
    "cluster",
    "document",
    "evidence",
];

/// One row per event with the columns analysts sort on; lists are joined
/// with "; ".
pub fn csv(items: &[&EventEntry]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_HEADER);
    let opt = |v: Option<String>| v.unwrap_or_default();
    for e in items {
        let ev = &e.event;
        let p = ev.location.as_ref();
        let row: [String; 21] = [
            ev.id.clone(),
            opt(e.start.map(|d| d.to_string())),
            opt(e.end.map(|d| d.to_string())),
            ev.plover.event.to_string(),
            ev.plover.mode.join("; "),
            opt(ev.acled.as_ref().map(|a| a.event_type.clone())),
            opt(ev.acled.as_ref().map(|a| a.sub_event_type.clone())),
            names(&ev.actors),
            names(&ev.recipients),
            opt(p.map(|p| p.name.clone().unwrap_or_else(|| p.text.clone()))),
            opt(p.and_then(|p| p.admin1.clone())),
            opt(p.and_then(|p| p.country.clone())),
            opt(p.and_then(|p| p.lat).map(|v| v.to_string())),
            opt(p.and_then(|p| p.lon).map(|v| v.to_string())),
            opt(ev
                .fatalities
                .as_ref()
                .and_then(|f| f.min)
                .map(|v| v.to_string())),
            opt(ev
                .fatalities
                .as_ref()
                .and_then(|f| f.max)
                .map(|v| v.to_string())),
            ev.modality.as_str().to_string(),
            format!("{:.3}", ev.confidence),
            e.cluster_id().to_string(),
            e.doc_id.clone(),
            ev.evidence
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" … "),
        ];
        let _ = w.write_record(&row);
    }
    // Writing to a Vec cannot fail; an empty body is the worst case.
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
