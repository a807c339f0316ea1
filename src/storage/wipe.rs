//! The kiosk wipe: one transaction that forgets every visitor who has left.

use guichet_core::outbox::stored::CONFIRMED;
use idb::TransactionMode;
use serde::Deserialize;
use wasm_bindgen::JsValue;

use super::{Database, StorageError, done, from_js, stores};

/// Deletes every draft and receipt (on a kiosk they all belong to visitors who have left), and
/// the outbox entries the agency has confirmed (they hold a person's registration and have
/// nothing left to do here), in one transaction. Entries still waiting to be sent, records set
/// aside as unreadable (submitted registrations the agency never received: a later version of
/// the app may read them) and the settings stay.
///
/// Architecture invariant: the wipe never deletes an outbox entry still waiting for the agency:
/// those registrations were submitted and must be delivered.
pub async fn wipe_visitor() -> Result<(), StorageError> {
    let database = Database::open().await?;
    let transaction = database.transaction(
        &[stores::DRAFTS, stores::RECEIPTS, stores::OUTBOX],
        TransactionMode::ReadWrite,
    )?;
    transaction.object_store(stores::DRAFTS)?.clear()?.await?;
    transaction.object_store(stores::RECEIPTS)?.clear()?.await?;
    let outbox = transaction.object_store(stores::OUTBOX)?;
    let values: Vec<JsValue> = outbox.get_all(None, None)?.await?;
    let confirmed = values
        .into_iter()
        .filter_map(|value| from_js::<Settled>(value).ok())
        .filter(|entry| entry.state.state == CONFIRMED);
    for entry in confirmed {
        outbox.delete(JsValue::from_str(&entry.client_id))?.await?;
    }
    let outcome = done(transaction).await;
    database.close();
    outcome
}

/// What the wipe reads of an outbox record: its key and its state's tag. Not the whole entry
/// (`guichet_core::outbox::OutboxEntry`): the page's module would carry its decoder for this
/// alone, 15 KB of brotli with the reads the offers worker now does (issue 12). A record whose
/// state does not read so is not one the agency confirmed, and stays, as before.
#[derive(Deserialize)]
struct Settled {
    client_id: String,
    state: StateTag,
}

#[derive(Deserialize)]
struct StateTag {
    state: String,
}
