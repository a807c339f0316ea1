//! `POST /api/v1/registrations`: the HTTP face of the ingest, and its one mapping of errors.
//!
//! In order: the protocol version (this one or the one before), the caller (an enrolled kiosk's
//! bearer credential, or anonymous), the caller's rate limit, then the body, read by
//! `guichet_core::registration::batch`: an entry that cannot be read is answered `invalid` on its
//! own, so one bad entry never refuses its whole batch.
//!
//! From protocol version 3 an entry's registration is `sealed`: the core opens it with the
//! server's keys, and from then on it is judged exactly as a clear one (the same validation, and
//! the digest of the opened registration decides duplicate or conflict). A seal that does not
//! open is that entry's `invalid`, naming the field `sealed`.

use axum::{
    Json, Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, header},
    routing::post,
};
use guichet_core::{registration::batch, sealing::Keyring};
use guichet_protocol::{
    PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER, SEALED_PROTOCOL_VERSION,
    SUPPORTED_PROTOCOL_VERSIONS,
    submission::{SubmissionBatch, SubmissionResults},
};

use super::ingest::{IngestError, Received, Routes, Sender, ingest};
use crate::{
    agencies,
    devices::{self, AuthError, Caller},
    infra::{
        api_error::{ApiError, ErrorBody},
        client_address::ClientAddress,
        state::AppState,
    },
};

/// The routes of this feature, relative to `/api`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/registrations", post(post_registrations))
}

/// This feature's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(post_registrations))]
pub(crate) struct RegistrationsApi;

/// The protocol version header, as the API document states it: one of
/// [`SUPPORTED_PROTOCOL_VERSIONS`], written from the constant so the two cannot differ.
struct ProtocolHeader;

impl utoipa::IntoParams for ProtocolHeader {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        use utoipa::openapi::{ObjectBuilder, Required, Type, path};
        let versions = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .enum_values(Some(SUPPORTED_PROTOCOL_VERSIONS))
            .build();
        vec![
            path::ParameterBuilder::new()
                .name(PROTOCOL_VERSION_HEADER)
                .parameter_in(path::ParameterIn::Header)
                .required(Required::True)
                .description(Some(format!(
                    "The protocol version the entries were made under: {PROTOCOL_VERSION} in \
                     clear, {SEALED_PROTOCOL_VERSION} sealed"
                )))
                .schema(Some(versions))
                .build(),
        ]
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/registrations",
    tag = "registrations",
    params(ProtocolHeader),
    request_body = SubmissionBatch,
    security((), ("kiosk_credential" = [])),
    responses(
        (status = 200, description = "One result per entry, in order: an entry that cannot be \
            read is answered `invalid` on its own", body = SubmissionResults),
        (status = 400, description = "`unsupported_protocol`, `invalid_body` (not a batch) or \
            `batch_too_large`", body = ErrorBody),
        (status = 401, description = "`unauthorized`: the credential sent is not valid (enrol \
            again)", body = ErrorBody, headers(("WWW-Authenticate" = String))),
        (status = 429, description = "`too_many_requests`: over this address's or this kiosk's \
            rate", body = ErrorBody, headers(("Retry-After" = u64))),
        (status = 503, description = "`database_unavailable`", body = ErrorBody,
            headers(("Retry-After" = u64))),
    )
)]
async fn post_registrations(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<SubmissionResults>, ApiError> {
    let protocol = check_protocol_version(&headers)?;
    let now = state.clock.now();
    let caller = devices::authenticate(&state.database, now, headers.get(header::AUTHORIZATION))
        .await
        .map_err(|error| match error {
            AuthError::Unauthorized => ApiError::Unauthorized,
            AuthError::Database(error) => {
                tracing::error!(error = %error, "device authentication failed");
                ApiError::DatabaseUnavailable
            }
        })?;
    let sender = match caller {
        Caller::Anonymous => {
            state.rate_limits.check_address(address)?;
            Sender::Anonymous
        }
        Caller::Device { device_id, agency_id } => {
            state.rate_limits.check_device(&device_id)?;
            Sender::Device { device_id, agency_id }
        }
    };
    let submissions = read_submissions(&state, &body, protocol).await?;
    let routes = match sender {
        Sender::Anonymous => route_by_commune(&state, &submissions).await?,
        Sender::Device { .. } => Routes::new(),
    };
    let results = ingest(
        &state.database,
        &state.reference_cache,
        &sender,
        protocol,
        submissions,
        &routes,
        now,
    )
    .await
    .map_err(|error| match error {
        IngestError::Database(error) => {
            tracing::error!(error = %error, "pre-registrations batch not stored");
            ApiError::DatabaseUnavailable
        }
        IngestError::Race => {
            tracing::warn!("pre-registrations batch raced another writer; the client retries");
            ApiError::DatabaseUnavailable
        }
    })?;
    Ok(Json(SubmissionResults { results }))
}

/// The local agency serving each commune of residence in the batch (phones are routed there).
async fn route_by_commune(state: &AppState, submissions: &[Received]) -> Result<Routes, ApiError> {
    let mut routes = Routes::new();
    for submission in submissions {
        let Ok(registration) = &submission.registration else { continue };
        let commune = &registration.contact.residence_commune;
        if routes.contains_key(commune) {
            continue;
        }
        let agency =
            agencies::serving_commune(&state.database, commune).await.map_err(|error| {
                tracing::error!(error = %error, "routing by commune failed");
                ApiError::DatabaseUnavailable
            })?;
        routes.insert(commune.clone(), agency);
    }
    Ok(routes)
}

/// The batch read and its sealed entries opened. An entry sealed to a key this instance does not
/// hold (another instance published a rotated key first) makes it reload its keys from their
/// directory and read the batch again, so a rolling restart after `keys rotate` refuses nothing;
/// reloads are spaced (`infra::sealing_keys`).
async fn read_submissions(
    state: &AppState,
    body: &[u8],
    protocol: u32,
) -> Result<Vec<Received>, ApiError> {
    let submissions = read_batch(body, protocol, &state.sealing_keys.ring())?;
    let names_unknown_key = submissions.iter().any(|received| {
        received.registration.as_ref().is_err_and(|error| error.code == UNKNOWN_KEY)
    });
    let Some(dir) = names_unknown_key
        .then(|| state.sealing_keys.reload_from(std::time::Instant::now()))
        .flatten()
        .map(ToOwned::to_owned)
    else {
        return Ok(submissions);
    };
    match tokio::task::spawn_blocking(move || crate::sealing::load(&dir)).await {
        Ok(Ok((ring, infos))) => {
            tracing::info!(
                keys = infos.len(),
                "sealing keys reloaded: a submission named a key not loaded"
            );
            state.sealing_keys.replace(ring);
            read_batch(body, protocol, &state.sealing_keys.ring())
        }
        Ok(Err(error)) => {
            tracing::error!(error = %error, "sealing keys could not be reloaded");
            Ok(submissions)
        }
        Err(error) => {
            tracing::error!(error = %error, "sealing keys reload did not finish");
            Ok(submissions)
        }
    }
}

/// The field error of an entry sealed to a key this server does not hold.
const UNKNOWN_KEY: &str = "sealed_unknown_key";

/// The batch's entries, read by the core (`registration::batch`); a body refused as a whole is
/// a 400 with the error's code.
fn read_batch(body: &[u8], protocol: u32, keys: &Keyring) -> Result<Vec<Received>, ApiError> {
    batch::read_batch(body, protocol, keys)
        .map_err(|error| ApiError::BadRequest { code: error.code(), message: error.to_string() })
}

/// A client must say which protocol it speaks, and this server must know it: guessing the meaning
/// of a registration written for another version could store it wrong.
fn check_protocol_version(headers: &HeaderMap) -> Result<u32, ApiError> {
    let announced = headers.get(PROTOCOL_VERSION_HEADER).and_then(|value| value.to_str().ok());
    if let Some(version) = announced.and_then(|text| text.trim().parse::<u32>().ok())
        && SUPPORTED_PROTOCOL_VERSIONS.contains(&version)
    {
        return Ok(version);
    }
    Err(ApiError::BadRequest {
        code: "unsupported_protocol",
        message: format!(
            "this server speaks protocol version {PROTOCOL_VERSION} (and accepts {}): send the \
             header {PROTOCOL_VERSION_HEADER}: {PROTOCOL_VERSION} (received {})",
            SUPPORTED_PROTOCOL_VERSIONS.map(|version| version.to_string()).join(", "),
            announced.map_or_else(|| "none".to_owned(), |version| format!("{version:.16}"))
        ),
    })
}
