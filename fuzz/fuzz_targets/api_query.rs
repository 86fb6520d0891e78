//! The API's query strings and path ids, through the real router over the
//! test catalog: whatever a client sends, the answer is never a 5xx.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use libfuzzer_sys::fuzz_target;
use sitrep_serve::{app, read_jsonl, Catalog, Options};
use tower::ServiceExt;

fn setup() -> &'static (tokio::runtime::Runtime, Router) {
    static S: OnceLock<(tokio::runtime::Runtime, Router)> = OnceLock::new();
    S.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/sitrep-serve/tests/fixtures/events.jsonl");
        let records = read_jsonl(&path).expect("fixture reads");
        let opts = Options {
            read_rate: 0,
            write_rate: 0,
            ..Options::default()
        };
        let router = app(Catalog::from_records(records), None, &opts).expect("app builds");
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        (rt, router)
    })
}

const ROUTES: [&str; 8] = [
    "/api/v1/events?",
    "/api/v1/stats/timeline?",
    "/api/v1/stats/top?",
    "/api/v1/actors?",
    "/api/v1/places?",
    "/api/v1/events/",
    "/api/v1/clusters/",
    "/api/v1/documents/",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(tail) = std::str::from_utf8(rest) else {
        return;
    };
    let uri = format!("{}{tail}", ROUTES[pick as usize % ROUTES.len()]);
    // What hyper would refuse before the router sees it is not ours to test.
    let Ok(req) = Request::builder().uri(uri.as_str()).body(Body::empty()) else {
        return;
    };
    let (rt, router) = setup();
    let resp = rt
        .block_on(router.clone().oneshot(req))
        .expect("the router is infallible");
    assert!(
        !resp.status().is_server_error(),
        "{uri} answered {}",
        resp.status()
    );
});
