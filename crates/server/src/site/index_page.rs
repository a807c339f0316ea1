//! The index page: `dist/index.html` with Trunk's nonce placeholder replaced by a fresh nonce,
//! and the Content-Security-Policy naming that same nonce.
//!
//! The file is read from disk on every request (it is a few kilobytes) so that a redeployed
//! kiosk is picked up without restarting the server. A nonce must never be reused across
//! responses, or it would protect nothing.

use std::{io, path::Path};

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::{Engine as _, engine::general_purpose::STANDARD};

use crate::infra::security_headers::content_security_policy;

/// What Trunk writes wherever the page needs the response's nonce.
const NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";
/// 128 bits, as the CSP specification recommends.
const NONCE_BYTES: usize = 16;

/// Why the index page could not be served. Logged once, when it becomes a response.
#[derive(Debug, thiserror::Error)]
pub(super) enum IndexPageError {
    #[error("the kiosk is not built: {path} is missing")]
    NotBuilt { path: String },
    #[error("could not read {path}")]
    Unreadable {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("the operating system's random number generator failed")]
    NoRandomness(#[source] getrandom::Error),
}

/// Reads the index page and fills in a fresh nonce.
pub(super) async fn render(dist_dir: &Path) -> Result<Response, IndexPageError> {
    let path = dist_dir.join("index.html");
    let html = tokio::fs::read_to_string(&path).await.map_err(|source| {
        let path = path.display().to_string();
        match source.kind() {
            io::ErrorKind::NotFound => IndexPageError::NotBuilt { path },
            _ => IndexPageError::Unreadable { path, source },
        }
    })?;
    let nonce = fresh_nonce()?;
    let policy = content_security_policy(Some(&nonce));
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (
            header::CONTENT_SECURITY_POLICY,
            // Both parts are ASCII: the fixed policy and a base64 nonce.
            HeaderValue::from_str(&policy).expect("a CSP with a base64 nonce is a valid header"),
        ),
    ];
    Ok((headers, html.replace(NONCE_PLACEHOLDER, &nonce)).into_response())
}

fn fresh_nonce() -> Result<String, IndexPageError> {
    let mut bytes = [0_u8; NONCE_BYTES];
    getrandom::fill(&mut bytes).map_err(IndexPageError::NoRandomness)?;
    Ok(STANDARD.encode(bytes))
}

impl IntoResponse for IndexPageError {
    fn into_response(self) -> Response {
        tracing::error!(error = &self as &dyn std::error::Error, "cannot serve the index page");
        let (status, message) = match self {
            Self::NotBuilt { .. } => (
                StatusCode::SERVICE_UNAVAILABLE,
                "The kiosk is not built yet. On the server, run `cargo xtask run` to build it.\n",
            ),
            Self::Unreadable { .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, "The kiosk's index page cannot be read.\n")
            }
            Self::NoRandomness(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Internal error.\n"),
        };
        let headers = [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ];
        (status, headers, message).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_16_random_bytes_in_base64() {
        let first = fresh_nonce().expect("randomness");
        let second = fresh_nonce().expect("randomness");
        assert_eq!(STANDARD.decode(&first).expect("base64").len(), NONCE_BYTES);
        assert_ne!(first, second);
    }
}
