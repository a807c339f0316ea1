//! The device settings, one record under the key `device` of the settings store.
//!
//! Nothing here is personal: the mode, the delays and the PIN's salted digest.

use std::time::Duration;

use guichet_core::draft::{DEFAULT_DRAFT_LIFETIME, DraftSettings};
use guichet_core::kiosk::{DeviceMode, IdleSettings};
use serde::{Deserialize, Serialize};

use crate::storage::{Database, StorageError, stores};

/// The key of the record in the settings store.
pub const SETTINGS_KEY: &str = "device";

/// How this device behaves. A device never set up is personal, with the default delays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceSettings {
    pub mode: DeviceMode,
    pub idle: IdleSettings,
    /// How long a draft is kept on a personal device after its last change.
    pub draft_lifetime_days: u32,
    /// The setup PIN, once chosen.
    pub pin: Option<PinRecord>,
}

/// A PIN as stored: a random salt and `guichet_core::kiosk::pin_digest(salt, pin)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinRecord {
    pub salt: String,
    pub digest: String,
}

impl Default for DeviceSettings {
    fn default() -> Self {
        Self {
            mode: DeviceMode::Personal,
            idle: IdleSettings::default(),
            draft_lifetime_days: u32::try_from(DEFAULT_DRAFT_LIFETIME.as_secs() / 86_400)
                .unwrap_or(15),
            pin: None,
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
}

/// The stored settings, or the defaults when there are none. When storage refuses to answer the
/// device cannot know what it is, and errs on the side of the visitor: it behaves as a kiosk
/// (idle wipe, no autocomplete), since a kiosk must never keep a form on screen for the next
/// person, while a phone only loses some convenience.
pub async fn load() -> DeviceSettings {
    match read().await {
        Ok(settings) => settings.unwrap_or_default(),
        Err(error) => {
            web_sys::console::warn_1(&format!("device settings not read: {error}").into());
            DeviceSettings { mode: DeviceMode::Kiosk, ..DeviceSettings::default() }
        }
    }
}

async fn read() -> Result<Option<DeviceSettings>, StorageError> {
    let database = Database::open().await?;
    let settings = database.get_json(stores::SETTINGS, SETTINGS_KEY).await;
    database.close();
    settings
}

pub async fn save(settings: &DeviceSettings) -> Result<(), StorageError> {
    let database = Database::open().await?;
    let result = database.put_json(stores::SETTINGS, Some(SETTINGS_KEY), settings).await;
    database.close();
    result
}
