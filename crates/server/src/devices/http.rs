//! The devices API: enrolment and `me` for kiosks, and the managers' kiosk administration
//! (enrolment codes, the list of kiosks, revocation, the agency's kiosk settings). This module
//! alone maps the feature's errors to [`ApiError`].
//!
//! A manager's request about another agency, or another agency's device, is answered 404 exactly
//! like one about an agency or device that does not exist: the answer tells nothing about what
//! exists elsewhere. Enrolment attempts are throttled per client address, and a wrong, used or
//! expired code gets one and the same answer.

use std::{num::NonZeroU32, sync::Arc};

use axum::{
    Extension, Json, Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    routing::{get, post, put},
};
use guichet_protocol::devices::{
    DeviceList, DeviceStatus, DeviceSummary, Enrolment, EnrolmentRequest, IssuedEnrolmentCode,
    KioskSettings,
};

use super::{
    AuthError, Caller, CodeError, DeviceName, DeviceRow, EnrolError, Revocation, authenticate,
    create_code, enrol, find, list, revoke, rfc3339, status,
};
use crate::{
    agencies::{self, CheckedKioskSettings},
    infra::{
        api_error::{ApiError, ErrorBody},
        client_address::ClientAddress,
        rate_limit::RateLimits,
        state::AppState,
    },
    staff::CurrentStaff,
};

/// Enrolment attempts per minute per client address. Codes are 40 random bits and live 15
/// minutes, so this is ample protection against guessing, and a room of kiosks behind one
/// address can still be enrolled in one go.
pub const ENROLMENT_ATTEMPTS_PER_MINUTE: u32 = 10;

/// The throttle of enrolment attempts, one per router.
#[derive(Debug, Clone)]
struct EnrolmentLimit(Arc<RateLimits>);

/// The routes of this feature, relative to `/api`.
pub(crate) fn routes() -> Router<AppState> {
    let per_minute = NonZeroU32::new(ENROLMENT_ATTEMPTS_PER_MINUTE).unwrap_or(NonZeroU32::MIN);
    // Only the per-address side of these limits is used.
    let limit = EnrolmentLimit(Arc::new(RateLimits::new(per_minute, NonZeroU32::MIN)));
    Router::new()
        .route("/v1/devices/enrol", post(post_enrolment))
        .route("/v1/devices/me", get(get_me))
        .route("/v1/devices/{device_id}/revoke", post(post_revocation))
        .route("/v1/agencies/{agency_id}/enrolment-codes", post(post_enrolment_code))
        .route("/v1/agencies/{agency_id}/devices", get(get_agency_devices))
        .route("/v1/agencies/{agency_id}/kiosk-settings", put(put_kiosk_settings))
        .layer(Extension(limit))
}

/// This feature's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    post_enrolment,
    get_me,
    post_revocation,
    post_enrolment_code,
    get_agency_devices,
    put_kiosk_settings
))]
pub(crate) struct DevicesApi;

#[utoipa::path(
    post,
    path = "/api/v1/devices/enrol",
    tag = "devices",
    request_body = EnrolmentRequest,
    responses(
        (status = 201, description = "Enrolled: keep the credential, it is shown once", body = Enrolment),
        (status = 400, description = "`invalid_body`, `invalid_name` or `enrolment_code_invalid` \
            (wrong, used or expired: one answer)", body = ErrorBody),
        (status = 429, description = "`too_many_requests`: enrolment attempts from this address",
            body = ErrorBody, headers(("Retry-After" = u64))),
        (status = 503, description = "`database_unavailable`", body = ErrorBody),
    )
)]
async fn post_enrolment(
    State(state): State<AppState>,
    Extension(EnrolmentLimit(limit)): Extension<EnrolmentLimit>,
    // Behind trusted proxies, the forwarded client; `oneshot` tests without a socket share one
    // bucket.
    ClientAddress(address): ClientAddress,
    body: Bytes,
) -> Result<(StatusCode, Json<Enrolment>), ApiError> {
    limit.check_address(address)?;
    let request: EnrolmentRequest = read_json(&body)?;
    let name = DeviceName::parse(&request.name).map_err(|error| ApiError::BadRequest {
        code: "invalid_name",
        message: error.to_string(),
    })?;
    let enrolled =
        enrol(&state.database, state.clock.now(), &request.code, &name).await.map_err(|error| {
            match error {
                EnrolError::InvalidCode => ApiError::BadRequest {
                    code: "enrolment_code_invalid",
                    message: "this enrolment code cannot be used: ask a manager for a new one"
                        .to_owned(),
                },
                EnrolError::Random(error) => {
                    tracing::error!(error = &error as &dyn std::error::Error, "no random bytes");
                    ApiError::DatabaseUnavailable
                }
                EnrolError::Database(error) => unavailable(&error, "enrolment failed"),
            }
        })?;
    tracing::info!(
        device_id = %enrolled.device_id,
        agency_id = %enrolled.agency.id,
        "device enrolled"
    );
    let answer = Enrolment {
        device_id: enrolled.device_id,
        agency: enrolled.agency,
        credential: enrolled.credential.as_str().to_owned(),
        settings: enrolled.settings,
    };
    Ok((StatusCode::CREATED, Json(answer)))
}

#[utoipa::path(
    get,
    path = "/api/v1/devices/me",
    tag = "devices",
    security(("kiosk_credential" = [])),
    responses(
        (status = 200, description = "The calling kiosk, its agency and its settings", body = DeviceStatus),
        (status = 401, description = "`unauthorized`: no credential, or not a valid one",
            body = ErrorBody, headers(("WWW-Authenticate" = String))),
        (status = 503, description = "`database_unavailable`", body = ErrorBody),
    )
)]
async fn get_me(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<DeviceStatus>, ApiError> {
    let caller =
        authenticate(&state.database, state.clock.now(), headers.get(header::AUTHORIZATION))
            .await
            .map_err(|error| match error {
                AuthError::Unauthorized => ApiError::Unauthorized,
                AuthError::Database(error) => unavailable(&error, "device authentication failed"),
            })?;
    let Caller::Device { device_id, .. } = caller else { return Err(ApiError::Unauthorized) };
    let status = status(&state.database, &device_id)
        .await
        .map_err(|error| unavailable(&error, "device status failed"))?;
    status.map(Json).ok_or(ApiError::Unauthorized)
}

#[utoipa::path(
    post,
    path = "/api/v1/agencies/{agency_id}/enrolment-codes",
    tag = "devices",
    params(("agency_id" = String, Path, description = "An agency the caller manages")),
    security(("staff_session" = [], "csrf_token" = [])),
    responses(
        (status = 201, description = "A one-time code, valid 15 minutes", body = IssuedEnrolmentCode),
        (status = 401, description = "`not_logged_in`", body = ErrorBody),
        (status = 403, description = "`csrf`: no valid `x-csrf-token`, or cross-site", body = ErrorBody),
        (status = 404, description = "`not_found`: no such agency, or not the caller's", body = ErrorBody),
        (status = 503, description = "`database_unavailable`", body = ErrorBody),
    )
)]
async fn post_enrolment_code(
    State(state): State<AppState>,
    Path(agency_id): Path<String>,
    staff: CurrentStaff,
) -> Result<(StatusCode, Json<IssuedEnrolmentCode>), ApiError> {
    if !staff.may_manage_agency(&agency_id) {
        return Err(ApiError::NotFound);
    }
    let issued = create_code(&state.database, state.clock.now(), &agency_id, Some(&staff.id))
        .await
        .map_err(|error| match error {
            CodeError::UnknownAgency(_) => ApiError::NotFound,
            CodeError::Random(error) => {
                tracing::error!(error = &error as &dyn std::error::Error, "no random bytes");
                ApiError::DatabaseUnavailable
            }
            CodeError::NoFreeCode => {
                tracing::error!("every enrolment code drawn was already stored");
                ApiError::DatabaseUnavailable
            }
            CodeError::Database(error) => unavailable(&error, "enrolment code not stored"),
        })?;
    let expires_at = rfc3339(i64::try_from(issued.expires_at.0).unwrap_or(i64::MAX));
    let answer = IssuedEnrolmentCode { code: issued.code.as_str().to_owned(), expires_at };
    Ok((StatusCode::CREATED, Json(answer)))
}

#[utoipa::path(
    get,
    path = "/api/v1/agencies/{agency_id}/devices",
    tag = "devices",
    params(("agency_id" = String, Path, description = "An agency the caller manages")),
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The agency's kiosks, revoked ones included", body = DeviceList),
        (status = 401, description = "`not_logged_in`", body = ErrorBody),
        (status = 404, description = "`not_found`: no such agency, or not the caller's", body = ErrorBody),
        (status = 503, description = "`database_unavailable`", body = ErrorBody),
    )
)]
async fn get_agency_devices(
    State(state): State<AppState>,
    Path(agency_id): Path<String>,
    staff: CurrentStaff,
) -> Result<Json<DeviceList>, ApiError> {
    managed_agency(&state, &staff, &agency_id).await?;
    let devices = list(&state.database, Some(&agency_id))
        .await
        .map_err(|error| unavailable(&error, "device list failed"))?;
    Ok(Json(DeviceList { devices: devices.into_iter().map(summary).collect() }))
}

#[utoipa::path(
    post,
    path = "/api/v1/devices/{device_id}/revoke",
    tag = "devices",
    params(("device_id" = String, Path, description = "A kiosk of an agency the caller manages")),
    security(("staff_session" = [], "csrf_token" = [])),
    responses(
        (status = 204, description = "Revoked (or already was): its credential no longer works"),
        (status = 401, description = "`not_logged_in`", body = ErrorBody),
        (status = 403, description = "`csrf`: no valid `x-csrf-token`, or cross-site", body = ErrorBody),
        (status = 404, description = "`not_found`: no such kiosk, or not the caller's", body = ErrorBody),
        (status = 503, description = "`database_unavailable`", body = ErrorBody),
    )
)]
async fn post_revocation(
    State(state): State<AppState>,
    Path(device_id): Path<String>,
    staff: CurrentStaff,
) -> Result<StatusCode, ApiError> {
    let device = find(&state.database, &device_id)
        .await
        .map_err(|error| unavailable(&error, "device lookup failed"))?;
    match device {
        Some(device) if staff.may_manage_agency(&device.agency_id) => {}
        _ => return Err(ApiError::NotFound),
    }
    let outcome = revoke(&state.database, state.clock.now(), &device_id)
        .await
        .map_err(|error| unavailable(&error, "revocation failed"))?;
    match outcome {
        Revocation::Revoked => {
            tracing::info!(device_id = %device_id, "device revoked");
            Ok(StatusCode::NO_CONTENT)
        }
        Revocation::AlreadyRevoked => Ok(StatusCode::NO_CONTENT),
        Revocation::NotFound => Err(ApiError::NotFound),
    }
}

#[utoipa::path(
    put,
    path = "/api/v1/agencies/{agency_id}/kiosk-settings",
    tag = "devices",
    params(("agency_id" = String, Path, description = "An agency the caller manages")),
    request_body = KioskSettings,
    security(("staff_session" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "The settings stored; kiosks apply them on their next sync",
            body = KioskSettings),
        (status = 400, description = "`invalid_body` or `invalid_kiosk_settings`", body = ErrorBody),
        (status = 401, description = "`not_logged_in`", body = ErrorBody),
        (status = 403, description = "`csrf`: no valid `x-csrf-token`, or cross-site", body = ErrorBody),
        (status = 404, description = "`not_found`: no such agency, or not the caller's", body = ErrorBody),
        (status = 503, description = "`database_unavailable`", body = ErrorBody),
    )
)]
async fn put_kiosk_settings(
    State(state): State<AppState>,
    Path(agency_id): Path<String>,
    staff: CurrentStaff,
    body: Bytes,
) -> Result<Json<KioskSettings>, ApiError> {
    managed_agency(&state, &staff, &agency_id).await?;
    let settings: KioskSettings = read_json(&body)?;
    let checked = CheckedKioskSettings::new(settings).map_err(|error| ApiError::BadRequest {
        code: "invalid_kiosk_settings",
        message: error.to_string(),
    })?;
    let stored = agencies::set_kiosk_settings(&state.database, &agency_id, checked)
        .await
        .map_err(|error| unavailable(&error, "kiosk settings not stored"))?;
    if !stored {
        return Err(ApiError::NotFound);
    }
    Ok(Json(checked.get()))
}

/// Passes when `staff` may manage `agency_id` and it exists; 404 otherwise, whichever it is.
async fn managed_agency(
    state: &AppState,
    staff: &CurrentStaff,
    agency_id: &str,
) -> Result<(), ApiError> {
    if !staff.may_manage_agency(agency_id) {
        return Err(ApiError::NotFound);
    }
    match agencies::find(&state.database, agency_id).await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(ApiError::NotFound),
        Err(error) => Err(unavailable(&error, "agency lookup failed")),
    }
}

fn summary(device: DeviceRow) -> DeviceSummary {
    DeviceSummary {
        device_id: device.id,
        name: device.name,
        enrolled_at: rfc3339(device.enrolled_at_ms),
        last_seen_at: device.last_seen_at_ms.map(rfc3339),
        revoked_at: device.revoked_at_ms.map(rfc3339),
    }
}

fn read_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|error| ApiError::BadRequest {
        code: "invalid_body",
        // Only the position: serde_json's own message may quote the value that was sent.
        message: format!(
            "the body is not the expected JSON (line {}, column {})",
            error.line(),
            error.column()
        ),
    })
}

/// Logs a database failure once, here at the boundary, and answers 503.
fn unavailable(error: &sqlx::Error, what: &'static str) -> ApiError {
    tracing::error!(error = error as &dyn std::error::Error, "{what}");
    ApiError::DatabaseUnavailable
}
