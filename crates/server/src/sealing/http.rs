//! `GET /api/v1/sealing-key`: the key kiosks seal registrations to.
//!
//! Its own endpoint rather than a field of `GET /api/v1/reference`: the reference document is
//! served as stored and cached by its version (the ETag), while the key changes on its own
//! schedule (`keys rotate`). Here the ETag is the key id, so a kiosk learns of a rotation on its
//! next sync and otherwise gets a bodiless 304.

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

use guichet_protocol::sealing::SealingKey;

use crate::infra::{
    api_error::{ApiError, ErrorBody},
    state::AppState,
};

/// The routes of this feature, relative to `/api`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/sealing-key", get(get_sealing_key))
}

/// This feature's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(get_sealing_key))]
pub(crate) struct SealingApi;

#[utoipa::path(
    get,
    path = "/api/v1/sealing-key",
    tag = "sealing",
    params(
        ("If-None-Match" = Option<String>, Header, description = "The `ETag` of the key held"),
    ),
    responses(
        (status = 200, description = "The current public key; `ETag` is its id",
            body = SealingKey, headers(("ETag" = String))),
        (status = 304, description = "The key held is the current one", headers(("ETag" = String))),
        (status = 404, description = "`not_found`: this server has no sealing key", body = ErrorBody),
    )
)]
async fn get_sealing_key(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let ring = state.sealing_keys.ring();
    let Some(current) = ring.current() else {
        return ApiError::NotFound.into_response();
    };
    let public = current.public_key().to_wire();
    let etag = format!("\"key-{}\"", public.key_id);
    let Ok(etag_value) = HeaderValue::from_str(&etag) else {
        return Json(public).into_response();
    };
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response();
    }
    ([(header::ETAG, etag_value)], Json(public)).into_response()
}
