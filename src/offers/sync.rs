//! Fetching the change feed, page after page, until the device is current.
//!
//! A first sync (no cursor stored, or a feed that says to start over) starts from the agency's
//! snapshot instead: every live offer at one cursor in one cacheable file, applied as one page
//! that replaces what the device holds, then the feed from the snapshot's cursor. An agency
//! without snapshots (an older server), or one that fails to give it, is followed page by page
//! from the beginning as before: the snapshot only saves the agency work, never changes what
//! the device ends up holding.
//!
//! The cursor sent is always the one stored with the last applied page, read back from
//! IndexedDB, so an interrupted sync (a lost connection, a closed tab) resumes where the data
//! ends, never where a request started.

use gloo::net::http::Request;
use guichet_core::time::Timestamp;
use guichet_protocol::offers::{
    CHANGES_LIMIT_PARAM, CHANGES_SINCE_PARAM, OfferChanges, OfferSnapshot, OfferSnapshotPointer,
};
use guichet_protocol::reference::Reference;
use guichet_protocol::sealing::SealingKey;

use crate::storage::offers as store;
use crate::storage::{Database, StorageError};

/// Changes per request: large pages make the first sync fast; the server caps them anyway.
pub const PAGE_LIMIT: u32 = 1_000;
const FEED_PATH: &str = "/api/v1/offers/changes";
const SNAPSHOT_POINTER_PATH: &str = "/api/v1/offers/snapshot";
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
    let signal = web_sys::AbortSignal::timeout_with_u32(PAGE_TIMEOUT_MS);
    let response = Request::get(&url)
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|_| SyncError::Unreachable)?;
    if !response.ok() {
        return Err(SyncError::Status(response.status()));
    }
    response.json::<OfferChanges>().await.map_err(|_| SyncError::Decode)
}

/// The agency's current snapshot, as one page that replaces everything stored (`reset`) and
/// asks for the feed after it (`has_more`).
pub async fn fetch_snapshot() -> Result<OfferChanges, SyncError> {
    let pointer: OfferSnapshotPointer = get_json(SNAPSHOT_POINTER_PATH, PAGE_TIMEOUT_MS).await?;
    let snapshot: OfferSnapshot = get_json(&pointer.url, SNAPSHOT_TIMEOUT_MS).await?;
    Ok(OfferChanges {
        offers: snapshot.offers,
        removed: Vec::new(),
        cursor: snapshot.cursor,
        has_more: true,
        reset: true,
    })
}

async fn get_json<T: serde::de::DeserializeOwned>(
    url: &str,
    timeout_ms: u32,
) -> Result<T, SyncError> {
    let signal = web_sys::AbortSignal::timeout_with_u32(timeout_ms);
    let response = Request::get(url)
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|_| SyncError::Unreachable)?;
    if !response.ok() {
        return Err(SyncError::Status(response.status()));
    }
    response.json::<T>().await.map_err(|_| SyncError::Decode)
}

/// Fetches and applies pages until the feed says there is no more, calling `on_page` after each
/// page is committed (a snapshot counts as one page). Returns how many changes were applied.
pub async fn sync_until_current(
    database: &Database,
    now: impl Fn() -> Timestamp,
    mut on_page: impl FnMut(&OfferChanges),
) -> Result<usize, SyncError> {
    let mut applied = 0;
    // At most one snapshot per sync: a feed that says to start over right after one is followed
    // page by page.
    let mut snapshot_tried = false;
    loop {
        let state = store::read_sync_state(database).await?;
        if state.cursor.is_none() && !snapshot_tried {
            snapshot_tried = true;
            if let Some(page) = snapshot_or_feed().await {
                store::apply_page(database, &page, now()).await?;
                applied += page.offers.len();
                on_page(&page);
                continue;
            }
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
            if let Some(snapshot) = snapshot_or_feed().await {
                store::apply_page(database, &snapshot, now()).await?;
                applied += snapshot.offers.len();
                on_page(&snapshot);
                continue;
            }
        }
        let changes = page.offers.len() + page.removed.len();
        if changes == 0 && !page.reset && Some(&page.cursor) == state.cursor.as_ref() {
            store::record_synced_at(database, now()).await?;
        } else {
            store::apply_page(database, &page, now()).await?;
        }
        applied += changes;
        on_page(&page);
        if !page.has_more {
            return Ok(applied);
        }
    }
}

/// The snapshot, or `None` to follow the feed from the beginning (said once in the console).
async fn snapshot_or_feed() -> Option<OfferChanges> {
    match fetch_snapshot().await {
        Ok(page) => Some(page),
        Err(error) => {
            let message = format!("no offers snapshot ({error}): following the feed");
            web_sys::console::info_1(&message.into());
            None
        }
    }
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
