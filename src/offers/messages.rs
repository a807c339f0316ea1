//! What the page and the offers worker say to each other (see `crate::offers::engine`), the
//! outbox's messages included: the worker also runs the outbox's sender and seals submissions
//! (`crate::outbox::background`), so the page's module carries neither.
//!
//! Every message is one JSON string through `postMessage`: both ends are the same build, so the
//! types are the contract, and serde_json is already in both modules (a second format such as
//! bincode would add its code to each). A message that does not read is reported in the console
//! and dropped: it cannot come from this build.

use guichet_core::kiosk::EnrolError;
use guichet_core::outbox::{OutboxStatus, Wake};
use guichet_core::search::Query;
use guichet_core::time::Timestamp;
use guichet_protocol::devices::Enrolment;
use guichet_protocol::offers::Offer;
use guichet_protocol::registration::Registration;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::sync;

pub mod outbox;

use outbox::{Listing, ReceiptLookup};

/// Offers as the worker wrote them: JSON that the page reads only where it shows offers
/// ([`OfferList::read`]), so that the parts of the app without an offers screen
/// (`crate::route::Part`) carry no reader of offers, which is 7 KB of brotli.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OfferList(Box<RawValue>);

impl OfferList {
    /// `offers` as JSON (`null`, which reads as no offer, should they not write).
    pub fn write(offers: &[Offer]) -> Self {
        Self(serde_json::value::to_raw_value(offers).unwrap_or_else(|_| RawValue::NULL.to_owned()))
    }

    /// The offers; none when they do not read (which a message of this build cannot be).
    pub fn read(&self) -> Vec<Offer> {
        serde_json::from_str(self.0.get()).unwrap_or_default()
    }
}

impl PartialEq for OfferList {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

/// The page's requests. `request` numbers an answer to its question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// The first message: open storage, build the index, start syncing (not in a `bench` build,
    /// whose page measures the sync itself: `offers` is false there). The path of the build's
    /// reference lists is in the page (`<meta name="guichet-reference">`), which a worker cannot
    /// read.
    Start { reference_path: Option<String>, offers: bool },
    /// Connectivity came back: sync now rather than at the next round.
    Wake,
    /// Search or browse the current offers at `now`; answered by [`FromWorker::Found`].
    Search { request: u32, query: Query, now: Timestamp },
    /// The stored offers with these ids, in order; answered by [`FromWorker::Loaded`].
    Load { request: u32, ids: Vec<String> },
    /// For the outbox (`crate::outbox::background`).
    Outbox(OutboxRequest),
}

/// What the page asks of the outbox's side of the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum OutboxRequest {
    /// Start the sender (once the Web Lock across tabs is granted); a second start changes
    /// nothing.
    Start,
    /// Look now, or resume after an enrolment.
    Wake(Wake),
    /// Seal and queue a registration that passed validation; answered by
    /// [`FromWorker::Submitted`].
    Submit { request: u32, submission: Box<NewSubmission> },
    /// The entries and the records set aside, for a screen that shows them; answered by
    /// [`FromWorker::Listed`].
    List { request: u32 },
    /// Queue refused entry `client_id` again, due now; answered by [`FromWorker::Listed`] with
    /// the listing after it.
    Retry { request: u32, client_id: String },
    /// Entry `client_id` and its receipt, for the receipt screen; answered by
    /// [`FromWorker::Receipt`].
    Find { request: u32, client_id: String },
    /// Enrol this kiosk with a staff member's one-time code, then take the agency's sealing key
    /// (the kiosk seals every registration it queues from now on); answered by
    /// [`FromWorker::Enrolled`]. Once per kiosk, so its requests are not in the page's module.
    Enrol { request: u32, code: String, name: String },
}

/// A registration the person sends, as `crate::outbox::submit` takes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSubmission {
    pub client_id: String,
    pub registration: Registration,
    /// The version of the lists validation used.
    pub reference_version: Option<u32>,
    pub submitted_on_kiosk: bool,
}

/// The worker's answers and news.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker runs and reads messages: what the page queued can be sent.
    Ready,
    /// Where the offers stand; sent whenever it changes.
    Status(OffersStatus),
    /// Newer reference lists were stored: the page reads them from storage.
    ReferenceChanged,
    /// How many offers match, and the first `limit` of them, read from storage.
    Found {
        request: u32,
        total: usize,
        offers: OfferList,
    },
    Loaded {
        request: u32,
        offers: OfferList,
    },
    /// Where the outbox stands; sent at each of the sender's passes.
    OutboxStatus(OutboxStatus),
    /// The client id of the entry a [`OutboxRequest::Submit`] stored, or why it could not be.
    Submitted {
        request: u32,
        outcome: Result<String, String>,
    },
    /// The answer to [`OutboxRequest::List`] and [`OutboxRequest::Retry`].
    Listed {
        request: u32,
        outcome: Result<Listing, String>,
    },
    /// The answer to [`OutboxRequest::Find`].
    Receipt {
        request: u32,
        outcome: Result<ReceiptLookup, String>,
    },
    /// The credential an [`OutboxRequest::Enrol`] obtained, or why there is none.
    Enrolled {
        request: u32,
        outcome: Result<Enrolment, EnrolError>,
    },
}

/// A message as the string `postMessage` carries.
pub fn encode<T: Serialize>(message: &T) -> Option<String> {
    serde_json::to_string(message).ok()
}

/// A message back from its string; `None` (after a console warning) when it does not read.
pub fn decode<T: for<'de> Deserialize<'de>>(data: &wasm_bindgen::JsValue) -> Option<T> {
    let decoded = data.as_string().and_then(|text| serde_json::from_str(&text).ok());
    if decoded.is_none() {
        web_sys::console::warn_1(&"an offers message could not be read".into());
    }
    decoded
}

/// Where the offers on this device stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Phase {
    /// Opening storage and building the index.
    #[default]
    Loading,
    Ready,
    /// The browser refused IndexedDB, or the offers worker could not start: no offers can be
    /// kept.
    Unavailable,
}

/// What the screens show about the offers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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
    /// How many offers were current when the worker sent this status.
    pub current: usize,
}
