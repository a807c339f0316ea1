//! Fetching the change feed, page after page, until the device is current.
//!
//! A first sync (no cursor stored, or a feed that says to start over) starts from the agency's
//! snapshot instead: every live offer at one cursor in one cacheable file, parsed by the browser
//! and stored as it comes in parts of [`SNAPSHOT_PART`] offers that replace what the device
//! held (the cursor with the last part), then the feed from the snapshot's cursor. While that
//! file downloads (seconds to minutes on a phone's line), the snapshot's head, its newest
//! offers in a document of a few kilobytes, is stored and listed: the first part replaces it
//! with the same offers and more. Each part is
//! indexed and counted as it lands ([`Progress`]), so the visitor searches what has arrived. An agency
//! without snapshots (an older server), or one that fails to give it, is followed page by page
//! from the beginning as before: the snapshot only saves the agency work, never changes what
//! the device ends up holding.
//!
//! The cursor sent is always the one stored with the last applied page, read back from
//! IndexedDB, so an interrupted sync (a lost connection, a closed tab) resumes where the data
//! ends, never where a request started.

use gloo::net::http::{Request, Response};
use guichet_core::search::{INDEXED_FIELDS, IndexedOffer};
use guichet_core::time::Timestamp;
use guichet_protocol::offers::{
    CHANGES_LIMIT_PARAM, CHANGES_SINCE_PARAM, OfferChanges, OfferSnapshotPointer,
};
use guichet_protocol::reference::Reference;
use guichet_protocol::sealing::SealingKey;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::storage::offers as store;
use crate::storage::{Database, StorageError};

/// Changes per request: large pages make the first sync fast; the server caps them anyway.
pub const PAGE_LIMIT: u32 = 1_000;
const FEED_PATH: &str = "/api/v1/offers/changes";
const SNAPSHOT_POINTER_PATH: &str = "/api/v1/offers/snapshot";
/// Offers of a snapshot stored per transaction: what arrived is searchable after each part, and
/// a part's work (decoding, storing, indexing) stays a short task.
pub const SNAPSHOT_PART: u32 = 2_000;
/// The snapshot of a large catalogue is a few megabytes: more time than a feed page.
const SNAPSHOT_TIMEOUT_MS: u32 = 120_000;
const REFERENCE_PATH: &str = "/api/v1/reference";
const SEALING_KEY_PATH: &str = "/api/v1/sealing-key";
/// A page that takes longer than this counts as failed; the next sync resumes from the cursor.
const PAGE_TIMEOUT_MS: u32 = 30_000;

/// Why a sync stopped early. Every case is retried later; nothing is lost.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the agency did not answer")]
    Unreachable,
    #[error("the agency answered {0}")]
    Status(u16),
    #[error("the agency's answer could not be read")]
    Decode,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Asks for the changes after `cursor` (from the beginning when `None`).
pub async fn fetch_page(cursor: Option<&str>, limit: u32) -> Result<OfferChanges, SyncError> {
    let mut url = format!("{FEED_PATH}?{CHANGES_LIMIT_PARAM}={limit}");
    if let Some(cursor) = cursor {
        let encoded = String::from(js_sys::encode_uri_component(cursor));
        url.push_str(&format!("&{CHANGES_SINCE_PARAM}={encoded}"));
    }
    get_json(&url, PAGE_TIMEOUT_MS).await
}

/// How far a sync that starts from nothing has come: "n of m offers".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Progress {
    /// Offers stored so far.
    pub received: u64,
    /// How many the sync brings in all: the snapshot's count; `None` when following the feed
    /// from the beginning, which does not say.
    pub total: Option<u64>,
}

/// The agency's current snapshot (or its head): its cursor and its offers as the JavaScript
/// objects the browser parsed, stored as they are and decoded for the index a part at a time.
struct Snapshot {
    cursor: String,
    offers: js_sys::Array,
}

/// What one committed page of the feed (or part of a snapshot) changed on the device, as the
/// index reads it: a snapshot's offers are decoded only as far as the index needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied<'a> {
    pub offers: Vec<IndexedOffer<'a>>,
    pub removed: &'a [String],
    /// What the device held before was replaced (a snapshot's first part, its head, or the
    /// feed starting over).
    pub reset: bool,
    /// More of this sync is coming.
    pub has_more: bool,
}

impl<'a> From<&'a OfferChanges> for Applied<'a> {
    fn from(page: &'a OfferChanges) -> Self {
        Applied {
            offers: page.offers.iter().map(IndexedOffer::from).collect(),
            removed: &page.removed,
            reset: page.reset,
            has_more: page.has_more,
        }
    }
}

/// The indexed fields of `offers` (objects as the browser parsed them) as one JSON array, for
/// [`indexed_offers`]: the browser's `JSON.stringify` keeping only [`INDEXED_FIELDS`], so the
/// rest of each offer is never copied into wasm nor decoded.
fn indexed_text(offers: &js_sys::Array) -> Result<String, SyncError> {
    let fields: js_sys::Array = INDEXED_FIELDS.iter().map(|name| JsValue::from_str(name)).collect();
    js_sys::JSON::stringify_with_replacer(offers, &fields)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or(SyncError::Decode)
}

/// The offers of [`indexed_text`]'s text, borrowing their words from it.
fn indexed_offers(text: &str) -> Result<Vec<IndexedOffer<'_>>, SyncError> {
    serde_json::from_str(text).map_err(|_| SyncError::Decode)
}

/// The snapshot (or head) document at `url`, abandoned when `signal` aborts.
async fn fetch_document(url: &str, signal: &web_sys::AbortSignal) -> Result<Snapshot, SyncError> {
    let response = get_with(url, signal).await?;
    // The browser's own parser, off the wasm heap: the offers go to IndexedDB as it gives them.
    let parsed = web_sys::Response::from(response).json().map_err(|_| SyncError::Decode)?;
    let body = JsFuture::from(parsed).await.map_err(|_| SyncError::Decode)?;
    let field = |name: &str| js_sys::Reflect::get(&body, &JsValue::from_str(name)).ok();
    let cursor = field("cursor").and_then(|cursor| cursor.as_string()).ok_or(SyncError::Decode)?;
    let offers = field("offers")
        .and_then(|offers| offers.dyn_into::<js_sys::Array>().ok())
        .ok_or(SyncError::Decode)?;
    Ok(Snapshot { cursor, offers })
}

/// Stores `snapshot` in parts of [`SNAPSHOT_PART`] offers, each its own transaction: the
/// first clears what the device held, the last writes the cursor. After each part is committed,
/// `on_page` gets its offers (the first as a `reset` page), so the index and the screens follow.
///
/// Pipelined, so that neither IndexedDB nor this thread waits for the other: part N's requests
/// are made (IndexedDB queues its transaction behind part N − 1's) and its indexed fields taken
/// out, then part N − 1, once committed, is decoded and handed to `on_page` while IndexedDB
/// commits N. Two parts wait for everything before them to be committed first: the second (if
/// the first, which clears the device, failed, nothing may be added to what the device held)
/// and the last (its cursor must never be stored without every part before it).
async fn apply_snapshot(
    database: &Database,
    snapshot: &Snapshot,
    now: &impl Fn() -> Timestamp,
    on_page: &mut impl FnMut(&Applied<'_>, Option<Progress>),
) -> Result<usize, SyncError> {
    let total = snapshot.offers.length();
    let order = newest_first(&snapshot.offers);
    // The last part begun, not yet known to be committed: its write, its indexed fields as
    // JSON, and how far the sync is once it is.
    let mut in_flight: Option<Part> = None;
    let mut start = 0;
    loop {
        let end = total.min(start + SNAPSHOT_PART);
        let last = end == total;
        if (last || start == SNAPSHOT_PART)
            && let Some(part) = in_flight.take()
        {
            part.finish(on_page).await?;
        }
        let values: Vec<JsValue> =
            order[start as usize..end as usize].iter().map(|&at| snapshot.offers.get(at)).collect();
        let write = store::Write {
            clear: start == 0,
            offers: &values,
            removed: &[],
            cursor: last.then_some(snapshot.cursor.as_str()),
            synced_at: now(),
        };
        let begun = store::begin(database, &write);
        let text = indexed_text(&values.iter().collect());
        let part = match (begun, text) {
            (Ok(committing), Ok(text)) => Part {
                committing,
                text,
                reset: start == 0,
                progress: Progress { received: end.into(), total: Some(total.into()) },
            },
            (Ok(committing), Err(error)) => {
                committing.detach();
                abandon(in_flight);
                return Err(error);
            }
            (Err(error), _) => {
                abandon(in_flight);
                return Err(error.into());
            }
        };
        if let Some(previous) = in_flight.take()
            && let Err(error) = previous.finish(on_page).await
        {
            part.committing.detach();
            return Err(error);
        }
        if last {
            part.finish(on_page).await?;
            return Ok(total as usize);
        }
        in_flight = Some(part);
        start = end;
        // Lets the page paint and answer taps between two parts.
        crate::scheduler::yield_now().await;
    }
}

/// Lets the write of the part in flight end on its own, when the sync stops for another reason.
fn abandon(in_flight: Option<Part>) {
    if let Some(part) = in_flight {
        part.committing.detach();
    }
}

/// A part of a snapshot whose write is in flight.
struct Part {
    committing: store::Committing,
    /// Its offers' indexed fields, as [`indexed_text`] gives them.
    text: String,
    reset: bool,
    progress: Progress,
}

impl Part {
    /// Waits for the part to be committed, then hands its offers to `on_page`.
    async fn finish(
        self,
        on_page: &mut impl FnMut(&Applied<'_>, Option<Progress>),
    ) -> Result<(), SyncError> {
        self.committing.finish().await?;
        let offers = indexed_offers(&self.text)?;
        let applied = Applied { offers, removed: &[], reset: self.reset, has_more: true };
        on_page(&applied, Some(self.progress));
        Ok(())
    }
}

/// The positions of `offers` newest first (by `published_at`, as the list browses them), for
/// storing a snapshot in that order: its first part then holds the newest offers, so the list a
/// visitor browses during a first sync is already the one it ends with (its cards are not
/// replaced at every part, and the newest offers are the first to arrive). A snapshot holds each
/// offer once, so the order it is stored in changes nothing else. Offers without the field go
/// last; decoding them fails with their part, as before.
fn newest_first(offers: &js_sys::Array) -> Vec<u32> {
    let field = JsValue::from_str("published_at");
    let mut dated: Vec<(f64, u32)> = (0..offers.length())
        .map(|at| {
            let published = js_sys::Reflect::get(&offers.get(at), &field).ok();
            (published.and_then(|published| published.as_f64()).unwrap_or(f64::MIN), at)
        })
        .collect();
    dated.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    dated.into_iter().map(|(_, at)| at).collect()
}

async fn get(url: &str, timeout_ms: u32) -> Result<Response, SyncError> {
    get_with(url, &web_sys::AbortSignal::timeout_with_u32(timeout_ms)).await
}

/// `GET url`, abandoned when `signal` aborts.
async fn get_with(url: &str, signal: &web_sys::AbortSignal) -> Result<Response, SyncError> {
    let response = Request::get(url)
        .abort_signal(Some(signal))
        .send()
        .await
        .map_err(|_| SyncError::Unreachable)?;
    if !response.ok() {
        return Err(SyncError::Status(response.status()));
    }
    Ok(response)
}

async fn get_json<T: serde::de::DeserializeOwned>(
    url: &str,
    timeout_ms: u32,
) -> Result<T, SyncError> {
    get(url, timeout_ms).await?.json::<T>().await.map_err(|_| SyncError::Decode)
}

/// Fetches and applies pages until the feed says there is no more, calling `on_page` after each
/// page or part of a snapshot is committed, with how far a sync that started from nothing has
/// come. Returns how many changes were applied.
pub async fn sync_until_current(
    database: &Database,
    now: impl Fn() -> Timestamp,
    mut on_page: impl FnMut(&Applied<'_>, Option<Progress>),
) -> Result<usize, SyncError> {
    let mut applied = 0;
    // At most one snapshot per sync: a feed that says to start over right after one is followed
    // page by page.
    let mut snapshot_tried = false;
    // Set while the device holds only what this sync brought: from the beginning of the feed.
    let mut from_scratch: Option<Progress> = None;
    loop {
        let state = store::read_sync_state(database).await?;
        if state.cursor.is_none() && !snapshot_tried {
            snapshot_tried = true;
            if let Some(snapshot) = snapshot_or_feed(database, &now, &mut on_page).await {
                applied += apply_snapshot(database, &snapshot, &now, &mut on_page).await?;
                continue;
            }
            from_scratch = Some(Progress::default());
        }
        let page = match fetch_page(state.cursor.as_deref(), PAGE_LIMIT).await {
            // The agency refuses the stored cursor (corrupted, or from a format it no longer
            // reads): start over from the beginning, replacing everything stored.
            Err(SyncError::Status(400)) if state.cursor.is_some() => {
                let mut page = fetch_page(None, PAGE_LIMIT).await?;
                page.reset = true;
                page
            }
            other => other?,
        };
        // Starting over: the snapshot is cheaper for the agency than the feed from the beginning.
        if page.reset && !snapshot_tried {
            snapshot_tried = true;
            if let Some(snapshot) = snapshot_or_feed(database, &now, &mut on_page).await {
                applied += apply_snapshot(database, &snapshot, &now, &mut on_page).await?;
                continue;
            }
        }
        if page.reset {
            from_scratch = Some(Progress::default());
        }
        let changes = page.offers.len() + page.removed.len();
        if changes == 0 && !page.reset && Some(&page.cursor) == state.cursor.as_ref() {
            store::record_synced_at(database, now()).await?;
        } else {
            store::apply_page(database, &page, now()).await?;
        }
        applied += changes;
        if let Some(progress) = &mut from_scratch {
            progress.received += page.offers.len() as u64;
            progress.received = progress.received.saturating_sub(page.removed.len() as u64);
        }
        on_page(&Applied::from(&page), from_scratch);
        if !page.has_more {
            return Ok(applied);
        }
    }
}

/// The snapshot, or `None` to follow the feed from the beginning (said once in the console).
/// Says how many offers it holds as soon as that is known, then stores and hands on its head
/// while the snapshot downloads (see [`apply_head`]).
async fn snapshot_or_feed(
    database: &Database,
    now: &impl Fn() -> Timestamp,
    on_page: &mut impl FnMut(&Applied<'_>, Option<Progress>),
) -> Option<Snapshot> {
    let found = async {
        let pointer: OfferSnapshotPointer =
            get_json(SNAPSHOT_POINTER_PATH, PAGE_TIMEOUT_MS).await?;
        let nothing = Applied { offers: Vec::new(), removed: &[], reset: false, has_more: true };
        on_page(&nothing, Some(Progress { received: 0, total: Some(pointer.offers) }));
        // A snapshot that arrives (or fails) first makes the head useless: its request is
        // aborted, and a head already stored is replaced by the snapshot's first part. Never
        // dropped while a request is pending: a browser promise settling after its Rust future
        // is gone throws in the worker, which then stops.
        let head_request = web_sys::AbortController::new().ok();
        let download = async {
            let timeout = web_sys::AbortSignal::timeout_with_u32(SNAPSHOT_TIMEOUT_MS);
            let snapshot = fetch_document(&pointer.url, &timeout).await;
            if let Some(head_request) = &head_request {
                head_request.abort();
            }
            snapshot
        };
        let head = async {
            if let (Some(path), Some(head_request)) = (&pointer.head, &head_request) {
                let signal = head_request.signal();
                apply_head(database, path, &signal, pointer.offers, now, on_page).await;
            }
        };
        let (snapshot, ()) = futures::join!(download, head);
        snapshot
    };
    match found.await {
        Ok(snapshot) => Some(snapshot),
        Err(error) => {
            let message = format!("no offers snapshot ({error}): following the feed");
            web_sys::console::info_1(&message.into());
            None
        }
    }
}

/// Stores the snapshot's head at `path` in place of what the device held, with no cursor (a sync
/// cut short after it starts over), and hands it to `on_page` as a page that resets the index:
/// the newest offers are listed and searched while the snapshot of `total` downloads. Its first
/// part then replaces them with the same offers and more (the head is its beginning). Nothing
/// happens when the head cannot be had: the snapshot still comes.
async fn apply_head(
    database: &Database,
    path: &str,
    signal: &web_sys::AbortSignal,
    total: u64,
    now: &impl Fn() -> Timestamp,
    on_page: &mut impl FnMut(&Applied<'_>, Option<Progress>),
) {
    let Ok(head) = fetch_document(path, signal).await else { return };
    let values: Vec<JsValue> = head.offers.iter().collect();
    let write =
        store::Write { clear: true, offers: &values, removed: &[], cursor: None, synced_at: now() };
    if store::apply(database, &write).await.is_err() {
        return;
    }
    let Ok(text) = indexed_text(&head.offers) else { return };
    let Ok(offers) = indexed_offers(&text) else { return };
    let received = offers.len() as u64;
    let page = Applied { offers, removed: &[], reset: true, has_more: true };
    on_page(&page, Some(Progress { received, total: Some(total) }));
}

/// Asks the agency for reference lists newer than `known_version` (the version is the ETag, so
/// a current device gets a bodiless 304) and caches newer ones, which it returns for the caller
/// to use at once.
pub async fn refresh_reference(
    database: &Database,
    known_version: u32,
) -> Result<Option<Reference>, SyncError> {
    let signal = web_sys::AbortSignal::timeout_with_u32(PAGE_TIMEOUT_MS);
    let response = Request::get(REFERENCE_PATH)
        .header("if-none-match", &format!("\"reference-{known_version}\""))
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|_| SyncError::Unreachable)?;
    if response.status() == 304 {
        return Ok(None);
    }
    if !response.ok() {
        return Err(SyncError::Status(response.status()));
    }
    let reference = response.json::<Reference>().await.map_err(|_| SyncError::Decode)?;
    if reference.version <= known_version {
        return Ok(None);
    }
    store::store_reference(database, &reference).await?;
    Ok(Some(reference))
}

/// Fetches the agency's current public sealing key and keeps it when it changed (the ETag is its
/// id). An agency without one (404, an older server) leaves the kept key as it is: entries are
/// then queued in clear, as before sealing.
pub async fn refresh_sealing_key(database: &Database) -> Result<(), SyncError> {
    let known = crate::storage::settings::sealing_key(database).await?;
    let signal = web_sys::AbortSignal::timeout_with_u32(PAGE_TIMEOUT_MS);
    let mut request = Request::get(SEALING_KEY_PATH).abort_signal(Some(&signal));
    if let Some(known) = &known {
        request = request.header("if-none-match", &format!("\"key-{}\"", known.key_id));
    }
    let response = request.send().await.map_err(|_| SyncError::Unreachable)?;
    if response.status() == 304 || response.status() == 404 {
        return Ok(());
    }
    if !response.ok() {
        return Err(SyncError::Status(response.status()));
    }
    let key = response.json::<SealingKey>().await.map_err(|_| SyncError::Decode)?;
    // A key that does not read is never kept: sealing to it would lose the entry.
    guichet_core::sealing::PublicKey::from_wire(&key).map_err(|_| SyncError::Decode)?;
    crate::storage::settings::store_sealing_key(database, &key).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::*;

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn a_snapshot_is_stored_newest_first_and_undated_offers_last() {
        let offer = |published: Option<f64>| {
            let offer = js_sys::Object::new();
            if let Some(published) = published {
                js_sys::Reflect::set(&offer, &"published_at".into(), &published.into())
                    .expect("an object");
            }
            JsValue::from(offer)
        };
        let offers: js_sys::Array =
            [Some(10.0), Some(30.0), None, Some(20.0), Some(30.0)].into_iter().map(offer).collect();
        // Equal dates keep the snapshot's order.
        assert_eq!(newest_first(&offers), vec![1, 4, 3, 0, 2]);
    }
}
