//! Whether this server can do its work: `GET /api/v1/health` for kiosks, and for orchestrators
//! and load balancers `GET /api/v1/health/live` (the process answers) and
//! `GET /api/v1/health/ready` (the database takes a write: a full disk or a read-only replica
//! must not look healthy while every submission fails).

use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use guichet_protocol::{
    PROTOCOL_VERSION,
    health::{Health, HealthStatus},
};

use crate::infra::state::AppState;

/// The routes of this feature, relative to `/api`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/health", get(get_health))
        .route("/v1/health/live", get(get_live))
        .route("/v1/health/ready", get(get_ready))
}

/// This feature's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(get_health, get_live, get_ready))]
pub(crate) struct HealthApi;

/// 200 `ok` when the database answers, 503 `degraded` when it does not. The body is the same
/// shape either way so a kiosk can show which database is down.
#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "health",
    responses(
        (status = 200, description = "The database answers", body = Health),
        (status = 503, description = "The database does not answer: `degraded`", body = Health),
    )
)]
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

/// The answer of the liveness and readiness probes.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
struct Probe {
    status: HealthStatus,
}

/// 200 whenever the process can answer at all: restart it only when this fails.
#[utoipa::path(
    get,
    path = "/api/v1/health/live",
    tag = "health",
    responses(
        (status = 200, description = "The process answers", body = Probe),
    )
)]
async fn get_live() -> Json<Probe> {
    Json(Probe { status: HealthStatus::Ok })
}

/// 200 when the database committed a small write just now, 503 otherwise: take this instance out
/// of the balancer, but do not restart it (the database is what is wrong).
#[utoipa::path(
    get,
    path = "/api/v1/health/ready",
    tag = "health",
    responses(
        (status = 200, description = "The database committed a write just now", body = Probe),
        (status = 503, description = "The database did not take a write: `degraded`", body = Probe),
    )
)]
async fn get_ready(State(state): State<AppState>) -> (StatusCode, Json<Probe>) {
    match state.database.probe_write(state.clock.now_millis()).await {
        Ok(()) => (StatusCode::OK, Json(Probe { status: HealthStatus::Ok })),
        Err(error) => {
            tracing::warn!(error = &error as &dyn std::error::Error, "readiness write failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Probe { status: HealthStatus::Degraded }))
        }
    }
}
