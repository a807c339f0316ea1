//! The outbox's side of the offers worker: the one sender across tabs (`sender`, once the Web
//! Lock is granted), the sealing of each submission (`super::submit`) and the kiosk's enrolment
//! (the credential the sender presents, and the key it seals to). It owns the outbox store: the
//! screens' listing, a refused entry queued again and the receipt screen's entry are read here
//! and sent as `crate::offers::messages::outbox` views. All of it runs there, not in the page,
//! so the page's module carries neither the sender, the sealing's cryptography, nor the stored
//! entries' decoders; the page asks through `ToWorker::Outbox` and hears
//! `FromWorker::OutboxStatus` and the answers (`FromWorker::Answered`; see
//! `super::OutboxProvider`).

use futures::channel::mpsc;
use guichet_core::outbox::Wake;
use serde::Serialize;

use super::{lock, sender};
use crate::kiosk::enrolment;
use crate::offers::engine::Post;
use crate::offers::messages::outbox::{EntryView, Listing, ReceiptLookup};
use crate::offers::messages::{FromWorker, NewSubmission, OutboxRequest};
use crate::storage::{self, Database, StorageError, quarantine, receipts};

/// What the worker's entry point passes to `offers::engine::serve`: it starts the sender at the
/// page's first [`OutboxRequest::Start`], relays wakes to it, and answers the page's questions.
pub fn handler() -> impl FnMut(OutboxRequest, &Post) + 'static {
    let mut waker = None::<mpsc::UnboundedSender<Wake>>;
    move |request, post| match request {
        OutboxRequest::Start => {
            if waker.is_none() {
                let (wake, wakeups) = mpsc::unbounded::<Wake>();
                waker = Some(wake);
                let post = post.clone();
                let publish = move |status| post(&FromWorker::OutboxStatus(status));
                if !lock::run_holding(lock::SENDER_LOCK, move || sender::run(publish, wakeups)) {
                    web_sys::console::warn_1(
                        &"outbox: no Web Locks in this browser: nothing is sent".into(),
                    );
                }
            }
        }
        OutboxRequest::Wake(reason) => {
            if let Some(wake) = &waker {
                let _ = wake.unbounded_send(reason);
            }
        }
        OutboxRequest::Submit { request, submission } => answer(post, request, async move {
            let NewSubmission { client_id, registration, reference_version, submitted_on_kiosk } =
                *submission;
            super::submit(&client_id, registration, reference_version, submitted_on_kiosk)
                .await
                .map(|entry| entry.client_id)
                .map_err(|error| error.to_string())
        }),
        OutboxRequest::List { request } => {
            answer(post, request, async { list().await.map_err(|error| error.to_string()) })
        }
        OutboxRequest::Retry { request, client_id } => {
            let wake = waker.clone();
            answer(post, request, async move {
                if let Err(error) = retry_rejected(&client_id).await {
                    warn(&format!("outbox: retry: {error}"));
                }
                // The sender looks at once (in this worker, or at its next pass in another).
                if let Some(wake) = wake {
                    let _ = wake.unbounded_send(Wake::Look);
                }
                list().await.map_err(|error| error.to_string())
            });
        }
        OutboxRequest::Find { request, client_id } => answer(post, request, async move {
            find(&client_id).await.map_err(|error| error.to_string())
        }),
        OutboxRequest::Enrol { request, code, name } => answer(post, request, async move {
            let outcome = enrolment::enrol(&code, &name).await;
            if outcome.is_ok() {
                // An enrolled kiosk seals every registration it queues: take the agency's key
                // now, while the agency is reachable, not at the next offers sync.
                refresh_sealing_key().await;
            }
            outcome
        }),
    }
}

/// Answers question `request` with what `work` comes to, once it has.
fn answer<T: Serialize>(post: &Post, request: u32, work: impl Future<Output = T> + 'static) {
    let post = post.clone();
    wasm_bindgen_futures::spawn_local(async move {
        post(&FromWorker::answered(request, &work.await));
    });
}

/// Every entry not yet purged (migrated as the sender reads them), newest submission first,
/// and the records set aside, as the screens show them.
pub async fn list() -> Result<Listing, StorageError> {
    let database = Database::open().await?;
    let entries = storage::outbox::load(&database, crate::browser::now()).await;
    let quarantined = quarantine::all(&database).await;
    database.close();
    let mut entries = entries?;
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.submitted_at_ms));
    Ok(Listing { entries: entries.iter().map(EntryView::of).collect(), quarantined: quarantined? })
}

/// A submitted entry and, once confirmed and purged, its receipt.
pub async fn find(client_id: &str) -> Result<ReceiptLookup, StorageError> {
    let database = Database::open().await?;
    let entry = storage::outbox::find(&database, client_id, crate::browser::now()).await;
    let receipt = receipts::find(&database, client_id).await;
    database.close();
    Ok(ReceiptLookup { entry: entry?.as_ref().map(EntryView::of), receipt: receipt? })
}

/// Queues refused entry `client_id` again (the same client id: the agency still stores it once).
async fn retry_rejected(client_id: &str) -> Result<(), StorageError> {
    let database = Database::open().await?;
    let now = crate::browser::now();
    let outcome = storage::outbox::update(&database, client_id, |entry| {
        entry.state.retry(now).map(|queued| entry.state = queued).is_some()
    })
    .await;
    database.close();
    outcome.map(|_| ())
}

async fn refresh_sealing_key() {
    let database = match Database::open().await {
        Ok(database) => database,
        Err(error) => return warn(&format!("the agency's sealing key: {error}")),
    };
    if let Err(error) = crate::offers::sync::refresh_sealing_key(&database).await {
        warn(&format!("the agency's sealing key: {error}"));
    }
    database.close();
}

fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
