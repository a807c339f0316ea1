//! `POST /api/v1/registrations`: the HTTP face of the ingest, and its one mapping of errors.
//!
//! In order: the protocol version (this one or the one before), the caller (an enrolled kiosk's
//! bearer credential, or anonymous), the caller's rate limit, then the body. An entry that cannot
//! be read is answered `invalid` on its own, so one bad entry never refuses its whole batch.
//!
//! From protocol version 3 an entry's registration is `sealed`: it is opened here, with the key
//! its id names, and from then on is judged exactly as a clear one (the same validation, and the
//! digest of the opened registration decides duplicate or conflict). A seal that does not open is
//! that entry's `invalid`, naming the field `sealed`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{ConnectInfo, State},
    http::{Extensions, HeaderMap, header},
    routing::post,
};
use guichet_core::sealing::{Keyring, OpenError};
use guichet_protocol::{
    PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER, SEALED_PROTOCOL_VERSION,
    SUPPORTED_PROTOCOL_VERSIONS,
    registration::{FieldError, Registration},
    sealing::Sealed,
    submission::{MAX_BATCH, SubmissionBatch, SubmissionResults},
};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::ingest::{IngestError, Received, Routes, Sender, ingest};
use crate::{
    agencies,
    devices::{self, AuthError, Caller},
    infra::{
        api_error::{ApiError, ErrorBody},
        state::AppState,
    },
};

/// The routes of this feature, relative to `/api`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/registrations", post(post_registrations))
}

/// The batch, with each entry left raw so that one unreadable entry is answered on its own.
#[derive(Deserialize)]
struct RawBatch<'a> {
    #[serde(borrow)]
    registrations: Vec<&'a RawValue>,
}

/// What is read of an entry before its registration.
#[derive(Deserialize)]
struct RawEntry<'a> {
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    submitted_at: Option<String>,
    /// Read on its own, so that a value that is not a version names this field.
    #[serde(borrow, default)]
    reference_version: Option<&'a RawValue>,
    #[serde(borrow, default)]
    registration: Option<&'a RawValue>,
    /// From protocol version 3, in place of `registration`.
    #[serde(borrow, default)]
    sealed: Option<&'a RawValue>,
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
    extensions: Extensions,
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
    // Tests call the router without a socket: they all share the unspecified address.
    let address = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(address)| address.ip());
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
    let submissions = read_batch(&body, protocol, &state.sealing_keys)?;
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

/// The batch's entries. The envelope must be right (an object with an array of at most
/// [`MAX_BATCH`] entries); inside it, an entry that cannot be read becomes an `invalid` answer
/// naming the first field that did not parse, never the value.
fn read_batch(body: &[u8], protocol: u32, keys: &Keyring) -> Result<Vec<Received>, ApiError> {
    let batch: RawBatch<'_> =
        serde_json::from_slice(body).map_err(|error| ApiError::BadRequest {
            code: "invalid_body",
            // serde_json's message names a position and an expectation, never the content.
            message: format!("the body is not a batch of registrations: {error}"),
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
    Ok(batch.registrations.into_iter().map(|raw| read_entry(raw, protocol, keys)).collect())
}

fn read_entry(raw: &RawValue, protocol: u32, keys: &Keyring) -> Received {
    let unreadable = |field: String| FieldError { field, code: "unreadable".to_owned() };
    let entry: RawEntry<'_> = match serde_json::from_str(raw.get()) {
        Ok(entry) => entry,
        Err(_) => {
            return Received {
                client_id: String::new(),
                submitted_at: String::new(),
                reference_version: None,
                registration: Err(unreadable(".".to_owned())),
            };
        }
    };
    let reference_version = entry
        .reference_version
        .map(|raw| serde_json::from_str::<Option<u32>>(raw.get()))
        .transpose()
        .map(Option::flatten);
    let client_id = entry.client_id.unwrap_or_default();
    let registration = match (entry.registration, &reference_version) {
        (_, Err(_)) => Err(unreadable("reference_version".to_owned())),
        (registration, Ok(_)) if protocol >= SEALED_PROTOCOL_VERSION => {
            read_sealed(entry.sealed, registration.is_some(), &client_id, keys)
        }
        (None, Ok(_)) => Err(unreadable("registration".to_owned())),
        // The fast path first; only an entry that fails is read again to name the field.
        (Some(raw), Ok(_)) => serde_json::from_str::<Registration>(raw.get()).map_err(|_| {
            let deserializer = &mut serde_json::Deserializer::from_str(raw.get());
            let path = serde_path_to_error::deserialize::<_, Registration>(deserializer)
                .err()
                .map_or_else(|| ".".to_owned(), |error| error.path().to_string());
            unreadable(format!("registration.{path}"))
        }),
    };
    Received {
        client_id,
        submitted_at: entry.submitted_at.unwrap_or_default(),
        reference_version: reference_version.ok().flatten(),
        registration,
    }
}

/// A version 3 entry's registration: opened with the key its seal names, bound to its client id.
/// Every failure names the field `sealed`: a clear registration in its place
/// (`sealed_required`), a seal that does not read (`unreadable`), one sealed to a key this server
/// does not hold (`sealed_unknown_key`), one that does not open (`sealed_refused`: another key,
/// another client id, altered bytes), or opens to something that is not a registration
/// (`sealed_not_a_registration`).
fn read_sealed(
    sealed: Option<&RawValue>,
    clear_given: bool,
    client_id: &str,
    keys: &Keyring,
) -> Result<Registration, FieldError> {
    let error = |code: &str| FieldError { field: "sealed".to_owned(), code: code.to_owned() };
    let Some(raw) = sealed else {
        return Err(error(if clear_given { "sealed_required" } else { "unreadable" }));
    };
    let sealed: Sealed = serde_json::from_str(raw.get()).map_err(|_| error("unreadable"))?;
    keys.open(&sealed, client_id).map_err(|failure| {
        error(match failure {
            OpenError::UnknownKey(_) => "sealed_unknown_key",
            OpenError::Malformed | OpenError::Refused => "sealed_refused",
            OpenError::NotARegistration => "sealed_not_a_registration",
        })
    })
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
