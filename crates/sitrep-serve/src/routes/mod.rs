//! The API handlers, one module per resource.

pub mod documents;
pub mod events;
pub mod ingest;
pub mod stats;

use axum::http::Uri;

use crate::error::ApiError;
use crate::filter::{get, Pairs};

pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(format!("no route {}; see /api/v1/openapi.json", uri.path()))
}

/// `limit`, between 1 and `max`, `default` when absent.
pub fn parse_limit(pairs: &Pairs, default: usize, max: usize) -> Result<usize, ApiError> {
    match get(pairs, "limit") {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad(format!(
                "limit: '{v}' must be a whole number from 1 to {max}"
            ))),
        },
    }
}

/// A JSON response from an already-serialised body.
pub fn json_response(body: String) -> axum::response::Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

use axum::response::IntoResponse;
