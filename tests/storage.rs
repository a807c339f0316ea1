//! Browser tests of the IndexedDB layer, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use guichet::storage::{Database, SCHEMA, StorageError, stores};
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Setting {
    mode: String,
    idle_seconds: u32,
}

/// A fresh database per test, deleted first in case an earlier run left it behind.
async fn fresh(name: &str) -> Database {
    Database::delete_named(name).await.expect("delete old test database");
    Database::open_named(name).await.expect("open test database")
}

#[wasm_bindgen_test]
async fn values_round_trip_and_survive_reopening() {
    let name = "guichet-test-round-trip";
    let database = fresh(name).await;
    let setting = Setting { mode: "kiosk".to_owned(), idle_seconds: 90 };
    assert_eq!(database.get_json::<Setting>(stores::SETTINGS, "device").await.expect("get"), None);
    database.put_json(stores::SETTINGS, Some("device"), &setting).await.expect("put");
    database.close();

    let reopened = Database::open_named(name).await.expect("reopen");
    let read: Option<Setting> = reopened.get_json(stores::SETTINGS, "device").await.expect("get");
    assert_eq!(read, Some(setting));
    assert_eq!(reopened.count(stores::SETTINGS).await.expect("count"), 1);
    reopened.delete(stores::SETTINGS, "device").await.expect("delete");
    reopened.delete(stores::SETTINGS, "never-written").await.expect("deleting a missing key");
    assert_eq!(reopened.count(stores::SETTINGS).await.expect("count"), 0);
    reopened.close();
}

#[wasm_bindgen_test]
async fn stores_with_a_key_path_take_the_key_from_the_value() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Draft {
        client_id: String,
        step: u8,
    }
    let database = fresh("guichet-test-key-path").await;
    let draft = Draft { client_id: "0190f5e2-aaaa-7bbb-8ccc-000000000001".to_owned(), step: 3 };
    database.put_json(stores::DRAFTS, None, &draft).await.expect("put");
    let read: Option<Draft> =
        database.get_json(stores::DRAFTS, &draft.client_id).await.expect("get");
    assert_eq!(read, Some(draft));
    database.close();
}

#[wasm_bindgen_test]
async fn every_schema_version_opens_and_upgrades_to_the_current_one_keeping_data() {
    let name = "guichet-test-upgrade";
    let current = SCHEMA.last().expect("a schema").version;
    for older in SCHEMA.iter().map(|schema| schema.version) {
        Database::delete_named(name).await.expect("delete");
        let old = Database::open_at_version(name, older).await.expect("open older version");
        old.put_json(stores::SETTINGS, Some("kept"), &older).await.expect("write in older version");
        old.close();
        let upgraded = Database::open_named(name).await.expect("upgrade");
        assert_eq!(upgraded.version().expect("version"), current);
        let kept: Option<u32> = upgraded.get_json(stores::SETTINGS, "kept").await.expect("read");
        assert_eq!(kept, Some(older), "data written at version {older} survives the upgrade");
        let mut names = upgraded.store_names();
        names.sort();
        let mut expected: Vec<String> = [
            stores::DRAFTS,
            stores::OFFERS,
            stores::OFFERS_SYNC,
            stores::OUTBOX,
            stores::QUARANTINE,
            stores::RECEIPTS,
            stores::SETTINGS,
        ]
        .map(str::to_owned)
        .to_vec();
        expected.sort();
        assert_eq!(names, expected);
        upgraded.close();
    }
}

#[wasm_bindgen_test]
async fn an_unknown_schema_version_is_refused() {
    let error =
        Database::open_at_version("guichet-test-unknown", 9_999).await.expect_err("refused");
    assert!(matches!(error, StorageError::UnknownVersion(9_999)), "{error}");
}

#[wasm_bindgen_test]
async fn an_open_connection_steps_aside_for_an_upgrade_in_another_tab() {
    let name = "guichet-test-version-change";
    Database::delete_named(name).await.expect("delete");
    let older = SCHEMA.first().expect("a schema").version;
    let current = SCHEMA.last().expect("a schema").version;
    // An older tab keeps its connection open...
    let old_tab = Database::open_at_version(name, older).await.expect("open older version");
    // ...and a newer one upgrades all the same: without `versionchange` closing the first,
    // this would wait for ever (the browser blocks an upgrade while a connection is open).
    let new_tab = Database::open_named(name).await.expect("upgrade while another is open");
    assert_eq!(new_tab.version().expect("version"), current);
    let refused = old_tab.count(stores::SETTINGS).await.expect_err("the old connection is closed");
    assert!(matches!(refused, StorageError::IndexedDb(_)), "{refused}");
    new_tab.close();
    old_tab.close();
}
