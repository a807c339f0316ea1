//! The job offers a kiosk holds: the one place that syncs them into IndexedDB, builds the search
//! index from storage at start and keeps it current, and reads offers back for the screens.
//!
//! Sync runs at start, every few minutes, and at once when connectivity returns. Components read
//! [`OffersContext`] (`use_offers`) and ask it for search results and offers; they never touch
//! IndexedDB or the network themselves.
//!
//! The same loop owns the reference lists (see `crate::reference`): it loads the newer of the
//! build's file and the version cached from the agency before building the index, and each sync
//! that brings a newer version stores it, rebuilds the index with it and provides it to every
//! screen at once.

#[cfg(feature = "bench")]
pub mod bench;
pub mod sync;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::channel::mpsc;
use futures::{FutureExt, StreamExt};
use gloo::timers::future::TimeoutFuture;
use guichet_core::connectivity::Indicator;
use guichet_core::reference::ReferenceData;
use guichet_core::search::{Query, SearchIndex, SearchIndexBuilder, SearchResults};
use guichet_core::time::Timestamp;
use guichet_protocol::offers::{Offer, OfferChanges};
use yew::prelude::*;

use crate::browser;
use crate::connectivity::use_connectivity;
use crate::reference::{ReferenceContext, fetch_build_reference};
use crate::scheduler::{SLICE_MS, Slicer};
use crate::storage::Database;
use crate::storage::offers as store;

/// Time between syncs while nothing else wakes the loop.
const SYNC_EVERY_MS: u32 = 3 * 60 * 1000;

/// Where the offers on this device stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// Opening storage and building the index.
    #[default]
    Loading,
    Ready,
    /// The browser refused IndexedDB: no offers can be kept.
    Unavailable,
}

/// What the screens show about the offers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OffersStatus {
    pub phase: Phase,
    /// Bumped whenever the index changes, so result lists know to ask again.
    pub revision: u64,
    /// When the device last finished a sync.
    pub synced_at: Option<Timestamp>,
    pub syncing: bool,
    /// The last sync attempt failed (usually: offline). The stored offers are still shown.
    pub last_sync_failed: bool,
    /// While a sync that started from nothing (a first sync) runs: how far it has come.
    pub first_sync: Option<sync::Progress>,
}

/// The offers context: status, search, and reading offers by id.
#[derive(Clone)]
pub struct OffersContext {
    pub status: OffersStatus,
    index: Rc<RefCell<SearchIndex>>,
    reference: ReferenceContext,
    database: Rc<RefCell<Option<Rc<Database>>>>,
}

impl PartialEq for OffersContext {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status
            && Rc::ptr_eq(&self.index, &other.index)
            && self.reference == other.reference
    }
}

impl std::fmt::Debug for OffersContext {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("OffersContext").field("status", &self.status).finish()
    }
}

impl OffersContext {
    /// The reference lists the offers are indexed and shown with (see `crate::reference`).
    pub fn reference(&self) -> Rc<ReferenceData> {
        Rc::clone(&self.reference.0)
    }

    /// Searches or browses the current offers at `now` (expired ones never appear).
    pub fn search(&self, query: &Query, now: Timestamp) -> SearchResults {
        self.index.borrow().search(query, now)
    }

    /// How many offers are current at `now`.
    pub fn current_count(&self, now: Timestamp) -> usize {
        self.index.borrow().current_count(now)
    }

    /// The stored offers with these ids, in order; empty while storage is not open.
    pub async fn load(&self, ids: Vec<String>) -> Vec<Offer> {
        let database = self.database.borrow().clone();
        let Some(database) = database else { return Vec::new() };
        store::offers_by_id(&database, &ids).await.unwrap_or_else(|error| {
            web_sys::console::warn_1(&format!("offers could not be read: {error}").into());
            Vec::new()
        })
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct OffersProviderProps {
    pub children: Html,
}

/// Opens storage, builds the index, runs the sync loop, and provides [`OffersContext`]. Must
/// be inside the connectivity provider: its return wakes the sync.
#[component]
pub fn OffersProvider(props: &OffersProviderProps) -> Html {
    let status = use_state(OffersStatus::default);
    let index = use_mut_ref(SearchIndex::default);
    let database = use_mut_ref(|| None::<Rc<Database>>);
    let reference = use_state(ReferenceContext::empty);
    let wake = use_mut_ref(|| None::<mpsc::UnboundedSender<()>>);
    {
        let set_status = status.setter();
        let index = Rc::clone(&index);
        let database = Rc::clone(&database);
        let reference = reference.setter();
        let wake = Rc::clone(&wake);
        use_effect_with((), move |_| {
            let (sender, wakeups) = mpsc::unbounded::<()>();
            *wake.borrow_mut() = Some(sender.clone());
            let running = Rc::new(Cell::new(true));
            let loop_running = Rc::clone(&running);
            let slots = Slots { index, database, reference };
            wasm_bindgen_futures::spawn_local(run(slots, set_status, wakeups, loop_running));
            move || {
                running.set(false);
                sender.close_channel();
            }
        });
    }
    let online = use_connectivity().indicator() == Indicator::Online;
    {
        let wake = Rc::clone(&wake);
        use_effect_with(online, move |online| {
            if *online && let Some(sender) = wake.borrow().as_ref() {
                let _ = sender.unbounded_send(());
            }
        });
    }
    let reference = (*reference).clone();
    let context =
        OffersContext { status: (*status).clone(), index, reference: reference.clone(), database };
    html! {
        <ContextProvider<ReferenceContext> context={reference}>
        <ContextProvider<OffersContext> context={context}>
            { props.children.clone() }
        </ContextProvider<OffersContext>>
        </ContextProvider<ReferenceContext>>
    }
}

/// The offers context; panics outside [`OffersProvider`], a programming error.
#[hook]
pub fn use_offers() -> OffersContext {
    use_context::<OffersContext>().expect("use_offers needs an OffersProvider")
}

/// What the sync loop fills in for the context.
struct Slots {
    index: Rc<RefCell<SearchIndex>>,
    database: Rc<RefCell<Option<Rc<Database>>>>,
    reference: UseStateSetter<ReferenceContext>,
}

async fn run(
    slots: Slots,
    set_status: UseStateSetter<OffersStatus>,
    mut wakeups: mpsc::UnboundedReceiver<()>,
    running: Rc<Cell<bool>>,
) {
    let mut status = OffersStatus::default();
    let Slots { index, database: database_slot, reference: set_reference } = slots;
    let database = match Database::open().await {
        Ok(database) => Rc::new(database),
        Err(error) => {
            web_sys::console::warn_1(&format!("offers storage unavailable: {error}").into());
            // The screens still need the lists: the build's own, since none can be cached.
            if let Some(reference) = newest_reference(None).await {
                set_reference.set(ReferenceContext(reference));
            }
            status.phase = Phase::Unavailable;
            set_status.set(status);
            return;
        }
    };
    let mut reference = newest_reference(Some(&database)).await.unwrap_or_else(|| {
        web_sys::console::warn_1(&"no reference lists could be loaded".into());
        ReferenceContext::empty().0
    });
    set_reference.set(ReferenceContext(Rc::clone(&reference)));
    *index.borrow_mut() = index_from_storage(&database, &reference).await;
    *database_slot.borrow_mut() = Some(Rc::clone(&database));
    status.phase = Phase::Ready;
    status.synced_at =
        store::read_sync_state(&database).await.ok().and_then(|state| state.synced_at);
    status.revision += 1;
    set_status.set(status.clone());

    while running.get() {
        status.syncing = true;
        set_status.set(status.clone());
        let apply = |page: &OfferChanges, progress: Option<sync::Progress>| {
            apply_to_index(&mut index.borrow_mut(), page, &reference);
            status.revision += 1;
            status.first_sync = progress;
            // A part of a snapshot brings no cursor: the device is not synced until the last.
            if progress.is_none() {
                status.synced_at = Some(browser::now());
            }
            let mut shown = status.clone();
            shown.syncing = page.has_more;
            set_status.set(shown);
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
                    *index.borrow_mut() = index_from_storage(&database, &reference).await;
                    status.revision += 1;
                    set_reference.set(ReferenceContext(Rc::clone(&reference)));
                }
                Err(error) => web_sys::console::warn_1(
                    &format!("the agency's reference lists are inconsistent: {error}").into(),
                ),
            }
        }
        status.syncing = false;
        status.first_sync = None;
        status.last_sync_failed = outcome.is_err();
        if outcome.is_ok() {
            status.synced_at = Some(browser::now());
        }
        set_status.set(status.clone());
        futures::select! {
            () = TimeoutFuture::new(SYNC_EVERY_MS).fuse() => {},
            woken = wakeups.next() => if woken.is_none() { break },
        }
    }
}

/// Brings the in-memory index in line with a page already committed to storage.
pub fn apply_to_index(index: &mut SearchIndex, page: &OfferChanges, reference: &ReferenceData) {
    if page.reset {
        *index = SearchIndex::default();
    }
    for offer in &page.offers {
        index.upsert(offer, reference);
    }
    for id in &page.removed {
        index.remove(id);
    }
}

/// Builds the search index from the stored offers with `reference`'s names, in slices of a few
/// milliseconds between which the page answers input (see `crate::scheduler`).
async fn index_from_storage(database: &Database, reference: &ReferenceData) -> SearchIndex {
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

/// The newer of the build's reference lists and those cached from the agency; `None` when
/// neither can be read.
async fn newest_reference(database: Option<&Database>) -> Option<Rc<ReferenceData>> {
    let cached = match database {
        Some(database) => store::read_reference(database).await.ok().flatten(),
        None => None,
    };
    let shipped = match fetch_build_reference().await {
        Ok(shipped) => Some(shipped),
        Err(error) => {
            web_sys::console::warn_1(&format!("built-in reference lists: {error}").into());
            None
        }
    };
    let newest = match (cached, shipped) {
        (Some(cached), Some(shipped)) if shipped.version >= cached.version => Some(shipped),
        (Some(cached), _) => Some(cached),
        (None, shipped) => shipped,
    }?;
    ReferenceData::new(newest).map(Rc::new).ok()
}
