//! Aggregate views over the filtered events: `stats/timeline`, `stats/top`,
//! `actors` and `places`.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{RawQuery, State};
use axum::Json;
use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};
use sitrep_core::Actor;

use super::parse_limit;
use crate::catalog::EventEntry;
use crate::error::ApiError;
use crate::filter::{check_known, decode_query, get, Filter, Pairs};
use crate::AppState;

fn filter_with(q: Option<String>, extra: &[&str]) -> Result<(Pairs, Filter), ApiError> {
    let pairs = decode_query(q.as_deref())?;
    check_known(&pairs, extra)?;
    let filter = Filter::from_pairs(&pairs)?;
    Ok((pairs, filter))
}

/// The first day of the bucket `d` falls in.
fn bucket(d: NaiveDate, interval: &str) -> NaiveDate {
    match interval {
        "week" => d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64),
        "month" => d.with_day(1).unwrap_or(d),
        _ => d,
    }
}

pub async fn timeline(
    State(s): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (pairs, filter) = filter_with(q, &["interval"])?;
    let interval = get(&pairs, "interval").unwrap_or("day");
    if !["day", "week", "month"].contains(&interval) {
        return Err(ApiError::bad(format!(
            "interval: '{interval}' is not one of day, week, month"
        )));
    }
    let cat = s.catalog();
    let mut buckets: BTreeMap<NaiveDate, BTreeMap<&'static str, usize>> = BTreeMap::new();
    let (mut total, mut undated) = (0, 0);
    for e in cat.matching(&filter) {
        total += 1;
        match e.day() {
            Some(d) => {
                *buckets
                    .entry(bucket(d, interval))
                    .or_default()
                    .entry(e.event.plover.event.as_str())
                    .or_default() += 1
            }
            None => undated += 1,
        }
    }
    let buckets: Vec<Value> = buckets
        .into_iter()
        .map(|(d, by_type)| {
            json!({"period": d.to_string(), "count": by_type.values().sum::<usize>(), "by_type": by_type})
        })
        .collect();
    Ok(Json(json!({
        "interval": interval,
        "total": total,
        "undated": undated,
        "buckets": buckets,
    })))
}

/// Counts per actor over events, each actor once per event.
#[derive(Default)]
struct ActorTally<'a> {
    actor: Option<&'a Actor>,
    as_actor: usize,
    as_recipient: usize,
    events: usize,
}

fn actor_key(a: &Actor) -> String {
    a.id.clone()
        .or_else(|| a.name.clone())
        .unwrap_or_else(|| a.text.trim().to_string())
}

fn tally_actors<'a>(
    events: impl Iterator<Item = &'a EventEntry>,
    name: Option<&str>,
) -> Vec<ActorTally<'a>> {
    let mut map: HashMap<String, ActorTally> = HashMap::new();
    for e in events {
        let mut seen: Vec<String> = Vec::new();
        for (a, is_actor) in e
            .event
            .actors
            .iter()
            .map(|a| (a, true))
            .chain(e.event.recipients.iter().map(|a| (a, false)))
        {
            let label = a.name.as_deref().unwrap_or(&a.text).to_lowercase();
            if name.is_some_and(|n| !label.contains(n) && !a.text.to_lowercase().contains(n)) {
                continue;
            }
            let key = actor_key(a);
            let t = map.entry(key.clone()).or_default();
            t.actor.get_or_insert(a);
            if is_actor {
                t.as_actor += 1;
            } else {
                t.as_recipient += 1;
            }
            if !seen.contains(&key) {
                t.events += 1;
                seen.push(key);
            }
        }
    }
    let mut v: Vec<ActorTally> = map.into_values().collect();
    v.sort_by(|a, b| {
        b.events
            .cmp(&a.events)
            .then_with(|| label_of(a).cmp(label_of(b)))
    });
    v
}

fn label_of<'a>(t: &ActorTally<'a>) -> &'a str {
    t.actor
        .map(|a| a.name.as_deref().unwrap_or(&a.text))
        .unwrap_or("")
}

fn actor_json(t: &ActorTally) -> Value {
    let a = t.actor;
    json!({
        "name": label_of(t),
        "id": a.and_then(|a| a.id.clone()),
        "country": a.and_then(|a| a.country.clone()),
        "sector": a.map(|a| a.sector.clone()).unwrap_or_default(),
        "events": t.events,
        "as_actor": t.as_actor,
        "as_recipient": t.as_recipient,
    })
}

struct PlaceTally<'a> {
    entry: &'a EventEntry,
    events: usize,
}

fn tally_places<'a>(
    events: impl Iterator<Item = &'a EventEntry>,
    name: Option<&str>,
) -> Vec<PlaceTally<'a>> {
    let mut map: HashMap<String, PlaceTally> = HashMap::new();
    for e in events {
        let Some(p) = &e.event.location else { continue };
        let label = p.name.as_deref().unwrap_or(&p.text);
        if name.is_some_and(|n| !label.to_lowercase().contains(n)) {
            continue;
        }
        let key = match p.geonameid {
            Some(g) => g.to_string(),
            None => format!("{}|{}", label, p.country.as_deref().unwrap_or("")),
        };
        map.entry(key)
            .or_insert(PlaceTally {
                entry: e,
                events: 0,
            })
            .events += 1;
    }
    let mut v: Vec<PlaceTally> = map.into_values().collect();
    v.sort_by(|a, b| {
        b.events
            .cmp(&a.events)
            .then_with(|| a.entry.event.id.cmp(&b.entry.event.id))
    });
    v
}

fn place_json(t: &PlaceTally) -> Value {
    let p = t.entry.event.location.as_ref();
    json!({
        "name": p.map(|p| p.name.as_deref().unwrap_or(&p.text)),
        "geonameid": p.and_then(|p| p.geonameid),
        "country": p.and_then(|p| p.country.clone()),
        "admin1": p.and_then(|p| p.admin1.clone()),
        "lat": p.and_then(|p| p.lat),
        "lon": p.and_then(|p| p.lon),
        "precision": p.and_then(|p| p.precision),
        "events": t.events,
    })
}

pub async fn top(
    State(s): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (pairs, filter) = filter_with(q, &["limit"])?;
    let limit = parse_limit(&pairs, 10, 100)?;
    let cat = s.catalog();
    let actors = tally_actors(cat.matching(&filter), None);
    let places = tally_places(cat.matching(&filter), None);
    let mut countries: BTreeMap<&str, usize> = BTreeMap::new();
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    for e in cat.matching(&filter) {
        if let Some(c) = e.event.location.as_ref().and_then(|p| p.country.as_deref()) {
            *countries.entry(c).or_default() += 1;
        }
        *types.entry(e.event.plover.event.as_str()).or_default() += 1;
    }
    let mut countries: Vec<(&str, usize)> = countries.into_iter().collect();
    countries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    Ok(Json(json!({
        "actors": actors.iter().take(limit).map(actor_json).collect::<Vec<_>>(),
        "places": places.iter().take(limit).map(place_json).collect::<Vec<_>>(),
        "countries": countries.iter().take(limit).map(|(c, n)| json!({"country": c, "events": n})).collect::<Vec<_>>(),
        "types": types,
    })))
}

pub async fn actors(
    State(s): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (pairs, filter) = filter_with(q, &["name", "limit"])?;
    let limit = parse_limit(&pairs, 100, 1000)?;
    let name = get(&pairs, "name").map(str::to_lowercase);
    let cat = s.catalog();
    let all = tally_actors(cat.matching(&filter), name.as_deref());
    Ok(Json(json!({
        "total": all.len(),
        "actors": all.iter().take(limit).map(actor_json).collect::<Vec<_>>(),
    })))
}

pub async fn places(
    State(s): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (pairs, filter) = filter_with(q, &["name", "limit"])?;
    let limit = parse_limit(&pairs, 100, 1000)?;
    let name = get(&pairs, "name").map(str::to_lowercase);
    let cat = s.catalog();
    let all = tally_places(cat.matching(&filter), name.as_deref());
    Ok(Json(json!({
        "total": all.len(),
        "places": all.iter().take(limit).map(place_json).collect::<Vec<_>>(),
    })))
}
