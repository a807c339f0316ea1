//! The offers engine: syncs the offers into IndexedDB, builds the search index from storage at
//! start and keeps it current, and answers the page's searches. It runs in a dedicated Web
//! Worker (`src/bin/offers_worker.rs`, a second wasm module the page starts after its first
//! screen), so parsing a snapshot of megabytes, storing it and indexing 100,000 offers never
//! hold the page's main thread, and the page's own module carries none of that code.
//!
//! Sync runs at start, every few minutes, and at once when the page says connectivity returned.
//! The same loop owns the reference lists (see `crate::reference`): it loads the newer of the
//! build's file and the version cached from the agency before building the index, and each sync
//! that brings a newer version stores it, rebuilds the index with it and tells the page, which
//! reads the new lists from storage.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::{FutureExt, StreamExt};
use gloo::timers::future::TimeoutFuture;
use guichet_core::reference::ReferenceData;
use guichet_core::search::{SearchIndex, SearchIndexBuilder};
use guichet_protocol::offers::Offer;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::messages::{
    self, FoundOffers, FromWorker, OffersStatus, OutboxRequest, Phase, ToWorker,
};
use super::sync::{self, Applied};
use crate::browser;
use crate::reference::{ReferenceContext, newest_reference};
use crate::scheduler::{SLICE_MS, Slicer};
use crate::storage::offers as store;
use crate::storage::{Database, StorageError};

/// How the worker's other parts send a message to the page.
pub type Post = Rc<dyn Fn(&FromWorker)>;

/// Time between syncs while nothing else wakes the loop.
const SYNC_EVERY_MS: u32 = 3 * 60 * 1000;

/// What the worker holds: the index, storage once open, and the way back to the page.
struct Engine {
    scope: DedicatedWorkerGlobalScope,
    index: RefCell<SearchIndex>,
    database: RefCell<Option<Rc<Database>>>,
}

impl Engine {
    fn post(&self, message: &FromWorker) {
        if let Some(text) = messages::encode(message)
            && self.scope.post_message(&text.into()).is_err()
        {
            web_sys::console::warn_1(&"an offers message could not be sent".into());
        }
    }

    /// Sends `status` with how many offers are current now.
    fn publish(&self, status: &OffersStatus) {
        let mut shown = status.clone();
        shown.current = self.index.borrow().current_count(browser::now());
        self.post(&FromWorker::Status(shown));
    }

    /// The stored offers with these ids, in order; empty while storage is not open.
    async fn load(&self, ids: &[String]) -> Vec<Offer> {
        let database = self.database.borrow().clone();
        let Some(database) = database else { return Vec::new() };
        store::offers_by_id(&database, ids).await.unwrap_or_else(|error| {
            web_sys::console::warn_1(&format!("offers could not be read: {error}").into());
            Vec::new()
        })
    }

    async fn answer(&self, message: ToWorker) {
        match message {
            ToWorker::Search { request, query, now } => {
                let found = self.index.borrow().search(&query, now);
                let offers = self.load(&found.ids).await;
                let found = FoundOffers { total: found.total, offers };
                self.post(&FromWorker::answered(request, &found));
            }
            ToWorker::Load { request, ids } => {
                let offers = self.load(&ids).await;
                self.post(&FromWorker::answered(request, &offers));
            }
            ToWorker::Start { .. } | ToWorker::Wake | ToWorker::Outbox(_) => {}
        }
    }
}

/// The worker's entry point: listens to the page, says it is ready, and starts the engine when
/// the page sends [`ToWorker::Start`]. The outbox's requests go to `outbox`, which the worker's
/// `main` passes in (`crate::outbox::background::handler`), so the offers do not depend on the
/// outbox. Outside a dedicated worker it only says so.
pub fn serve(mut outbox: impl FnMut(OutboxRequest, &Post) + 'static) {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        web_sys::console::error_1(&"the offers engine runs in a dedicated worker".into());
        return;
    };
    let engine = Rc::new(Engine {
        scope: scope.clone(),
        index: RefCell::new(SearchIndex::default()),
        database: RefCell::new(None),
    });
    let post: Post = {
        let engine = Rc::clone(&engine);
        Rc::new(move |message: &FromWorker| engine.post(message))
    };
    let (wake, wakeups) = mpsc::unbounded::<()>();
    let mut wakeups = Some(wakeups);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(message) = messages::decode::<ToWorker>(&event.data()) else { return };
        match message {
            ToWorker::Start { reference_path, offers } => {
                // A second start (which this build's page never sends) changes nothing.
                if let Some(wakeups) = wakeups.take()
                    && offers
                {
                    let engine = Rc::clone(&engine);
                    wasm_bindgen_futures::spawn_local(run(engine, reference_path, wakeups));
                }
            }
            ToWorker::Wake => {
                let _ = wake.unbounded_send(());
            }
            ToWorker::Outbox(request) => outbox(request, &post),
            question => {
                let engine = Rc::clone(&engine);
                wasm_bindgen_futures::spawn_local(async move { engine.answer(question).await });
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker: the page ends both by terminating it.
    on_message.forget();
    let ready = messages::encode(&FromWorker::Ready).unwrap_or_default();
    if scope.post_message(&ready.into()).is_err() {
        web_sys::console::error_1(&"the offers worker could not reach its page".into());
    }
}

async fn run(
    engine: Rc<Engine>,
    reference_path: Option<String>,
    mut wakeups: mpsc::UnboundedReceiver<()>,
) {
    let mut status = OffersStatus::default();
    let database = match Database::open().await {
        Ok(database) => Rc::new(database),
        Err(error) => {
            web_sys::console::warn_1(&format!("offers storage unavailable: {error}").into());
            status.phase = Phase::Unavailable;
            engine.publish(&status);
            return;
        }
    };
    let path = reference_path.as_deref();
    let mut reference = newest_reference(Some(&database), path).await.unwrap_or_else(|| {
        web_sys::console::warn_1(&"no reference lists could be loaded".into());
        ReferenceContext::empty().0
    });
    let state = store::read_sync_state(&database).await.unwrap_or_default();
    let mut kept = None;
    let built = match kept_index(&database, &reference, state.cursor.as_deref()).await {
        Some(index) => {
            kept = state.cursor.clone().map(|cursor| (cursor, reference.version()));
            index
        }
        None => index_from_storage(&database, &reference).await,
    };
    *engine.index.borrow_mut() = built;
    *engine.database.borrow_mut() = Some(Rc::clone(&database));
    status.phase = Phase::Ready;
    status.synced_at = state.synced_at;
    status.revision += 1;
    engine.publish(&status);

    loop {
        status.syncing = true;
        engine.publish(&status);
        let apply = |page: &Applied<'_>, progress: Option<sync::Progress>| {
            apply_to_index(&mut engine.index.borrow_mut(), page, &reference);
            status.revision += 1;
            status.first_sync = progress;
            // A part of a snapshot brings no cursor: the device is not synced until the last.
            if progress.is_none() {
                status.synced_at = Some(browser::now());
            }
            let mut shown = status.clone();
            shown.syncing = page.has_more;
            engine.publish(&shown);
        };
        let outcome = sync::sync_until_current(&database, browser::now, apply).await;
        // A wake sent while this sync ran (connectivity known at start, or back meanwhile) asked
        // for what it just did: syncing again at once would fetch everything a second time.
        if outcome.is_ok() {
            while wakeups.try_recv().is_ok() {}
        }
        // The key registrations are sealed to; without it they are queued in clear.
        if outcome.is_ok()
            && let Err(error) = sync::refresh_sealing_key(&database).await
        {
            web_sys::console::warn_1(&format!("the agency's sealing key: {error}").into());
        }
        // Failing to refresh the lists only means keeping the ones we have.
        if outcome.is_ok()
            && let Ok(Some(newer)) = sync::refresh_reference(&database, reference.version()).await
        {
            match ReferenceData::new(newer) {
                Ok(newer) => {
                    reference = Rc::new(newer);
                    let rebuilt = index_from_storage(&database, &reference).await;
                    *engine.index.borrow_mut() = rebuilt;
                    status.revision += 1;
                    engine.post(&FromWorker::ReferenceChanged);
                }
                Err(error) => web_sys::console::warn_1(
                    &format!("the agency's reference lists are inconsistent: {error}").into(),
                ),
            }
        }
        // Kept whatever the outcome: the index always matches the stored cursor (a page is
        // indexed only once committed with its cursor; a snapshot cut short leaves none, and
        // nothing is kept). Not before the first sync: nothing may come between the status
        // that says the index is ready and the one that says a sync runs, or the page would
        // show the device up to date for a moment.
        let bytes = || engine.index.borrow().to_bytes();
        if let Err(error) = keep_index(&database, &reference, &mut kept, bytes).await {
            web_sys::console::warn_1(&format!("the index could not be kept: {error}").into());
        }
        status.syncing = false;
        status.first_sync = None;
        status.last_sync_failed = outcome.is_err();
        if outcome.is_ok() {
            status.synced_at = Some(browser::now());
        }
        engine.publish(&status);
        futures::select! {
            () = TimeoutFuture::new(SYNC_EVERY_MS).fuse() => {},
            woken = wakeups.next() => if woken.is_none() { break },
        }
    }
}

/// Brings the in-memory index in line with a page already committed to storage.
pub fn apply_to_index(index: &mut SearchIndex, page: &Applied<'_>, reference: &ReferenceData) {
    let held = if page.reset { SearchIndex::default() } else { std::mem::take(index) };
    let mut builder = SearchIndexBuilder::extending(held, reference);
    for offer in &page.offers {
        builder.add(offer);
    }
    *index = builder.finish();
    for id in page.removed {
        index.remove(id);
    }
}

/// The index kept at the last sync, when it was made at the stored `cursor` with `reference`'s
/// version: what a start uses instead of reading and indexing every stored offer again.
pub async fn kept_index(
    database: &Database,
    reference: &ReferenceData,
    cursor: Option<&str>,
) -> Option<SearchIndex> {
    let cursor = cursor?;
    let kept = store::read_kept_index(database).await.ok()??;
    if kept.cursor != cursor || kept.reference_version != reference.version() {
        return None;
    }
    match SearchIndex::from_bytes(&kept.bytes) {
        Ok(index) => Some(index),
        Err(error) => {
            web_sys::console::warn_1(&format!("{error}: indexing the stored offers").into());
            None
        }
    }
}

/// Keeps an index for the next start with the stored cursor and `reference`'s version, unless
/// the one kept already was made there (`kept` says what was last kept, and is updated). `bytes`
/// makes the index's bytes, once the cursor is read (no borrow of the index is held across the
/// reads). The bytes written, or `None` when there is no cursor or the kept index is current.
/// A failure only costs the next start its shortcut. (The bench's `bench_keep_index` times this.)
pub async fn keep_index(
    database: &Database,
    reference: &ReferenceData,
    kept: &mut Option<(String, u32)>,
    bytes: impl FnOnce() -> Vec<u8>,
) -> Result<Option<usize>, StorageError> {
    let Some(cursor) = store::read_sync_state(database).await?.cursor else {
        return Ok(None);
    };
    let made_at = (cursor, reference.version());
    if kept.as_ref() == Some(&made_at) {
        return Ok(None);
    }
    let bytes = bytes();
    let size = bytes.len();
    let index = store::KeptIndex { cursor: made_at.0.clone(), reference_version: made_at.1, bytes };
    store::keep_index(database, &index).await?;
    *kept = Some(made_at);
    Ok(Some(size))
}

/// Builds the search index from the stored offers with `reference`'s names, in slices of a few
/// milliseconds between which the worker answers the page's searches (see `crate::scheduler`).
pub async fn index_from_storage(database: &Database, reference: &ReferenceData) -> SearchIndex {
    let mut builder = SearchIndexBuilder::new(reference);
    let mut slicer = Slicer::new(SLICE_MS);
    match store::for_each_indexed_offer(database, &mut slicer, |offer| builder.add(offer)).await {
        Ok(0) => {}
        Ok(undecodable) => web_sys::console::warn_1(
            &format!("{undecodable} stored offers could not be read and are not shown").into(),
        ),
        Err(error) => {
            web_sys::console::warn_1(&format!("stored offers could not be read: {error}").into());
        }
    }
    builder.finish()
}
