//! The storage layer: the app's one IndexedDB database, "guichet", and the only code that touches
//! it. Each object store has one owner here with a typed API ([`drafts`], [`outbox`] and its
//! [`quarantine`], [`receipts`], [`offers`], [`settings`]), and [`wipe_visitor`] is the kiosk
//! wipe. Providers (`outbox`, `kiosk`, `offers`, `registration::drafts`) call it; pages and
//! components never do (`xtask/src/architecture.rs` checks it).
//!
//! The schema is a history: the builder deletes any store or index it does not list, so each
//! version lists every store it has, and a version, once shipped, is never edited (append a new
//! one). `open_at_version` lets the browser tests build an older database and check the upgrade
//! keeps its data.
//!
//! Every connection closes itself on `versionchange`: a newer version of the app opened in
//! another tab upgrades at once instead of being blocked by this one. A connection closed that
//! way fails its next transaction with [`StorageError::IndexedDb`], which callers already treat
//! as storage being unavailable; the tab is then an older version of the app anyway.
//!
//! Read, compute synchronously, then write: awaiting anything but an IndexedDB request inside a
//! transaction (a fetch, a timer) lets it auto-commit.

pub mod drafts;
pub mod offers;
pub mod outbox;
pub mod quarantine;
pub mod receipts;
pub mod settings;
pub mod strict;
mod wipe;

use idb::builder::{DatabaseBuilder, IndexBuilder, ObjectStoreBuilder};
use idb::{KeyPath, Transaction, TransactionMode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

pub use wipe::wipe_visitor;

pub const DATABASE_NAME: &str = "guichet";

/// Store names. Each is read and written by its one module of this layer.
pub mod stores {
    /// Job offers, keyed by `id` ([`super::offers`]).
    pub const OFFERS: &str = "offers";
    /// The offers feed's cursor, last sync time and cached reference data (out-of-line keys).
    pub const OFFERS_SYNC: &str = "offers_sync";
    /// Registration drafts, keyed by `client_id` ([`super::drafts`]).
    pub const DRAFTS: &str = "drafts";
    /// Device settings: kiosk or personal mode, timeouts (out-of-line keys, [`super::settings`]).
    pub const SETTINGS: &str = "settings";
    /// Submitted registrations waiting for the agency, keyed by `client_id` ([`super::outbox`]).
    pub const OUTBOX: &str = "outbox";
    /// Receipts of registrations the agency confirmed, keyed by `client_id`: they outlive the
    /// outbox entry on a phone (no personal data: the reference and dates). Since version 2.
    pub const RECEIPTS: &str = "receipts";
    /// Outbox records this version of the app cannot read, moved aside with their raw JSON,
    /// keyed by `key` ([`super::quarantine`]). Since version 3.
    pub const QUARANTINE: &str = "quarantine";
}

/// One version of the schema: every store that version has.
#[derive(Debug, Clone, Copy)]
pub struct SchemaVersion {
    pub version: u32,
    pub stores: fn() -> Vec<ObjectStoreBuilder>,
}

/// The schema's history, oldest first; the last one is what the app opens.
pub const SCHEMA: &[SchemaVersion] = &[
    SchemaVersion { version: 1, stores: schema_v1 },
    SchemaVersion { version: 2, stores: schema_v2 },
    SchemaVersion { version: 3, stores: schema_v3 },
];

fn keyed(name: &str, key_path: &str) -> ObjectStoreBuilder {
    ObjectStoreBuilder::new(name).key_path(Some(KeyPath::new_single(key_path)))
}

fn schema_v1() -> Vec<ObjectStoreBuilder> {
    vec![
        keyed(stores::OFFERS, "id").add_index(IndexBuilder::new(
            "by_published_at".to_owned(),
            KeyPath::new_single("published_at"),
        )),
        ObjectStoreBuilder::new(stores::OFFERS_SYNC),
        keyed(stores::DRAFTS, "client_id"),
        ObjectStoreBuilder::new(stores::SETTINGS),
        keyed(stores::OUTBOX, "client_id"),
    ]
}

/// Version 2 adds the receipts store.
fn schema_v2() -> Vec<ObjectStoreBuilder> {
    let mut all = schema_v1();
    all.push(keyed(stores::RECEIPTS, "client_id"));
    all
}

/// Version 3 adds the quarantine of unreadable outbox records.
fn schema_v3() -> Vec<ObjectStoreBuilder> {
    let mut all = schema_v2();
    all.push(keyed(stores::QUARANTINE, "key"));
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

impl From<idb::Error> for StorageError {
    /// The error's `Debug` form (its variant and the browser's exception) in tests and debug
    /// builds, empty in the shipped kiosk (`-Zfmt-debug=none`, see xtask's toolchain): `idb`'s
    /// `Display` would compile some forty messages into the wasm for a line in the console.
    fn from(error: idb::Error) -> Self {
        StorageError::IndexedDb(format!("{error:?}"))
    }
}

/// An open connection to the app's database, closed when dropped, or when another tab asks for
/// a schema upgrade: a connection left open would block it.
#[derive(Debug)]
pub struct Database {
    connection: idb::Database,
}

impl Drop for Database {
    fn drop(&mut self) {
        self.connection.close();
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
            .fold(DatabaseBuilder::new(name).version(version), DatabaseBuilder::add_object_store);
        let mut connection = builder.build().await?;
        // Another tab opens a newer version: step aside at once rather than block its upgrade.
        connection.on_version_change(|event: web_sys::Event| {
            let target =
                event.target().and_then(|target| target.dyn_into::<web_sys::IdbDatabase>().ok());
            if let Some(database) = target {
                database.close();
            }
        });
        Ok(Self { connection })
    }

    /// Deletes a database; resolves once every connection to it is closed.
    pub async fn delete_named(name: &str) -> Result<(), StorageError> {
        let factory = idb::Factory::new()?;
        factory.delete(name)?.await?;
        Ok(())
    }

    /// A transaction over `stores` (the layer's modules, and tests that abort one half-way).
    pub fn transaction(
        &self,
        stores: &[&str],
        mode: TransactionMode,
    ) -> Result<Transaction, StorageError> {
        Ok(self.connection.transaction(stores, mode)?)
    }

    pub fn version(&self) -> Result<u32, StorageError> {
        Ok(self.connection.version()?)
    }

    /// The names of the stores this connection's version has.
    pub fn store_names(&self) -> Vec<String> {
        self.connection.store_names()
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
        let transaction = self.transaction(&[store], TransactionMode::ReadOnly)?;
        let value = transaction.object_store(store)?.get(JsValue::from_str(key))?.await?;
        done(transaction).await?;
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
        let transaction = self.transaction(&[store], TransactionMode::ReadWrite)?;
        transaction.object_store(store)?.put(&value, key.as_ref())?.await?;
        done(transaction).await
    }

    /// Deletes one value by key; deleting a missing key is not an error.
    pub async fn delete(&self, store: &str, key: &str) -> Result<(), StorageError> {
        let transaction = self.transaction(&[store], TransactionMode::ReadWrite)?;
        transaction.object_store(store)?.delete(JsValue::from_str(key))?.await?;
        done(transaction).await
    }

    /// How many values a store holds.
    pub async fn count(&self, store: &str) -> Result<u32, StorageError> {
        let transaction = self.transaction(&[store], TransactionMode::ReadOnly)?;
        let count = transaction.object_store(store)?.count(None)?.await?;
        done(transaction).await?;
        Ok(count)
    }

    /// Every value of a store, in key order.
    pub(crate) async fn get_all(&self, store: &str) -> Result<Vec<JsValue>, StorageError> {
        let transaction = self.transaction(&[store], TransactionMode::ReadOnly)?;
        let values = transaction.object_store(store)?.get_all(None, None)?.await?;
        done(transaction).await?;
        Ok(values)
    }
}

/// Waits for `transaction` to end; an aborted one is an error (nothing it wrote was kept).
pub(crate) async fn done(transaction: Transaction) -> Result<(), StorageError> {
    if transaction.await?.is_committed() {
        Ok(())
    } else {
        Err(StorageError::IndexedDb("the transaction was aborted".to_owned()))
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
