//! The optional plain-HTTP listener of a server that terminates TLS (`--http-redirect-addr`):
//! every request, whatever its method or path, is answered `308 Permanent Redirect` to the same
//! path and query on HTTPS.
//!
//! It must never serve anything else: no kiosk, no API, no cookie, so nothing crosses the
//! network in clear from this port but the redirect itself.

use axum::{
    Router,
    http::{
        HeaderMap, HeaderValue, StatusCode, Uri,
        header::{HOST, LOCATION},
        uri::Authority,
    },
    response::{IntoResponse as _, Response},
};

/// The redirect listener's whole router, for an HTTPS listener on `https_port`.
pub fn router(https_port: u16) -> Router {
    Router::new().fallback(move |headers: HeaderMap, uri: Uri| async move {
        redirect_to_https(&headers, &uri, https_port)
    })
}

/// `308` to `https://<host of the Host header>:<https_port><path and query>`; the port is left
/// out when it is 443. A request without a usable Host header gets `400`: there is no name to
/// send the browser to.
pub fn redirect_to_https(headers: &HeaderMap, uri: &Uri, https_port: u16) -> Response {
    let host = headers
        .get(HOST)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<Authority>().ok());
    let Some(host) = host else {
        return (StatusCode::BAD_REQUEST, "a Host header is required").into_response();
    };
    let port = if https_port == 443 { String::new() } else { format!(":{https_port}") };
    let path_and_query = uri.path_and_query().map_or("/", |path| path.as_str());
    let location = format!("https://{}{port}{path_and_query}", host.host());
    match HeaderValue::from_str(&location) {
        Ok(location) => (StatusCode::PERMANENT_REDIRECT, [(LOCATION, location)]).into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "the Host header is not a host name").into_response(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

    use axum::{body::Body, http::Request};
    use tower::ServiceExt as _;

    use super::*;

    #[test]
    fn every_request_is_sent_to_the_same_path_on_https() {
        #[track_caller]
        fn check(
            host: Option<&str>,
            uri: &str,
            https_port: u16,
            expected: Result<&str, StatusCode>,
        ) {
            let mut headers = HeaderMap::new();
            if let Some(host) = host {
                headers.insert(HOST, HeaderValue::from_str(host).unwrap());
            }
            let response = redirect_to_https(&headers, &uri.parse().unwrap(), https_port);
            let actual = match response.status() {
                StatusCode::PERMANENT_REDIRECT => {
                    Ok(response.headers()[LOCATION].to_str().unwrap().to_owned())
                }
                status => Err(status),
            };
            assert_eq!(actual.as_deref().map_err(|s| *s), expected, "{host:?} {uri}");
        }
        check(
            Some("guichet.lan:80"),
            "/register?lang=ar",
            443,
            Ok("https://guichet.lan/register?lang=ar"),
        );
        check(Some("guichet.lan"), "/", 8443, Ok("https://guichet.lan:8443/"));
        check(
            Some("192.168.1.10:8080"),
            "/api/v1/health",
            8443,
            Ok("https://192.168.1.10:8443/api/v1/health"),
        );
        check(Some("[fd00::1]:8080"), "/desk", 443, Ok("https://[fd00::1]/desk"));
        check(Some("http://evil.example/"), "/", 443, Err(StatusCode::BAD_REQUEST));
        check(Some("guichet.lan/evil"), "/", 443, Err(StatusCode::BAD_REQUEST));
        check(None, "/", 443, Err(StatusCode::BAD_REQUEST));
    }

    #[tokio::test]
    async fn posts_are_redirected_too_and_nothing_is_served() {
        let request = Request::post("/api/v1/registrations")
            .header(HOST, "guichet.lan")
            .body(Body::from("{}"))
            .unwrap();
        let response = router(8443).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
        assert_eq!(response.headers()[LOCATION], "https://guichet.lan:8443/api/v1/registrations");
        assert!(response.headers().get("set-cookie").is_none());
    }
}
