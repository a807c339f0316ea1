//! The outbox as its screens show it, as the offers worker tells the page (here with the other
//! messages, so the offers' side of the contract does not depend on the outbox's screens).
//!
//! The worker owns the outbox store (its sender reads and migrates the entries), so it also reads
//! them for the screens and sends these views. The page's module then decodes no stored entry: an
//! entry's state and errors are internally tagged enums (`#[serde(tag = …)]`, the stored format),
//! whose decoding buffers every field generically, and that code with the storage reads cost the
//! first load 15.6 KB of brotli (measured, issue 12). These are externally tagged, with no
//! personal data but in `export`, which only a personal device's refused entry carries.

use guichet_core::outbox::{EntryState, OutboxEntry, Rejection, SendFailure};
use guichet_core::time::Timestamp;
use serde::{Deserialize, Serialize};

use crate::storage::quarantine::Quarantined;
use crate::storage::receipts::Receipt;

/// Every entry not yet purged (newest submission first) and the records set aside.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    pub entries: Vec<EntryView>,
    pub quarantined: Vec<Quarantined>,
}

/// What the receipt screen reads: the entry, and once it is confirmed and purged, its receipt.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReceiptLookup {
    pub entry: Option<EntryView>,
    pub receipt: Option<Receipt>,
}

/// One entry as the outbox and receipt screens show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    pub client_id: String,
    /// The reference the person took away.
    pub reference: String,
    pub submitted_at_ms: Timestamp,
    pub submitted_on_kiosk: bool,
    pub state: StateView,
    /// A refused entry of a personal device: the submission as the file the person may export
    /// (indented JSON). Never on a kiosk, whose downloads would outlive the visitor.
    pub export: Option<String>,
}

/// Where an entry stands ([`EntryState`] without what the screens do not show).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StateView {
    Queued { next_attempt_at: Timestamp, last_error: Option<FailureView> },
    Sending { last_error: Option<FailureView> },
    Confirmed,
    Rejected(RejectionView),
}

/// [`SendFailure`], as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FailureView {
    Network,
    Status(u16),
    NotAuthorized,
}

/// [`Rejection`], as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RejectionView {
    Invalid(Vec<String>),
    Conflict,
    Status(u16),
}

impl EntryView {
    /// The view of `entry` (in the worker, which read it).
    pub fn of(entry: &OutboxEntry) -> Self {
        let state = match &entry.state {
            EntryState::Queued { next_attempt_at, last_error, .. } => StateView::Queued {
                next_attempt_at: *next_attempt_at,
                last_error: last_error.as_ref().map(FailureView::of),
            },
            EntryState::Sending { last_error, .. } => {
                StateView::Sending { last_error: last_error.as_ref().map(FailureView::of) }
            }
            EntryState::Confirmed { .. } => StateView::Confirmed,
            EntryState::Rejected { rejection, .. } => {
                StateView::Rejected(RejectionView::of(rejection))
            }
        };
        let export = (matches!(state, StateView::Rejected(_)) && !entry.submitted_on_kiosk)
            .then(|| indented(&serde_json::to_string(&entry.submission()).unwrap_or_default()));
        Self {
            client_id: entry.client_id.clone(),
            reference: entry.reference.clone(),
            submitted_at_ms: entry.submitted_at_ms,
            submitted_on_kiosk: entry.submitted_on_kiosk,
            state,
            export,
        }
    }

    /// The state's name, as the screens' `data-state` and message ids spell it.
    pub fn state_name(&self) -> &'static str {
        match self.state {
            StateView::Queued { .. } => "queued",
            StateView::Sending { .. } => "sending",
            StateView::Confirmed => "confirmed",
            StateView::Rejected(_) => "rejected",
        }
    }
}

impl FailureView {
    fn of(failure: &SendFailure) -> Self {
        match failure {
            SendFailure::Network => FailureView::Network,
            SendFailure::Status { status } => FailureView::Status(*status),
            SendFailure::NotAuthorized { .. } => FailureView::NotAuthorized,
        }
    }
}

impl RejectionView {
    fn of(rejection: &Rejection) -> Self {
        match rejection {
            Rejection::Invalid { fields } => RejectionView::Invalid(fields.clone()),
            Rejection::Conflict => RejectionView::Conflict,
            Rejection::Status { status } => RejectionView::Status(*status),
        }
    }
}

/// Compact JSON indented by the browser's `JSON.stringify` (the compact text when it cannot be).
fn indented(compact: &str) -> String {
    js_sys::JSON::parse(compact)
        .and_then(|value| {
            js_sys::JSON::stringify_with_replacer_and_space(
                &value,
                &wasm_bindgen::JsValue::NULL,
                &2.into(),
            )
        })
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| compact.to_owned())
}
