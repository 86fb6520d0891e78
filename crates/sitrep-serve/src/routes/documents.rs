//! `documents/{id}`: the clean text with event spans marked.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::json;

use crate::catalog::{doc_summary, EventEntry};
use crate::error::ApiError;
use crate::AppState;

pub async fn one(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let cat = s.catalog();
    let doc = cat
        .document(&id)
        .ok_or_else(|| ApiError::NotFound(format!("no document '{id}'")))?;
    let events = cat.document_events(&id);
    let mut out = doc_summary(doc);
    if let Some(o) = out.as_object_mut() {
        o.insert("text".into(), json!(doc.text));
        o.insert("byline".into(), json!(doc.byline));
        o.insert(
            "events".into(),
            json!(events
                .iter()
                .map(|e| json!({
                    "id": e.event.id,
                    "type": e.event.plover.event,
                    "evidence": e.event.evidence,
                }))
                .collect::<Vec<_>>()),
        );
        o.insert("segments".into(), json!(segments(&doc.text, &events)));
    }
    Ok(Json(out))
}

/// Splits `text` at every evidence boundary so a client can mark spans
/// without handling byte offsets itself (JavaScript strings are UTF-16).
/// Each segment lists the events whose evidence covers it; spans that do
/// not fall on character boundaries inside the text are skipped.
pub fn segments(text: &str, events: &[&EventEntry]) -> Vec<serde_json::Value> {
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    for e in events {
        for sp in &e.event.evidence {
            if sp.start < sp.end && text.get(sp.start..sp.end).is_some() {
                spans.push((sp.start, sp.end, &e.event.id));
            }
        }
    }
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (s, e, _) in &spans {
        cuts.push(*s);
        cuts.push(*e);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|w| {
            let (a, b) = (w[0], w[1]);
            let piece = text.get(a..b)?;
            let mut ids: Vec<&str> = spans
                .iter()
                .filter(|(s, e, _)| *s <= a && b <= *e)
                .map(|(_, _, id)| *id)
                .collect();
            ids.dedup();
            Some(json!({"text": piece, "start": a, "events": ids}))
        })
        .collect()
}
