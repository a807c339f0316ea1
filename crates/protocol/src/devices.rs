//! Enrolled kiosks: `POST /api/v1/devices/enrol` turns a device into a kiosk of one agency, and
//! `GET /api/v1/devices/me` tells an enrolled kiosk its agency's current settings.
//!
//! A manager creates a one-time enrolment code (8 Crockford base32 characters, valid 15 minutes);
//! staff type it on the kiosk's `/setup` screen with a name for the device. The answer carries the
//! device credential, which the kiosk sends as `Authorization: Bearer <credential>` with every
//! submission. The server keeps only a hash of it.

use serde::{Deserialize, Serialize};

/// The longest device name accepted, in characters.
pub const MAX_DEVICE_NAME_CHARS: usize = 80;

/// `POST /api/v1/devices/enrol` request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolmentRequest {
    /// The enrolment code, as typed: case, spaces and hyphens are forgiven, and the Crockford
    /// look-alikes (`O` for `0`, `I`/`L` for `1`) are read as digits.
    pub code: String,
    /// What staff call this device ("Accueil 1"), shown in the agency's list of kiosks.
    pub name: String,
}

/// `POST /api/v1/devices/enrol` answer (201).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrolment {
    pub device_id: String,
    pub agency: AgencySummary,
    /// 256 random bits, base64url without padding. Shown once: the server keeps only its hash.
    pub credential: String,
    pub settings: KioskSettings,
}

/// `GET /api/v1/devices/me` answer, for an enrolled kiosk (401 for a revoked or unknown one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceStatus {
    pub device_id: String,
    pub name: String,
    pub agency: AgencySummary,
    pub settings: KioskSettings,
}

/// The agency a kiosk belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencySummary {
    /// ANEM's agency id: `16` for a wilaya agency, `16-05` for a local one.
    pub id: String,
    pub name: String,
}

/// What an agency's managers decide for all of its kiosks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KioskSettings {
    /// Seconds without input before the idle warning appears.
    pub idle_seconds: u32,
    /// Seconds the warning counts down before the visitor's data is wiped (at least 20: WCAG
    /// 2.2.1 gives the person that long to ask for more time).
    pub countdown_seconds: u32,
    /// Days a registration the agency refused stays on a kiosk, for the desk to see, before it
    /// leaves the device. Absent from servers older than it: the default then.
    #[serde(default = "default_rejected_retention_days")]
    pub rejected_retention_days: u32,
}

/// [`KioskSettings::rejected_retention_days`] when nobody chose otherwise.
pub const DEFAULT_REJECTED_RETENTION_DAYS: u32 = 7;

fn default_rejected_retention_days() -> u32 {
    DEFAULT_REJECTED_RETENTION_DAYS
}

impl Default for KioskSettings {
    fn default() -> Self {
        Self {
            idle_seconds: 90,
            countdown_seconds: 30,
            rejected_retention_days: DEFAULT_REJECTED_RETENTION_DAYS,
        }
    }
}

/// `POST /api/v1/agencies/{agency_id}/enrolment-codes` answer (201), for a manager: the code to
/// type on the kiosk, shown once (the server keeps only its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedEnrolmentCode {
    /// 8 Crockford base32 characters, upper case, no separator.
    pub code: String,
    /// RFC 3339, UTC: 15 minutes after creation.
    pub expires_at: String,
}

/// `GET /api/v1/agencies/{agency_id}/devices` answer: the agency's kiosks, revoked ones
/// included, in enrolment order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceList {
    pub devices: Vec<DeviceSummary>,
}

/// One kiosk of an agency, as its managers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSummary {
    pub device_id: String,
    pub name: String,
    /// RFC 3339, UTC.
    pub enrolled_at: String,
    /// RFC 3339, UTC, to the minute or so (it is written at most once a minute); `None` before
    /// the device's first authenticated request.
    pub last_seen_at: Option<String>,
    /// RFC 3339, UTC; `None` while the device may send.
    pub revoked_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrolment_wire_format() {
        let enrolment = Enrolment {
            device_id: "0190f5e2-1234-7abc-9def-0123456789ab".to_owned(),
            agency: AgencySummary { id: "16-05".to_owned(), name: "ALEM BAB EZZOUAR".to_owned() },
            credential: "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c".to_owned(),
            settings: KioskSettings::default(),
        };
        insta::assert_json_snapshot!(enrolment);
    }

    #[test]
    fn enrolment_request_wire_format() {
        let request =
            EnrolmentRequest { code: "7K3M-9QXD".to_owned(), name: "Accueil 1".to_owned() };
        let json = serde_json::to_value(&request).expect("serializes");
        assert_eq!(json, serde_json::json!({"code": "7K3M-9QXD", "name": "Accueil 1"}));
    }

    #[test]
    fn manager_wire_formats() {
        let code = IssuedEnrolmentCode {
            code: "7K3M9QXD".to_owned(),
            expires_at: "2026-11-29T14:00:00Z".to_owned(),
        };
        insta::assert_json_snapshot!(code, @r#"
        {
          "code": "7K3M9QXD",
          "expires_at": "2026-11-29T14:00:00Z"
        }
        "#);
        let list = DeviceList {
            devices: vec![DeviceSummary {
                device_id: "0190f5e2-1234-7abc-9def-0123456789ab".to_owned(),
                name: "Accueil 1".to_owned(),
                enrolled_at: "2026-11-29T13:45:00Z".to_owned(),
                last_seen_at: None,
                revoked_at: Some("2026-11-30T08:00:00Z".to_owned()),
            }],
        };
        insta::assert_json_snapshot!(list, @r#"
        {
          "devices": [
            {
              "device_id": "0190f5e2-1234-7abc-9def-0123456789ab",
              "name": "Accueil 1",
              "enrolled_at": "2026-11-29T13:45:00Z",
              "last_seen_at": null,
              "revoked_at": "2026-11-30T08:00:00Z"
            }
          ]
        }
        "#);
    }
}
