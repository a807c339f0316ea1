//! The loop that delivers the outbox: load, pick what is due (the core decides), mark it sending,
//! post one batch (split in halves, down to single entries, when the agency refuses it as a
//! whole), record each answer, and sleep until the next entry is due or something wakes
//! it (a new submission, connectivity back). Entries leave only once confirmed.
//!
//! An enrolled kiosk sends its credential as `Authorization: Bearer`. When the agency refuses it
//! (401/403), the sender records the refused device id in the settings store and sends nothing
//! more until a new enrolment stores another one; every entry stays queued. A 429 holds every
//! batch back until the agency's `Retry-After`.

use crate::browser;
use crate::kiosk::enrolment::bearer;
use crate::storage::receipts::{self, Receipt};
use crate::storage::{Database, StorageError, outbox as store, settings};
use futures::channel::mpsc;
use futures::{FutureExt, StreamExt};
use gloo::net::http::Request;
use gloo::timers::future::TimeoutFuture;
use guichet_core::outbox::{
    BatchSplitter, EntryState, OutboxStatus, Outcome, SendFailure, Wake, batch_protocol,
    classify_status, credential_refused, hold_until, next_wake, outcome_of, parse_retry_after,
    plan_batch,
};
use guichet_core::time::Timestamp;
use guichet_protocol::PROTOCOL_VERSION_HEADER;
use guichet_protocol::submission::{MAX_BATCH, SubmissionBatch, SubmissionResults};
use std::time::Duration;

const REGISTRATIONS_PATH: &str = "/api/v1/registrations";
/// A request that takes longer than this counts as a network failure, and is retried.
const REQUEST_TIMEOUT_MS: u32 = 30_000;
/// Even with nothing due, look again this often (another tab may have added entries).
const IDLE_RECHECK: Duration = Duration::from_secs(60);
/// Confirmed entries are kept this long, then purged; their receipt stays.
pub const CONFIRMED_RETENTION: Duration = Duration::from_secs(7 * 24 * 3600);

/// What the sender remembers between passes (the rest is in IndexedDB).
#[derive(Debug, Default)]
struct Holds {
    /// A device without a credential got 401/403 (not expected from the agency): sending waits
    /// for an enrolment or a reload.
    anonymous_refused: bool,
    /// After a 429, nothing is sent before this.
    until: Option<Timestamp>,
}

/// Runs until `wakeups` closes, telling `status` where the outbox stands at each pass.
pub async fn run(status: impl Fn(OutboxStatus), mut wakeups: mpsc::UnboundedReceiver<Wake>) {
    let mut holds = Holds::default();
    if let Err(error) = recover_abandoned().await {
        web_sys::console::warn_1(&format!("outbox: {error}").into());
    }
    loop {
        let wait = match deliver_once(&status, &mut holds).await {
            Ok(Some(wake_at)) => wake_at.0.saturating_sub(browser::now().0),
            Ok(None) => u64::try_from(IDLE_RECHECK.as_millis()).unwrap_or(u64::MAX),
            Err(error) => {
                web_sys::console::warn_1(&format!("outbox: {error}").into());
                5_000
            }
        };
        if wait == 0 {
            continue;
        }
        let wait = u32::try_from(wait).unwrap_or(u32::MAX).min(60_000);
        futures::select! {
            () = TimeoutFuture::new(wait).fuse() => {},
            woken = wakeups.next() => match woken {
                Some(Wake::Resume) => holds.anonymous_refused = false,
                Some(Wake::Look) => {}
                None => break,
            },
        }
    }
}

/// One pass: returns when to look again (`None`: nothing waits).
async fn deliver_once(
    status: &impl Fn(OutboxStatus),
    holds: &mut Holds,
) -> Result<Option<Timestamp>, StorageError> {
    let database = Database::open().await?;
    let outcome = deliver_with(&database, status, holds).await;
    // Closed on every path: an open connection would block the next schema upgrade.
    database.close();
    outcome
}

async fn deliver_with(
    database: &Database,
    status: &impl Fn(OutboxStatus),
    holds: &mut Holds,
) -> Result<Option<Timestamp>, StorageError> {
    let now = browser::now();
    let mut entries = store::load(database, now).await?;
    // Read at each pass: an enrolment in any tab takes effect at the next one. A record that
    // cannot be read must not stop delivery: the device then sends as one not enrolled.
    let device = settings::read(database).await.unwrap_or_else(|error| {
        web_sys::console::warn_1(&format!("outbox: device settings: {error}").into());
        None
    });
    // Confirmed entries leave after a week; refused ones leave a kiosk after the agency's days.
    let rejected_retention = device.as_ref().and_then(|device| device.rejected_retention());
    let leaving: Vec<&str> = entries
        .iter()
        .filter(|entry| entry.state.leaves_device(now, CONFIRMED_RETENTION, rejected_retention))
        .map(|entry| entry.client_id.as_str())
        .collect();
    store::delete_all(database, &leaving).await?;
    // What could not be read leaves a kiosk on the same days as what was refused.
    if let Some(retention) = rejected_retention {
        crate::storage::quarantine::expire(database, now, retention).await?;
    }
    entries
        .retain(|entry| !entry.state.leaves_device(now, CONFIRMED_RETENTION, rejected_retention));
    let enrolment = device.and_then(|settings| settings.enrolment);
    let device_id = enrolment.as_ref().map(|enrolled| enrolled.device_id.as_str());
    let refused = settings::refused(database).await.ok().flatten();
    let paused = holds.anonymous_refused && enrolment.is_none()
        || credential_refused(device_id, refused.as_deref());
    status(OutboxStatus::of(&entries, paused));
    if let Some(until) = holds.until.filter(|until| *until > now) {
        return Ok(Some(until));
    }

    let mut batch = plan_batch(&entries, now, paused);
    let batch_size = settings::batch_size(database).await?;
    batch.truncate(batch_size.unwrap_or(MAX_BATCH).clamp(1, MAX_BATCH));
    if batch.is_empty() {
        return Ok(next_wake(&entries));
    }
    for &index in &batch {
        if let Some(sending) = entries[index].state.start_sending(now) {
            entries[index].state = sending;
        }
    }
    store::save(database, batch.iter().map(|&index| &entries[index])).await?;
    status(OutboxStatus::of(&entries, paused));

    let credential = enrolment.as_ref().map(|enrolled| enrolled.credential.as_str());
    // Every entry of the batch was made under one protocol version (sealed: 3; clear: 2).
    let protocol = batch_protocol(&entries, &batch);
    let mut refused_now = false;
    // A batch refused as a whole is sent again in halves, down to single entries (the core's
    // `BatchSplitter`): one entry the agency cannot take never costs the others.
    let mut splitter = BatchSplitter::new(batch);
    while let Some(request) = splitter.next_request() {
        let submissions = request.iter().map(|&index| entries[index].submission()).collect();
        let answers =
            post(SubmissionBatch { registrations: submissions }, protocol, credential).await;
        let now = browser::now();
        let settled: Vec<(usize, Outcome)> = match answers {
            Ok(results) => request
                .iter()
                .map(|&index| {
                    let outcome = results
                        .results
                        .iter()
                        .find(|result| result.client_id == entries[index].client_id)
                        .map(outcome_of)
                        .unwrap_or(Outcome::Failed {
                            failure: SendFailure::Network,
                            retry_after: None,
                        });
                    (index, outcome)
                })
                .collect(),
            Err(outcome) => {
                holds.until = hold_until(&outcome, now, js_sys::Math::random());
                if matches!(
                    outcome,
                    Outcome::Failed { failure: SendFailure::NotAuthorized { .. }, .. }
                ) {
                    refused_now = true;
                    match device_id {
                        // The id this request was sent for: a new enrolment since is not refused.
                        Some(device_id) => settings::record_refused(database, device_id).await?,
                        None => holds.anonymous_refused = true,
                    }
                }
                splitter
                    .on_whole_request(request, &outcome)
                    .into_iter()
                    .map(|index| (index, outcome.clone()))
                    .collect()
            }
        };
        for (index, outcome) in &settled {
            let entry = &mut entries[*index];
            entry.state = entry.state.on_outcome(outcome.clone(), now, js_sys::Math::random());
            if let EntryState::Confirmed { reference, .. } = &entry.state {
                entry.reference = reference.clone();
            }
        }
        store::save(database, settled.iter().map(|(index, _)| &entries[*index])).await?;
        let receipts: Vec<Receipt> =
            settled.iter().filter_map(|(index, _)| Receipt::of(&entries[*index])).collect();
        receipts::save_all(database, &receipts).await?;
    }
    let now = browser::now();
    status(OutboxStatus::of(&entries, paused || refused_now));
    // Something may be due at once (a full batch left more behind).
    Ok(next_wake(&entries).map(|wake| wake.max(now)))
}

/// Posts one batch under its entries' protocol version, with the kiosk's credential when it has one (phones send none).
async fn post(
    batch: SubmissionBatch,
    protocol: u32,
    credential: Option<&str>,
) -> Result<SubmissionResults, Outcome> {
    let network = || Outcome::Failed { failure: SendFailure::Network, retry_after: None };
    let signal = web_sys::AbortSignal::timeout_with_u32(REQUEST_TIMEOUT_MS);
    let mut request = Request::post(REGISTRATIONS_PATH)
        .header(PROTOCOL_VERSION_HEADER, &protocol.to_string())
        .abort_signal(Some(&signal));
    if let Some(credential) = credential {
        request = request.header("authorization", &bearer(credential));
    }
    let request = request.json(&batch).map_err(|_| network())?;
    let response = request.send().await.map_err(|_| network())?;
    if let Some(outcome) = classify_status(response.status()) {
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|value| parse_retry_after(&value, browser::now()));
        return Err(match outcome {
            Outcome::Failed { failure, .. } => Outcome::Failed { failure, retry_after },
            other => other,
        });
    }
    // A 200 whose body cannot be read (cut mid-way) is a network failure: the server may have
    // committed, and the retry will be answered as a duplicate with the same reference.
    response.json::<SubmissionResults>().await.map_err(|_| network())
}

/// This page now holds the sender lock: whatever another page left "sending" is due again.
async fn recover_abandoned() -> Result<(), StorageError> {
    let database = Database::open().await?;
    let now = browser::now();
    let mut entries = store::load(&database, now).await?;
    entries.retain(|entry| matches!(entry.state, EntryState::Sending { .. }));
    for entry in &mut entries {
        entry.state = entry.state.recover_abandoned(now);
    }
    store::save(&database, entries.iter()).await?;
    database.close();
    Ok(())
}
