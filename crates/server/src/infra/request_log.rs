//! One log line per request: request id, method, path, status and latency.
//!
//! It must never log the query string, a header other than the request id, or a body: any of
//! them may carry a national identity number or a phone number. The path is taken from
//! `Uri::path`, which excludes the query by construction.

use std::time::Instant;

use axum::{extract::Request, middleware::Next, response::Response};
use tracing::Instrument;

/// The middleware. It runs inside the request id layer, so the id is always present; handlers'
/// own log lines are recorded inside the same span and carry the id too.
pub(crate) async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let span = tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %request.method(),
        path = %request.uri().path(),
    );
    let response = next.run(request).instrument(span.clone()).await;
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    span.in_scope(|| {
        tracing::info!(status = response.status().as_u16(), latency_ms, "request finished");
    });
    response
}
