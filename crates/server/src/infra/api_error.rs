//! The one error type of the API and its one mapping to HTTP.
//!
//! Features' domain code returns its own errors; each feature's `http` module maps them to an
//! [`ApiError`], and this module alone turns an `ApiError` into a response.
//!
//! The JSON body is `{"error":{"code":"…","message":"…"}}`: `code` is stable for programs,
//! `message` is for a developer reading it. Neither ever repeats what the client sent.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
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
    /// A credential was sent and is not valid (unknown, revoked or malformed): enrol again.
    #[error("the credential is not valid: the device must be enrolled again")]
    Unauthorized,
    /// Over a rate limit: try again after `retry_after_seconds`.
    #[error("too many requests, try again in {retry_after_seconds} s")]
    TooManyRequests { retry_after_seconds: u64 },
    /// The server has too much in flight to take this request now.
    #[error("the server is busy, try again later")]
    Overloaded,
    /// A staff endpoint called without a live session: log in at /desk/login.
    #[error("log in first: no session, or it has expired")]
    NotLoggedIn,
    /// Refused whoever asks: a state-changing request without its CSRF token, or cross-site.
    #[error("{message}")]
    Forbidden { code: &'static str, message: &'static str },
    /// The endpoint exists and what it was asked for does not (any more): an old snapshot.
    #[error("{message}")]
    Missing { code: &'static str, message: &'static str },
}

impl From<super::rate_limit::Limited> for ApiError {
    fn from(limited: super::rate_limit::Limited) -> Self {
        Self::TooManyRequests { retry_after_seconds: limited.retry_after_seconds() }
    }
}

/// The body of every error answer of the API (its schema `ErrorBody` in the API document).
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct ErrorDetail<'a> {
    /// Stable, for programs: `not_found`, `invalid_body`, `unsupported_protocol`, …
    code: &'a str,
    /// For a developer reading it; never repeats what the client sent.
    message: String,
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            Self::DatabaseUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "database_unavailable"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            Self::Overloaded => (StatusCode::SERVICE_UNAVAILABLE, "overloaded"),
            Self::NotLoggedIn => (StatusCode::UNAUTHORIZED, "not_logged_in"),
            Self::Forbidden { code, .. } => (StatusCode::FORBIDDEN, code),
            Self::Missing { code, .. } => (StatusCode::NOT_FOUND, code),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let body = ErrorBody { error: ErrorDetail { code, message: self.to_string() } };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        match self {
            Self::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::TooManyRequests { retry_after_seconds } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            }
            Self::Overloaded | Self::DatabaseUnavailable => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            _ => {}
        }
        response
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
