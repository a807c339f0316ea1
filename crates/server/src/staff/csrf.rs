//! Cross-site request forgery: what a state-changing request must show.
//!
//! Two checks, both required: the request does not come from another site (`Sec-Fetch-Site`, or
//! else `Origin` against `Host`; a client sending neither, like curl, passes this one), and it
//! carries the synchronizer token: the session's (`x-csrf-token` header or `csrf_token` form
//! field) once logged in, or before a session exists (login and activation forms) the token of
//! a `SameSite=Strict` cookie set with the form (double submit). Tokens compare in constant time.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, header},
    middleware::Next,
    response::Response,
};
use tower_sessions::cookie::{Cookie, SameSite};

use super::token;

/// The header API clients send the session's token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The hidden field HTML forms send it in.
pub const CSRF_FIELD: &str = "csrf_token";

/// The largest form body read for its token; the app's body limit applies before this one.
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// The token of an urlencoded form body, put in the request's extensions by [`capture_form_token`].
#[derive(Debug, Clone)]
pub(super) struct FormToken(pub String);

/// Whether a request with this method can change something (and so needs the checks).
pub(super) fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

/// Whether the browser says the request comes from another site.
pub(super) fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return false };
    let Ok(origin) = origin.to_str() else { return true };
    let origin_host = origin.split_once("://").map(|(_, host)| host);
    let host = headers.get(header::HOST).and_then(|host| host.to_str().ok());
    match (origin_host, host) {
        (Some(origin_host), Some(host)) => !origin_host.eq_ignore_ascii_case(host),
        _ => true,
    }
}

/// The token a request carries: the header, else the form field.
pub(super) fn sent_token<'a>(headers: &'a HeaderMap, form: Option<&'a FormToken>) -> &'a str {
    headers
        .get(CSRF_HEADER)
        .and_then(|value| value.to_str().ok())
        .or(form.map(|FormToken(token)| token.as_str()))
        .unwrap_or("")
}

/// Whether a state-changing request passes both checks against `expected`.
pub(super) fn passes(headers: &HeaderMap, form: Option<&FormToken>, expected: &str) -> bool {
    !is_cross_site(headers) && token::same_secret(sent_token(headers, form), expected)
}

/// Middleware: reads the `csrf_token` field of an urlencoded form body so that extractors, which
/// cannot read bodies, can check it; the body is passed on unchanged.
pub async fn capture_form_token(request: Request, next: Next) -> Response {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if !is_form || !is_state_changing(request.method()) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return Response::builder()
            .status(axum::http::StatusCode::PAYLOAD_TOO_LARGE)
            .body(Body::empty())
            .unwrap_or_default();
    };
    if let Some(token) = form_field(&bytes, CSRF_FIELD) {
        parts.extensions.insert(FormToken(token));
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// A field of an urlencoded body. Tokens are URL-safe base64, so they are never escaped.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

/// The name of the cookie that carries the pre-session token of the login and activation forms.
pub(super) fn form_cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-guichet-form" } else { "guichet-form" }
}

/// A cookie named `name` in the request.
pub(super) fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| Cookie::split_parse(value.to_owned()))
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

/// `Set-Cookie` for a pre-session form token: `HttpOnly`, `SameSite=Strict`, `Path=/`, and
/// `Secure` with the `__Host-` prefix over TLS. It ends with the browser session.
pub(super) fn form_cookie(token: &str, secure: bool) -> HeaderValue {
    let cookie = Cookie::build((form_cookie_name(secure), token.to_owned()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .path("/")
        .build();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or(HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (header::HeaderName::from_static(name), HeaderValue::from_static(value))
            })
            .collect()
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        #[track_caller]
        fn check(pairs: &[(&'static str, &'static str)], cross: bool) {
            assert_eq!(is_cross_site(&headers(pairs)), cross, "{pairs:?}");
        }
        check(&[], false);
        check(&[("sec-fetch-site", "same-origin")], false);
        check(&[("sec-fetch-site", "none")], false);
        check(&[("sec-fetch-site", "same-site")], true);
        check(&[("sec-fetch-site", "cross-site")], true);
        check(&[("host", "desk.example:8080"), ("origin", "http://desk.example:8080")], false);
        check(&[("host", "desk.example"), ("origin", "https://evil.example")], true);
        check(&[("host", "desk.example"), ("origin", "null")], true);
        check(&[("origin", "http://desk.example")], true);
    }

    #[test]
    fn the_form_token_is_read_from_an_urlencoded_body() {
        assert_eq!(
            form_field(b"login=a&csrf_token=abc-_9&x=1", CSRF_FIELD).as_deref(),
            Some("abc-_9")
        );
        assert_eq!(form_field(b"login=a", CSRF_FIELD), None);
    }

    #[test]
    fn the_form_cookie_is_secure_and_prefixed_only_over_tls() {
        let plain = form_cookie("t0k", false);
        assert_eq!(plain, "guichet-form=t0k; HttpOnly; SameSite=Strict; Path=/");
        let tls = form_cookie("t0k", true);
        assert_eq!(tls, "__Host-guichet-form=t0k; HttpOnly; SameSite=Strict; Secure; Path=/");
    }
}
