//! The app's IndexedDB database, "guichet": its versioned schema and small JSON helpers.
//!
//! rexie recreates the schema from the builder on every version change and deletes any store or
//! index the builder does not list, so the schema is a history: each version lists every store it
//! has, and a version, once shipped, is never edited (append a new one). `open_at_version` lets
//! the browser tests build an older database and check the upgrade keeps its data.
//!
//! Read, compute synchronously, then write: awaiting anything but an IndexedDB request inside a
//! transaction (a fetch, a timer) lets it auto-commit.

use rexie::{Index, ObjectStore, Rexie, TransactionMode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

pub const DATABASE_NAME: &str = "guichet";

/// Store names, shared by every module that reads or writes them.
pub mod stores {
    /// Job offers, keyed by `id`.
    pub const OFFERS: &str = "offers";
    /// The offers feed's cursor, last sync time and cached reference data (out-of-line keys).
    pub const OFFERS_SYNC: &str = "offers_sync";
    /// Registration drafts, keyed by `client_id`.
    pub const DRAFTS: &str = "drafts";
    /// Device settings: kiosk or personal mode, timeouts (out-of-line keys).
    pub const SETTINGS: &str = "settings";
    /// Submitted registrations waiting for the agency, keyed by `client_id`. Never wiped.
    pub const OUTBOX: &str = "outbox";
    /// Receipts of registrations the agency confirmed, keyed by `client_id`: they outlive the
    /// outbox entry on a phone (no personal data: the reference and dates). Since version 2.
    pub const RECEIPTS: &str = "receipts";
}

/// One version of the schema: every store that version has.
#[derive(Debug, Clone, Copy)]
pub struct SchemaVersion {
    pub version: u32,
    pub stores: fn() -> Vec<ObjectStore>,
}

/// The schema's history, oldest first; the last one is what the app opens.
pub const SCHEMA: &[SchemaVersion] = &[
    SchemaVersion { version: 1, stores: schema_v1 },
    SchemaVersion { version: 2, stores: schema_v2 },
];

fn schema_v1() -> Vec<ObjectStore> {
    vec![
        ObjectStore::new(stores::OFFERS)
            .key_path("id")
            .add_index(Index::new("by_published_at", "published_at")),
        ObjectStore::new(stores::OFFERS_SYNC),
        ObjectStore::new(stores::DRAFTS).key_path("client_id"),
        ObjectStore::new(stores::SETTINGS),
        ObjectStore::new(stores::OUTBOX).key_path("client_id"),
    ]
}

/// Version 2 adds the receipts store.
fn schema_v2() -> Vec<ObjectStore> {
    let mut all = schema_v1();
    all.push(ObjectStore::new(stores::RECEIPTS).key_path("client_id"));
    all
}

/// What can go wrong with local storage. The browser may refuse storage (private mode, quota, a
/// kiosk policy): callers keep working in memory and say so, never lose what is on screen.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("IndexedDB refused the operation: {0}")]
    IndexedDb(String),
    #[error("a stored value could not be read back: {0}")]
    Decode(String),
    #[error("schema version {0} is not in the schema history")]
    UnknownVersion(u32),
}

impl From<rexie::Error> for StorageError {
    fn from(error: rexie::Error) -> Self {
        StorageError::IndexedDb(error.to_string())
    }
}

/// An open connection to the app's database, closed when dropped: a connection left open would
/// block the next schema upgrade (the browser waits for every connection to close).
#[derive(Debug)]
pub struct Database {
    /// Always `Some` until `close` or `drop` takes it.
    rexie: Option<Rexie>,
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some(rexie) = self.rexie.take() {
            rexie.close();
        }
    }
}

impl Database {
    /// Opens "guichet" at the current schema version, upgrading an older one.
    pub async fn open() -> Result<Self, StorageError> {
        Self::open_named(DATABASE_NAME).await
    }

    /// Opens a database of another name at the current version (tests use throwaway names).
    pub async fn open_named(name: &str) -> Result<Self, StorageError> {
        let current = SCHEMA.last().map(|schema| schema.version).unwrap_or(1);
        Self::open_at_version(name, current).await
    }

    /// Opens `name` with the schema of `version`, for upgrade tests.
    pub async fn open_at_version(name: &str, version: u32) -> Result<Self, StorageError> {
        let schema = SCHEMA
            .iter()
            .find(|schema| schema.version == version)
            .ok_or(StorageError::UnknownVersion(version))?;
        let builder = (schema.stores)()
            .into_iter()
            .fold(Rexie::builder(name).version(version), |builder, store| {
                builder.add_object_store(store)
            });
        Ok(Self { rexie: Some(builder.build().await?) })
    }

    /// Deletes a database; resolves once every connection to it is closed.
    pub async fn delete_named(name: &str) -> Result<(), StorageError> {
        Ok(Rexie::delete(name).await?)
    }

    /// The connection, for modules that run their own multi-store transactions.
    pub fn rexie(&self) -> &Rexie {
        self.rexie
            .as_ref()
            .expect("the connection is only taken by close and drop, which end the Database")
    }

    pub fn version(&self) -> Result<u32, StorageError> {
        Ok(self.rexie().version()?)
    }

    /// Closes now (dropping does the same).
    pub fn close(self) {
        drop(self);
    }

    /// Reads one value by key, or `None`.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        store: &str,
        key: &str,
    ) -> Result<Option<T>, StorageError> {
        let transaction = self.rexie().transaction(&[store], TransactionMode::ReadOnly)?;
        let value = transaction.store(store)?.get(JsValue::from_str(key)).await?;
        transaction.done().await?;
        value.map(from_js).transpose()
    }

    /// Writes one value: `key` for stores with out-of-line keys, `None` where the store's key path
    /// names a field of the value. Resolves once the transaction has committed.
    pub async fn put_json<T: Serialize>(
        &self,
        store: &str,
        key: Option<&str>,
        value: &T,
    ) -> Result<(), StorageError> {
        let value = to_js(value)?;
        let key = key.map(JsValue::from_str);
        let transaction = self.rexie().transaction(&[store], TransactionMode::ReadWrite)?;
        transaction.store(store)?.put(&value, key.as_ref()).await?;
        transaction.done().await?;
        Ok(())
    }

    /// Deletes one value by key; deleting a missing key is not an error.
    pub async fn delete(&self, store: &str, key: &str) -> Result<(), StorageError> {
        let transaction = self.rexie().transaction(&[store], TransactionMode::ReadWrite)?;
        transaction.store(store)?.delete(JsValue::from_str(key)).await?;
        transaction.done().await?;
        Ok(())
    }

    /// How many values a store holds.
    pub async fn count(&self, store: &str) -> Result<u32, StorageError> {
        let transaction = self.rexie().transaction(&[store], TransactionMode::ReadOnly)?;
        let count = transaction.store(store)?.count(None).await?;
        transaction.done().await?;
        Ok(count)
    }
}

/// A serde value as a plain JavaScript object (maps as objects, so key paths find their fields).
///
/// Through JSON text (`serde_json`, then the browser's `JSON.parse`) rather than
/// serde-wasm-bindgen: the network already needs serde_json, and a second serde back end would
/// compile every stored type's (de)serializer twice into the wasm (about 20 KB brotli here).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StorageError> {
    let text =
        serde_json::to_string(value).map_err(|error| StorageError::Decode(error.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| StorageError::Decode("JSON.parse refused".to_owned()))
}

/// A stored object read back as `T` (through `JSON.stringify` and `serde_json`).
#[expect(
    clippy::needless_pass_by_value,
    reason = "callers hand over what IndexedDB gave them; the value is not used after"
)]
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, StorageError> {
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| StorageError::Decode("not a JSON value".to_owned()))?;
    serde_json::from_str(&text).map_err(|error| StorageError::Decode(error.to_string()))
}
