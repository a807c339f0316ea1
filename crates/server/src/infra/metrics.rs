//! Metrics in the Prometheus text format, served at `/metrics` on an address of their own
//! (`serve --metrics-addr`): never on the public listener, so the counts of a national service
//! are not published to everyone who can reach a kiosk.
//!
//! The `metrics` facade records from anywhere (`metrics::counter!`…); the recorder is the
//! process's one Prometheus recorder, installed on first use. What is recorded:
//!
//! - `guichet_http_requests_total{method, route, status}` and
//!   `guichet_http_request_duration_seconds{method, route}`: the route is the matched pattern
//!   (`/api/v1/offers/changes`, `/desk/dossiers/{client_id}`), never the path typed, so no
//!   identifier becomes a label;
//! - `guichet_submissions_total{outcome}` (created, duplicate, conflict, invalid),
//!   `guichet_submission_batch_size` and `guichet_ingest_duration_seconds` (registrations);
//! - `guichet_db_pool_connections{state}` (idle, in use), read at each scrape.

use std::{sync::OnceLock, time::Instant};

use axum::{
    Router,
    extract::{MatchedPath, Request, State},
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::db::Database;

/// Latency buckets, in seconds, for every `_seconds` histogram.
const SECONDS_BUCKETS: [f64; 12] =
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];
/// Batch sizes, up to the protocol's 100.
const BATCH_BUCKETS: [f64; 8] = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 75.0, 100.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed on first use. When another recorder was installed first
/// (a test harness), metrics are recorded there and this handle renders nothing.
pub fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), &SECONDS_BUCKETS)
            .and_then(|builder| {
                builder.set_buckets_for_metric(
                    Matcher::Full("guichet_submission_batch_size".to_owned()),
                    &BATCH_BUCKETS,
                )
            })
            .expect("the buckets are constant and not empty");
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed: /metrics will be empty");
        }
        handle
    })
}

/// Counts every request by method, matched route and status, and times it.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(
        "guichet_http_requests_total",
        "method" => method.clone(),
        "route" => route.clone(),
        "status" => status
    )
    .increment(1);
    metrics::histogram!(
        "guichet_http_request_duration_seconds",
        "method" => method,
        "route" => route
    )
    .record(started.elapsed().as_secs_f64());
    response
}

/// The router of the metrics address: `GET /metrics` only.
pub fn router(database: Database) -> Router {
    // Installed now, so the first scrape already sees what was recorded since start.
    handle();
    Router::new().route("/metrics", get(scrape)).with_state(database)
}

async fn scrape(State(database): State<Database>) -> Response {
    let (size, idle) = match &database {
        Database::Sqlite(pool) => (pool.size(), pool.num_idle()),
        Database::Postgres(pool) => (pool.size(), pool.num_idle()),
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    metrics::gauge!("guichet_db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("guichet_db_pool_connections", "state" => "in_use")
        .set(f64::from(size.saturating_sub(idle)));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle().render())
        .into_response()
}
