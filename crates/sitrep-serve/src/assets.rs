//! The dashboard's files, embedded in the binary so `sitrep serve` needs
//! nothing on disk but the database. The sources are `web/dist/` (see
//! `web/README.md`).

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

macro_rules! asset {
    ($name:literal, $mime:literal) => {
        (
            $name,
            $mime,
            include_bytes!(concat!("../../../web/dist/", $name)).as_slice(),
        )
    };
}

static FILES: &[(&str, &str, &[u8])] = &[
    asset!("app.js", "text/javascript; charset=utf-8"),
    asset!("app.css", "text/css; charset=utf-8"),
    asset!("leaflet.js", "text/javascript; charset=utf-8"),
    asset!("leaflet.css", "text/css; charset=utf-8"),
    asset!("leaflet.markercluster.js", "text/javascript; charset=utf-8"),
    asset!("MarkerCluster.css", "text/css; charset=utf-8"),
    asset!("topojson-client.min.js", "text/javascript; charset=utf-8"),
    asset!("countries-50m.json", "application/json"),
];

static INDEX: &str = include_str!("../../../web/dist/index.html");

pub async fn index() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        INDEX,
    )
        .into_response()
}

pub async fn file(Path(name): Path<String>) -> Result<Response, ApiError> {
    let (_, mime, bytes) = FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .ok_or_else(|| ApiError::NotFound(format!("no asset '{name}'")))?;
    Ok((
        [
            (header::CONTENT_TYPE, *mime),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        *bytes,
    )
        .into_response())
}
