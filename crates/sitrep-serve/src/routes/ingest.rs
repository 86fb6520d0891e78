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
    // Held until the document is processed and stored.
    let _permit = write_permit(&s.writes)?;
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

/// Checks the bearer token before any body parsing. The comparison takes
/// the same time whatever the client sent — no header, a wrong token, a
/// token right up to its last byte — so timing tells an attacker nothing
/// about the token (`subtle`; the loop runs over the token's length, which
/// is the server's, never over the request's).
fn authorise(token: &Option<String>, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = token else {
        return Err(ApiError::WritesDisabled);
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    if token_matches(token.as_bytes(), given.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized)
    }
}

/// A place among the writes allowed to run at once, or 429 when all are
/// taken: a client retries later rather than queueing behind a burst.
fn write_permit(
    writes: &std::sync::Arc<tokio::sync::Semaphore>,
) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    writes
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::TooManyWrites)
}

/// Constant-time equality of the configured token and the given one: every
/// byte of `token` is compared (against 0 past the end of `given`) and the
/// lengths are compared too, all without branching on the data.
fn token_matches(token: &[u8], given: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    let mut same = (token.len() as u64).ct_eq(&(given.len() as u64));
    for (i, t) in token.iter().enumerate() {
        same &= t.ct_eq(given.get(i).unwrap_or(&0));
    }
    same.into()
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

#[cfg(test)]
mod tests {
    use super::{token_matches, write_permit};
    use crate::error::ApiError;

    #[test]
    fn writes_past_the_limit_get_429_until_one_finishes() {
        let writes = std::sync::Arc::new(tokio::sync::Semaphore::new(2));
        let a = write_permit(&writes).expect("first");
        let _b = write_permit(&writes).expect("second");
        let third = write_permit(&writes);
        assert!(matches!(third, Err(ApiError::TooManyWrites)));
        assert_eq!(
            ApiError::TooManyWrites.status(),
            axum::http::StatusCode::TOO_MANY_REQUESTS
        );
        drop(a);
        assert!(write_permit(&writes).is_ok());
    }

    #[test]
    fn token_comparison_is_exact() {
        assert!(token_matches(b"s3cret", b"s3cret"));
        assert!(!token_matches(b"s3cret", b""));
        assert!(!token_matches(b"s3cret", b"s3cre"));
        assert!(!token_matches(b"s3cret", b"s3cret\0"));
        assert!(!token_matches(b"s3cret", b"s3creT"));
        assert!(!token_matches(b"s3cret", b"s3cretX"));
    }
}
