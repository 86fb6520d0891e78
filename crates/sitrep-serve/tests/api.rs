//! The API over the fixture records (hand-annotated events on the bundled
//! sample articles, `tests/fixtures/events.jsonl`), through the router
//! without a socket.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use sitrep_core::Record;
use sitrep_serve::{app, read_jsonl, Catalog, Ingest, Options, Persist};
use tower::ServiceExt;

fn fixture() -> Vec<Record> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events.jsonl");
    read_jsonl(&path).expect("fixture reads")
}

fn read_only() -> Router {
    app(Catalog::from_records(fixture()), None, &Options::default()).expect("app builds")
}

async fn call(router: &Router, req: Request<Body>) -> (StatusCode, String, Option<String>) {
    let resp = router.clone().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let ctype = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let body = resp.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), ctype)
}

async fn get(router: &Router, uri: &str) -> (StatusCode, String) {
    let (s, b, _) = call(router, Request::get(uri).body(Body::empty()).unwrap()).await;
    (s, b)
}

async fn get_json(router: &Router, uri: &str) -> Value {
    let (s, b) = get(router, uri).await;
    assert_eq!(s, StatusCode::OK, "{uri}: {b}");
    serde_json::from_str(&b).unwrap_or_else(|e| panic!("{uri}: {e}: {b}"))
}

fn countries(v: &Value) -> Vec<String> {
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["location"]["country"].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn openapi_lists_exactly_the_routes_and_validates() {
    let router = read_only();
    let doc = get_json(&router, "/api/v1/openapi.json").await;
    // A typed parse of the whole document: fails on anything that is not
    // OpenAPI 3.0.
    let parsed: openapiv3::OpenAPI =
        serde_json::from_value(doc.clone()).expect("a valid OpenAPI 3.0 document");
    assert!(parsed.openapi.starts_with("3.0"));
    let listed: BTreeSet<String> = parsed.paths.paths.keys().cloned().collect();
    let routed: BTreeSet<String> = sitrep_serve::api_paths()
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(listed, routed);
    // Every path parameter is declared, and every $ref resolves.
    for (path, item) in &parsed.paths.paths {
        let item = item.as_item().expect("inline path item");
        for (_, op) in item.iter() {
            let declared: Vec<String> = op
                .parameters
                .iter()
                .filter_map(|p| p.as_item())
                .map(|p| p.parameter_data_ref().name.clone())
                .collect();
            for seg in path.split('/').filter(|s| s.starts_with('{')) {
                let name = seg.trim_matches(|c| c == '{' || c == '}');
                assert!(
                    declared.iter().any(|d| d == name),
                    "{path}: {name} undeclared"
                );
            }
        }
    }
    let text = doc.to_string();
    for r in text.split("\"#/components/").skip(1) {
        let target = r.split('"').next().unwrap();
        let mut node = &doc["components"];
        for part in target.split('/') {
            node = &node[part];
        }
        assert!(!node.is_null(), "dangling $ref #/components/{target}");
    }
}

#[tokio::test]
async fn every_listed_route_answers() {
    let router = read_only();
    let doc = get_json(&router, "/api/v1/openapi.json").await;
    let records = fixture();
    let event = &records[0].events[0];
    for (path, item) in doc["paths"].as_object().unwrap() {
        let uri = path
            .replace("/events/{id}", &format!("/events/{}", event.id))
            .replace(
                "/clusters/{id}",
                &format!("/clusters/{}", event.cluster.as_deref().unwrap()),
            )
            .replace(
                "/documents/{id}",
                &format!("/documents/{}", records[0].document.id),
            );
        if item.get("get").is_some() {
            let (s, b) = get(&router, &uri).await;
            assert_eq!(s, StatusCode::OK, "GET {uri}: {b}");
        }
        if item.get("post").is_some() {
            let req = Request::post(&uri)
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from(
                    "Police arrested ten protesters in Kathmandu on Thursday.",
                ))
                .unwrap();
            let (s, b, _) = call(&router, req).await;
            // Read-only server: the route answers, and refuses.
            assert_eq!(s, StatusCode::UNAUTHORIZED, "POST {uri}: {b}");
        }
    }
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_message_naming_them() {
    let router = read_only();
    let cases = [
        ("/api/v1/events?since=2024-13-01", "since"),
        ("/api/v1/events?until=yesterday", "until"),
        ("/api/v1/events?since=2024-02-01&until=2024-01-01", "since"),
        ("/api/v1/events?bbox=1,2,3", "bbox"),
        ("/api/v1/events?bbox=0,95,10,96", "bbox"),
        ("/api/v1/events?country=IR", "country"),
        ("/api/v1/events?type=BOMBING", "type"),
        ("/api/v1/events?acled_type=War", "acled_type"),
        ("/api/v1/events?modality=maybe", "modality"),
        ("/api/v1/events?limit=0", "limit"),
        ("/api/v1/events?limit=many", "limit"),
        ("/api/v1/events?limit=100000", "limit"),
        ("/api/v1/events?format=xml", "format"),
        ("/api/v1/events?cursor=garbage", "cursor"),
        ("/api/v1/events?contry=IRQ", "contry"),
        ("/api/v1/stats/timeline?interval=year", "interval"),
        ("/api/v1/stats/top?limit=-1", "limit"),
        ("/api/v1/actors?country=12", "country"),
        ("/api/v1/places?since=2024/01/01", "since"),
    ];
    for (uri, name) in cases {
        let (s, b) = get(&router, uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {b}");
        let v: Value = serde_json::from_str(&b).unwrap();
        let msg = v["error"].as_str().unwrap();
        assert!(
            msg.contains(name),
            "{uri}: message '{msg}' does not name {name}"
        );
    }
}

#[tokio::test]
async fn unknown_ids_are_404_and_odd_input_is_never_500() {
    let router = read_only();
    for uri in [
        "/api/v1/events/no-such-event",
        "/api/v1/clusters/no-such-cluster",
        "/api/v1/documents/no-such-document",
        "/api/v1/nothing-here",
        "/assets/nothing.js",
    ] {
        let (s, b) = get(&router, uri).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{uri}: {b}");
    }
    for uri in [
        "/api/v1/events?q=%FF%FE",
        "/api/v1/events?q=%",
        "/api/v1/events?actor=%E2%80%AE%F0%9F%92%A3",
        "/api/v1/events?country=%C3%89%C3%89%C3%89",
        "/api/v1/events?bbox=NaN,NaN,NaN,NaN",
        "/api/v1/events?bbox=inf,0,0,0",
        "/api/v1/events?cursor=-~",
        "/api/v1/events?cursor=2024-01-01~%00",
        "/api/v1/events/%FF",
        "/api/v1/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/events?limit=18446744073709551616",
        "/api/v1/events?since=+10000-01-01",
    ] {
        let (s, b) = get(&router, uri).await;
        assert!(s.is_client_error() || s.is_success(), "{uri}: {s} {b}");
    }
}

#[tokio::test]
async fn filters_select_the_events_they_name() {
    let router = read_only();
    let all = get_json(&router, "/api/v1/events?limit=1000").await;
    let total = all["total"].as_u64().unwrap();
    assert_eq!(
        total as usize,
        fixture().iter().map(|r| r.events.len()).sum::<usize>()
    );

    let irq = get_json(&router, "/api/v1/events?country=IRQ").await;
    assert!(irq["total"].as_u64().unwrap() >= 3);
    assert!(countries(&irq).iter().all(|c| c == "IRQ"));
    let two = get_json(&router, "/api/v1/events?country=irq,SYR").await;
    assert!(two["total"].as_u64() > irq["total"].as_u64());

    let protest = get_json(&router, "/api/v1/events?type=protest").await;
    assert_eq!(protest["total"], 1);
    assert!(protest["events"][0]["evidence"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Kathmandu"));

    // 2024 Feb overlaps the seed's week-long and "recent" ranges only.
    let feb = get_json(&router, "/api/v1/events?since=2024-02-08&until=2024-02-12").await;
    for e in feb["events"].as_array().unwrap() {
        assert!(e["date"]["end"].as_str().unwrap() >= "2024-02-08");
        assert!(e["date"]["start"].as_str().unwrap() <= "2024-02-12");
    }
    assert!(feb["total"].as_u64().unwrap() >= 3);

    // Anbar, roughly: al-Qaim and Akashat, not Baghdad.
    let anbar = get_json(&router, "/api/v1/events?bbox=39.0,32.5,42.5,35.0").await;
    let places: BTreeSet<&str> = anbar["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["location"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(places, BTreeSet::from(["Akashat", "Al Qaim"]));

    let houthi = get_json(&router, "/api/v1/events?actor=houthi").await;
    assert_eq!(houthi["total"], 2);
    let text = get_json(&router, "/api/v1/events?q=SDF%20killed").await;
    assert_eq!(text["total"], 1);
    let claimed = get_json(&router, "/api/v1/events?modality=claimed").await;
    assert_eq!(claimed["events"][0]["attribution"]["name"], "Yonhap");
    let acled = get_json(&router, "/api/v1/events?acled_type=protests").await;
    assert_eq!(acled["total"], 1);
}

#[tokio::test]
async fn cursor_pages_cover_every_event_once_newest_first() {
    let router = read_only();
    let mut seen = Vec::new();
    let mut dates = Vec::new();
    let mut uri = "/api/v1/events?limit=4".to_string();
    loop {
        let page = get_json(&router, &uri).await;
        for e in page["events"].as_array().unwrap() {
            seen.push(e["id"].as_str().unwrap().to_string());
            dates.push(e["date"]["start"].as_str().unwrap_or("").to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/v1/events?limit=4&cursor={c}"),
            None => break,
        }
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(
        seen.len(),
        unique.len(),
        "an event was repeated across pages"
    );
    assert_eq!(seen.len(), 19);
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "not newest first: {dates:?}"
    );
}

#[tokio::test]
async fn geojson_and_csv_carry_the_same_events() {
    let router = read_only();
    let (s, b, ctype) = call(
        &router,
        Request::get("/api/v1/events?country=SYR&format=geojson")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ctype.as_deref(), Some("application/geo+json"));
    let fc: Value = serde_json::from_str(&b).unwrap();
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len() as u64, fc["total"].as_u64().unwrap());
    for f in features {
        let [lon, lat] = [
            f["geometry"]["coordinates"][0].as_f64().unwrap(),
            f["geometry"]["coordinates"][1].as_f64().unwrap(),
        ];
        assert!(
            (32.0..38.0).contains(&lat) && (35.0..43.0).contains(&lon),
            "{f}"
        );
    }

    let (s, b, ctype) = call(
        &router,
        Request::get("/api/v1/events?country=SYR&format=csv")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.unwrap().starts_with("text/csv"));
    let mut rdr = csv::Reader::from_reader(b.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), features.len());
    let country = headers.iter().position(|h| h == "country").unwrap();
    assert!(rows.iter().all(|r| &r[country] == "SYR"));
}

#[tokio::test]
async fn an_event_comes_with_its_evidence_marked_in_its_document() {
    let router = read_only();
    let id = "wikinews-2005-nepal-rallies-against-royal-coup:1";
    let ev = get_json(&router, &format!("/api/v1/events/{id}")).await;
    let text = ev["document"]["text"].as_str().unwrap();
    for sp in ev["evidence"].as_array().unwrap() {
        let (s, e) = (
            sp["start"].as_u64().unwrap() as usize,
            sp["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], sp["text"].as_str().unwrap());
        assert_eq!(sp["in_document"], true);
    }
    assert_eq!(ev["event"]["plover"]["event"], "COERCE");

    let doc = get_json(
        &router,
        "/api/v1/documents/wikinews-2005-nepal-rallies-against-royal-coup",
    )
    .await;
    let segs = doc["segments"].as_array().unwrap();
    let joined: String = segs.iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert_eq!(
        joined,
        doc["text"].as_str().unwrap(),
        "segments must rebuild the text"
    );
    let marked: Vec<&str> = segs
        .iter()
        .filter(|s| s["events"].as_array().unwrap().iter().any(|e| e == id))
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        marked,
        vec![
            "They were quickly arrested by police, who had caught wind of the plans and mobilized their forces on the streets.",
            "At least ten arrests took place, sources say."
        ]
    );

    let cluster = get_json(
        &router,
        &format!("/api/v1/clusters/{}", ev["cluster"]["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(cluster["canonical"]["id"], id);
    assert_eq!(
        cluster["reports"][0]["document"]["id"],
        "wikinews-2005-nepal-rallies-against-royal-coup"
    );
}

#[tokio::test]
async fn stats_count_what_the_filters_select() {
    let router = read_only();
    let tl = get_json(&router, "/api/v1/stats/timeline?interval=month&country=IRQ").await;
    let irq = get_json(&router, "/api/v1/events?country=IRQ").await;
    let bucketed: u64 = tl["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        bucketed + tl["undated"].as_u64().unwrap(),
        irq["total"].as_u64().unwrap()
    );
    for b in tl["buckets"].as_array().unwrap() {
        assert!(
            b["period"].as_str().unwrap().ends_with("-01"),
            "month buckets start on the 1st"
        );
    }
    let week = get_json(&router, "/api/v1/stats/timeline?interval=week").await;
    for b in week["buckets"].as_array().unwrap() {
        let d =
            chrono::NaiveDate::parse_from_str(b["period"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        assert_eq!(chrono::Datelike::weekday(&d), chrono::Weekday::Mon);
    }
    let top = get_json(&router, "/api/v1/stats/top?limit=1").await;
    assert_eq!(
        top["actors"][0]["name"],
        "Military Forces of the United States"
    );
    assert_eq!(top["countries"][0]["country"], "IRQ");
    let actors = get_json(&router, "/api/v1/actors?name=hezbollah").await;
    assert_eq!(actors["actors"][0]["id"], "kb:kataib-hezbollah");
    let places = get_json(&router, "/api/v1/places?country=NPL").await;
    assert_eq!(places["places"][0]["name"], "Kathmandu");
    assert_eq!(places["places"][0]["events"], 2);
}

/// Keeps what was persisted, to check the write path end to end.
#[derive(Clone, Default)]
struct Kept(Arc<Mutex<Vec<Record>>>);

impl Persist for Kept {
    fn persist(&self, r: &Record) -> Result<(), String> {
        self.0.lock().unwrap().push(r.clone());
        Ok(())
    }
}

#[tokio::test]
async fn writes_need_the_token_and_then_store_the_document() {
    let kept = Kept::default();
    let pipeline = sitrep_pipeline::Pipeline::load(Default::default()).expect("pipeline loads");
    let opts = Options {
        write_token: Some("s3cret".into()),
        body_limit: 64 * 1024,
        ..Options::default()
    };
    let router = app(
        Catalog::from_records(fixture()),
        Some(Ingest {
            pipeline: Arc::new(pipeline),
            persist: Some(Arc::new(kept.clone())),
        }),
        &opts,
    )
    .unwrap();
    let article = "Explosion near Beirut kills three\n\nThree people are dead and five are injured after an explosion tore through a shopping center near the port of Jounie, 20 kilometres north of Beirut, Lebanon.";
    let post = |auth: Option<&str>, ctype: &str, body: String| {
        let mut r =
            Request::post("/api/v1/documents?date=2005-03-23").header(header::CONTENT_TYPE, ctype);
        if let Some(a) = auth {
            r = r.header(header::AUTHORIZATION, a);
        }
        r.body(Body::from(body)).unwrap()
    };
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("s3cret"),
        Some("Basic czNjcmV0"),
    ] {
        let (s, b, _) = call(&router, post(auth, "text/plain", article.into())).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{auth:?}: {b}");
    }
    assert!(kept.0.lock().unwrap().is_empty());

    let ok = Some("Bearer s3cret");
    let (s, b, _) = call(&router, post(ok, "application/xml", "<a/>".into())).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{b}");
    let (s, b, _) = call(
        &router,
        post(
            ok,
            "application/json",
            "{\"text\": \"a\", \"html\": \"b\"}".into(),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    let (s, b, _) = call(&router, post(ok, "text/plain", "   ".into())).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    let (s, _, _) = call(&router, post(ok, "text/plain", "x".repeat(65 * 1024))).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);

    let body = serde_json::json!({"text": article, "url": "https://en.wikinews.org/wiki/Explosion_near_Beirut"}).to_string();
    let (s, b, _) = call(&router, post(ok, "application/json", body)).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let out: Value = serde_json::from_str(&b).unwrap();
    let doc_id = out["document"]["id"].as_str().unwrap().to_string();
    assert!(!doc_id.is_empty());
    assert_eq!(out["document"]["published"], "2005-03-23");
    assert_eq!(kept.0.lock().unwrap().len(), 1);
    // Now served like any stored document.
    let (s, b) = get(&router, &format!("/api/v1/documents/{doc_id}")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let doc: Value = serde_json::from_str(&b).unwrap();
    assert!(doc["text"].as_str().unwrap().contains("Jounie"));
    for e in out["events"].as_array().unwrap() {
        let (s, _) = get(
            &router,
            &format!("/api/v1/events/{}", e["id"].as_str().unwrap()),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
    }
}

#[tokio::test]
async fn cors_is_off_unless_asked_for() {
    let req = || {
        Request::get("/api/v1/stats/top")
            .header(header::ORIGIN, "https://analyst.example")
            .body(Body::empty())
            .unwrap()
    };
    let resp = read_only().oneshot(req()).await.unwrap();
    assert!(resp
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
    let opts = Options {
        cors_origin: Some("https://analyst.example".into()),
        ..Options::default()
    };
    let router = app(Catalog::from_records(fixture()), None, &opts).unwrap();
    let resp = router.oneshot(req()).await.unwrap();
    assert_eq!(
        resp.headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .unwrap(),
        "https://analyst.example"
    );
    let bad = Options {
        cors_origin: Some("not an origin".into()),
        ..Options::default()
    };
    assert!(app(Catalog::default(), None, &bad).is_err());
}

#[tokio::test]
async fn the_rate_limit_answers_429_past_the_burst() {
    let opts = Options {
        read_rate: 5,
        ..Options::default()
    };
    let router = app(Catalog::from_records(fixture()), None, &opts).unwrap();
    let mut codes = Vec::new();
    for _ in 0..30 {
        codes.push(get(&router, "/api/v1/stats/top").await.0);
    }
    assert_eq!(codes[0], StatusCode::OK);
    assert!(codes.contains(&StatusCode::TOO_MANY_REQUESTS), "{codes:?}");
}

#[tokio::test]
async fn the_dashboard_and_its_assets_are_embedded() {
    let router = read_only();
    let (s, html, ctype) = call(&router, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.unwrap().starts_with("text/html"));
    // Every script and stylesheet the page names is served, and none is remote.
    for part in html
        .split(['"', '\''])
        .filter(|p| p.starts_with("/assets/"))
    {
        let (s, body) = get(&router, part).await;
        assert_eq!(s, StatusCode::OK, "{part}");
        assert!(!body.is_empty(), "{part} is empty");
    }
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the page loads something remote"
    );
    let (s, topo) = get(&router, "/assets/countries-50m.json").await;
    assert_eq!(s, StatusCode::OK);
    let topo: Value = serde_json::from_str(&topo).unwrap();
    assert_eq!(topo["type"], "Topology");
}

/// A query string past `MAX_QUERY_BYTES` is refused with 414 before any
/// parsing; one just under it is parsed (and here refused as a bad filter).
#[tokio::test]
async fn overlong_query_strings_get_414() {
    let router = read_only();
    let long = format!(
        "/api/v1/events?q={}",
        "a".repeat(sitrep_serve::MAX_QUERY_BYTES)
    );
    let (s, b) = get(&router, &long).await;
    assert_eq!(s, StatusCode::URI_TOO_LONG, "{b}");
    assert!(b.contains("8192 bytes"), "{b}");
    let fits = format!(
        "/api/v1/events?q={}",
        "a".repeat(sitrep_serve::MAX_QUERY_BYTES - 2)
    );
    let (s, _) = get(&router, &fits).await;
    assert_eq!(s, StatusCode::OK);
}
