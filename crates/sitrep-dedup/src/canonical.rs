//! The canonical record of a cluster: what an analyst sees for the event
//! once, however many outlets reported it.

use chrono::NaiveDate;
use sitrep_core::{Actor, Count, DatePrecision, DateRange, Event, Modality, Place};

/// Builds the canonical event of a cluster from its members (at least one).
///
/// - the base (type, modes, ACLED type, evidence, attribution) is the most
///   confident member, the earliest on ties;
/// - place: the most precise resolved place of any member;
/// - date: the narrowest resolved range;
/// - fatalities and injured: the range over all reports, `min` the lowest
///   report (the conservative figure), `max` the highest;
/// - actors and recipients: the union, in order of first mention;
/// - modality: `asserted` if any report asserts it.
///
/// The result's `id` and `cluster` are `cluster_id`.
pub fn canonical(cluster_id: &str, events: &[&Event]) -> Option<Event> {
    let base = events
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| a.confidence.total_cmp(&b.confidence).then(j.cmp(i)))?;
    let mut out = (*base.1).clone();
    out.id = cluster_id.to_string();
    out.cluster = Some(cluster_id.to_string());
    out.explain = None;

    out.location = best_place(events).or(out.location);
    out.date = best_date(events).or(out.date);
    out.fatalities = reconcile(events.iter().filter_map(|e| e.fatalities.as_ref()));
    out.injured = reconcile(events.iter().filter_map(|e| e.injured.as_ref()));
    out.actors = union(events.iter().flat_map(|e| &e.actors));
    out.recipients = union(events.iter().flat_map(|e| &e.recipients));
    for e in events {
        for m in &e.plover.mode {
            if !out.plover.mode.contains(m) {
                out.plover.mode.push(m.clone());
            }
        }
    }
    if out.acled.is_none() {
        out.acled = events.iter().find_map(|e| e.acled.clone());
    }
    if out.cameo.is_none() {
        out.cameo = events.iter().find_map(|e| e.cameo.clone());
    }
    if events.iter().any(|e| e.modality == Modality::Asserted) {
        out.modality = Modality::Asserted;
    }
    out.confidence = events.iter().map(|e| e.confidence).fold(0.0, f32::max);
    Some(out)
}

fn best_place(events: &[&Event]) -> Option<Place> {
    events
        .iter()
        .filter_map(|e| e.location.as_ref())
        .filter(|p| p.lat.is_some() && p.lon.is_some())
        .min_by_key(|p| p.precision.unwrap_or(sitrep_core::GeoPrecision::Country))
        .cloned()
}

fn best_date(events: &[&Event]) -> Option<DateRange> {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    };
    events
        .iter()
        .filter_map(|e| e.date.as_ref())
        .filter(|d| d.precision != DatePrecision::Unknown)
        .filter_map(|d| {
            let start = parse(&d.start)?;
            let end = parse(&d.end).unwrap_or(start);
            Some(((end - start).num_days(), d.precision, d))
        })
        .min_by_key(|(span, precision, _)| (*span, *precision))
        .map(|(_, _, d)| d.clone())
}

/// The range over several reported counts; the text lists what each said.
fn reconcile<'a>(counts: impl Iterator<Item = &'a Count>) -> Option<Count> {
    let mut lo: Option<u32> = None;
    let mut hi: Option<u32> = None;
    let mut unbounded = false;
    let mut texts: Vec<&str> = Vec::new();
    for c in counts {
        let (Some(l), h) = (c.min.or(c.max), c.max) else {
            continue;
        };
        lo = Some(lo.map_or(l, |x| x.min(l)));
        match h {
            Some(h) => hi = Some(hi.map_or(h.max(l), |x| x.max(h).max(l))),
            None => {
                unbounded = true;
                hi = Some(hi.map_or(l, |x| x.max(l)));
            }
        }
        if !texts.contains(&c.text.as_str()) {
            texts.push(&c.text);
        }
    }
    let lo = lo?;
    // "at least 12" alongside "9 killed": the top is open, but at least 12.
    let max = if unbounded && hi == Some(lo) && texts.len() == 1 {
        None
    } else {
        hi
    };
    Some(Count {
        text: texts.join(" | "),
        min: Some(lo),
        max,
    })
}

fn union<'a>(actors: impl Iterator<Item = &'a Actor>) -> Vec<Actor> {
    let key = |a: &Actor| {
        a.id.clone()
            .unwrap_or_else(|| crate::names::skeleton(a.name.as_deref().unwrap_or(&a.text)))
    };
    let mut out: Vec<Actor> = Vec::new();
    for a in actors {
        if !out.iter().any(|o| key(o) == key(a)) {
            out.push(a.clone());
        }
    }
    out
}
