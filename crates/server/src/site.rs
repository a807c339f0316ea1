//! The kiosk itself: the index page, the static files Trunk built, and the SPA fallback.
//!
//! A navigation path (no extension, like `/offers/123`) that is not a file gets the index page
//! so the kiosk's router can take over; a missing asset (`.js`, `.wasm`, …) must never get
//! HTML, or the browser would report a confusing MIME or syntax error instead of a 404.

mod cache_policy;
mod first_paint;
mod index_page;
mod navigation;

use axum::{
    Router,
    extract::{Request, State},
    handler::Handler,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use tower_http::services::ServeDir;

use crate::infra::state::AppState;

pub use cache_policy::{CachePolicy, cache_policy_for};
pub use navigation::is_navigation_path;

/// `GET /` and `GET /index.html`: the index page with a fresh nonce.
pub(crate) async fn get_index_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let asked = index_page::Asked::from_headers("/", &headers);
    index_page::render(&state.dist_dir, &asked).await.into_response()
}

/// The files of `dist_dir`, precompressed variants preferred, falling back to the SPA rules.
pub(crate) fn static_files(state: AppState) -> Router {
    let serve_dir = ServeDir::new(&state.dist_dir)
        .precompressed_br()
        .precompressed_gzip()
        // Directories are not browsable, and `/` is the index route's: never serve the raw
        // index.html, whose nonce placeholder would be left unreplaced.
        .append_index_html_on_directories(false)
        .fallback(serve_spa_fallback.with_state(state));
    Router::new().fallback_service(serve_dir).layer(middleware::from_fn(set_cache_control))
}

/// Called for a GET or HEAD that matched no file.
async fn serve_spa_fallback(
    State(state): State<AppState>,
    method: Method,
    request: Request,
) -> Response {
    let is_read = method == Method::GET || method == Method::HEAD;
    if is_read && is_navigation_path(request.uri().path()) {
        let asked = index_page::Asked::from_headers(request.uri().path(), request.headers());
        return index_page::render(&state.dist_dir, &asked).await.into_response();
    }
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

/// Sets Cache-Control on static responses from the requested path, unless the handler chose
/// one (the index page does). Failures are never cached for long: the file may appear.
async fn set_cache_control(request: Request, next: Next) -> Response {
    let policy = cache_policy_for(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    let cacheable = status.is_success() || status == StatusCode::NOT_MODIFIED;
    let policy = if cacheable { policy } else { CachePolicy::Revalidate };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy.header_value()));
    response
}
