//! The quarantine store: outbox records this version of the app cannot read, moved aside by
//! [`super::outbox::load`] in the transaction that found them, with their raw JSON, so the others
//! keep going and the person (on a personal device) can export the record for the agency.

use guichet_core::time::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Database, StorageError, from_js, stores};

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
