//! The `offers` and `offers_sync` stores, their one owner: each synced page written with its cursor in one transaction,
//! a snapshot in parts with the cursor in the last, and reading offers back (what the index needs
//! of all of them, in slices at start, or a few whole offers by id).
//!
//! Architecture invariant: the stored cursor is never ahead of the stored offers. A page's puts,
//! deletes, cursor and sync time are requests of one readwrite transaction over both stores; on
//! any failure the transaction is aborted, so none of them is kept. A snapshot written in parts
//! deletes the cursor with the offers in its first part and writes it only in its last: parts
//! committed before an interruption leave offers without a cursor, and the next sync starts over.
//!
//! The search index is kept here too ([`keep_index`]), with the cursor it was made at: a start
//! uses it only while that is still the stored cursor, and clearing the offers deletes it.

use std::future::IntoFuture;

use guichet_core::search::{INDEXED_FIELDS, IndexedOffer};
use guichet_core::time::Timestamp;
use guichet_protocol::offers::{Offer, OfferChanges};
use guichet_protocol::reference::Reference;

use idb::{KeyRange, Query, Transaction, TransactionFuture, TransactionMode};
use js_sys::{Array, JSON, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::{Database, StorageError, from_js, stores, to_js};
use crate::scheduler::Slicer;

/// The `offers_sync` key of the feed cursor (a string).
pub const CURSOR_KEY: &str = "cursor";
/// The `offers_sync` key of the last successful sync, in milliseconds since the epoch.
pub const SYNCED_AT_KEY: &str = "synced_at";
/// The `offers_sync` key of the reference lists last fetched from the agency, when newer than the
/// built-in ones.
pub const REFERENCE_KEY: &str = "reference";
/// The `offers_sync` key of the search index kept between starts, with the cursor and the
/// reference lists' version it was made at (see `guichet_core::search::SearchIndex::to_bytes`).
pub const INDEX_KEY: &str = "index";
/// Offers read per transaction when building the index: bounds memory at start, and the task in
/// which the browser turns them into JavaScript objects.
const LOAD_BATCH: u32 = 1_000;
/// Offers decoded per `JSON.stringify` at start: the slicer looks at the clock between two, so
/// a slice overruns its budget by at most one of these (well under a millisecond here).
const DECODE_CHUNK: usize = 64;

/// The feed position and freshness stored on this device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncState {
    pub cursor: Option<String>,
    pub synced_at: Option<Timestamp>,
}

/// What one readwrite transaction writes: a feed page, or one part of a snapshot.
#[derive(Debug, Clone, Copy)]
pub struct Write<'a> {
    /// Drop every stored offer, and the cursor with them, before the rest.
    pub clear: bool,
    /// The offers to store, as the JavaScript objects IndexedDB keeps (keyed by their `id`).
    pub offers: &'a [JsValue],
    pub removed: &'a [String],
    /// The cursor the device holds once this is written, with the sync time; `None` for a part
    /// of a snapshot before its last, so a first sync cut short holds no cursor and starts over.
    pub cursor: Option<&'a str>,
    pub synced_at: Timestamp,
}

/// Applies one page of the feed: all of it, with its cursor, or nothing.
pub async fn apply_page(
    database: &Database,
    page: &OfferChanges,
    synced_at: Timestamp,
) -> Result<(), StorageError> {
    // Serialised before the transaction opens: it only has IndexedDB requests to wait for.
    let values = page.offers.iter().map(to_js).collect::<Result<Vec<_>, _>>()?;
    let write = Write {
        clear: page.reset,
        offers: &values,
        removed: &page.removed,
        cursor: Some(&page.cursor),
        synced_at,
    };
    apply(database, &write).await
}

/// Commits `write` whole, or nothing of it.
pub async fn apply(database: &Database, write: &Write<'_>) -> Result<(), StorageError> {
    begin(database, write)?.finish().await
}

/// A write whose requests are all made: IndexedDB commits it while this thread goes on.
/// [`Committing::finish`] says whether it was kept.
#[must_use = "a write in flight must be finished (or detached), not dropped"]
pub struct Committing(TransactionFuture);

impl std::fmt::Debug for Committing {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Committing")
    }
}

impl Committing {
    /// Waits for the commit: `Ok` once everything of the write is stored, an error if nothing
    /// of it is (a request failed, or the browser aborted the transaction).
    pub async fn finish(self) -> Result<(), StorageError> {
        if self.0.await?.is_committed() {
            Ok(())
        } else {
            Err(StorageError::IndexedDb("the transaction was aborted".to_owned()))
        }
    }

    /// Lets the write end on its own when its outcome no longer matters to anyone (a sync that
    /// already failed for another reason). Dropping it instead would leave the transaction's
    /// event handlers to closures that no longer exist.
    pub fn detach(self) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = self.finish().await;
        });
    }
}

/// Makes every request of `write` in one readwrite transaction and asks for its commit, without
/// waiting for it.
///
/// Every request is made at once, then the transaction is told to commit
/// (`IDBTransaction.commit()`, where the browser has it): IndexedDB stores and commits while
/// this thread goes on (a first sync decodes and indexes meanwhile), instead of waiting for this
/// thread to take each request's success event before it may commit. Readwrite transactions
/// over the same stores commit in the order they were begun, so a second write may be begun
/// before the first is finished: IndexedDB then goes from one to the next without waiting for
/// this thread.
pub fn begin(database: &Database, write: &Write<'_>) -> Result<Committing, StorageError> {
    let transaction =
        database.transaction(&[stores::OFFERS, stores::OFFERS_SYNC], TransactionMode::ReadWrite)?;
    if let Err(error) = write_requests(&transaction, write) {
        // Dropping a transaction would commit what was written so far: abort it explicitly.
        // The abort is final once asked for; its event is left to the future detached here.
        if let Ok(aborted) = transaction.abort() {
            Committing(aborted.into_future()).detach();
        }
        return Err(error);
    }
    let transaction = if commits_early() { transaction.commit()? } else { transaction };
    // The handlers are set now, before this thread yields: the outcome cannot be missed.
    Ok(Committing(transaction.into_future()))
}

/// Whether this browser has `IDBTransaction.commit()` (Chromium 76+, Firefox 74+, Safari 15+);
/// without it, the transaction commits once its requests' events have run.
fn commits_early() -> bool {
    Reflect::get(&js_sys::global(), &JsValue::from_str("IDBTransaction"))
        .and_then(|class| Reflect::get(&class, &JsValue::from_str("prototype")))
        .and_then(|prototype| Reflect::has(&prototype, &JsValue::from_str("commit")))
        .unwrap_or(false)
}

/// Makes the requests of one write, in order, in `transaction` (IndexedDB runs them in the
/// order they are made). Public so a test can abort after it and check that nothing of it
/// remains.
pub fn write_requests(transaction: &Transaction, write: &Write<'_>) -> Result<(), StorageError> {
    let offers = transaction.object_store(stores::OFFERS)?;
    let sync = transaction.object_store(stores::OFFERS_SYNC)?;
    if write.clear {
        offers.clear()?;
        sync.delete(JsValue::from_str(CURSOR_KEY))?;
        sync.delete(JsValue::from_str(INDEX_KEY))?;
    }
    for value in write.offers {
        offers.put(value, None)?;
    }
    for id in write.removed {
        offers.delete(JsValue::from_str(id))?;
    }
    if let Some(cursor) = write.cursor {
        sync.put(&JsValue::from_str(cursor), Some(&JsValue::from_str(CURSOR_KEY)))?;
        let at = JsValue::from_f64(write.synced_at.0 as f64);
        sync.put(&at, Some(&JsValue::from_str(SYNCED_AT_KEY)))?;
    }
    Ok(())
}

/// A search index kept in storage, and what it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptIndex {
    /// The feed cursor stored with the offers it indexes.
    pub cursor: String,
    pub reference_version: u32,
    pub bytes: Vec<u8>,
}

/// The index kept by [`keep_index`], if any. What is not a kept index (an older kiosk's, a
/// damaged record) reads as none: the caller then indexes the stored offers again.
pub async fn read_kept_index(database: &Database) -> Result<Option<KeptIndex>, StorageError> {
    let transaction = database.transaction(&[stores::OFFERS_SYNC], TransactionMode::ReadOnly)?;
    let value =
        transaction.object_store(stores::OFFERS_SYNC)?.get(JsValue::from_str(INDEX_KEY))?.await?;
    super::done(transaction).await?;
    let Some(value) = value else { return Ok(None) };
    let field = |name: &str| Reflect::get(&value, &JsValue::from_str(name)).ok();
    let cursor = field("cursor").and_then(|cursor| cursor.as_string());
    let version = field("reference").and_then(|version| version.as_f64());
    let bytes = field("bytes").and_then(|bytes| bytes.dyn_into::<Uint8Array>().ok());
    Ok(match (cursor, version, bytes) {
        (Some(cursor), Some(version), Some(bytes))
            if version >= 0.0 && version <= f64::from(u32::MAX) =>
        {
            Some(KeptIndex { cursor, reference_version: version as u32, bytes: bytes.to_vec() })
        }
        _ => None,
    })
}

/// Keeps `index` for the next start, in place of the one kept before.
pub async fn keep_index(database: &Database, index: &KeptIndex) -> Result<(), StorageError> {
    let value = Object::new();
    let set = |name: &str, field: &JsValue| Reflect::set(&value, &JsValue::from_str(name), field);
    let bytes = Uint8Array::from(index.bytes.as_slice());
    set("cursor", &JsValue::from_str(&index.cursor))
        .and_then(|_| set("reference", &JsValue::from_f64(f64::from(index.reference_version))))
        .and_then(|_| set("bytes", &bytes))
        .map_err(|_| StorageError::Decode("the kept index could not be built".to_owned()))?;
    let transaction = database.transaction(&[stores::OFFERS_SYNC], TransactionMode::ReadWrite)?;
    transaction
        .object_store(stores::OFFERS_SYNC)?
        .put(&value, Some(&JsValue::from_str(INDEX_KEY)))?;
    super::done(transaction).await
}

/// Records a sync that found nothing new (the cursor is unchanged).
pub async fn record_synced_at(database: &Database, at: Timestamp) -> Result<(), StorageError> {
    database.put_json(stores::OFFERS_SYNC, Some(SYNCED_AT_KEY), &at.0).await
}

pub async fn read_sync_state(database: &Database) -> Result<SyncState, StorageError> {
    let transaction = database.transaction(&[stores::OFFERS_SYNC], TransactionMode::ReadOnly)?;
    let store = transaction.object_store(stores::OFFERS_SYNC)?;
    let cursor = store.get(JsValue::from_str(CURSOR_KEY))?.await?.and_then(|v| v.as_string());
    let synced_at = store
        .get(JsValue::from_str(SYNCED_AT_KEY))?
        .await?
        .and_then(|value| value.as_f64())
        .map(|millis| Timestamp(millis.max(0.0) as u64));
    super::done(transaction).await?;
    Ok(SyncState { cursor, synced_at })
}

/// Calls `visit` with every stored offer, reading them in batches of [`LOAD_BATCH`] so they are
/// never all in memory at once. Offers that no longer decode are skipped and counted.
pub async fn for_each_offer(
    database: &Database,
    mut visit: impl FnMut(&Offer),
) -> Result<usize, StorageError> {
    let mut after: Option<JsValue> = None;
    let mut undecodable = 0;
    loop {
        let (batch, next) = read_batch(database, after.as_ref()).await?;
        let full = batch.len() as u32 == LOAD_BATCH;
        for value in batch {
            match from_js::<Offer>(value) {
                Ok(offer) => visit(&offer),
                Err(_) => undecodable += 1,
            }
        }
        if !full {
            return Ok(undecodable);
        }
        after = next;
    }
}

/// Calls `visit` with what the search index reads of every stored offer, in storage order,
/// yielding to the browser whenever `slicer`'s slice has run its budget: the start's reading and
/// indexing never holds the main thread for long. Only the indexed fields are copied out of
/// JavaScript, [`DECODE_CHUNK`] offers at a time (one `JSON.stringify` that keeps
/// [`INDEXED_FIELDS`], one `serde_json` pass). Offers that do not decode are skipped and counted.
pub async fn for_each_indexed_offer(
    database: &Database,
    slicer: &mut Slicer,
    mut visit: impl FnMut(&IndexedOffer<'_>),
) -> Result<usize, StorageError> {
    let fields: Array = INDEXED_FIELDS.iter().map(|name| JsValue::from_str(name)).collect();
    let mut undecodable = 0;
    let mut batch = read_batch(database, None).await?;
    loop {
        let (values, last) = batch;
        let full = values.len() as u32 == LOAD_BATCH;
        let decode = async {
            slicer.restart();
            for chunk in values.chunks(DECODE_CHUNK) {
                undecodable += decode_chunk(chunk, &fields, &mut visit);
                slicer.pause_if_due().await;
            }
        };
        if !full {
            decode.await;
            return Ok(undecodable);
        }
        // IndexedDB reads the next batch while this one is decoded and indexed.
        let (next, ()) = futures::future::join(read_batch(database, last.as_ref()), decode).await;
        batch = next?;
    }
}

/// Up to [`LOAD_BATCH`] stored offers after the key `after`, and the key of the last of them.
async fn read_batch(
    database: &Database,
    after: Option<&JsValue>,
) -> Result<(Vec<JsValue>, Option<JsValue>), StorageError> {
    let transaction = database.transaction(&[stores::OFFERS], TransactionMode::ReadOnly)?;
    let range = match after {
        Some(key) => Some(Query::from(KeyRange::lower_bound(key, Some(true))?)),
        None => None,
    };
    let batch = transaction.object_store(stores::OFFERS)?.get_all(range, Some(LOAD_BATCH))?.await?;
    super::done(transaction).await?;
    // The store's key path is `id`: every stored record has one, decodable or not.
    let last = batch.last().and_then(|value| Reflect::get(value, &JsValue::from_str("id")).ok());
    Ok((batch, last))
}

/// Visits the offers of `chunk` that decode; returns how many did not. One bad record costs its
/// chunk a second, offer by offer, pass.
fn decode_chunk(
    chunk: &[JsValue],
    fields: &Array,
    visit: &mut impl FnMut(&IndexedOffer<'_>),
) -> usize {
    let text = |value: &JsValue| {
        JSON::stringify_with_replacer(value, fields).ok().and_then(|text| text.as_string())
    };
    let all: Array = chunk.iter().collect();
    if let Some(text) = text(&all)
        && let Ok(offers) = serde_json::from_str::<Vec<IndexedOffer>>(&text)
    {
        offers.iter().for_each(&mut *visit);
        return 0;
    }
    let mut undecodable = 0;
    for value in chunk {
        match text(value).as_deref().map(serde_json::from_str::<IndexedOffer>) {
            Some(Ok(offer)) => visit(&offer),
            _ => undecodable += 1,
        }
    }
    undecodable
}

/// The offers with these ids that are stored, in the order asked.
pub async fn offers_by_id(database: &Database, ids: &[String]) -> Result<Vec<Offer>, StorageError> {
    let transaction = database.transaction(&[stores::OFFERS], TransactionMode::ReadOnly)?;
    let store = transaction.object_store(stores::OFFERS)?;
    let mut offers = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(value) = store.get(JsValue::from_str(id))?.await? {
            offers.push(from_js(value)?);
        }
    }
    super::done(transaction).await?;
    Ok(offers)
}

/// The reference lists cached from the agency, if any.
pub async fn read_reference(database: &Database) -> Result<Option<Reference>, StorageError> {
    database.get_json(stores::OFFERS_SYNC, REFERENCE_KEY).await
}

pub async fn store_reference(
    database: &Database,
    reference: &Reference,
) -> Result<(), StorageError> {
    database.put_json(stores::OFFERS_SYNC, Some(REFERENCE_KEY), reference).await
}
