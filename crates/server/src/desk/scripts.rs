//! The desk's one script, `assets/desk-arrivals.js` (the arrivals list refreshing itself),
//! served as a file under a name holding its digest: the Content-Security-Policy allows scripts
//! from the site only, never inline.

use std::sync::LazyLock;

use axum::{
    extract::Path,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest as _, Sha256};

const ARRIVALS: &str = include_str!("../../../../assets/desk-arrivals.js");

static ARRIVALS_PATH: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(ARRIVALS.as_bytes());
    let short: String = digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect();
    format!("/desk/scripts/arrivals-{short}.js")
});

/// Where the arrivals script is served.
pub(super) fn arrivals_path() -> &'static str {
    &ARRIVALS_PATH
}

/// `GET /desk/scripts/{file}`: the script under its current name, cached for good.
pub(super) async fn get_script(Path(file): Path<String>) -> Response {
    if arrivals_path().strip_prefix("/desk/scripts/") != Some(file.as_str()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        ARRIVALS,
    )
        .into_response()
}
