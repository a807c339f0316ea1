//! The one error type of the API and its one mapping to HTTP.
//!
//! Features' domain code returns its own errors; each feature's `http` module maps them to an
//! [`ApiError`], and this module alone turns an `ApiError` into a response.
//!
//! The JSON body is `{"error":{"code":"…","message":"…"}}`: `code` is stable for programs,
//! `message` is for a developer reading it. Neither ever repeats what the client sent.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

/// Why an API request failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error("no API endpoint at this path")]
    NotFound,
    #[error("this API endpoint does not accept this method")]
    MethodNotAllowed,
    /// The query or body breaks a rule; `code` names the rule, `message` explains it without
    /// repeating what was sent.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// Retryable: the database did not answer. The caller has logged the cause.
    #[error("the database is unavailable, try again later")]
    DatabaseUnavailable,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: String,
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            Self::DatabaseUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "database_unavailable"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let body = ErrorBody { error: ErrorDetail { code, message: self.to_string() } };
        (status, Json(body)).into_response()
    }
}

/// The API's answer for a path no route matches: JSON, never the kiosk's HTML.
pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// The API's answer for a known path and a method it does not take.
pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
