//! The security headers every response carries, and the one function that writes the
//! Content-Security-Policy.
//!
//! The policy must never allow `'unsafe-inline'` scripts: the index page's inline scripts are
//! allowed by a per-response nonce instead, and the WebAssembly module by `'wasm-unsafe-eval'`.

use std::sync::LazyLock;

use axum::{
    http::{HeaderName, HeaderValue, header},
    response::Response,
};

/// The policy of every response except the index page, built once.
static DEFAULT_POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
    HeaderValue::from_str(&content_security_policy(None))
        .expect("the policy is built from visible ASCII only")
});

/// The Content-Security-Policy; `nonce` (base64) is added to `script-src` and `style-src` for the
/// index page (its loader script and its inlined stylesheet carry it).
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let (script_src, style_src) = match nonce {
        Some(nonce) => (
            format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
            format!("style-src 'self' 'nonce-{nonce}'"),
        ),
        None => ("script-src 'self' 'wasm-unsafe-eval'".to_owned(), "style-src 'self'".to_owned()),
    };
    [
        "default-src 'self'",
        &script_src,
        &style_src,
        "img-src 'self' data:",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    .join("; ")
}

/// Adds the security headers to a response. A Content-Security-Policy already set (the index
/// page's, with its nonce) and a Permissions-Policy already set (the desk's find page, which may
/// use the camera) are kept; the others are always overwritten.
pub(crate) async fn add_security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.entry(header::CONTENT_SECURITY_POLICY).or_insert_with(|| DEFAULT_POLICY.clone());
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.entry(PERMISSIONS_POLICY).or_insert_with(|| HeaderValue::from_static(NO_DEVICES));
    response
}

/// `Strict-Transport-Security` when the server terminates TLS: browsers then use HTTPS only for
/// a year. No `includeSubDomains` or `preload`: the agency's other hosts are not ours to bind.
pub const STRICT_TRANSPORT_SECURITY: HeaderValue = HeaderValue::from_static("max-age=31536000");

/// The `Permissions-Policy` header.
pub const PERMISSIONS_POLICY: HeaderName = HeaderName::from_static("permissions-policy");
/// Every page's policy: no camera, microphone or location.
pub const NO_DEVICES: &str = "camera=(), microphone=(), geolocation=()";
/// The policy of the one page that scans QR codes (the desk's find page): the camera for this
/// site only, nothing else.
pub const CAMERA_ALLOWED: &str = "camera=(self), microphone=(), geolocation=()";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_is_the_documented_one() {
        assert_eq!(
            content_security_policy(None),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
    }

    #[test]
    fn the_nonce_only_changes_script_src_and_style_src() {
        let with_nonce = content_security_policy(Some("abc+/="));
        assert_eq!(
            with_nonce.replace(" 'nonce-abc+/='", ""),
            content_security_policy(None),
            "{with_nonce}"
        );
        assert!(with_nonce.contains("script-src 'self' 'nonce-abc+/=' 'wasm-unsafe-eval';"));
        assert!(with_nonce.contains("style-src 'self' 'nonce-abc+/=';"));
        assert!(!with_nonce.contains("unsafe-inline"));
    }
}
