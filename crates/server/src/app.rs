//! The whole HTTP surface in one router: the API under `/api`, the index page, the static files,
//! and the layers every response goes through.
//!
//! This is where the order of the middleware is decided, and nowhere else. Routes and handlers
//! live in `api` and `site`; this module holds no handler logic of its own.

use std::path::PathBuf;

use axum::{Router, middleware, routing::get};
use tower_http::{
    CompressionLevel,
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
};

use crate::{api, db::Database, request_log, security_headers, site};

/// The largest request body accepted, on every route: the kiosk sends small JSON documents, and
/// a larger body is a bug or an attack. Bigger requests get 413.
pub const MAX_REQUEST_BODY_BYTES: usize = 1024 * 1024;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub database: Database,
    /// Trunk's output: `index.html` and the hashed assets next to it.
    pub dist_dir: PathBuf,
}

impl AppState {
    pub fn new(database: Database, dist_dir: impl Into<PathBuf>) -> Self {
        Self { database, dist_dir: dist_dir.into() }
    }
}

/// Builds the router. Tests call it directly with `tower::ServiceExt::oneshot`.
pub fn app(state: AppState) -> Router {
    let static_files = site::static_files(state.clone());
    // `layer` wraps everything added before it, so the last layer is the outermost: the request
    // id is set first, then the request is logged, and the body limit is checked last, closest
    // to the routes.
    Router::new()
        .nest("/api", api::router())
        .route("/", get(site::get_index_page))
        .route("/index.html", get(site::get_index_page))
        .fallback_service(static_files)
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BODY_BYTES))
        // Precompressed files already carry Content-Encoding, which this layer leaves alone.
        // Dynamic answers are compressed fast: brotli's default (11) costs milliseconds per
        // response, which halved registration ingest; level 4 keeps most of the gain.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(middleware::map_response(security_headers::add_security_headers))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(middleware::from_fn(request_log::log_request))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}
