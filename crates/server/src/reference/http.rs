//! `GET /api/v1/reference`: the reference lists in force (the highest imported version, or the
//! built-in lists) with their version. The version is the ETag, so a kiosk that holds the
//! current lists gets a bodiless 304 and keeps its cached copy.

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use guichet_core::reference::{BUILTIN_VERSION, ReferenceData};
use guichet_protocol::reference::Reference;

use super::store;
use crate::infra::{
    api_error::{ApiError, ErrorBody},
    state::AppState,
};

/// The routes of this feature, relative to `/api`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/reference", get(get_reference))
}

/// This feature's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(get_reference))]
pub(crate) struct ReferenceApi;

#[utoipa::path(
    get,
    path = "/api/v1/reference",
    tag = "reference",
    params(
        ("If-None-Match" = Option<String>, Header, description = "The `ETag` of the lists held"),
    ),
    responses(
        (status = 200, description = "The lists in force; `ETag` is their version",
            body = Reference, headers(("ETag" = String))),
        (status = 304, description = "The lists held are the ones in force",
            headers(("ETag" = String))),
        (status = 503, description = "`database_unavailable`", body = ErrorBody),
    )
)]
async fn get_reference(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let version = match store::latest_version(&state.database).await {
        Ok(version) => version.unwrap_or(BUILTIN_VERSION),
        Err(_) => return ApiError::DatabaseUnavailable.into_response(),
    };
    let etag = format!("\"reference-{version}\"");
    let etag_value =
        HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"reference\""));
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response();
    }
    if version == BUILTIN_VERSION {
        return ([(header::ETAG, etag_value)], Json(ReferenceData::builtin().reference()))
            .into_response();
    }
    // The stored document is served as it was written: it was checked at import.
    match store::document(&state.database, version).await {
        Ok(Some(document)) => (
            [
                (header::ETAG, etag_value),
                (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            ],
            document,
        )
            .into_response(),
        Ok(None) | Err(_) => ApiError::DatabaseUnavailable.into_response(),
    }
}
