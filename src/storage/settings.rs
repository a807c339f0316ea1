//! The settings store: the device settings, one record under the key `device`, the marker of a
//! refused credential under `device.refused`, and the test-only batch size.
//!
//! Nothing here is personal. The enrolment's credential is a secret of the device, not of any
//! visitor: it stays through every wipe, and only a new enrolment replaces it.

use std::time::Duration;

use guichet_core::draft::{DEFAULT_DRAFT_LIFETIME, DraftSettings};
use guichet_core::kiosk::{DeviceMode, IdleSettings, rejected_retention};
use guichet_protocol::devices::{
    AgencySummary, DEFAULT_REJECTED_RETENTION_DAYS, Enrolment, KioskSettings,
};
use guichet_protocol::sealing::SealingKey;
use serde::{Deserialize, Serialize};

use super::{Database, StorageError, stores};

/// The key of the record in the settings store.
pub const SETTINGS_KEY: &str = "device";
/// The key of the device id the agency refused (401/403): sending waits while it is the
/// enrolled one's (`guichet_core::outbox::credential_refused`).
pub const REFUSED_KEY: &str = "device.refused";
/// The key of the agency's public sealing key (`GET /api/v1/sealing-key`): public, not personal.
pub const SEALING_KEY_KEY: &str = "agency.sealing_key";
/// The key that lowers the outbox batch size (tests use it to make many small requests).
pub const BATCH_SIZE_KEY: &str = "outbox.batch_size";

/// How this device behaves. A device never enrolled is personal, with the default delays.
/// Records written before enrolment existed may hold a `pin`, which is ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceSettings {
    pub mode: DeviceMode,
    /// The agency's delays, from the enrolment and every `GET /api/v1/devices/me` since.
    pub idle: IdleSettings,
    /// How long a draft is kept on a personal device after its last change.
    pub draft_lifetime_days: u32,
    /// Present once the device is enrolled in an agency.
    pub enrolment: Option<Enrolled>,
    /// On a kiosk, the days a registration the agency refused stays before it leaves the device
    /// (the agency's setting, from the enrolment and every `GET /api/v1/devices/me` since).
    pub rejected_retention_days: u32,
}

/// What the device keeps of its enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolled {
    pub device_id: String,
    /// The name staff gave the device.
    pub name: String,
    pub agency: AgencySummary,
    /// Sent as `Authorization: Bearer` with every submission and status request.
    pub credential: String,
}

impl Default for DeviceSettings {
    fn default() -> Self {
        Self {
            mode: DeviceMode::Personal,
            idle: IdleSettings::default(),
            draft_lifetime_days: u32::try_from(DEFAULT_DRAFT_LIFETIME.as_secs() / 86_400)
                .unwrap_or(15),
            enrolment: None,
            rejected_retention_days: DEFAULT_REJECTED_RETENTION_DAYS,
        }
    }
}

impl DeviceSettings {
    pub fn drafts(&self) -> DraftSettings {
        DraftSettings {
            mode: self.mode,
            lifetime: Duration::from_secs(u64::from(self.draft_lifetime_days) * 86_400),
        }
    }

    /// These settings once enrolled as `name`: a kiosk of the answer's agency, with its delays.
    pub fn enrolled(&self, name: &str, enrolment: Enrolment) -> Self {
        Self {
            mode: DeviceMode::Kiosk,
            idle: IdleSettings::from_agency(enrolment.settings),
            rejected_retention_days: enrolment.settings.rejected_retention_days,
            enrolment: Some(Enrolled {
                device_id: enrolment.device_id,
                name: name.to_owned(),
                agency: enrolment.agency,
                credential: enrolment.credential,
            }),
            ..self.clone()
        }
    }

    /// How long a refused registration stays: on a kiosk the agency's days (within
    /// `guichet_core::kiosk::REJECTED_RETENTION_DAYS`); on a personal device, until its owner
    /// deletes the app's data (`None`).
    pub fn rejected_retention(&self) -> Option<Duration> {
        (self.mode == DeviceMode::Kiosk).then(|| {
            rejected_retention(KioskSettings {
                rejected_retention_days: self.rejected_retention_days,
                ..KioskSettings::default()
            })
        })
    }

    /// The enrolled device's id, if any.
    pub fn device_id(&self) -> Option<&str> {
        self.enrolment.as_ref().map(|enrolled| enrolled.device_id.as_str())
    }
}

/// The settings record, if one is stored.
pub async fn read(database: &Database) -> Result<Option<DeviceSettings>, StorageError> {
    database.get_json(stores::SETTINGS, SETTINGS_KEY).await
}

/// Stores the settings record.
pub async fn write(database: &Database, settings: &DeviceSettings) -> Result<(), StorageError> {
    database.put_json(stores::SETTINGS, Some(SETTINGS_KEY), settings).await
}

/// The device id the agency last refused, if any.
pub async fn refused(database: &Database) -> Result<Option<String>, StorageError> {
    database.get_json(stores::SETTINGS, REFUSED_KEY).await
}

/// Records that the agency refused `device_id`'s credential.
pub async fn record_refused(database: &Database, device_id: &str) -> Result<(), StorageError> {
    database.put_json(stores::SETTINGS, Some(REFUSED_KEY), &device_id).await
}

/// The agency's public key registrations are sealed to, once a sync has fetched it.
pub async fn sealing_key(database: &Database) -> Result<Option<SealingKey>, StorageError> {
    database.get_json(stores::SETTINGS, SEALING_KEY_KEY).await
}

/// Keeps the agency's current public sealing key.
pub async fn store_sealing_key(database: &Database, key: &SealingKey) -> Result<(), StorageError> {
    database.put_json(stores::SETTINGS, Some(SEALING_KEY_KEY), key).await
}

/// The outbox batch size a test asked for, if any.
pub async fn batch_size(database: &Database) -> Result<Option<usize>, StorageError> {
    database.get_json(stores::SETTINGS, BATCH_SIZE_KEY).await
}
