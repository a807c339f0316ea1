//! The device settings as the kiosk provider reads them: stored by
//! [`crate::storage::settings`], read here with the fail-closed rule.

use guichet_core::kiosk::DeviceMode;

pub use crate::storage::settings::{
    DeviceSettings, Enrolled, REFUSED_KEY, SETTINGS_KEY, read, record_refused, refused, write,
};
use crate::storage::{Database, StorageError};

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

pub async fn save(settings: &DeviceSettings) -> Result<(), StorageError> {
    let database = Database::open().await?;
    let result = write(&database, settings).await;
    database.close();
    result
}
