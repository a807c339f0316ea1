//! Headers every response carries, the request id, and the body size limit.

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use guichet_server::MAX_REQUEST_BODY_BYTES;

use crate::support::{TestDatabase, TestSite};

const EVERY_KIND_OF_RESPONSE: [&str; 6] =
    ["/", "/register", "/sw.js", "/missing.js", "/api/v1/health", "/api/v1/nope"];

#[tokio::test]
async fn over_tls_every_response_carries_hsts_and_staff_cookies_are_secure() {
    for database in [TestDatabase::sqlite().await, TestDatabase::postgres().await] {
        let kind = database.kind();
        let site = TestSite::with_configured(database, |state| state.with_tls(true));
        for path in EVERY_KIND_OF_RESPONSE {
            let response = site.get(path).await;
            let hsts = response.header("strict-transport-security");
            assert_eq!(hsts, "max-age=31536000", "{kind:?} {path}");
        }
        let login = site.get("/desk/login").await;
        assert_eq!(login.status, StatusCode::OK, "{kind:?}");
        let cookie = login.header("set-cookie");
        assert!(cookie.starts_with("__Host-") && cookie.contains("; Secure"), "{kind:?} {cookie}");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let site = TestSite::new().await;
    for path in EVERY_KIND_OF_RESPONSE {
        let response = site.get(path).await;
        assert!(
            !response.headers.contains_key("strict-transport-security"),
            "no HSTS over plain HTTP: {path}"
        );
        assert_eq!(response.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(response.header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(
            response.header("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
            "{path}"
        );
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let site = TestSite::new().await;
    let mut seen = Vec::new();
    for path in EVERY_KIND_OF_RESPONSE {
        let id = site.get(path).await.header("x-request-id").to_owned();
        uuid::Uuid::parse_str(&id).unwrap_or_else(|_| panic!("{path}: {id} is not a UUID"));
        assert!(!seen.contains(&id), "{path}: {id} reused");
        seen.push(id);
    }
}

#[tokio::test]
async fn a_request_id_from_the_client_is_kept() {
    let site = TestSite::new().await;
    let request =
        Request::get("/api/v1/health").header("x-request-id", "kiosk-42-7").body(Body::empty());
    let response = site.send(request.unwrap()).await;
    assert_eq!(response.header("x-request-id"), "kiosk-42-7");
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413() {
    let site = TestSite::new().await;
    let post = |size: usize| {
        Request::post("/api/v1/health")
            .header("content-type", "application/json")
            .header("content-length", size)
            .body(Body::from(vec![b' '; size]))
            .unwrap()
    };
    let response = site.send(post(2 * 1024 * 1024)).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.headers.contains_key("x-request-id"));

    // Right at the limit the body is accepted, and the route answers for itself.
    let response = site.send(post(MAX_REQUEST_BODY_BYTES)).await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
}
