//! The index page: served for navigation paths, with a fresh nonce that the CSP names.

use axum::http::StatusCode;
use guichet_server::content_security_policy;

use crate::support::{INDEX_HTML, TestSite};

const PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

#[tokio::test]
async fn navigation_paths_get_the_index_with_the_nonce_the_csp_names() {
    let site = TestSite::new().await;
    for path in ["/", "/index.html", "/offers/123", "/register", "/offers/"] {
        let response = site.get(path).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
        assert_eq!(response.header("content-type"), "text/html; charset=utf-8", "{path}");
        assert_eq!(response.header("cache-control"), "no-cache", "{path}");
        let nonce = response.csp_nonce().unwrap_or_else(|| panic!("{path}: no nonce in the CSP"));
        let html = response.text();
        assert!(!html.contains(PLACEHOLDER), "{path}: placeholder left in {html}");
        assert_eq!(html.matches(&format!(r#"nonce="{nonce}""#)).count(), 2, "{path}: {html}");
        assert_eq!(html, INDEX_HTML.replace(PLACEHOLDER, &nonce), "{path}");
        assert_eq!(
            response.header("content-security-policy"),
            content_security_policy(Some(&nonce)),
            "{path}"
        );
    }
}

#[tokio::test]
async fn every_response_gets_its_own_nonce() {
    let site = TestSite::new().await;
    let first = site.get("/").await.csp_nonce().expect("a nonce");
    let second = site.get("/").await.csp_nonce().expect("a nonce");
    let third = site.get("/register").await.csp_nonce().expect("a nonce");
    assert_ne!(first, second);
    assert_ne!(second, third);
    assert_eq!(first.len(), 24, "16 bytes in base64: {first}");
}

#[tokio::test]
async fn a_redeployed_index_is_served_without_a_restart() {
    let site = TestSite::new().await;
    assert!(site.get("/").await.text().contains("<title>guichet</title>"));
    std::fs::write(site.dist_dir().join("index.html"), "<title>v2</title>").unwrap();
    assert_eq!(site.get("/").await.text(), "<title>v2</title>");
}

#[tokio::test]
async fn a_missing_index_asks_the_operator_to_build_the_kiosk() {
    let site = TestSite::new().await;
    std::fs::remove_file(site.dist_dir().join("index.html")).unwrap();
    for path in ["/", "/index.html", "/register"] {
        let response = site.get(path).await;
        assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert_eq!(response.header("content-type"), "text/plain; charset=utf-8", "{path}");
        assert!(response.text().contains("cargo xtask run"), "{path}: {}", response.text());
    }
    // The rest of the kiosk and the API keep working.
    assert_eq!(site.get("/sw.js").await.status, StatusCode::OK);
    assert_eq!(site.get("/api/v1/health").await.status, StatusCode::OK);
}

#[tokio::test]
async fn no_policy_allows_inline_scripts_or_framing() {
    let site = TestSite::new().await;
    let default_policy = content_security_policy(None);
    for path in ["/", "/register", "/sw.js", "/missing.js", "/api/v1/health", "/api/v1/nope"] {
        let response = site.get(path).await;
        let policy = response.header("content-security-policy");
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        assert!(policy.contains("frame-ancestors 'none'"), "{path}: {policy}");
        assert!(policy.contains("'wasm-unsafe-eval'"), "{path}: {policy}");
        if response.csp_nonce().is_none() {
            assert_eq!(policy, default_policy, "{path}");
        }
    }
}

#[tokio::test]
async fn the_browsers_language_file_of_the_addresss_part_is_preloaded_for_every_navigation_path() {
    let site = TestSite::new().await;
    let locales = r#"<meta name="guichet-locales" content="guichet:ar=/locale-ar-1.ftl guichet:fr=/locale-fr-2.ftl guichet:en=/locale-en-3.ftl guichet_register:ar=/locale-ar-4.ftl guichet_offers:fr=/locale-fr-5.ftl">"#;
    std::fs::write(site.dist_dir().join("index.html"), format!("<head>{locales}</head>")).unwrap();
    for (path, accept, preloaded) in [
        ("/", Some("fr-DZ,fr;q=0.9,ar;q=0.8"), Some("/locale-fr-2.ftl")),
        ("/register", Some("de;q=1, ar-DZ;q=0.5"), Some("/locale-ar-4.ftl")),
        ("/offers/123", Some("ar, fr"), Some("/locale-fr-5.ftl")),
        ("/offers/123", Some("de, es"), None),
        ("/index.html", None, None),
    ] {
        let mut request = axum::http::Request::get(path);
        if let Some(accept) = accept {
            request = request.header("accept-language", accept);
        }
        let html = site.send(request.body(axum::body::Body::empty()).unwrap()).await.text();
        let expected = match preloaded {
            Some(file) => format!(
                "<head>{locales}<link rel=\"preload\" href=\"{file}\" as=\"fetch\" crossorigin=\"anonymous\">\n</head>"
            ),
            None => format!("<head>{locales}</head>"),
        };
        assert_eq!(html, expected, "{path} with {accept:?}");
    }
}
