//! The kiosk's static files: content types, precompressed variants, caching, and 404s.

use axum::{
    body::Body,
    http::{Request, StatusCode},
};

use crate::support::{HASHED_JS, HASHED_WASM, TestSite, WASM_BR_BYTES, WASM_BYTES};

#[tokio::test]
async fn missing_assets_are_plain_404s_never_the_index() {
    let site = TestSite::new().await;
    for path in ["/missing.js", "/x.wasm", "/styles-0123456789abcdef.css", "/icons/none.png"] {
        let response = site.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        let content_type = response.headers.get("content-type").map(|v| v.to_str().unwrap());
        assert!(!content_type.unwrap_or_default().contains("html"), "{path}: {content_type:?}");
        assert!(!response.text().contains("<html"), "{path}");
        // A 404 must not be cached as if the hashed name guaranteed it forever.
        assert_eq!(response.header("cache-control"), "no-cache", "{path}");
    }
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let site = TestSite::new().await;
    for path in ["/api/v1/nope", "/api/nope", "/api/v1/health/extra", "/api/v1/offers.js"] {
        let response = site.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.header("content-type"), "application/json", "{path}");
        assert_eq!(response.header("cache-control"), "no-store", "{path}");
        let body: serde_json::Value = response.json();
        assert_eq!(body["error"]["code"], "not_found", "{path}: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    }
}

#[tokio::test]
async fn a_wrong_method_on_the_api_is_a_json_405() {
    let site = TestSite::new().await;
    let request = Request::delete("/api/v1/health").body(Body::empty()).unwrap();
    let response = site.send(request).await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.json::<serde_json::Value>()["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn hashed_files_are_immutable_and_the_rest_revalidated() {
    let site = TestSite::new().await;
    let immutable = "public, max-age=31536000, immutable";
    let cases = [
        (format!("/{HASHED_JS}"), immutable),
        (format!("/{HASHED_WASM}"), immutable),
        ("/sw.js".to_owned(), "no-cache"),
        ("/manifest.webmanifest".to_owned(), "no-cache"),
        ("/".to_owned(), "no-cache"),
        ("/index.html".to_owned(), "no-cache"),
        ("/offers/123".to_owned(), "no-cache"),
    ];
    for (path, expected) in cases {
        let response = site.get(&path).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
        assert_eq!(response.header("cache-control"), expected, "{path}");
    }
}

#[tokio::test]
async fn files_have_their_content_types() {
    let site = TestSite::new().await;
    let cases = [
        (format!("/{HASHED_JS}"), "text/javascript"),
        (format!("/{HASHED_WASM}"), "application/wasm"),
        ("/manifest.webmanifest".to_owned(), "application/manifest+json"),
    ];
    for (path, expected) in cases {
        let response = site.get(&path).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
        assert_eq!(response.header("content-type"), expected, "{path}");
    }
}

#[tokio::test]
async fn the_wasm_comes_precompressed_to_clients_that_accept_brotli() {
    let site = TestSite::new().await;
    let path = format!("/{HASHED_WASM}");

    let request = Request::get(&path).header("accept-encoding", "gzip, br").body(Body::empty());
    let response = site.send(request.unwrap()).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("content-encoding"), "br");
    assert_eq!(response.header("content-type"), "application/wasm");
    assert_eq!(response.body, WASM_BR_BYTES);

    let response = site.get(&path).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.headers.get("content-encoding").is_none(), "{:?}", response.headers);
    assert_eq!(response.body, WASM_BYTES);
}

#[tokio::test]
async fn dynamic_responses_are_compressed() {
    let site = TestSite::new().await;
    let request = Request::get("/register").header("accept-encoding", "gzip").body(Body::empty());
    let response = site.send(request.unwrap()).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("content-encoding"), "gzip");
    assert_eq!(&response.body[..2], [0x1f, 0x8b], "gzip magic bytes");
}
