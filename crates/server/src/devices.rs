//! Enrolled kiosks. (Skeleton holding the interface registrations codes against; the devices
//! work replaces the body.)

use axum::http::HeaderValue;
use guichet_core::time::Timestamp;

use crate::infra::db::Database;

/// Who is calling, as far as devices can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// No `Authorization` header: a phone, or a device not enrolled.
    Anonymous,
    /// A valid, unrevoked device credential.
    Device { device_id: String, agency_id: String },
}

/// Why a caller could not be authenticated.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// A credential was sent and is malformed, unknown or revoked: 401.
    #[error("the device credential is not valid")]
    Unauthorized,
    #[error("a database query failed")]
    Database(#[from] sqlx::Error),
}

/// Authenticates the bearer credential of a request, if any.
pub async fn authenticate(
    _database: &Database,
    _now: Timestamp,
    authorization: Option<&HeaderValue>,
) -> Result<Caller, AuthError> {
    match authorization {
        None => Ok(Caller::Anonymous),
        Some(_) => Err(AuthError::Unauthorized),
    }
}
