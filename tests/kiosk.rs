//! Browser tests of the device settings: enrolment replaces the PIN, records written before it
//! still load, and a refused credential is recorded against the enrolment it belonged to.
#![cfg(target_arch = "wasm32")]

use guichet::kiosk::settings::{self, DeviceSettings, REFUSED_KEY, SETTINGS_KEY};
use guichet::storage::{Database, stores};
use guichet_core::kiosk::{DeviceMode, IdleSettings};
use guichet_core::outbox::credential_refused;
use guichet_protocol::devices::{AgencySummary, Enrolment, KioskSettings};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn enrolment(device_id: &str, idle_seconds: u32, countdown_seconds: u32) -> Enrolment {
    Enrolment {
        device_id: device_id.to_owned(),
        agency: AgencySummary { id: "16-05".to_owned(), name: "ALEM BAB EZZOUAR".to_owned() },
        credential: format!("credential-of-{device_id}"),
        settings: KioskSettings { idle_seconds, countdown_seconds, ..KioskSettings::default() },
    }
}

async fn clear_device_settings(database: &Database) {
    database.delete(stores::SETTINGS, SETTINGS_KEY).await.expect("clear settings");
    database.delete(stores::SETTINGS, REFUSED_KEY).await.expect("clear marker");
}

#[wasm_bindgen_test]
async fn a_device_is_personal_until_enrolled_then_a_kiosk_of_the_agency_with_its_delays() {
    let database = Database::open().await.expect("open");
    clear_device_settings(&database).await;
    database.close();

    let personal = settings::load().await;
    assert_eq!(personal, DeviceSettings::default());
    assert_eq!(personal.mode, DeviceMode::Personal);
    assert_eq!(personal.enrolment, None);

    // The agency asks for a 5-second countdown: the kiosk still gives the visitor 20.
    let kiosk = personal.enrolled("Accueil 1", enrolment("device-1", 120, 5));
    assert_eq!(kiosk.mode, DeviceMode::Kiosk);
    assert_eq!(kiosk.idle, IdleSettings { idle_ms: 120_000, countdown_ms: 20_000 });
    assert_eq!(kiosk.draft_lifetime_days, personal.draft_lifetime_days);
    let enrolled = kiosk.enrolment.clone().expect("enrolled");
    assert_eq!(enrolled.name, "Accueil 1");
    assert_eq!(enrolled.agency.name, "ALEM BAB EZZOUAR");
    assert_eq!(enrolled.credential, "credential-of-device-1");

    settings::save(&kiosk).await.expect("save");
    assert_eq!(settings::load().await, kiosk, "the enrolment survives a reload");

    let database = Database::open().await.expect("open");
    clear_device_settings(&database).await;
    database.close();
}

#[wasm_bindgen_test]
async fn settings_written_with_a_pin_load_without_it() {
    let database = Database::open().await.expect("open");
    let old = serde_json::json!({
        "mode": "kiosk",
        "idle": { "idle_ms": 60_000, "countdown_ms": 30_000 },
        "draft_lifetime_days": 10,
        "pin": { "salt": "0190f5e2-1234-7abc-9def-0123456789ab", "digest": "ab12" },
    });
    database.put_json(stores::SETTINGS, Some(SETTINGS_KEY), &old).await.expect("put");
    database.close();

    let loaded = settings::load().await;
    assert_eq!(loaded.mode, DeviceMode::Kiosk, "an old kiosk stays a kiosk");
    assert_eq!(loaded.idle, IdleSettings { idle_ms: 60_000, countdown_ms: 30_000 });
    assert_eq!(loaded.draft_lifetime_days, 10);
    assert_eq!(loaded.enrolment, None, "but it must be enrolled to send as one");

    // Saved again, the PIN is gone for good.
    settings::save(&loaded).await.expect("save");
    let database = Database::open().await.expect("open");
    let stored: serde_json::Value =
        database.get_json(stores::SETTINGS, SETTINGS_KEY).await.expect("read").expect("stored");
    assert!(stored.get("pin").is_none(), "{stored}");
    clear_device_settings(&database).await;
    database.close();
}

#[wasm_bindgen_test]
async fn a_refused_credential_pauses_only_the_enrolment_it_belonged_to() {
    let database = Database::open().await.expect("open");
    clear_device_settings(&database).await;
    let first = DeviceSettings::default().enrolled("Accueil 1", enrolment("device-1", 90, 30));
    settings::write(&database, &first).await.expect("write");
    assert_eq!(settings::refused(&database).await.expect("read"), None);

    settings::record_refused(&database, "device-1").await.expect("record");
    let marker = settings::refused(&database).await.expect("read");
    assert!(credential_refused(first.device_id(), marker.as_deref()));

    // A new enrolment brings a new device id: the same marker no longer pauses anything.
    let second = first.enrolled("Accueil 1", enrolment("device-2", 90, 30));
    settings::write(&database, &second).await.expect("write");
    let stored = settings::read(&database).await.expect("read").expect("stored");
    assert_eq!(stored.device_id(), Some("device-2"));
    let marker = settings::refused(&database).await.expect("read");
    assert!(!credential_refused(stored.device_id(), marker.as_deref()));

    clear_device_settings(&database).await;
    database.close();
}
