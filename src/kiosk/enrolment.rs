//! The kiosk's two requests about itself: `POST /api/v1/devices/enrol` (a code and a name for a
//! credential) and `GET /api/v1/devices/me` (is the credential still good, what are the agency's
//! delays now). `KioskProvider` checks; the offers worker enrols (`crate::outbox::background`), so
//! the page's module does not carry a request made once per kiosk. They read and write no storage.

use gloo::net::http::Request;
use guichet_protocol::devices::{DeviceStatus, Enrolment, EnrolmentRequest};
use guichet_protocol::{PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER};

pub use guichet_core::kiosk::EnrolError;

const ENROL_PATH: &str = "/api/v1/devices/enrol";
const STATUS_PATH: &str = "/api/v1/devices/me";
/// A request that takes longer than this counts as a network failure.
const REQUEST_TIMEOUT_MS: u32 = 15_000;

/// What `GET /api/v1/devices/me` said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusCheck {
    Current(DeviceStatus),
    /// 401 or 403: the credential is revoked or unknown.
    Refused,
    /// No answer worth acting on (offline, 5xx): keep what the device knows.
    Unknown,
}

/// Exchanges a one-time code for a credential of the code's agency.
pub async fn enrol(code: &str, name: &str) -> Result<Enrolment, EnrolError> {
    let signal = web_sys::AbortSignal::timeout_with_u32(REQUEST_TIMEOUT_MS);
    let body = EnrolmentRequest { code: code.to_owned(), name: name.to_owned() };
    let response = Request::post(ENROL_PATH)
        .header(PROTOCOL_VERSION_HEADER, &PROTOCOL_VERSION.to_string())
        .abort_signal(Some(&signal))
        .json(&body)
        .map_err(|_| EnrolError::Server)?
        .send()
        .await
        .map_err(|_| EnrolError::Network)?;
    match response.status() {
        200..=299 => response.json::<Enrolment>().await.map_err(|_| EnrolError::Server),
        429 => Err(EnrolError::Throttled),
        400..=499 => Err(EnrolError::CodeRefused),
        _ => Err(EnrolError::Server),
    }
}

/// Asks the agency about this device's credential.
pub async fn check(credential: &str) -> StatusCheck {
    let signal = web_sys::AbortSignal::timeout_with_u32(REQUEST_TIMEOUT_MS);
    let sent = Request::get(STATUS_PATH)
        .header(PROTOCOL_VERSION_HEADER, &PROTOCOL_VERSION.to_string())
        .header("authorization", &bearer(credential))
        .abort_signal(Some(&signal))
        .send()
        .await;
    let Ok(response) = sent else { return StatusCheck::Unknown };
    match response.status() {
        200 => {
            response.json::<DeviceStatus>().await.map_or(StatusCheck::Unknown, StatusCheck::Current)
        }
        401 | 403 => StatusCheck::Refused,
        _ => StatusCheck::Unknown,
    }
}

/// The `Authorization` header value for a device credential.
pub fn bearer(credential: &str) -> String {
    format!("Bearer {credential}")
}
