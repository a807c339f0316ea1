//! The desk's scripts, served as files under names holding their digest: the
//! Content-Security-Policy allows scripts from the site only, never inline.
//!
//! - `assets/desk-arrivals.js`: the arrivals list refreshing itself;
//! - `assets/desk-scan.js`: the find page's camera scan of a receipt's QR code.

use std::sync::LazyLock;

use axum::{
    extract::Path,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest as _, Sha256};

const ARRIVALS: &str = include_str!("../../../../assets/desk-arrivals.js");
const SCAN: &str = include_str!("../../../../assets/desk-scan.js");

/// A script's path: `/desk/scripts/<stem>-<first 8 bytes of its SHA-256>.js`.
fn hashed_path(stem: &str, source: &str) -> String {
    let digest = Sha256::digest(source.as_bytes());
    let short: String = digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect();
    format!("/desk/scripts/{stem}-{short}.js")
}

static ARRIVALS_PATH: LazyLock<String> = LazyLock::new(|| hashed_path("arrivals", ARRIVALS));
static SCAN_PATH: LazyLock<String> = LazyLock::new(|| hashed_path("scan", SCAN));

/// Where the arrivals script is served.
pub(super) fn arrivals_path() -> &'static str {
    &ARRIVALS_PATH
}

/// Where the camera scan script is served.
pub(super) fn scan_path() -> &'static str {
    &SCAN_PATH
}

/// `GET /desk/scripts/{file}`: a script under its current name, cached for good.
pub(super) async fn get_script(Path(file): Path<String>) -> Response {
    let requested = format!("/desk/scripts/{file}");
    let source = if requested == arrivals_path() {
        ARRIVALS
    } else if requested == scan_path() {
        SCAN
    } else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        source,
    )
        .into_response()
}
