//! The whole HTTP surface in one router: each feature's API routes under `/api`, the kiosk's
//! index page and static files, and the layers every response goes through.
//!
//! This is where the features' routers are composed and the order of the middleware is decided,
//! and nowhere else. Its one handler serves the API document (`openapi`), assembled here from
//! the features' own parts; no feature imports it.

mod openapi;

pub use openapi::api_document;

use std::time::Duration;

use axum::{
    BoxError, Router,
    error_handling::HandleErrorLayer,
    http::{HeaderValue, StatusCode, header},
    middleware,
    routing::get,
};
use tower::ServiceBuilder;
use tower_http::{
    CompressionLevel,
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
};

use crate::{
    health,
    infra::{api_error, request_log, security_headers, state::AppState},
    offers, reference, registrations, site, staff,
};

/// The largest request body accepted, on every route: the kiosk sends small JSON documents, and
/// a larger body is a bug or an attack. Bigger requests get 413.
pub const MAX_REQUEST_BODY_BYTES: usize = 1024 * 1024;

/// The longest a request may take, body included, before it is answered 408: a slow client
/// must not hold a connection and its database work for ever.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The most API requests in progress at once on one instance; beyond it the API answers 503
/// with `Retry-After` at once rather than queueing (the clients retry with backoff).
pub const MAX_API_REQUESTS_IN_FLIGHT: usize = 256;

/// Builds the router. Tests call it directly with `tower::ServiceExt::oneshot`.
pub fn app(state: AppState) -> Router {
    let static_files = site::static_files(state.clone());
    let staff_sessions = staff::session_layer(&state);
    // `layer` wraps everything added before it, so the last layer is the outermost: the request
    // id is set first, then the request is logged, and the body limit is checked last, closest
    // to the routes.
    let strict_transport_security = state.strict_transport_security;
    let router = Router::new()
        .nest("/api", api())
        .route("/", get(site::get_index_page))
        .route("/index.html", get(site::get_index_page))
        .merge(staff::desk_routes())
        .merge(crate::desk::routes())
        .fallback_service(static_files)
        .with_state(state)
        .layer(middleware::from_fn(staff::capture_form_token))
        .layer(staff_sessions)
        .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        // Precompressed files already carry Content-Encoding, which this layer leaves alone.
        // Dynamic answers are compressed fast: brotli's default (11) costs milliseconds per
        // response, which halved registration ingest; level 4 keeps most of the gain.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(middleware::map_response(security_headers::add_security_headers))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(middleware::from_fn(request_log::log_request))
        .layer(middleware::from_fn(crate::infra::metrics::track))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid));
    if strict_transport_security {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            security_headers::STRICT_TRANSPORT_SECURITY,
        ))
    } else {
        router
    }
}

/// The JSON API: every answer is `Cache-Control: no-store` (it reflects the database right now
/// and may concern a person) unless its handler says otherwise (only the offers snapshot and its
/// head, public and immutable, and its pointer do), and an unknown path or method gets a JSON error, never the kiosk's
/// HTML.
fn api() -> Router<AppState> {
    Router::new()
        .merge(health::routes())
        .merge(offers::routes())
        .merge(reference::routes())
        .merge(registrations::routes())
        .merge(crate::sealing::routes())
        .merge(crate::devices::routes())
        .merge(staff::api_routes())
        .route("/v1/openapi.json", get(openapi::get_openapi))
        .fallback(api_error::not_found)
        .method_not_allowed_fallback(api_error::method_not_allowed)
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(async |_: BoxError| api_error::ApiError::Overloaded))
                .load_shed()
                .concurrency_limit(MAX_API_REQUESTS_IN_FLIGHT),
        )
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}
