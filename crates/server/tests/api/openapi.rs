//! The API contract: `GET /api/v1/openapi.json` lists every `/api/v1` route of the router and no
//! other, documents the errors of each, and is the committed `crates/server/openapi.json` (so a
//! change to the contract shows as a diff; `UPDATE_OPENAPI=1` rewrites it).

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
};

use axum::http::{StatusCode, header};
use guichet_protocol::{PROTOCOL_VERSION_HEADER, SUPPORTED_PROTOCOL_VERSIONS};
use serde_json::Value;

use crate::support::TestSite;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

async fn served_document() -> Value {
    let site = TestSite::new().await;
    let response = site.get("/api/v1/openapi.json").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header(header::CONTENT_TYPE.as_str()), "application/json");
    response.json()
}

fn operations(document: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in METHODS {
            if item.get(method).is_some() {
                found.insert((method.to_owned(), path.clone()));
            }
        }
    }
    found
}

#[tokio::test]
async fn the_document_lists_every_api_route_and_no_other() {
    let document = served_document().await;
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut routed = BTreeSet::new();
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (method, path) in api_routes(&text) {
            routed.insert((method, format!("/api{path}")));
        }
    }
    // The scan itself must see the routes, or this test could not fail.
    assert!(routed.contains(&("post".to_owned(), "/api/v1/registrations".to_owned())));
    assert!(routed.len() >= 15, "{routed:?}");
    let documented = operations(&document);
    let missing: Vec<_> = routed.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&routed).collect();
    assert!(missing.is_empty(), "routed but not in the API document: {missing:?}");
    assert!(extra.is_empty(), "in the API document but not routed: {extra:?}");
}

#[test]
fn the_route_scan_reads_methods_of_each_route() {
    let text = r#"Router::new()
        .route("/v1/a", get(get_a))
        .route("/v1/b/{id}", get(get_b).post(post_b))
        .route("/desk/c", axum::routing::post(post_c))
        .route("/v1/d", axum::routing::put(put_d))"#;
    let expected =
        [("get", "/v1/a"), ("get", "/v1/b/{id}"), ("post", "/v1/b/{id}"), ("put", "/v1/d")]
            .map(|(method, path)| (method.to_owned(), path.to_owned()));
    assert_eq!(api_routes(text), BTreeSet::from(expected));
}

#[tokio::test]
async fn every_operation_documents_its_errors() {
    let document = served_document().await;
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"), "{}", document["openapi"]);
    for (method, path) in operations(&document) {
        let operation = &document["paths"][&path][&method];
        let responses = operation["responses"].as_object().unwrap();
        let statuses: BTreeSet<&str> = responses.keys().map(String::as_str).collect();
        let what = format!("{method} {path}: {statuses:?}");
        // Every API answer may be load-shed or time out, whatever the handler.
        assert!(statuses.contains("503") && statuses.contains("408"), "{what}");
        assert!(statuses.iter().any(|status| status.starts_with('2')), "{what}");
        if operation.get("requestBody").is_some() {
            assert!(statuses.contains("400") && statuses.contains("413"), "{what}");
        }
        let security = operation["security"].to_string();
        if security.contains("staff_session") {
            assert!(statuses.contains("401"), "{what}");
        }
        if security.contains("csrf_token") {
            assert!(statuses.contains("403"), "{what}");
        }
    }
    // Every reference names a schema the document holds.
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let mut references = Vec::new();
    collect_references(&document, &mut references);
    assert!(references.iter().any(|name| name == "ErrorBody"));
    for name in references {
        assert!(schemas.contains_key(&name), "dangling $ref to {name}");
    }
}

#[tokio::test]
async fn the_protocol_header_lists_the_supported_versions() {
    let document = served_document().await;
    let parameters = document["paths"]["/api/v1/registrations"]["post"]["parameters"].clone();
    let header = parameters
        .as_array()
        .unwrap()
        .iter()
        .find(|parameter| parameter["name"] == PROTOCOL_VERSION_HEADER)
        .expect("the protocol header is documented");
    assert_eq!(header["in"], "header");
    assert_eq!(header["required"], true);
    assert_eq!(header["schema"]["enum"], serde_json::json!(SUPPORTED_PROTOCOL_VERSIONS));
}

#[tokio::test]
async fn the_committed_document_is_the_served_one() {
    let served = serde_json::to_string_pretty(&served_document().await).unwrap() + "\n";
    let committed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&committed_path, &served).unwrap();
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == served,
        "crates/server/openapi.json differs from the served document: review the change, then \
         rewrite it with `UPDATE_OPENAPI=1 cargo test -p guichet-server --test api openapi`"
    );
}

/// Each `(method, path)` of the `.route("/v1/…", …)` calls in `text`: the API's routes, which
/// every feature declares relative to `/api`.
fn api_routes(text: &str) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find(".route(\"/v1/") {
        let call = &rest[start + ".route(".len()..];
        let path_end = call[1..].find('"').unwrap() + 1;
        let path = &call[1..path_end];
        // The call's arguments run to the parenthesis that closes `.route(`.
        let mut depth = 1;
        let mut end = call.len();
        for (index, character) in call.char_indices() {
            match character {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = index;
                break;
            }
        }
        let arguments = &call[path_end + 1..end];
        for method in METHODS {
            let called = arguments.match_indices(&format!("{method}(")).any(|(at, _)| {
                at == 0 || !arguments[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
            });
            if called {
                found.insert((method.to_owned(), path.to_owned()));
            }
        }
        rest = &call[end..];
    }
    found
}

fn collect_references(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                into.push(reference.trim_start_matches("#/components/schemas/").to_owned());
            }
            map.values().for_each(|value| collect_references(value, into));
        }
        Value::Array(items) => items.iter().for_each(|value| collect_references(value, into)),
        _ => {}
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
    files
}
