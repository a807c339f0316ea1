//! Enrolled kiosks: the one-time codes that enrol them, their credentials, who is calling, and
//! what an agency's managers do with their kiosks.
//!
//! A manager (or an operator: `guichet-server devices code --agency ID`) creates an enrolment
//! code for an agency; the kiosk sends it with a name to `POST /api/v1/devices/enrol` and
//! receives a credential bound to that agency, which it sends as `Authorization: Bearer …`.
//! [`authenticate`] turns that header into a [`Caller`] for the other features (registrations
//! routes a kiosk's pre-registrations to its agency). A revoked credential is refused from then
//! on.
//!
//! - `secrets` draws and reads codes and credentials (only their hashes are stored) and checks
//!   device names; `store` holds the SQL; `http` is the kiosk's and the managers' API; `cli` is
//!   `guichet-server devices code|list|revoke`.
//!
//! This feature never logs a code or a credential, nor a header that carries one.

mod cli;
mod http;
pub mod secrets;
mod store;

use std::time::Duration;

use axum::http::HeaderValue;
use guichet_core::time::Timestamp;
use guichet_protocol::devices::{AgencySummary, DeviceStatus, KioskSettings};

use crate::{agencies, infra::db::Database};

pub use cli::{DevicesCommand, run};
pub(crate) use http::{DevicesApi, routes};
pub use secrets::{DeviceName, EnrolmentCode, InvalidName};
pub use store::DeviceRow;

/// How long an enrolment code stays usable.
pub const CODE_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// Codes drawn before giving up when each is already stored (one chance in 2^40 per stored code,
/// so a second draw is already a rarity).
const CODE_DRAWS: usize = 4;
/// A device's `last_seen_at` is written at most this often.
pub const LAST_SEEN_RESOLUTION: Duration = Duration::from_secs(60);

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

/// A new enrolment code, to show once.
#[derive(Debug, Clone)]
pub struct IssuedCode {
    pub code: EnrolmentCode,
    pub expires_at: Timestamp,
}

/// Why no code was issued.
#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    #[error("there is no agency {0}")]
    UnknownAgency(String),
    #[error("the operating system's random number generator failed")]
    Random(#[from] getrandom::Error),
    /// Every code drawn was already stored: the random numbers cannot be trusted.
    #[error("no unused enrolment code could be drawn")]
    NoFreeCode,
    #[error("a database query failed")]
    Database(#[from] sqlx::Error),
}

/// A device just enrolled: what the kiosk is told, once.
#[derive(Debug, Clone)]
pub struct Enrolled {
    pub device_id: String,
    pub agency: AgencySummary,
    pub credential: secrets::Credential,
    pub settings: KioskSettings,
}

/// Why an enrolment failed.
#[derive(Debug, thiserror::Error)]
pub enum EnrolError {
    /// Unknown, already used or expired: deliberately one answer for all three.
    #[error("the enrolment code is not valid")]
    InvalidCode,
    #[error("the operating system's random number generator failed")]
    Random(#[from] getrandom::Error),
    #[error("a database query failed")]
    Database(#[from] sqlx::Error),
}

/// How a revocation went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revocation {
    Revoked,
    AlreadyRevoked,
    NotFound,
}

/// Authenticates the bearer credential of a request, if any: no header is [`Caller::Anonymous`];
/// a malformed, unknown or revoked credential is [`AuthError::Unauthorized`].
///
/// The credential is looked up by its SHA-256, so no comparison of secrets happens here and a
/// constant-time comparison would protect nothing: the timing of an index lookup on a hash
/// tells an attacker nothing about the credential.
pub async fn authenticate(
    database: &Database,
    now: Timestamp,
    authorization: Option<&HeaderValue>,
) -> Result<Caller, AuthError> {
    let Some(authorization) = authorization else { return Ok(Caller::Anonymous) };
    let digest = secrets::bearer_digest(authorization).ok_or(AuthError::Unauthorized)?;
    let device = store::device_by_credential(database, &digest).await?;
    let Some(device) = device.filter(|device| device.revoked_at_ms.is_none()) else {
        return Err(AuthError::Unauthorized);
    };
    let now = millis(now);
    let stale_before = now - millis_of(LAST_SEEN_RESOLUTION);
    if device.last_seen_at_ms.is_none_or(|seen| seen <= stale_before) {
        store::touch(database, &device.id, now, stale_before).await?;
    }
    Ok(Caller::Device { device_id: device.id, agency_id: device.agency_id })
}

/// Creates an enrolment code for `agency_id`, valid [`CODE_LIFETIME`] from `now`.
/// `created_by` is the manager's staff id, `None` from the command line.
pub async fn create_code(
    database: &Database,
    now: Timestamp,
    agency_id: &str,
    created_by: Option<&str>,
) -> Result<IssuedCode, CodeError> {
    if agencies::find(database, agency_id).await?.is_none() {
        return Err(CodeError::UnknownAgency(agency_id.to_owned()));
    }
    let expires_at = now.plus(CODE_LIFETIME);
    for _ in 0..CODE_DRAWS {
        let code = EnrolmentCode::generate()?;
        let digest = code.digest();
        let new = store::NewCode {
            digest: &digest,
            agency_id,
            created_by,
            created_at_ms: millis(now),
            expires_at_ms: millis(expires_at),
        };
        // A digest already stored (one chance in 2^40 per stored code) means: draw again.
        if store::insert_code(database, new).await? {
            return Ok(IssuedCode { code, expires_at });
        }
    }
    Err(CodeError::NoFreeCode)
}

/// Enrols a device with the code staff typed, in the code's agency.
pub async fn enrol(
    database: &Database,
    now: Timestamp,
    code: &str,
    name: &DeviceName,
) -> Result<Enrolled, EnrolError> {
    let code = EnrolmentCode::parse(code).ok_or(EnrolError::InvalidCode)?;
    let (credential, credential_digest) = secrets::Credential::generate()?;
    let device_id = uuid::Uuid::new_v4().to_string();
    let device = store::NewDevice {
        id: &device_id,
        name: name.as_str(),
        credential_digest: &credential_digest,
    };
    let agency_id = store::enrol(database, &code.digest(), device, millis(now))
        .await?
        .ok_or(EnrolError::InvalidCode)?;
    let agency = agencies::find(database, &agency_id).await?.ok_or_else(|| {
        sqlx::Error::Decode(format!("device {device_id} belongs to a missing agency").into())
    })?;
    Ok(Enrolled {
        device_id,
        agency: AgencySummary { id: agency.id, name: agency.name },
        credential,
        settings: agency.kiosk,
    })
}

/// What an enrolled device is told about itself; `None` if it no longer exists.
pub async fn status(
    database: &Database,
    device_id: &str,
) -> Result<Option<DeviceStatus>, sqlx::Error> {
    let Some(device) = store::device(database, device_id).await? else { return Ok(None) };
    let Some(agency) = agencies::find(database, &device.agency_id).await? else {
        return Ok(None);
    };
    Ok(Some(DeviceStatus {
        device_id: device.id,
        name: device.name,
        agency: AgencySummary { id: agency.id, name: agency.name },
        settings: agency.kiosk,
    }))
}

/// The device `id`, revoked or not.
pub async fn find(database: &Database, id: &str) -> Result<Option<DeviceRow>, sqlx::Error> {
    store::device(database, id).await
}

/// Every device, or those of `agency_id`, in enrolment order.
pub async fn list(
    database: &Database,
    agency_id: Option<&str>,
) -> Result<Vec<DeviceRow>, sqlx::Error> {
    store::devices(database, agency_id).await
}

/// Revokes the device `id`: its credential gets 401 from now on.
pub async fn revoke(
    database: &Database,
    now: Timestamp,
    id: &str,
) -> Result<Revocation, sqlx::Error> {
    if store::revoke(database, id, millis(now)).await? {
        return Ok(Revocation::Revoked);
    }
    Ok(match store::device(database, id).await? {
        Some(_) => Revocation::AlreadyRevoked,
        None => Revocation::NotFound,
    })
}

/// An instant as RFC 3339 in UTC, to the second (`2026-11-29T13:45:00Z`).
pub fn rfc3339(millis: i64) -> String {
    let millis = u64::try_from(millis).unwrap_or(0);
    let seconds_of_day = (millis / 1000) % 86_400;
    let (hours, minutes, seconds) =
        (seconds_of_day / 3600, seconds_of_day / 60 % 60, seconds_of_day % 60);
    let date = guichet_core::offers::dates::format_date(millis);
    format!("{date}T{hours:02}:{minutes:02}:{seconds:02}Z")
}

fn millis(at: Timestamp) -> i64 {
    i64::try_from(at.0).unwrap_or(i64::MAX)
}

fn millis_of(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_in_rfc3339() {
        #[track_caller]
        fn check(millis: i64, expected: &str) {
            assert_eq!(rfc3339(millis), expected);
        }
        check(0, "1970-01-01T00:00:00Z");
        check(1_795_959_900_999, "2026-11-29T13:45:00Z");
        check(951_782_400_000, "2000-02-29T00:00:00Z");
        check(-5, "1970-01-01T00:00:00Z");
    }
}
