//! The app's side of the outbox: turning a draft into an entry (durably), the one sender across
//! tabs, and the status every screen can read (how many wait, when the last one arrived).
//!
//! The decisions (what is due, what an answer means, how long to wait) are
//! `guichet_core::outbox`'s; this module only does the IO.

pub mod lock;
mod sender;
pub mod strict;

use futures::channel::mpsc;
use guichet_core::outbox::{EntryState, OutboxEntry};
use guichet_core::receipt::Reference;
use guichet_core::time::Timestamp;
use guichet_protocol::registration::Registration;
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::connectivity::use_connectivity;
use crate::storage::{Database, StorageError, stores, to_js};
use guichet_core::connectivity::Status;

pub use sender::{CONFIRMED_RETENTION, Wake, load};

/// What the header and the outbox screen show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboxStatus {
    /// Registrations not yet confirmed by the agency.
    pub pending: usize,
    /// Refused for good: they need the desk.
    pub rejected: usize,
    /// When the agency last confirmed one.
    pub last_confirmed_at: Option<Timestamp>,
    /// Sending waits for the kiosk to be enrolled again (the agency refused its credential).
    pub paused: bool,
}

impl OutboxStatus {
    pub fn of(entries: &[OutboxEntry], paused: bool) -> Self {
        Self {
            pending: entries.iter().filter(|entry| entry.state.is_pending()).count(),
            rejected: entries
                .iter()
                .filter(|entry| matches!(entry.state, EntryState::Rejected { .. }))
                .count(),
            last_confirmed_at: entries
                .iter()
                .filter_map(|entry| match entry.state {
                    EntryState::Confirmed { confirmed_at, .. } => Some(confirmed_at),
                    _ => None,
                })
                .max(),
            paused,
        }
    }
}

/// A confirmed registration's receipt, kept after the outbox entry is purged. No personal data.
/// (Receipts stored by protocol 1 may carry `already_registered`, ignored when read.)
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

/// What components get from [`use_outbox`].
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxContext {
    pub status: OutboxStatus,
    /// Tells the sender to look now (after a submission), or to resume after an enrolment.
    pub wake: Callback<Wake>,
}

#[derive(Debug, Properties, PartialEq)]
pub struct OutboxProviderProps {
    pub children: Html,
}

/// Starts the sender (once the Web Lock is granted) and provides [`OutboxContext`].
#[component]
pub fn OutboxProvider(props: &OutboxProviderProps) -> Html {
    let status = use_state(OutboxStatus::default);
    let waker = use_mut_ref(|| None::<mpsc::UnboundedSender<Wake>>);
    {
        let set_status = status.setter();
        let waker = waker.clone();
        use_effect_with((), move |_| {
            let (wake, wakeups) = mpsc::unbounded::<Wake>();
            *waker.borrow_mut() = Some(wake);
            lock::run_holding(lock::SENDER_LOCK, move || sender::run(set_status, wakeups));
            move || {
                if let Some(wake) = waker.borrow_mut().take() {
                    wake.close_channel();
                }
            }
        });
    }
    let wake = {
        Callback::from(move |reason: Wake| {
            if let Some(wake) = waker.borrow().as_ref() {
                let _ = wake.unbounded_send(reason);
            }
        })
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
    let context = OutboxContext { status: (*status).clone(), wake };
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
/// in one strict transaction, with the reference the person can take away at once.
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
    let entry = OutboxEntry {
        client_id: client_id.to_owned(),
        submitted_at: String::from(js_sys::Date::new_0().to_iso_string()),
        submitted_at_ms: now,
        reference_version,
        registration,
        reference: Reference::derive(bytes, 0).as_str().to_owned(),
        state: EntryState::queued(now),
        submitted_on_kiosk,
    };
    strict::move_draft_to_outbox(client_id, &to_js(&entry)?).await?;
    Ok(entry)
}

/// A submitted entry and, once confirmed and purged, its receipt.
pub async fn find(client_id: &str) -> Result<(Option<OutboxEntry>, Option<Receipt>), StorageError> {
    let database = Database::open().await?;
    let entry = database.get_json::<OutboxEntry>(stores::OUTBOX, client_id).await?;
    let receipt = database.get_json::<Receipt>(stores::RECEIPTS, client_id).await?;
    database.close();
    Ok((entry, receipt))
}

fn uuid_bytes(text: &str) -> Option<[u8; 16]> {
    uuid::Uuid::parse_str(text).ok().map(uuid::Uuid::into_bytes)
}
