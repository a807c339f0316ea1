//! `POST /api/v1/registrations`: the HTTP face of the ingest, and its one mapping of errors.
//!
//! The device keeps each registration until this endpoint has confirmed it, and resends it with
//! the same client id after any failure. So every answer must be one a replay can repeat: the
//! batch is committed (durably: SQLite runs with `synchronous = FULL`) before the answer leaves,
//! and a replay finds the stored row and gets the original reference back.
//!
//! This module never logs a registration's content: only counts per status.

use axum::{
    Json, Router,
    extract::{State, rejection::JsonRejection},
    http::HeaderMap,
    routing::post,
};
use guichet_protocol::{
    PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER,
    submission::{MAX_BATCH, SubmissionBatch, SubmissionResults},
};

use super::ingest::{IngestError, ingest};
use crate::infra::{api_error::ApiError, state::AppState};

/// The routes of this feature, relative to `/api`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/registrations", post(post_registrations))
}

pub(crate) async fn post_registrations(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<SubmissionBatch>, JsonRejection>,
) -> Result<Json<SubmissionResults>, ApiError> {
    check_protocol_version(&headers)?;
    let Json(batch) = body.map_err(|rejection| ApiError::BadRequest {
        code: "invalid_body",
        // The rejection's text names the position of the problem, never the content.
        message: format!("the body is not a batch of registrations: {}", rejection.body_text()),
    })?;
    if batch.registrations.len() > MAX_BATCH {
        return Err(ApiError::BadRequest {
            code: "batch_too_large",
            message: format!(
                "a batch holds at most {MAX_BATCH} registrations, this one has {}",
                batch.registrations.len()
            ),
        });
    }
    let results =
        ingest(&state.database, batch.registrations, state.clock.now()).await.map_err(|error| {
            match error {
                IngestError::Database(error) => {
                    tracing::error!(error = %error, "registrations batch not stored");
                    ApiError::DatabaseUnavailable
                }
                IngestError::Race => {
                    tracing::warn!(
                        "registrations batch raced another writer; the client will retry"
                    );
                    ApiError::DatabaseUnavailable
                }
            }
        })?;
    Ok(Json(SubmissionResults { results }))
}

/// A client must say which protocol it speaks, and it must be ours: guessing the meaning of a
/// registration written for another version could store it wrong.
fn check_protocol_version(headers: &HeaderMap) -> Result<(), ApiError> {
    let announced = headers.get(PROTOCOL_VERSION_HEADER).and_then(|value| value.to_str().ok());
    if announced == Some(PROTOCOL_VERSION.to_string().as_str()) {
        return Ok(());
    }
    Err(ApiError::BadRequest {
        code: "unsupported_protocol",
        message: format!(
            "this server speaks protocol version {PROTOCOL_VERSION}: send the header \
             {PROTOCOL_VERSION_HEADER}: {PROTOCOL_VERSION} (received {})",
            announced.map_or_else(|| "none".to_owned(), |version| format!("{version:.16}"))
        ),
    })
}
