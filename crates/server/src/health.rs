//! `GET /api/v1/health`: whether this server can do its work, for kiosks and for monitoring.

use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use guichet_protocol::{
    PROTOCOL_VERSION,
    health::{Health, HealthStatus},
};

use crate::infra::state::AppState;

/// The routes of this feature, relative to `/api`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/health", get(get_health))
}

/// 200 `ok` when the database answers, 503 `degraded` when it does not. The body is the same
/// shape either way so a kiosk can show which database is down.
async fn get_health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let (code, status) = match state.database.ping().await {
        Ok(()) => (StatusCode::OK, HealthStatus::Ok),
        Err(error) => {
            // Logged here, once: the database layer returns errors without logging them.
            tracing::warn!(error = &error as &dyn std::error::Error, "database ping failed");
            (StatusCode::SERVICE_UNAVAILABLE, HealthStatus::Degraded)
        }
    };
    let health = Health {
        status,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        protocol: PROTOCOL_VERSION,
        database: state.database.kind(),
    };
    (code, Json(health))
}
