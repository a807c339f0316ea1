//! The JSON API under `/api`: its routes, and what every API response has in common.
//!
//! Every API response is `Cache-Control: no-store` (answers reflect the database right now and
//! may concern a person), and every failure is an [`ApiError`], turned into HTTP in one place.
//! The API never answers with the kiosk's HTML, whatever the path.

mod error;
mod health;

use axum::{
    Router,
    http::{HeaderValue, header},
    routing::{get, post},
};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::app::AppState;

pub(crate) use error::ApiError;

/// The routes below `/api`, relative to it.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/health", get(health::get_health))
        .route("/v1/registrations", post(crate::registrations::post_registrations))
        .route("/v1/offers/changes", get(crate::offers::http::get_offer_changes))
        .route("/v1/reference", get(crate::reference::get_reference))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
