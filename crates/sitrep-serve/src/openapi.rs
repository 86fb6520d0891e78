//! The OpenAPI 3 description of `/api/v1`, written out by hand next to the
//! routes it describes; a test checks the two list the same paths and that
//! every listed path answers.

use axum::Json;
use serde_json::{json, Value};

pub async fn handler() -> Json<Value> {
    Json(document())
}

fn param(name: &str, desc: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": desc, "schema": schema})
}

fn id_param(what: &str) -> Value {
    json!({"name": "id", "in": "path", "required": true, "description": format!("The {what} id."), "schema": {"type": "string"}})
}

fn filters() -> Vec<Value> {
    let types: Vec<&str> = sitrep_core::PloverType::ALL
        .iter()
        .map(|t| t.as_str())
        .collect();
    let mods: Vec<&str> = crate::filter::MODALITIES
        .iter()
        .map(|m| m.as_str())
        .collect();
    vec![
        param(
            "since",
            "Events whose date range ends on or after this ISO date.",
            json!({"type": "string", "format": "date"}),
        ),
        param(
            "until",
            "Events whose date range starts on or before this ISO date.",
            json!({"type": "string", "format": "date"}),
        ),
        param(
            "bbox",
            "min_lon,min_lat,max_lon,max_lat; events located inside.",
            json!({"type": "string", "example": "38.8,29.0,48.6,37.4"}),
        ),
        param(
            "country",
            "ISO 3166-1 alpha-3 of the event's location; comma-separated for several.",
            json!({"type": "string", "example": "IRQ"}),
        ),
        param(
            "type",
            "PLOVER event type(s), comma-separated.",
            json!({"type": "string", "enum": types}),
        ),
        param(
            "acled_type",
            "ACLED event type.",
            json!({"type": "string", "enum": crate::filter::ACLED_TYPES}),
        ),
        param(
            "actor",
            "Substring of an actor's or recipient's text, canonical name or id.",
            json!({"type": "string"}),
        ),
        param(
            "modality",
            "Modality(ies), comma-separated.",
            json!({"type": "string", "enum": mods}),
        ),
        param(
            "q",
            "Words that must all occur in the evidence, actors, place or title.",
            json!({"type": "string"}),
        ),
    ]
}

fn with(mut base: Vec<Value>, more: impl IntoIterator<Item = Value>) -> Vec<Value> {
    base.extend(more);
    base
}

fn limit(default: u32, max: u32) -> Value {
    param(
        "limit",
        "Page size.",
        json!({"type": "integer", "minimum": 1, "maximum": max, "default": default}),
    )
}

fn errors() -> Value {
    json!({
        "400": {"$ref": "#/components/responses/BadRequest"},
        "414": {"$ref": "#/components/responses/UriTooLong"},
        "429": {"$ref": "#/components/responses/TooManyRequests"}
    })
}

fn ok(desc: &str, mut extra: Value) -> Value {
    let mut r = json!({"200": {"description": desc, "content": {"application/json": {"schema": {"type": "object"}}}}});
    if let (Some(o), Some(e)) = (r.as_object_mut(), extra.as_object_mut()) {
        o.append(e);
    }
    r
}

fn get_op(id: &str, summary: &str, params: Vec<Value>, responses: Value) -> Value {
    json!({"get": {"operationId": id, "summary": summary, "parameters": params, "responses": responses}})
}

pub fn document() -> Value {
    let not_found = json!({"$ref": "#/components/responses/NotFound"});
    let mut list_responses = ok(
        "A page of events (JSON), or GeoJSON / CSV with format=geojson|csv.",
        errors(),
    );
    list_responses["200"]["content"]["application/geo+json"] =
        json!({"schema": {"type": "object"}});
    list_responses["200"]["content"]["text/csv"] = json!({"schema": {"type": "string"}});
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "sitrep API",
            "version": "1",
            "description": "Conflict events extracted from news, with the evidence for every field. Read-only unless the server was started with --write-token.",
            "license": {"name": "Apache-2.0"}
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/events": get_op("listEvents", "Events matching the filters, newest first.",
                with(filters(), [
                    param("cursor", "next_cursor from the previous page.", json!({"type": "string"})),
                    limit(100, 1000),
                    param("format", "Response format.", json!({"type": "string", "enum": ["json", "geojson", "csv"], "default": "json"})),
                ]), list_responses),
            "/api/v1/events/{id}": get_op("getEvent", "One event with its evidence spans and its document's text.",
                vec![id_param("event")], ok("The event.", json!({"404": not_found}))),
            "/api/v1/clusters/{id}": get_op("getCluster", "The canonical event of a cluster and every report of it.",
                vec![id_param("cluster")], ok("The cluster.", json!({"404": not_found}))),
            "/api/v1/documents/{id}": get_op("getDocument", "A document's clean text, split into segments marked with the events whose evidence they are.",
                vec![id_param("document")], ok("The document.", json!({"404": not_found}))),
            "/api/v1/documents": {"post": {
                "operationId": "postDocument",
                "summary": "Run the pipeline over one article, store it and return its events. Needs the server's --write-token as a bearer token.",
                "security": [{"bearer": []}],
                "parameters": [
                    param("url", "The article's URL.", json!({"type": "string"})),
                    param("date", "Publication date to assume (ISO).", json!({"type": "string", "format": "date"})),
                    param("id", "The article's own id.", json!({"type": "string"})),
                ],
                "requestBody": {"required": true, "content": {
                    "text/plain": {"schema": {"type": "string"}},
                    "text/html": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object", "properties": {
                        "text": {"type": "string"}, "html": {"type": "string"},
                        "url": {"type": "string"}, "date": {"type": "string", "format": "date"},
                        "id": {"type": "string"}}}}
                }},
                "responses": {
                    "201": {"description": "The stored document and its events.", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "401": {"description": "Missing or wrong bearer token, or writes are disabled.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "413": {"description": "The body is larger than the server's limit (--max-body-kib)."},
                    "414": {"$ref": "#/components/responses/UriTooLong"},
                    "415": {"description": "Unsupported Content-Type.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "422": {"description": "The pipeline could not read the article.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "429": {"$ref": "#/components/responses/TooManyRequests"}
                }
            }},
            "/api/v1/stats/timeline": get_op("timeline", "Event counts per day, week or month, by PLOVER type.",
                with(filters(), [param("interval", "Bucket size.", json!({"type": "string", "enum": ["day", "week", "month"], "default": "day"}))]),
                ok("The histogram.", errors())),
            "/api/v1/stats/top": get_op("top", "The most frequent actors, places and countries, and counts by type.",
                with(filters(), [limit(10, 100)]), ok("Top lists.", errors())),
            "/api/v1/actors": get_op("actors", "Actors of the matching events with event counts.",
                with(filters(), [param("name", "Substring of the actor's name.", json!({"type": "string"})), limit(100, 1000)]),
                ok("Actors.", errors())),
            "/api/v1/places": get_op("places", "Places of the matching events with event counts.",
                with(filters(), [param("name", "Substring of the place's name.", json!({"type": "string"})), limit(100, 1000)]),
                ok("Places.", errors())),
            "/api/v1/openapi.json": get_op("openapi", "This document.", vec![], ok("OpenAPI 3 document.", json!({}))),
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}},
            "responses": {
                "BadRequest": {"description": "A parameter is malformed; the message says which.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "NotFound": {"description": "No such id.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "UriTooLong": {"description": "The query string is longer than 8 KiB.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "TooManyRequests": {"description": "Rate limit exceeded, or (POST) as many documents as the server runs at once (--max-writes) are being processed.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
        }
    })
}
