//! The receipts store: a confirmed registration's receipt, kept after its outbox entry is purged
//! (on a phone; the kiosk wipe clears them). No personal data: the reference and dates.

use guichet_core::outbox::{EntryState, OutboxEntry};
use guichet_core::time::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Database, StorageError, stores};

/// A confirmed registration's receipt. (Receipts stored by protocol 1 may carry
/// `already_registered`, ignored when read.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub client_id: String,
    pub reference: String,
    pub submitted_at_ms: Timestamp,
    pub confirmed_at: Timestamp,
    pub submitted_on_kiosk: bool,
}

impl Receipt {
    pub fn of(entry: &OutboxEntry) -> Option<Self> {
        let EntryState::Confirmed { reference, confirmed_at } = &entry.state else {
            return None;
        };
        Some(Self {
            client_id: entry.client_id.clone(),
            reference: reference.clone(),
            submitted_at_ms: entry.submitted_at_ms,
            confirmed_at: *confirmed_at,
            submitted_on_kiosk: entry.submitted_on_kiosk,
        })
    }
}

pub async fn find(database: &Database, client_id: &str) -> Result<Option<Receipt>, StorageError> {
    database.get_json(stores::RECEIPTS, client_id).await
}

/// Stores receipts in one transaction.
pub async fn save_all(database: &Database, receipts: &[Receipt]) -> Result<(), StorageError> {
    if receipts.is_empty() {
        return Ok(());
    }
    let transaction = database.transaction(&[stores::RECEIPTS], idb::TransactionMode::ReadWrite)?;
    let store = transaction.object_store(stores::RECEIPTS)?;
    for receipt in receipts {
        // Serialising is synchronous: the transaction cannot commit in between.
        store.put(&super::to_js(receipt)?, None)?.await?;
    }
    super::done(transaction).await
}
