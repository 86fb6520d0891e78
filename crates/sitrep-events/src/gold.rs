//! Scoring against the seed's hand-made reference (`…gold.json`): which
//! required events were found, field by field. Shared by `sitrep eval
//! events --set seed` and the seed acceptance test, so the two cannot
//! disagree about what "found" means.

use serde_json::Value;
use sitrep_core::{Event, GeoPrecision, Record};

/// How one gold event fared.
#[derive(Debug, Clone)]
pub struct GoldMatch {
    pub gold_id: String,
    pub required: bool,
    /// The predicted event that matched best, and which fields agreed.
    pub event: Option<String>,
    pub checks: Vec<(&'static str, bool)>,
}

impl GoldMatch {
    pub fn found(&self) -> bool {
        self.event.is_some() && self.checks.iter().all(|(_, ok)| *ok)
    }
}

/// Seed-level results.
#[derive(Debug, Clone)]
pub struct SeedScore {
    pub matches: Vec<GoldMatch>,
    /// `not_events` texts from which an ASSAULT was drawn.
    pub violations: Vec<String>,
    /// Gold aggregates found with the right minimum count.
    pub aggregates_found: usize,
    pub aggregates_total: usize,
}

fn s<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn countries(actors: &[sitrep_core::Actor]) -> Vec<&str> {
    actors.iter().filter_map(|a| a.country.as_deref()).collect()
}

fn overlaps(e: &Event, g: &Value) -> bool {
    let (Some(ge), Some(gl)) = (
        g.get("date").and_then(|d| s(d, "earliest")),
        g.get("date").and_then(|d| s(d, "latest")),
    ) else {
        return true;
    };
    match e
        .date
        .as_ref()
        .and_then(|d| Some((d.start.as_deref()?, d.end.as_deref()?)))
    {
        Some((es, ee)) => es <= gl && ge <= ee,
        None => false,
    }
}

/// The field checks of predicted event `e` against gold event `g`.
fn checks(e: &Event, g: &Value) -> Vec<(&'static str, bool)> {
    let mut out = Vec::new();
    out.push(("type", s(g, "plover") == Some(e.plover.event.as_str())));
    if let Some(c) = g.get("actor1").and_then(|a| s(a, "country")) {
        out.push(("actor country", countries(&e.actors).contains(&c)));
    }
    if let Some(c) = g.get("actor2").and_then(|a| s(a, "country")) {
        out.push(("recipient country", countries(&e.recipients).contains(&c)));
    }
    if let Some(loc) = g.get("location") {
        let place = e.location.as_ref();
        if let Some(c) = s(loc, "country") {
            out.push((
                "place country",
                place.and_then(|p| p.country.as_deref()) == Some(c),
            ));
        }
        if s(loc, "precision") == Some("city") {
            let name = s(loc, "name").unwrap_or_default();
            let ok = place.is_some_and(|p| {
                p.name.as_deref() == Some(name)
                    && matches!(p.precision, Some(GeoPrecision::Town | GeoPrecision::Point))
            });
            out.push(("place city", ok));
        }
    }
    if g.get("date").is_some() {
        out.push(("date overlaps", overlaps(e, g)));
    }
    if let Some(min) = g
        .get("fatalities")
        .and_then(|f| f.get("min"))
        .and_then(Value::as_u64)
    {
        let got = e.fatalities.as_ref().and_then(|f| f.min).unwrap_or(0) as u64;
        out.push(("fatalities min", got >= min));
    }
    out
}

/// Scores a record against the seed gold.
pub fn score_seed(record: &Record, gold: &Value) -> SeedScore {
    let mut matches = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for g in gold
        .get("events")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        // The best predicted event: most checks passed; events already
        // matched to another gold event are used only if nothing else fits.
        let best = record
            .events
            .iter()
            .map(|e| {
                let c = checks(e, g);
                let score = c.iter().filter(|(_, ok)| *ok).count();
                (score, e, c)
            })
            // One predicted event answers one gold event.
            .filter(|(_, e, _)| {
                s(g, "plover") == Some(e.plover.event.as_str()) && !used.contains(&e.id)
            })
            .max_by_key(|(score, _, _)| *score);
        let m = match best {
            Some((_, e, c)) => {
                used.push(e.id.clone());
                GoldMatch {
                    gold_id: s(g, "id").unwrap_or_default().to_string(),
                    required: g.get("required").and_then(Value::as_bool).unwrap_or(false),
                    event: Some(e.id.clone()),
                    checks: c,
                }
            }
            None => GoldMatch {
                gold_id: s(g, "id").unwrap_or_default().to_string(),
                required: g.get("required").and_then(Value::as_bool).unwrap_or(false),
                event: None,
                checks: vec![("type", false)],
            },
        };
        matches.push(m);
    }
    let text = &record.document.text;
    let mut violations = Vec::new();
    for ne in gold
        .get("not_events")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(t) = s(ne, "text") else { continue };
        for (start, _) in text.match_indices(t) {
            let end = start + t.len();
            let drawn = record.events.iter().any(|e| {
                e.plover.event == sitrep_core::PloverType::Assault
                    && e.trigger
                        .as_ref()
                        .is_some_and(|tr| tr.start >= start && tr.end <= end)
            });
            if drawn {
                violations.push(t.to_string());
            }
        }
    }
    let gold_aggs: Vec<u64> = gold
        .get("aggregates")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("count_min").and_then(Value::as_u64))
        .collect();
    let aggregates_found = gold_aggs
        .iter()
        .filter(|&&min| {
            record
                .aggregates
                .iter()
                .any(|a| a.count.min.map(u64::from) == Some(min))
        })
        .count();
    SeedScore {
        matches,
        violations,
        aggregates_found,
        aggregates_total: gold_aggs.len(),
    }
}
