//! `events`, `events/{id}` and `clusters/{id}`.

use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::{json_response, parse_limit};
use crate::catalog::{doc_summary, Cursor, EventEntry};
use crate::error::ApiError;
use crate::filter::{check_known, decode_query, get, Filter};
use crate::format;
use crate::AppState;

pub async fn list(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let pairs = decode_query(q.as_deref())?;
    check_known(&pairs, &["cursor", "limit", "format"])?;
    let filter = Filter::from_pairs(&pairs)?;
    let limit = parse_limit(&pairs, 100, 1000)?;
    let cursor = get(&pairs, "cursor").map(Cursor::parse).transpose()?;
    let fmt = get(&pairs, "format").unwrap_or("json");
    if !["json", "geojson", "csv"].contains(&fmt) {
        return Err(ApiError::bad(format!(
            "format: '{fmt}' is not one of json, geojson, csv"
        )));
    }
    let cat = s.catalog();
    let page = cat.page(&filter, cursor.as_ref(), limit);
    let next = page.next_cursor.clone();
    let mut resp = match fmt {
        "geojson" => (
            [(header::CONTENT_TYPE, "application/geo+json")],
            format::geojson(&page.items, page.total, next.as_deref()),
        )
            .into_response(),
        "csv" => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            format::csv(&page.items),
        )
            .into_response(),
        _ => json_response(list_json(&page.items, page.total, next.as_deref())),
    };
    if let Some(c) = next.and_then(|c| c.parse().ok()) {
        resp.headers_mut().insert("x-next-cursor", c);
    }
    Ok(resp)
}

/// `{"total","count","next_cursor","events":[…]}` from pre-serialised events.
fn list_json(items: &[&EventEntry], total: usize, next: Option<&str>) -> String {
    let mut out = String::with_capacity(
        64 + items
            .iter()
            .map(|e| e.list_json.get().len() + 1)
            .sum::<usize>(),
    );
    out.push_str(&format!(
        "{{\"total\":{total},\"count\":{},\"next_cursor\":{},\"events\":[",
        items.len(),
        serde_json::to_string(&next).unwrap_or_else(|_| "null".into())
    ));
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(e.list_json.get());
    }
    out.push_str("]}");
    out
}

pub async fn one(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let cat = s.catalog();
    let e = cat
        .event(&id)
        .ok_or_else(|| ApiError::NotFound(format!("no event '{id}'")))?;
    let doc = cat.document(&e.doc_id);
    let mut document = doc
        .map(|d| doc_summary(d))
        .unwrap_or(serde_json::Value::Null);
    if let (Some(o), Some(d)) = (document.as_object_mut(), doc) {
        o.insert("text".into(), json!(d.text));
    }
    let cluster = cat.cluster(e.cluster_id());
    Ok(Json(json!({
        "event": e.event,
        "document": document,
        "evidence": e.event.evidence.iter().map(|sp| json!({
            "text": sp.text,
            "start": sp.start,
            "end": sp.end,
            "in_document": doc.is_some_and(|d| d.text.get(sp.start..sp.end).is_some()),
        })).collect::<Vec<_>>(),
        "cluster": {"id": e.cluster_id(), "reports": cluster.len()},
    })))
}

pub async fn cluster(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let cat = s.catalog();
    let members = cat.cluster(&id);
    let Some(canonical) = members.first() else {
        return Err(ApiError::NotFound(format!("no cluster '{id}'")));
    };
    let reports: Vec<serde_json::Value> = members
        .iter()
        .map(|e| {
            let summary = cat.document(&e.doc_id).map(|d| doc_summary(d));
            json!({
                "event_id": e.event.id,
                "document": summary,
                "evidence": e.event.evidence,
                "confidence": e.event.confidence,
                "modality": e.event.modality,
                "attribution": e.event.attribution,
            })
        })
        .collect();
    Ok(Json(json!({
        "id": id,
        "canonical": canonical.event,
        "reports": reports,
    })))
}
