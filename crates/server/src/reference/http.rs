//! `GET /api/v1/reference`: the reference lists (wilayas, communes, occupations, contract types,
//! sectors) with their version. The version is the ETag, so a kiosk that holds the current
//! lists gets a bodiless 304 and keeps its cached copy.

use axum::{
    Json, Router,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use guichet_core::reference::ReferenceData;

use crate::infra::state::AppState;

/// The routes of this feature, relative to `/api`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/reference", get(get_reference))
}

async fn get_reference(headers: HeaderMap) -> Response {
    let reference = ReferenceData::builtin();
    let etag = format!("\"reference-{}\"", reference.version());
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    let etag_value =
        HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"reference\""));
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response();
    }
    ([(header::ETAG, etag_value)], Json(reference.reference())).into_response()
}
