//! The app's side of the outbox: turning a draft into an entry (durably), the one sender across
//! tabs, and what every screen can read: the status (how many wait, when the last one arrived),
//! the entries, and the records set aside because they cannot be read. Storage is
//! `crate::storage::outbox`'s; pages reach it only through this provider.
//!
//! The sender and the sealing of submissions run in the offers worker ([`background`]): the
//! page's module carries neither the delivery loop nor the cryptography. [`OutboxProvider`]
//! starts them there, relays their status and wakes, and [`OutboxContext::submit`] asks the
//! worker to seal and queue a registration.
//!
//! The decisions (what is due, what an answer means, how long to wait) are
//! `guichet_core::outbox`'s; this module only does the IO.

pub mod background;
#[cfg(feature = "bench")]
pub mod bench;
pub mod lock;
mod sender;

use std::rc::Rc;

use guichet_core::outbox::stored::ENTRY_SCHEMA;
use guichet_core::outbox::{EntryState, OutboxEntry};
use guichet_core::receipt::Reference;
use guichet_core::sealing::{self, PublicKey, SecureFill};
use guichet_protocol::registration::Registration;
use guichet_protocol::{PROTOCOL_VERSION, SEALED_PROTOCOL_VERSION};
use yew::prelude::*;

use crate::connectivity::use_connectivity;
use crate::offers::messages::outbox::Listing;
use crate::offers::messages::{NewSubmission, OutboxRequest};
use crate::offers::{WorkerLink, use_worker_link};
use crate::storage::{self, Database, StorageError};
use guichet_core::connectivity::Status;

pub use crate::offers::messages::outbox::{
    EntryView, FailureView, ReceiptLookup, RejectionView, StateView,
};
pub use crate::storage::quarantine::Quarantined;
pub use crate::storage::receipts::Receipt;
pub use guichet_core::outbox::{OutboxStatus, Wake};
pub use sender::CONFIRMED_RETENTION;

/// What components get from [`use_outbox`].
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxContext {
    pub status: OutboxStatus,
    /// Tells the sender to look now (after a submission), or to resume after an enrolment.
    pub wake: Callback<Wake>,
    worker: WorkerLink,
}

impl OutboxContext {
    /// Seals (when the device has the agency's key) and queues a registration that passed
    /// validation, in the worker: the draft `client_id` becomes an outbox entry in one strict
    /// transaction (see [`submit`]). The stored entry, or why there is none; the draft then
    /// stays where it was.
    pub async fn submit(
        &self,
        client_id: &str,
        registration: Registration,
        reference_version: Option<u32>,
        submitted_on_kiosk: bool,
    ) -> Result<String, String> {
        let submission = NewSubmission {
            client_id: client_id.to_owned(),
            registration,
            reference_version,
            submitted_on_kiosk,
        };
        self.worker.submit(submission).await
    }

    /// A submitted entry and, once confirmed and purged, its receipt (read by the worker).
    pub async fn find(&self, client_id: &str) -> Result<ReceiptLookup, String> {
        self.worker.find(client_id.to_owned()).await
    }
}

/// What the outbox screen shows, from [`use_outbox_listing`].
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxListing {
    /// Every entry not yet purged, newest submission first, as last read.
    pub entries: Rc<Vec<EntryView>>,
    /// Records set aside because this app cannot read them, oldest first.
    pub quarantined: Rc<Vec<Quarantined>>,
    /// The last read failed (the offers worker, which owns the outbox store, is not running):
    /// the lists above are empty for that reason, not because nothing waits.
    pub unreadable: bool,
    /// "Try again" on a refused entry, by client id: queued again, due now.
    pub retry: Callback<String>,
}

/// What the worker read for the screen. The lists are compared by identity: a new read is a new
/// `Rc` (comparing every registration field would cost code and time for nothing).
#[derive(Debug, Clone, Default)]
struct Shown {
    entries: Rc<Vec<EntryView>>,
    quarantined: Rc<Vec<Quarantined>>,
    unreadable: bool,
}

impl Shown {
    /// What a read gave; a failed one shows as such (and is reported in the console).
    fn of(read: Result<Listing, String>) -> Self {
        match read {
            Ok(listing) => Shown {
                entries: Rc::new(listing.entries),
                quarantined: Rc::new(listing.quarantined),
                unreadable: false,
            },
            Err(error) => {
                web_sys::console::warn_1(&format!("outbox: {error}").into());
                Shown { unreadable: true, ..Shown::default() }
            }
        }
    }
}

/// The outbox's entries for a screen that shows them: read when the screen opens (the sender
/// may run in another tab), then at each change of the status (the sender's tab sets it at each
/// pass) and each retry. Only a screen that shows them reads them, so the sender's passes cost
/// no second read of the whole outbox otherwise, and only the part of the app with that screen
/// (`crate::route::Part`) carries the listing's reader (issue #12).
#[hook]
pub fn use_outbox_listing() -> OutboxListing {
    let outbox = use_outbox();
    let listing = use_state(Shown::default);
    {
        let listing = listing.setter();
        let worker = outbox.worker.clone();
        use_effect_with(outbox.status.clone(), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                listing.set(Shown::of(worker.list().await));
            });
        });
    }
    let retry = {
        let listing = listing.setter();
        let worker = outbox.worker;
        use_callback((), move |client_id: String, ()| {
            let listing = listing.clone();
            let worker = worker.clone();
            // The worker queues it again, wakes its sender, and answers with the listing after.
            wasm_bindgen_futures::spawn_local(async move {
                listing.set(Shown::of(worker.retry(client_id).await));
            });
        })
    };
    OutboxListing {
        entries: Rc::clone(&listing.entries),
        quarantined: Rc::clone(&listing.quarantined),
        unreadable: listing.unreadable,
        retry,
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct OutboxProviderProps {
    pub children: Html,
}

/// Starts the sender in the offers worker (which runs it once the Web Lock is granted), relays
/// its status, and provides [`OutboxContext`]. Must be inside the offers provider.
#[component]
pub fn OutboxProvider(props: &OutboxProviderProps) -> Html {
    let status = use_state(OutboxStatus::default);
    let worker = use_worker_link();
    {
        let set_status = status.setter();
        let worker = worker.clone();
        use_effect_with((), move |_| {
            worker.listen(Some(Callback::from(move |status| set_status.set(status))));
            worker.send(OutboxRequest::Start);
            move || worker.listen(None)
        });
    }
    let wake = {
        let worker = worker.clone();
        Callback::from(move |reason: Wake| worker.send(OutboxRequest::Wake(reason)))
    };
    // Connectivity back: whatever waits is due at once.
    let connectivity = use_connectivity().connectivity.status();
    {
        let wake = wake.clone();
        use_effect_with(connectivity, move |status| {
            if *status == Status::Online {
                wake.emit(Wake::Look);
            }
        });
    }
    let context = OutboxContext { status: (*status).clone(), wake, worker };
    html! {
        <ContextProvider<OutboxContext> context={context}>
            { props.children.clone() }
        </ContextProvider<OutboxContext>>
    }
}

/// The outbox context; panics outside [`OutboxProvider`], a programming error.
#[hook]
pub fn use_outbox() -> OutboxContext {
    use_context::<OutboxContext>().expect("use_outbox needs an OutboxProvider")
}

/// Submits a registration that passed validation: the draft `client_id` becomes an outbox entry
/// in one strict transaction, with the reference the person can take away at once. Runs in the
/// offers worker ([`background`]); the page goes through [`OutboxContext::submit`].
///
/// Sealed to the agency's public key when the device has it (protocol 3): the entry then holds
/// none of the person's data in clear, only the reference, times and state the receipt and
/// outbox screens show. Without a key (never synced with an agency that has one) it is queued in
/// clear under protocol 2, as before sealing.
/// `reference_version` is the version of the lists that validation used (see
/// [`OutboxEntry::reference_version`]).
pub async fn submit(
    client_id: &str,
    registration: Registration,
    reference_version: Option<u32>,
    submitted_on_kiosk: bool,
) -> Result<OutboxEntry, StorageError> {
    let now = crate::browser::now();
    let bytes = uuid_bytes(client_id)
        .ok_or_else(|| StorageError::Decode(format!("draft id {client_id} is not a UUID")))?;
    let (registration, sealed, protocol) = match agency_key().await {
        Some(key) => {
            let mut rng = SecureFill(browser_random);
            let sealed = sealing::seal(&registration, client_id, &key, &mut rng);
            (None, Some(sealed), SEALED_PROTOCOL_VERSION)
        }
        None => (Some(registration), None, PROTOCOL_VERSION),
    };
    let entry = OutboxEntry {
        schema: ENTRY_SCHEMA,
        client_id: client_id.to_owned(),
        submitted_at: String::from(js_sys::Date::new_0().to_iso_string()),
        submitted_at_ms: now,
        reference_version,
        registration,
        sealed,
        protocol,
        reference: Reference::derive(bytes, 0).as_str().to_owned(),
        state: EntryState::queued(now),
        submitted_on_kiosk,
    };
    storage::outbox::submit(client_id, &entry).await?;
    Ok(entry)
}

/// The agency's public key as the last sync kept it; `None` without one (or unreadable).
async fn agency_key() -> Option<PublicKey> {
    let database = Database::open().await.ok()?;
    let kept = storage::settings::sealing_key(&database).await;
    database.close();
    PublicKey::from_wire(&kept.ok()??).ok()
}

/// `crypto.getRandomValues`, through the getrandom `uuid` already uses.
fn browser_random(buffer: &mut [u8]) {
    // A browser without crypto.getRandomValues cannot run this app (client ids need it too).
    getrandom::fill(buffer).expect("crypto.getRandomValues");
}

fn uuid_bytes(text: &str) -> Option<[u8; 16]> {
    uuid::Uuid::parse_str(text).ok().map(uuid::Uuid::into_bytes)
}
