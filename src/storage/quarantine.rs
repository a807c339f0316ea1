//! The quarantine store: outbox records this version of the app cannot read, moved aside by
//! [`super::outbox::load`] in the transaction that found them, with their raw JSON, so the others
//! keep going and the person (on a personal device) can export the record for the agency.

use guichet_core::time::Timestamp;
use idb::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::{Database, StorageError, done, from_js, stores};

/// One record set aside. `raw` holds the record as stored (personal data: it never leaves the
/// device but through an explicit export).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantined {
    /// The record's key in the outbox (its client id when it had a readable one).
    pub key: String,
    /// The record, as JSON.
    pub raw: String,
    /// Why it could not be read (may quote the record: shown nowhere, kept with it).
    pub reason: String,
    pub quarantined_at: Timestamp,
}

/// Every record set aside, in key order (these are rare: no sorting code for them in the wasm).
pub async fn all(database: &Database) -> Result<Vec<Quarantined>, StorageError> {
    let values = database.get_all(stores::QUARANTINE).await?;
    Ok(values.into_iter().filter_map(|value| from_js(value).ok()).collect())
}

/// Deletes the records set aside at least `retention` before `now`, in one transaction: a kiosk
/// keeps what it could not read no longer than what the agency refused (its raw JSON may hold a
/// visitor's data in clear). Returns how many left.
pub async fn expire(
    database: &Database,
    now: Timestamp,
    retention: std::time::Duration,
) -> Result<usize, StorageError> {
    let leaving: Vec<String> = all(database)
        .await?
        .into_iter()
        .filter(|record| now.saturating_since(record.quarantined_at) >= retention)
        .map(|record| record.key)
        .collect();
    if leaving.is_empty() {
        return Ok(0);
    }
    let transaction = database.transaction(&[stores::QUARANTINE], TransactionMode::ReadWrite)?;
    let store = transaction.object_store(stores::QUARANTINE)?;
    for key in &leaving {
        store.delete(JsValue::from_str(key))?.await?;
    }
    done(transaction).await?;
    Ok(leaving.len())
}
