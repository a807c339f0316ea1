//! `POST /api/v1/registrations`: registrations from the kiosks' outboxes, stored exactly once.
//!
//! The device keeps each registration until this endpoint has confirmed it, and resends it with
//! the same client id after any failure. So every answer must be one a replay can repeat: the
//! batch is committed (durably: SQLite runs with `synchronous = FULL`) before the answer leaves,
//! and a replay finds the stored row and gets the original reference back.
//!
//! This module never logs a registration's content: only counts per status.

mod ingest;
mod store;

use axum::{
    Json,
    extract::{State, rejection::JsonRejection},
    http::HeaderMap,
};
use guichet_protocol::{
    PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER,
    submission::{MAX_BATCH, SubmissionBatch, SubmissionResults},
};

use crate::{api::ApiError, app::AppState};

pub(crate) use ingest::ingest;

/// `guichet-server registration list`: every stored registration's client id and reference, one
/// per line, ordered by client id. For operators and tests checking "each once"; no personal data.
pub async fn list_registrations(
    config: crate::MigrateConfig,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let database = crate::Database::connect(&config.database_url).await?;
    for (client_id, reference) in store::list(&database).await? {
        writeln!(out, "{client_id} {reference}")?;
    }
    database.close().await;
    Ok(())
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
    let results = ingest(&state.database, batch.registrations, crate::clock::now()).await?;
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
