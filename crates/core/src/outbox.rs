//! The outbox: what happens to a submitted registration until the agency has confirmed it.
//!
//! A pure state machine, driven by the app's sender with `now` and randomness passed in. An entry
//! leaves the outbox only after the server confirmed it (and confirmed entries are purged after a
//! retention period); a permanently refused entry is kept, with the reason, for the person and
//! the desk to act on. Retryable failures back off exponentially with jitter, capped at five
//! minutes (retrying every few seconds against a slow server multiplied submissions elsewhere),
//! and never sooner than the agency's `Retry-After` ([`retry_after`]).
//!
//! An answer never tells the device anything about another person: a submission is accepted
//! (with its own reference), a replay of an accepted one, in conflict with it, or invalid.

mod retry_after;
pub mod stored;

use std::time::Duration;

use guichet_protocol::registration::Registration;
use guichet_protocol::sealing::Sealed;
use guichet_protocol::submission::{
    MAX_BATCH, Submission, SubmissionBody, SubmissionResult, SubmissionStatus,
};
use serde::{Deserialize, Serialize};

use crate::time::Timestamp;
pub use retry_after::{MAX_RETRY_AFTER, parse_retry_after};

/// One submitted registration kept on the device until the agency confirms it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The version of this record's shape ([`stored::ENTRY_SCHEMA`] when written by this build);
    /// [`stored::read_stored`] migrates older records. 1 for records written before it existed.
    #[serde(default = "stored::version_1")]
    pub schema: u32,
    /// Minted on the device when the draft was created; the server stores each id once.
    pub client_id: String,
    /// RFC 3339, the device's clock when the person pressed "submit".
    pub submitted_at: String,
    /// For ordering the queue: the same instant, in milliseconds.
    pub submitted_at_ms: Timestamp,
    /// The version of the reference lists the registration was checked against when the person
    /// pressed "submit" (not when the draft began: the submit check is the last one, against the
    /// lists the device held then, so its codes are valid in exactly that version). The lists may
    /// change before the entry is sent (a sync, an update of the app): the agency then still
    /// knows which version the codes come from. `None` in entries stored before this field.
    #[serde(default)]
    pub reference_version: Option<u32>,
    /// The registration in clear: entries made before the kiosk sealed (protocol 2), or on a
    /// device that had no agency key yet. Absent from a sealed entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<Registration>,
    /// The registration sealed to the agency's public key at submission
    /// (`crate::sealing::seal`): the device then holds none of its personal data, only what the
    /// receipt and outbox screens show (reference, times, state).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
    /// The protocol version the entry was made under, announced when it is sent: 3 for a sealed
    /// entry, 2 for a clear one (every entry stored before this field).
    #[serde(default = "stored::protocol_2")]
    pub protocol: u32,
    /// The offline reference until the agency confirms one (usually the same).
    pub reference: String,
    pub state: EntryState,
    /// Submitted on a shared kiosk: its receipt and personal details are wiped with the visitor.
    pub submitted_on_kiosk: bool,
}

impl OutboxEntry {
    /// What goes over the wire for this entry.
    pub fn submission(&self) -> Submission {
        Submission {
            client_id: self.client_id.clone(),
            submitted_at: self.submitted_at.clone(),
            reference_version: self.reference_version,
            body: match (&self.sealed, &self.registration) {
                (Some(sealed), _) => SubmissionBody::Sealed(sealed.clone()),
                (None, Some(registration)) => SubmissionBody::Clear(registration.clone()),
                // `stored::read_stored` refuses such a record; an empty registration is
                // answered `invalid` rather than lost.
                (None, None) => SubmissionBody::Clear(Registration::default()),
            },
        }
    }
}

/// What the header and the outbox screen show of the outbox; the sender (in the offers worker)
/// sends it to the page at each pass.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

/// Why the sender is woken before its timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Wake {
    /// Something may be due now: a new submission, connectivity back.
    Look,
    /// The device was enrolled again after a 401 or 403: sending may resume.
    Resume,
}

/// The entries to send now, oldest submission first, at most one batch, all made under the
/// protocol version of the oldest (a batch announces one version: see [`batch_protocol`]). None
/// while sending is paused (the kiosk must be enrolled again after a 401 or 403, see
/// [`credential_refused`]).
pub fn plan_batch(entries: &[OutboxEntry], now: Timestamp, paused: bool) -> Vec<usize> {
    if paused {
        return Vec::new();
    }
    let mut due: Vec<usize> =
        (0..entries.len()).filter(|&index| entries[index].state.is_due(now)).collect();
    due.sort_by_key(|&index| (entries[index].submitted_at_ms, entries[index].client_id.clone()));
    if let Some(&oldest) = due.first() {
        let protocol = entries[oldest].protocol;
        due.retain(|&index| entries[index].protocol == protocol);
    }
    due.truncate(MAX_BATCH);
    due
}

/// The protocol version a planned batch is sent under: that of its entries (one, by
/// [`plan_batch`]); 2 for an empty one.
pub fn batch_protocol(entries: &[OutboxEntry], batch: &[usize]) -> u32 {
    batch.first().map_or(stored::protocol_2(), |&index| entries[index].protocol)
}

/// When the sender should look again: the earliest next attempt of a waiting entry.
pub fn next_wake(entries: &[OutboxEntry]) -> Option<Timestamp> {
    entries
        .iter()
        .filter_map(|entry| match &entry.state {
            EntryState::Queued { next_attempt_at, .. } => Some(*next_attempt_at),
            EntryState::Sending { started_at, .. } => Some(started_at.plus(ABANDONED_AFTER)),
            EntryState::Confirmed { .. } | EntryState::Rejected { .. } => None,
        })
        .min()
}

/// The outcome the server's per-entry answer means.
pub fn outcome_of(result: &SubmissionResult) -> Outcome {
    let reference = result.reference.clone().unwrap_or_default();
    match result.status {
        SubmissionStatus::Created | SubmissionStatus::Duplicate => Outcome::Accepted { reference },
        SubmissionStatus::Conflict => Outcome::Rejected(Rejection::Conflict),
        SubmissionStatus::Invalid => Outcome::Rejected(Rejection::Invalid {
            fields: result.errors.iter().map(|error| error.field.clone()).collect(),
        }),
    }
}

/// The first retry after a retryable failure; each further failure doubles it.
pub const FIRST_RETRY: Duration = Duration::from_secs(2);
/// No wait between attempts is longer than this.
pub const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// An attempt still "sending" after this long was cut short (a crash, a closed tab): retry it.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(120);

/// Where an entry stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EntryState {
    /// Waiting for its next attempt.
    Queued { attempts: u32, next_attempt_at: Timestamp, last_error: Option<SendFailure> },
    /// An attempt is in flight since `started_at`.
    Sending { attempts: u32, started_at: Timestamp, last_error: Option<SendFailure> },
    /// The agency holds it under `reference`. (Entries stored by protocol 1 kiosks may also
    /// carry `already_registered`, which is ignored when read.)
    Confirmed { reference: String, confirmed_at: Timestamp },
    /// The agency will never accept this content; kept and shown, never dropped silently.
    Rejected { rejection: Rejection, rejected_at: Timestamp },
}

/// Why an attempt did not get an answer the outbox can settle on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SendFailure {
    /// No connection, a cut connection or a timeout.
    Network,
    /// An HTTP status worth retrying (408, 429, 5xx).
    Status { status: u16 },
    /// 401 or 403: the agency refused the kiosk's credential (revoked, or unknown); sending
    /// pauses for every entry until the kiosk is enrolled again.
    NotAuthorized { status: u16 },
}

/// Why the agency refused an entry for good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rejection {
    /// The content is invalid; `fields` are the field paths the server named.
    Invalid { fields: Vec<String> },
    /// The same client id arrived earlier with different content.
    Conflict,
    /// An HTTP status that no retry will change (400, 404, 413, 422…).
    Status { status: u16 },
}

/// What the server said about one entry, or what went wrong reaching it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `created` or `duplicate`: the agency holds it.
    Accepted {
        reference: String,
    },
    Rejected(Rejection),
    Failed {
        failure: SendFailure,
        retry_after: Option<Duration>,
    },
}

impl EntryState {
    /// A new entry, due at once.
    pub fn queued(now: Timestamp) -> Self {
        EntryState::Queued { attempts: 0, next_attempt_at: now, last_error: None }
    }

    /// Whether the sender should try this entry at `now`.
    pub fn is_due(&self, now: Timestamp) -> bool {
        match self {
            EntryState::Queued { next_attempt_at, .. } => *next_attempt_at <= now,
            EntryState::Sending { started_at, .. } => {
                now.saturating_since(*started_at) >= ABANDONED_AFTER
            }
            EntryState::Confirmed { .. } | EntryState::Rejected { .. } => false,
        }
    }

    /// Whether the entry still waits for the agency (shown in the header's count).
    pub fn is_pending(&self) -> bool {
        matches!(self, EntryState::Queued { .. } | EntryState::Sending { .. })
    }

    /// The sender is about to send it.
    pub fn start_sending(&self, now: Timestamp) -> Option<Self> {
        match self {
            EntryState::Queued { attempts, last_error, .. }
            | EntryState::Sending { attempts, last_error, .. } => Some(EntryState::Sending {
                attempts: attempts.saturating_add(1),
                started_at: now,
                last_error: last_error.clone(),
            }),
            EntryState::Confirmed { .. } | EntryState::Rejected { .. } => None,
        }
    }

    /// Settles an attempt. `jitter` in `[0, 1)` spreads retries of many devices.
    pub fn on_outcome(&self, outcome: Outcome, now: Timestamp, jitter: f64) -> Self {
        let attempts = match self {
            EntryState::Sending { attempts, .. } | EntryState::Queued { attempts, .. } => *attempts,
            // A late answer for a settled entry changes nothing.
            EntryState::Confirmed { .. } | EntryState::Rejected { .. } => return self.clone(),
        };
        match outcome {
            Outcome::Accepted { reference } => {
                EntryState::Confirmed { reference, confirmed_at: now }
            }
            Outcome::Rejected(rejection) => EntryState::Rejected { rejection, rejected_at: now },
            Outcome::Failed { failure: failure @ SendFailure::NotAuthorized { .. }, .. } => {
                // Not the entry's fault: it keeps its place and waits for a new enrolment.
                EntryState::Queued { attempts, next_attempt_at: now, last_error: Some(failure) }
            }
            Outcome::Failed { failure, retry_after } => EntryState::Queued {
                attempts,
                next_attempt_at: now.plus(retry_delay(attempts, jitter, retry_after)),
                last_error: Some(failure),
            },
        }
    }

    /// The sender starts (it holds the only sender lock): an attempt left "sending" by a closed or
    /// crashed page never got its answer, so it is due again at once.
    pub fn recover_abandoned(&self, now: Timestamp) -> Self {
        match self {
            EntryState::Sending { attempts, last_error, .. } => EntryState::Queued {
                attempts: *attempts,
                next_attempt_at: now,
                last_error: last_error.clone(),
            },
            other => other.clone(),
        }
    }

    /// Connectivity came back: a waiting entry is due at once.
    pub fn on_connectivity_restored(&self, now: Timestamp) -> Self {
        match self {
            EntryState::Queued { attempts, last_error, .. } => EntryState::Queued {
                attempts: *attempts,
                next_attempt_at: now,
                last_error: last_error.clone(),
            },
            other => other.clone(),
        }
    }

    /// Whether a confirmed entry is old enough to purge (its receipt is kept elsewhere).
    pub fn is_purgeable(&self, now: Timestamp, retention: Duration) -> bool {
        matches!(self, EntryState::Confirmed { confirmed_at, .. }
            if now.saturating_since(*confirmed_at) >= retention)
    }

    /// Whether the entry leaves the device now: confirmed ones after `confirmed_retention`;
    /// refused ones after `rejected_retention` where there is one (kiosks: a shared device keeps
    /// a person's refused registration only so long; a phone keeps it for its owner).
    pub fn leaves_device(
        &self,
        now: Timestamp,
        confirmed_retention: Duration,
        rejected_retention: Option<Duration>,
    ) -> bool {
        match (self, rejected_retention) {
            (EntryState::Rejected { rejected_at, .. }, Some(retention)) => {
                now.saturating_since(*rejected_at) >= retention
            }
            _ => self.is_purgeable(now, confirmed_retention),
        }
    }

    /// "Try again" on a refused entry (the agency fixed what refused it): queued again, due now,
    /// with its attempts counted afresh. The client id stays, so the agency's exactly-once
    /// still holds. `None` for an entry that was not refused.
    pub fn retry(&self, now: Timestamp) -> Option<Self> {
        matches!(self, EntryState::Rejected { .. }).then(|| EntryState::queued(now))
    }
}

/// The wait before retry number `attempts + 1`: `FIRST_RETRY · 2^(attempts-1)`, capped, then
/// scaled into `[½, 1]` of itself by `jitter` so devices that failed together do not retry
/// together.
pub fn backoff(attempts: u32, jitter: f64) -> Duration {
    let doublings = attempts.saturating_sub(1).min(20);
    let base = FIRST_RETRY.saturating_mul(1 << doublings).min(MAX_BACKOFF);
    base.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// The wait before the next attempt: the backoff, or the agency's `Retry-After` when that is
/// longer (up to [`MAX_RETRY_AFTER`]): the agency knows its limits, and retrying sooner only
/// earns another 429.
pub fn retry_delay(attempts: u32, jitter: f64, retry_after: Option<Duration>) -> Duration {
    backoff(attempts, jitter).max(retry_after.unwrap_or_default().min(MAX_RETRY_AFTER))
}

/// Until when the whole sender holds back after a failed request: a 429 limits this device or
/// its address, not one entry, so no other batch may go before its `Retry-After` (or the first
/// backoff when it gave none). `None` for any other outcome.
pub fn hold_until(outcome: &Outcome, now: Timestamp, jitter: f64) -> Option<Timestamp> {
    match outcome {
        Outcome::Failed { failure: SendFailure::Status { status: 429 }, retry_after } => {
            Some(now.plus(retry_delay(1, jitter, *retry_after)))
        }
        _ => None,
    }
}

/// Whether the agency refused the credential the kiosk holds now. `refused_device` is the device
/// id the sender recorded at the last 401 or 403; a new enrolment brings a new device id, so the
/// pause ends by itself, and a device holding no credential never counts as refused here.
pub fn credential_refused(enrolled_device: Option<&str>, refused_device: Option<&str>) -> bool {
    matches!((enrolled_device, refused_device), (Some(enrolled), Some(refused)) if enrolled == refused)
}

/// The requests of one sending pass. A batch the agency refuses as a whole (a 4xx that no retry
/// changes: a protocol it does not speak, a body too large, one entry it cannot read) says nothing
/// about which entry is at fault, so the batch is split in halves and each half sent on its own,
/// down to single entries: only an entry refused on its own is rejected, with the agency's
/// answer, and the others are delivered. A retryable failure (network, 408, 429, 5xx, a refused
/// credential) ends the pass: every entry not yet answered gets it, and waits for the next.
///
/// Entries are named by the caller's indices, kept in the batch's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSplitter {
    /// Requests still to send; the next one last.
    pending: Vec<Vec<usize>>,
}

impl BatchSplitter {
    pub fn new(batch: Vec<usize>) -> Self {
        Self { pending: if batch.is_empty() { Vec::new() } else { vec![batch] } }
    }

    /// The entries of the next request, oldest first; `None` once the pass is over.
    pub fn next_request(&mut self) -> Option<Vec<usize>> {
        self.pending.pop()
    }

    /// The agency answered `request` as a whole with `outcome` (no per-entry results): the
    /// entries to settle with `outcome` now. None when the request is split and sent again.
    pub fn on_whole_request(&mut self, request: Vec<usize>, outcome: &Outcome) -> Vec<usize> {
        match outcome {
            Outcome::Rejected(Rejection::Status { .. }) if request.len() > 1 => {
                let mut first = request;
                let second = first.split_off(first.len() / 2);
                self.pending.push(second);
                self.pending.push(first);
                Vec::new()
            }
            Outcome::Failed { .. } => {
                let mut unanswered = request;
                unanswered.extend(self.pending.drain(..).rev().flatten());
                unanswered
            }
            Outcome::Accepted { .. } | Outcome::Rejected(_) => request,
        }
    }
}

/// How an HTTP status for a whole request is treated.
pub fn classify_status(status: u16) -> Option<Outcome> {
    match status {
        200..=299 => None,
        401 | 403 => Some(Outcome::Failed {
            failure: SendFailure::NotAuthorized { status },
            retry_after: None,
        }),
        408 | 429 | 500..=599 => {
            Some(Outcome::Failed { failure: SendFailure::Status { status }, retry_after: None })
        }
        _ => Some(Outcome::Rejected(Rejection::Status { status })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = Timestamp(1_000_000);

    fn sending(attempts: u32) -> EntryState {
        EntryState::Sending { attempts, started_at: T0, last_error: None }
    }

    #[test]
    fn backoff_doubles_from_two_seconds_up_to_five_minutes() {
        let check = |attempts: u32, jitter: f64, expected_ms: u64| {
            assert_eq!(
                backoff(attempts, jitter),
                Duration::from_millis(expected_ms),
                "{attempts} {jitter}"
            );
        };
        check(1, 1.0, 2_000);
        check(2, 1.0, 4_000);
        check(3, 1.0, 8_000);
        check(8, 1.0, 256_000);
        check(9, 1.0, 300_000);
        check(1_000, 1.0, 300_000);
        check(1, 0.0, 1_000);
        check(9, 0.0, 150_000);
        check(9, 5.0, 300_000);
    }

    #[test]
    fn outcomes_move_an_attempt_to_the_right_state() {
        let now = T0.plus(Duration::from_secs(3));
        let check = |outcome: Outcome, expected: EntryState| {
            assert_eq!(sending(2).on_outcome(outcome.clone(), now, 1.0), expected, "{outcome:?}");
        };
        check(
            Outcome::Accepted { reference: "7K3M9QXD".to_owned() },
            EntryState::Confirmed { reference: "7K3M9QXD".to_owned(), confirmed_at: now },
        );
        check(
            Outcome::Rejected(Rejection::Invalid { fields: vec!["identity.nin".to_owned()] }),
            EntryState::Rejected {
                rejection: Rejection::Invalid { fields: vec!["identity.nin".to_owned()] },
                rejected_at: now,
            },
        );
        check(
            Outcome::Failed { failure: SendFailure::Network, retry_after: None },
            EntryState::Queued {
                attempts: 2,
                next_attempt_at: now.plus(Duration::from_secs(4)),
                last_error: Some(SendFailure::Network),
            },
        );
        check(
            Outcome::Failed {
                failure: SendFailure::Status { status: 429 },
                retry_after: Some(Duration::from_secs(60)),
            },
            EntryState::Queued {
                attempts: 2,
                next_attempt_at: now.plus(Duration::from_secs(60)),
                last_error: Some(SendFailure::Status { status: 429 }),
            },
        );
        check(
            Outcome::Failed {
                failure: SendFailure::Status { status: 503 },
                retry_after: Some(Duration::from_secs(86_400)),
            },
            EntryState::Queued {
                attempts: 2,
                next_attempt_at: now.plus(MAX_RETRY_AFTER),
                last_error: Some(SendFailure::Status { status: 503 }),
            },
        );
        check(
            Outcome::Failed {
                failure: SendFailure::NotAuthorized { status: 401 },
                retry_after: None,
            },
            EntryState::Queued {
                attempts: 2,
                next_attempt_at: now,
                last_error: Some(SendFailure::NotAuthorized { status: 401 }),
            },
        );
    }

    #[test]
    fn settled_entries_ignore_late_answers_and_are_never_sent_again() {
        let confirmed =
            sending(1).on_outcome(Outcome::Accepted { reference: "A".to_owned() }, T0, 0.5);
        let late = confirmed.on_outcome(
            Outcome::Failed { failure: SendFailure::Network, retry_after: None },
            T0,
            0.5,
        );
        assert_eq!(late, confirmed);
        assert_eq!(confirmed.start_sending(T0), None);
        assert!(!confirmed.is_due(T0.plus(Duration::from_secs(86_400))));
        let rejected = sending(1).on_outcome(Outcome::Rejected(Rejection::Conflict), T0, 0.5);
        assert_eq!(rejected.start_sending(T0), None);
        assert!(!rejected.is_pending());
    }

    #[test]
    fn due_entries_include_abandoned_attempts_after_a_crash() {
        let check = |state: EntryState, seconds_later: u64, due: bool| {
            assert_eq!(
                state.is_due(T0.plus(Duration::from_secs(seconds_later))),
                due,
                "{state:?} +{seconds_later}s"
            );
        };
        check(EntryState::queued(T0), 0, true);
        check(
            EntryState::Queued {
                attempts: 1,
                next_attempt_at: T0.plus(Duration::from_secs(10)),
                last_error: None,
            },
            9,
            false,
        );
        check(
            EntryState::Queued {
                attempts: 1,
                next_attempt_at: T0.plus(Duration::from_secs(10)),
                last_error: None,
            },
            10,
            true,
        );
        check(sending(1), 119, false);
        check(sending(1), 120, true);
    }

    #[test]
    fn restarting_after_a_crash_resends_and_counts_the_attempt() {
        let resumed = sending(3).start_sending(T0.plus(ABANDONED_AFTER)).expect("resendable");
        assert_eq!(
            resumed,
            EntryState::Sending {
                attempts: 4,
                started_at: T0.plus(ABANDONED_AFTER),
                last_error: None
            }
        );
    }

    #[test]
    fn a_starting_sender_takes_over_attempts_left_in_flight() {
        let later = T0.plus(Duration::from_secs(1));
        let recovered = sending(2).recover_abandoned(later);
        assert_eq!(
            recovered,
            EntryState::Queued { attempts: 2, next_attempt_at: later, last_error: None }
        );
        assert!(recovered.is_due(later));
        let queued = EntryState::queued(T0);
        assert_eq!(queued.recover_abandoned(later), queued);
    }

    #[test]
    fn returning_connectivity_makes_waiting_entries_due_at_once() {
        let waiting = sending(6).on_outcome(
            Outcome::Failed { failure: SendFailure::Network, retry_after: None },
            T0,
            1.0,
        );
        let later = T0.plus(Duration::from_secs(5));
        assert!(!waiting.is_due(later));
        assert!(waiting.on_connectivity_restored(later).is_due(later));
    }

    #[test]
    fn only_confirmed_entries_older_than_the_retention_are_purged() {
        let retention = Duration::from_secs(7 * 86_400);
        let confirmed = EntryState::Confirmed { reference: "A".to_owned(), confirmed_at: T0 };
        assert!(!confirmed.is_purgeable(T0.plus(retention - Duration::from_secs(1)), retention));
        assert!(confirmed.is_purgeable(T0.plus(retention), retention));
        let rejected = EntryState::Rejected { rejection: Rejection::Conflict, rejected_at: T0 };
        assert!(
            !rejected.is_purgeable(T0.plus(retention * 10), retention),
            "rejected entries stay"
        );
        assert!(!EntryState::queued(T0).is_purgeable(T0.plus(retention * 10), retention));
    }

    #[test]
    fn refused_entries_leave_a_kiosk_after_its_retention_and_stay_on_a_phone() {
        let day = Duration::from_secs(86_400);
        let confirmed = Duration::from_secs(7 * 86_400);
        let rejected = EntryState::Rejected { rejection: Rejection::Conflict, rejected_at: T0 };
        assert!(!rejected.leaves_device(
            T0.plus(day * 3 - Duration::from_secs(1)),
            confirmed,
            Some(day * 3)
        ));
        assert!(rejected.leaves_device(T0.plus(day * 3), confirmed, Some(day * 3)));
        assert!(!rejected.leaves_device(T0.plus(day * 365), confirmed, None), "a phone keeps it");
        let done = EntryState::Confirmed { reference: "R".to_owned(), confirmed_at: T0 };
        assert!(done.leaves_device(T0.plus(confirmed), confirmed, Some(day * 30)));
        assert!(!EntryState::queued(T0).leaves_device(T0.plus(day * 365), confirmed, Some(day)));
    }

    #[test]
    fn only_a_refused_entry_can_be_tried_again_and_it_is_due_at_once() {
        let rejected = EntryState::Rejected { rejection: Rejection::Conflict, rejected_at: T0 };
        let later = T0.plus(Duration::from_secs(60));
        assert_eq!(rejected.retry(later), Some(EntryState::queued(later)));
        assert_eq!(EntryState::queued(T0).retry(later), None);
        let done = EntryState::Confirmed { reference: "R".to_owned(), confirmed_at: T0 };
        assert_eq!(done.retry(later), None);
    }

    #[test]
    fn http_statuses_are_classified() {
        let check = |status: u16, expected: Option<Outcome>| {
            assert_eq!(classify_status(status), expected, "{status}");
        };
        let retry = |status| {
            Some(Outcome::Failed { failure: SendFailure::Status { status }, retry_after: None })
        };
        check(200, None);
        check(408, retry(408));
        check(429, retry(429));
        check(500, retry(500));
        check(503, retry(503));
        check(
            401,
            Some(Outcome::Failed {
                failure: SendFailure::NotAuthorized { status: 401 },
                retry_after: None,
            }),
        );
        check(
            403,
            Some(Outcome::Failed {
                failure: SendFailure::NotAuthorized { status: 403 },
                retry_after: None,
            }),
        );
        check(400, Some(Outcome::Rejected(Rejection::Status { status: 400 })));
        check(413, Some(Outcome::Rejected(Rejection::Status { status: 413 })));
    }

    fn entry(client_id: &str, submitted_at_ms: u64, state: EntryState) -> OutboxEntry {
        OutboxEntry {
            schema: stored::ENTRY_SCHEMA,
            client_id: client_id.to_owned(),
            submitted_at: "2026-11-29T09:30:00Z".to_owned(),
            submitted_at_ms: Timestamp(submitted_at_ms),
            reference_version: None,
            registration: Some(Registration::default()),
            sealed: None,
            protocol: 2,
            reference: "00000000".to_owned(),
            state,
            submitted_on_kiosk: false,
        }
    }

    #[test]
    fn a_batch_takes_due_entries_oldest_first_and_nothing_while_paused() {
        let later = EntryState::Queued {
            attempts: 1,
            next_attempt_at: T0.plus(Duration::from_secs(60)),
            last_error: None,
        };
        let confirmed = EntryState::Confirmed { reference: "A".to_owned(), confirmed_at: T0 };
        let entries = vec![
            entry("c", 30, EntryState::queued(T0)),
            entry("a", 10, later),
            entry("b", 20, EntryState::queued(T0)),
            entry("d", 5, confirmed),
            entry("e", 1, sending(1)),
        ];
        assert_eq!(plan_batch(&entries, T0, false), [2, 0]);
        assert_eq!(plan_batch(&entries, T0.plus(Duration::from_secs(60)), false), [1, 2, 0]);
        assert_eq!(plan_batch(&entries, T0.plus(ABANDONED_AFTER), false), [4, 1, 2, 0]);
        assert_eq!(plan_batch(&entries, T0, true), Vec::<usize>::new());
        assert_eq!(next_wake(&entries), Some(T0));
        assert_eq!(next_wake(&entries[3..4]), None);
    }

    #[test]
    fn a_batch_holds_at_most_the_protocol_limit() {
        let entries: Vec<OutboxEntry> = (0..250)
            .map(|index| entry(&format!("{index:03}"), index, EntryState::queued(T0)))
            .collect();
        let batch = plan_batch(&entries, T0, false);
        assert_eq!(batch.len(), MAX_BATCH);
        assert_eq!(batch[0], 0);
        assert_eq!(batch[MAX_BATCH - 1], MAX_BATCH - 1);
    }

    #[test]
    fn server_answers_map_to_outcomes() {
        use guichet_protocol::registration::FieldError;
        let check = |status: SubmissionStatus, reference: Option<&str>, expected: Outcome| {
            let result = SubmissionResult {
                client_id: "a".to_owned(),
                status,
                reference: reference.map(str::to_owned),
                errors: vec![FieldError {
                    field: "identity.nin".to_owned(),
                    code: "nin_length".to_owned(),
                }],
            };
            assert_eq!(outcome_of(&result), expected, "{status:?}");
        };
        check(
            SubmissionStatus::Created,
            Some("R1"),
            Outcome::Accepted { reference: "R1".to_owned() },
        );
        check(
            SubmissionStatus::Duplicate,
            Some("R1"),
            Outcome::Accepted { reference: "R1".to_owned() },
        );
        check(SubmissionStatus::Conflict, None, Outcome::Rejected(Rejection::Conflict));
        check(
            SubmissionStatus::Invalid,
            None,
            Outcome::Rejected(Rejection::Invalid { fields: vec!["identity.nin".to_owned()] }),
        );
    }

    #[test]
    fn the_wait_is_the_backoff_or_the_agencys_retry_after_whichever_is_longer() {
        #[track_caller]
        fn check(attempts: u32, retry_after: Option<u64>, expected: Duration) {
            let retry_after = retry_after.map(Duration::from_secs);
            assert_eq!(retry_delay(attempts, 1.0, retry_after), expected);
        }
        let seconds = Duration::from_secs;
        check(1, None, seconds(2));
        check(1, Some(0), seconds(2));
        check(1, Some(1), seconds(2));
        check(1, Some(30), seconds(30));
        check(4, Some(10), seconds(16));
        check(4, Some(600), seconds(600));
        check(12, None, MAX_BACKOFF);
        check(12, Some(60), MAX_BACKOFF);
        check(1, Some(3_600), MAX_RETRY_AFTER);
        check(1, Some(u64::MAX), MAX_RETRY_AFTER);
    }

    #[test]
    fn a_429_holds_the_whole_sender_back() {
        let failed = |status: u16, retry_after: Option<u64>| Outcome::Failed {
            failure: SendFailure::Status { status },
            retry_after: retry_after.map(Duration::from_secs),
        };
        #[track_caller]
        fn check(outcome: &Outcome, expected: Option<u64>) {
            let expected = expected.map(|seconds| T0.plus(Duration::from_secs(seconds)));
            assert_eq!(hold_until(outcome, T0, 1.0), expected, "{outcome:?}");
        }
        check(&failed(429, Some(45)), Some(45));
        check(&failed(429, None), Some(2));
        check(&failed(429, Some(86_400)), Some(3_600));
        check(&failed(503, Some(45)), None);
        check(&Outcome::Failed { failure: SendFailure::Network, retry_after: None }, None);
        check(
            &Outcome::Failed {
                failure: SendFailure::NotAuthorized { status: 401 },
                retry_after: Some(Duration::from_secs(45)),
            },
            None,
        );
        check(&Outcome::Accepted { reference: "A".to_owned() }, None);
    }

    #[test]
    fn a_refused_credential_pauses_sending_until_a_new_enrolment() {
        #[track_caller]
        fn check(enrolled: Option<&str>, refused: Option<&str>, expected: bool) {
            assert_eq!(credential_refused(enrolled, refused), expected, "{enrolled:?} {refused:?}");
        }
        check(Some("device-1"), Some("device-1"), true);
        check(Some("device-2"), Some("device-1"), false);
        check(Some("device-1"), None, false);
        check(None, Some("device-1"), false);
        check(None, None, false);

        // While paused nothing is planned, and a 401 keeps every entry queued, due at once.
        let refused = sending(3).on_outcome(
            Outcome::Failed {
                failure: SendFailure::NotAuthorized { status: 401 },
                retry_after: None,
            },
            T0,
            0.5,
        );
        assert!(refused.is_pending());
        let entries = vec![entry("a", 1, refused), entry("b", 2, EntryState::queued(T0))];
        assert_eq!(plan_batch(&entries, T0, true), Vec::<usize>::new());
        assert_eq!(plan_batch(&entries, T0, false), [0, 1], "resumed: all are due");
    }

    #[test]
    fn entries_confirmed_as_already_registered_by_protocol_1_still_load() {
        let stored = r#"{"state":"confirmed","reference":"00000001","confirmed_at":42,"already_registered":true}"#;
        let state: EntryState = serde_json::from_str(stored).expect("an old entry parses");
        assert_eq!(
            state,
            EntryState::Confirmed { reference: "00000001".to_owned(), confirmed_at: Timestamp(42) }
        );
    }

    #[test]
    fn an_entry_sends_the_reference_version_it_was_submitted_under() {
        let entry = OutboxEntry { reference_version: Some(5), ..entry("a", 1, sending(1)) };
        let submission = entry.submission();
        assert_eq!(submission.reference_version, Some(5));
        assert_eq!(submission.client_id, "a");
        // Stored and read back (IndexedDB holds the entry as this JSON), it still carries it.
        let stored = serde_json::to_string(&entry).expect("serializes");
        let read: OutboxEntry = serde_json::from_str(&stored).expect("parses");
        assert_eq!(read.submission().reference_version, Some(5));
    }

    #[test]
    fn entries_stored_before_the_reference_version_load_and_send_without_it() {
        let stored = r#"{"client_id":"0190f5e2-1234-7abc-9def-0123456789ab","submitted_at":"2026-11-29T09:30:00Z","submitted_at_ms":1,"registration":{},"reference":"00000000","state":{"state":"queued","attempts":0,"next_attempt_at":1,"last_error":null},"submitted_on_kiosk":true}"#;
        let entry: OutboxEntry = serde_json::from_str(stored).expect("an old entry parses");
        assert_eq!(entry.reference_version, None);
        let wire = serde_json::to_value(entry.submission()).expect("serializes");
        assert!(wire.get("reference_version").is_none(), "{wire}");
    }

    #[test]
    fn states_persist_as_tagged_json() {
        let state = EntryState::Queued {
            attempts: 1,
            next_attempt_at: Timestamp(42),
            last_error: Some(SendFailure::Status { status: 503 }),
        };
        let json = serde_json::to_string(&state).expect("serializes");
        assert_eq!(
            json,
            r#"{"state":"queued","attempts":1,"next_attempt_at":42,"last_error":{"kind":"status","status":503}}"#
        );
        assert_eq!(serde_json::from_str::<EntryState>(&json).expect("parses"), state);
    }

    /// Runs a pass of `size` entries against an agency that answers each request with
    /// `answer(entries)` (`None`: per-entry results, every entry accepted): the outcome each
    /// entry is settled with (`None` when accepted) and the sizes of the requests sent.
    fn split_pass(
        size: usize,
        answer: impl Fn(&[usize]) -> Option<Outcome>,
    ) -> (Vec<Option<Outcome>>, Vec<usize>) {
        let mut splitter = BatchSplitter::new((0..size).collect());
        let mut settled = vec![None; size];
        let mut requests = Vec::new();
        while let Some(request) = splitter.next_request() {
            requests.push(request.len());
            if let Some(outcome) = answer(&request) {
                for index in splitter.on_whole_request(request, &outcome) {
                    assert_eq!(settled[index], None, "entry {index} settled twice");
                    settled[index] = Some(outcome.clone());
                }
            }
        }
        (settled, requests)
    }

    #[test]
    fn a_batch_refused_as_a_whole_is_split_down_to_the_entry_at_fault() {
        let bad_request = || Outcome::Rejected(Rejection::Status { status: 400 });
        let too_large = || Outcome::Rejected(Rejection::Status { status: 413 });
        let network = || Outcome::Failed { failure: SendFailure::Network, retry_after: None };
        // (case, size, agency, entries settled with a refusal, request sizes)
        type Agency = Box<dyn Fn(&[usize]) -> Option<Outcome>>;
        type Case = (&'static str, usize, Agency, Vec<(usize, Outcome)>, Vec<usize>);
        let table: Vec<Case> =
            vec![
                ("all accepted: one request", 4, Box::new(|_| None), vec![], vec![4]),
                (
                    "one entry the agency cannot read, among 8",
                    8,
                    Box::new(move |request| request.contains(&5).then(bad_request)),
                    vec![(5, bad_request())],
                    vec![8, 4, 4, 2, 1, 1, 2],
                ),
                (
                    "a single entry refused is rejected at once",
                    1,
                    Box::new(move |_| Some(bad_request())),
                    vec![(0, bad_request())],
                    vec![1],
                ),
                (
                    "a proxy's 413 above 2 entries: halves go through",
                    5,
                    Box::new(move |request| (request.len() > 2).then(too_large)),
                    vec![],
                    vec![5, 2, 3, 1, 2],
                ),
                (
                    "every entry refused alone: each rejected with its reason",
                    3,
                    Box::new(move |_| Some(bad_request())),
                    vec![(0, bad_request()), (1, bad_request()), (2, bad_request())],
                    vec![3, 1, 2, 1, 1],
                ),
                (
                    "the network fails mid-way: the unsent wait for the next pass",
                    4,
                    Box::new(move |request| {
                        if request.len() == 4 { Some(bad_request()) } else { Some(network()) }
                    }),
                    vec![(0, network()), (1, network()), (2, network()), (3, network())],
                    vec![4, 2],
                ),
            ];
        for (case, size, agency, refused, requests) in table {
            let (settled, sent) = split_pass(size, agency);
            let mut expected = vec![None; size];
            for (index, outcome) in refused {
                expected[index] = Some(outcome);
            }
            assert_eq!(settled, expected, "{case}");
            assert_eq!(sent, requests, "{case}");
        }
        // 100 entries, one at fault: far fewer requests than one per entry.
        let (settled, sent) = split_pass(100, |request| request.contains(&42).then(bad_request));
        assert_eq!(settled.iter().flatten().count(), 1);
        assert_eq!(settled[42], Some(bad_request()));
        assert!(sent.len() <= 15, "{} requests", sent.len());
        // A refused credential is not the entries' fault: nothing is split, nothing rejected.
        let refused = Outcome::Failed {
            failure: SendFailure::NotAuthorized { status: 401 },
            retry_after: None,
        };
        let (settled, sent) = split_pass(3, |_| Some(refused.clone()));
        assert_eq!(settled, vec![Some(refused); 3]);
        assert_eq!(sent, vec![3]);
    }

    #[test]
    fn a_batch_holds_entries_of_one_protocol_version_the_oldest_first() {
        let now = Timestamp(10_000);
        let mut entries: Vec<OutboxEntry> = (0..4u64)
            .map(|n| entry(&format!("id-{n}"), 1_000 + n, EntryState::queued(Timestamp(0))))
            .collect();
        entries[0].protocol = 2;
        entries[1].protocol = 3;
        entries[2].protocol = 2;
        entries[3].protocol = 3;
        let batch = plan_batch(&entries, now, false);
        assert_eq!(batch, [0, 2]);
        assert_eq!(batch_protocol(&entries, &batch), 2);
        entries[0].state = EntryState::Confirmed { reference: "X".to_owned(), confirmed_at: now };
        entries[2].state = entries[0].state.clone();
        let batch = plan_batch(&entries, now, false);
        assert_eq!(batch, [1, 3]);
        assert_eq!(batch_protocol(&entries, &batch), 3);
    }

    #[test]
    fn the_status_counts_what_waits_what_was_refused_and_the_last_confirmation() {
        let confirmed = |at: u64| EntryState::Confirmed {
            reference: "ABCD2345".to_owned(),
            confirmed_at: Timestamp(at),
        };
        let entries = [
            entry("a", 1, EntryState::queued(T0)),
            entry("b", 2, sending(1)),
            entry("c", 3, confirmed(5_000)),
            entry("d", 4, confirmed(9_000)),
            entry(
                "e",
                5,
                EntryState::Rejected {
                    rejection: Rejection::Status { status: 400 },
                    rejected_at: T0,
                },
            ),
        ];
        assert_eq!(
            OutboxStatus::of(&entries, true),
            OutboxStatus {
                pending: 2,
                rejected: 1,
                last_confirmed_at: Some(Timestamp(9_000)),
                paused: true
            }
        );
        assert_eq!(OutboxStatus::of(&[], false), OutboxStatus::default());
    }
}
