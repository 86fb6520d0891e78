//! `POST documents`: one article in, its events out, kept in the catalog
//! (and the store, when there is one).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use sitrep_core::{RawBody, RawDoc, Record};

use crate::catalog::doc_summary;
use crate::error::ApiError;
use crate::filter::{decode_query, get, parse_date};
use crate::AppState;

/// The JSON form of the request body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonBody {
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    date: Option<String>,
    id: Option<String>,
}

pub async fn post(
    State(s): State<AppState>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    authorise(&s.write_token, &headers)?;
    let pipeline = s
        .pipeline
        .clone()
        .ok_or_else(|| ApiError::Unavailable("this server has no pipeline loaded".into()))?;
    let raw = raw_doc(q.as_deref(), &headers, &body)?;
    let record = tokio::task::spawn_blocking(move || pipeline.process(raw))
        .await
        .map_err(|e| ApiError::Unavailable(format!("the pipeline stopped: {e}")))?
        .map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    let record = with_id(record);
    // Off the async threads: a store write waits on disk or the network.
    let record = match s.persist.clone() {
        Some(p) => tokio::task::spawn_blocking(move || p.persist(&record).map(|()| record))
            .await
            .map_err(|e| ApiError::Unavailable(format!("the store writer stopped: {e}")))?
            .map_err(|e| ApiError::Unavailable(format!("could not store the document: {e}")))?,
        None => record,
    };
    let out = json!({
        "document": doc_summary(&record.document),
        "events": record.events,
        "aggregates": record.aggregates,
    });
    s.catalog
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .insert(record);
    Ok((StatusCode::CREATED, Json(out)))
}

/// Constant-time comparison is not needed for a single shared token over a
/// local API, but the check must happen before any body parsing.
fn authorise(token: &Option<String>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = token else {
        return Err(ApiError::WritesDisabled);
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if given == Some(token.as_str()) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized)
    }
}

fn raw_doc(query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> Result<RawDoc, ApiError> {
    let pairs = decode_query(query)?;
    for (k, _) in &pairs {
        if !["url", "date", "id"].contains(&k.as_str()) {
            return Err(ApiError::bad(format!(
                "unknown query parameter '{k}'; this route accepts: url, date, id"
            )));
        }
    }
    let mut url = get(&pairs, "url").map(String::from);
    let mut date = get(&pairs, "date").map(String::from);
    let mut id = get(&pairs, "id").map(String::from);

    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text = || {
        std::str::from_utf8(body)
            .map(String::from)
            .map_err(|_| ApiError::bad("the body is not valid UTF-8"))
    };
    let content = match ctype.as_str() {
        "text/plain" => RawBody::Text(text()?),
        "text/html" => RawBody::Html(text()?),
        "application/json" => {
            let j: JsonBody = serde_json::from_slice(body)
                .map_err(|e| ApiError::bad(format!("JSON body: {e}")))?;
            url = j.url.or(url);
            date = j.date.or(date);
            id = j.id.or(id);
            match (j.text, j.html) {
                (Some(t), None) => RawBody::Text(t),
                (None, Some(h)) => RawBody::Html(h),
                _ => {
                    return Err(ApiError::bad(
                        "JSON body: give exactly one of \"text\" or \"html\"",
                    ))
                }
            }
        }
        other => {
            return Err(ApiError::UnsupportedMediaType(format!(
                "Content-Type '{other}': send text/plain, text/html or application/json"
            )))
        }
    };
    if content.as_str().trim().is_empty() {
        return Err(ApiError::bad("the document is empty"));
    }
    let date = date.map(|d| parse_date("date", &d)).transpose()?;
    Ok(RawDoc {
        source: url
            .clone()
            .unwrap_or_else(|| "api:POST /api/v1/documents".into()),
        id,
        url,
        date,
        body: content,
    })
}

/// Gives a document without an id one derived from its text (FNV-1a, so it
/// is stable across runs and builds), and its events ids under it.
fn with_id(mut r: Record) -> Record {
    if r.document.id.is_empty() {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in r.document.text.bytes() {
            h = (h ^ b as u64).wrapping_mul(0x100000001b3);
        }
        r.document.id = format!("api-{h:016x}");
        for (n, e) in r.events.iter_mut().enumerate() {
            if e.id.is_empty() || e.id.starts_with(':') {
                e.id = format!("{}:{n}", r.document.id);
            }
        }
    }
    r
}
