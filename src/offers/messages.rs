//! What the page and the offers worker say to each other (see `crate::offers::engine`), the
//! outbox's messages included: the worker also runs the outbox's sender and seals submissions
//! (`crate::outbox::background`), so the page's module carries neither.
//!
//! Every message is one JSON string through `postMessage`: both ends are the same build, so the
//! types are the contract, and serde_json is already in both modules (a second format such as
//! bincode would add its code to each). A message that does not read is reported in the console
//! and dropped: it cannot come from this build.

use guichet_core::outbox::{OutboxStatus, Wake};
use guichet_core::search::Query;
use guichet_core::time::Timestamp;
use guichet_protocol::offers::Offer;
use guichet_protocol::registration::Registration;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::sync;

pub mod outbox;

/// What the worker answers a search ([`ToWorker::Search`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundOffers {
    /// How many offers match.
    pub total: usize,
    /// The first `limit` of them, read from storage.
    pub offers: Vec<Offer>,
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
    /// Search or browse the current offers at `now`; answered with [`FoundOffers`].
    Search { request: u32, query: Query, now: Timestamp },
    /// The stored offers with these ids, in order; answered with the offers (`Vec<Offer>`).
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
    /// Seal and queue a registration that passed validation; answered with the client id of the
    /// entry stored, or why it could not be (`Result<String, String>`).
    Submit { request: u32, submission: Box<NewSubmission> },
    /// The entries and the records set aside, for a screen that shows them; answered with
    /// `Result<Listing, String>`.
    List { request: u32 },
    /// Queue refused entry `client_id` again, due now; answered with the listing after it
    /// (`Result<Listing, String>`).
    Retry { request: u32, client_id: String },
    /// Entry `client_id` and its receipt, for the receipt screen; answered with
    /// `Result<ReceiptLookup, String>`.
    Find { request: u32, client_id: String },
    /// Enrol this kiosk with a staff member's one-time code, then take the agency's sealing key
    /// (the kiosk seals every registration it queues from now on); answered
    /// with the credential obtained, or why there is none (`Result<Enrolment, EnrolError>`).
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
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker runs and reads messages: what the page queued can be sent.
    Ready,
    /// Where the offers stand; sent whenever it changes.
    Status(OffersStatus),
    /// Newer reference lists were stored: the page reads them from storage.
    ReferenceChanged,
    /// Where the outbox stands; sent at each of the sender's passes.
    OutboxStatus(OutboxStatus),
    /// The answer to the question numbered `request`, as the JSON of the type the question names
    /// ([`ToWorker`], [`OutboxRequest`]), written with [`FromWorker::answered`] and read with
    /// [`read_answer`] where the question was asked. The page's handler of the worker's messages
    /// decodes no answer itself, so each part of the app (`crate::route::Part`) carries the
    /// reader of an answer only if one of its screens asks that question: the offers' reader
    /// (7 KB of brotli) only in the offers part, the outbox's listing and receipts and the
    /// enrolment only in the home part (issue #12).
    Answered { request: u32, answer: Box<RawValue> },
}

impl FromWorker {
    /// The answer `answer` to question `request` (`null`, which reads as no answer, should it not
    /// write).
    pub fn answered<T: Serialize>(request: u32, answer: &T) -> Self {
        let answer =
            serde_json::value::to_raw_value(answer).unwrap_or_else(|_| RawValue::NULL.to_owned());
        FromWorker::Answered { request, answer }
    }
}

/// An answer read as the type its question names; `None` when it does not read (which an answer
/// of this build to that question cannot be), after a console warning.
pub fn read_answer<T: DeserializeOwned>(answer: &RawValue) -> Option<T> {
    let read = serde_json::from_str(answer.get()).ok();
    if read.is_none() {
        web_sys::console::warn_1(&"an answer of the offers worker could not be read".into());
    }
    read
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
