//! The outbox's side of the offers worker: the one sender across tabs (`sender`, once the Web
//! Lock is granted) and the sealing of each submission (`super::submit`). Both run there, not in
//! the page, so the page's module carries neither the sender nor the sealing's cryptography; the
//! page asks through `ToWorker::Outbox` and hears `FromWorker::OutboxStatus` and
//! `FromWorker::Submitted` (see `super::OutboxProvider`).

use futures::channel::mpsc;
use guichet_core::outbox::Wake;

use super::{lock, sender};
use crate::offers::engine::Post;
use crate::offers::messages::{FromWorker, NewSubmission, OutboxRequest};

/// What the worker's entry point passes to `offers::engine::serve`: it starts the sender at the
/// page's first [`OutboxRequest::Start`], relays wakes to it, and answers submissions.
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
        OutboxRequest::Submit { request, submission } => {
            let post = post.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let NewSubmission {
                    client_id,
                    registration,
                    reference_version,
                    submitted_on_kiosk,
                } = *submission;
                let outcome =
                    super::submit(&client_id, registration, reference_version, submitted_on_kiosk)
                        .await
                        .map(Box::new)
                        .map_err(|error| error.to_string());
                post(&FromWorker::Submitted { request, outcome });
            });
        }
    }
}
