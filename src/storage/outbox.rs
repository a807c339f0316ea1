//! The outbox store: submitted registrations until the agency confirms them. The one owner of
//! the store, and of the move of a draft into it ([`submit`], one strict transaction).
//!
//! Reading migrates: each record goes through `guichet_core::outbox::stored::read_stored`; an
//! older one is written back in its new shape, and one that cannot be read is moved to the
//! quarantine store in the same transaction (never lost, never blocking the others).

use guichet_core::outbox::OutboxEntry;
use guichet_core::outbox::stored::{StoredEntry, read_stored};
use guichet_core::time::Timestamp;
use idb::TransactionMode;
use wasm_bindgen::JsValue;

use super::quarantine::Quarantined;
use super::{Database, StorageError, done, stores, strict, to_js};

/// Every readable entry, in key order. Older records are migrated and written back; unreadable
/// ones are moved to the quarantine store; records of a newer app are left alone (and not
/// returned).
pub async fn load(database: &Database, now: Timestamp) -> Result<Vec<OutboxEntry>, StorageError> {
    let transaction =
        database.transaction(&[stores::OUTBOX, stores::QUARANTINE], TransactionMode::ReadWrite)?;
    let outbox = transaction.object_store(stores::OUTBOX)?;
    // One transaction: the keys and the values come in the same order.
    let keys = outbox.get_all_keys(None, None)?.await?;
    let values = outbox.get_all(None, None)?.await?;
    let mut entries = Vec::with_capacity(values.len());
    for (key, value) in keys.into_iter().zip(values) {
        let Some(raw) = raw_json(&value) else {
            // Not even JSON text to set aside: left where it is, never deleted.
            web_sys::console::warn_1(&"outbox: a record is not JSON, left in place".into());
            continue;
        };
        let read = read_stored(&raw).map_err(|error| error.reason);
        match read {
            Ok(StoredEntry::Current(entry)) => entries.push(entry),
            Ok(StoredEntry::Migrated(entry)) => {
                outbox.put(&to_js(&entry)?, None)?.await?;
                entries.push(entry);
            }
            Ok(StoredEntry::Newer { .. }) => {}
            Err(reason) => {
                let record = Quarantined { key: key_text(&key), raw, reason, quarantined_at: now };
                transaction.object_store(stores::QUARANTINE)?.put(&to_js(&record)?, None)?.await?;
                outbox.delete(key)?.await?;
                web_sys::console::warn_1(&"outbox: a record could not be read, set aside".into());
            }
        }
    }
    done(transaction).await?;
    Ok(entries)
}

/// Writes entries (new states) in one transaction.
pub async fn save<'a>(
    database: &Database,
    entries: impl Iterator<Item = &'a OutboxEntry>,
) -> Result<(), StorageError> {
    let values: Vec<JsValue> = entries.map(to_js).collect::<Result<_, _>>()?;
    if values.is_empty() {
        return Ok(());
    }
    let transaction = database.transaction(&[stores::OUTBOX], TransactionMode::ReadWrite)?;
    let store = transaction.object_store(stores::OUTBOX)?;
    for value in &values {
        store.put(value, None)?.await?;
    }
    done(transaction).await
}

/// Deletes entries by client id in one transaction.
pub async fn delete_all(database: &Database, client_ids: &[&str]) -> Result<(), StorageError> {
    if client_ids.is_empty() {
        return Ok(());
    }
    let transaction = database.transaction(&[stores::OUTBOX], TransactionMode::ReadWrite)?;
    let store = transaction.object_store(stores::OUTBOX)?;
    for client_id in client_ids {
        store.delete(JsValue::from_str(client_id))?.await?;
    }
    done(transaction).await
}

/// One entry by client id, read (and migrated) like [`load`] reads them all.
pub async fn find(
    database: &Database,
    client_id: &str,
    now: Timestamp,
) -> Result<Option<OutboxEntry>, StorageError> {
    Ok(load(database, now).await?.into_iter().find(|entry| entry.client_id == client_id))
}

/// Changes entry `client_id` in one transaction: `change` gets it (migrated) and says whether to
/// store it back. `false` when there is no such readable entry or `change` left it.
pub async fn update(
    database: &Database,
    client_id: &str,
    change: impl FnOnce(&mut OutboxEntry) -> bool,
) -> Result<bool, StorageError> {
    let transaction = database.transaction(&[stores::OUTBOX], TransactionMode::ReadWrite)?;
    let outbox = transaction.object_store(stores::OUTBOX)?;
    let stored = outbox.get(JsValue::from_str(client_id))?.await?;
    let entry = stored.and_then(|value| read_stored(&raw_json(&value)?).ok());
    let mut entry = match entry {
        Some(StoredEntry::Current(entry) | StoredEntry::Migrated(entry)) => Some(entry),
        _ => None,
    };
    let changed = entry.as_mut().is_some_and(change);
    if let (true, Some(entry)) = (changed, &entry) {
        outbox.put(&to_js(entry)?, None)?.await?;
    }
    done(transaction).await?;
    Ok(changed)
}

/// Deletes draft `client_id` and stores `entry` in one strict transaction: never both, never
/// neither. Resolves once the browser reports it durably committed.
pub async fn submit(client_id: &str, entry: &OutboxEntry) -> Result<(), StorageError> {
    strict::move_draft_to_outbox(client_id, &to_js(entry)?).await
}

/// The record as JSON text (what the quarantine keeps and the export gives); `None` for a value
/// JSON cannot write (a cycle, a BigInt).
fn raw_json(value: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(value).ok().and_then(|text| text.as_string())
}

fn key_text(key: &JsValue) -> String {
    key.as_string().or_else(|| raw_json(key)).unwrap_or_default()
}
