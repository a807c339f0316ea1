//! The device settings, one record under the key `device` of the settings store, and the marker
//! of a refused credential under `device.refused`.
//!
//! Nothing here is personal. The enrolment's credential is a secret of the device, not of any
//! visitor: it stays through every wipe, and only a new enrolment replaces it.

use std::time::Duration;

use guichet_core::draft::{DEFAULT_DRAFT_LIFETIME, DraftSettings};
use guichet_core::kiosk::{DeviceMode, IdleSettings};
use guichet_protocol::devices::{AgencySummary, Enrolment};
use serde::{Deserialize, Serialize};

use crate::storage::{Database, StorageError, stores};

/// The key of the record in the settings store.
pub const SETTINGS_KEY: &str = "device";
/// The key of the device id the agency refused (401/403): sending waits while it is the
/// enrolled one's (`guichet_core::outbox::credential_refused`).
pub const REFUSED_KEY: &str = "device.refused";

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
            enrolment: Some(Enrolled {
                device_id: enrolment.device_id,
                name: name.to_owned(),
                agency: enrolment.agency,
                credential: enrolment.credential,
            }),
            ..self.clone()
        }
    }

    /// The enrolled device's id, if any.
    pub fn device_id(&self) -> Option<&str> {
        self.enrolment.as_ref().map(|enrolled| enrolled.device_id.as_str())
    }
}

/// The stored settings, or the defaults when there are none. When storage refuses to answer the
/// device cannot know what it is, and errs on the side of the visitor: it behaves as a kiosk
/// (idle wipe, no autocomplete), since a kiosk must never keep a form on screen for the next
/// person, while a phone only loses some convenience.
pub async fn load() -> DeviceSettings {
    match read_settings().await {
        Ok(settings) => settings.unwrap_or_default(),
        Err(error) => {
            web_sys::console::warn_1(&format!("device settings not read: {error}").into());
            DeviceSettings { mode: DeviceMode::Kiosk, ..DeviceSettings::default() }
        }
    }
}

async fn read_settings() -> Result<Option<DeviceSettings>, StorageError> {
    let database = Database::open().await?;
    let settings = read(&database).await;
    database.close();
    settings
}

/// The settings record in an open database (the sender reads it at each pass).
pub async fn read(database: &Database) -> Result<Option<DeviceSettings>, StorageError> {
    database.get_json(stores::SETTINGS, SETTINGS_KEY).await
}

pub async fn save(settings: &DeviceSettings) -> Result<(), StorageError> {
    let database = Database::open().await?;
    let result = write(&database, settings).await;
    database.close();
    result
}

/// Stores the settings record in an open database.
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
