//! The job offers a kiosk holds, as the screens see them: [`OffersProvider`] starts the offers
//! worker (see [`engine`]: sync, storage and the search index live there, off the main thread)
//! and provides [`OffersContext`], through which components search and read offers. They never
//! touch IndexedDB, the network or the worker themselves.
//!
//! The worker is a second wasm module, started once the first screen is up: the page's own module
//! holds none of the sync or index code. Until it answers, the offers screens say they are
//! loading; if it cannot start, they say offers cannot be kept on this device.

#[cfg(feature = "bench")]
pub mod bench;
pub mod engine;
pub mod messages;
pub mod sync;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::oneshot;
use guichet_core::connectivity::Indicator;
use guichet_core::kiosk::EnrolError;
use guichet_core::outbox::OutboxStatus;
use guichet_core::search::Query;
use guichet_core::time::Timestamp;
use guichet_protocol::devices::Enrolment;
use guichet_protocol::offers::Offer;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

use crate::connectivity::use_connectivity;
use crate::reference::{ReferenceChanges, build_reference_path};
use messages::outbox::{Listing, ReceiptLookup};
use messages::{FoundOffers, FromWorker, NewSubmission, OutboxRequest, ToWorker, read_answer};
pub use messages::{OffersStatus, Phase};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

/// The worker's script: `assets/offers-worker-loader.js`, which loads what Trunk builds for the
/// `offers_worker` binary (`data-type="worker"` in index.html), at fixed names in the build's
/// root.
pub const WORKER_PATH: &str = "/offers-worker-loader.js";

/// The offers context: status, search, and reading offers by id.
#[derive(Clone)]
pub struct OffersContext {
    pub status: OffersStatus,
    worker: Rc<Connection>,
}

impl PartialEq for OffersContext {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status && Rc::ptr_eq(&self.worker, &other.worker)
    }
}

impl std::fmt::Debug for OffersContext {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("OffersContext").field("status", &self.status).finish()
    }
}

/// What a search finds: how many offers match, and the first ones.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Found {
    pub total: usize,
    pub offers: Vec<Offer>,
}

impl OffersContext {
    /// Searches or browses the current offers at `now` (expired ones never appear), with the
    /// first `query.limit` offers read from storage. Nothing found when the worker is gone.
    pub async fn search(&self, query: Query, now: Timestamp) -> Found {
        match self.worker.ask(|request| ToWorker::Search { request, query, now }).await {
            Some(answer) => read_answer::<FoundOffers>(&answer)
                .map(|found| Found { total: found.total, offers: found.offers })
                .unwrap_or_default(),
            None => Found::default(),
        }
    }

    /// How many offers are current (as of the worker's last status).
    pub fn current_count(&self) -> usize {
        self.status.current
    }

    /// The stored offers with these ids, in order; empty while storage is not open.
    pub async fn load(&self, ids: Vec<String>) -> Vec<Offer> {
        match self.worker.ask(|request| ToWorker::Load { request, ids }).await {
            Some(answer) => read_answer(&answer).unwrap_or_default(),
            None => Vec::new(),
        }
    }
}

/// The offers worker as the outbox sees it (`crate::outbox::OutboxProvider`): the worker also
/// runs the outbox's sender and seals each submission, so the page's module carries neither.
#[derive(Clone)]
pub struct WorkerLink(Rc<Connection>);

impl PartialEq for WorkerLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for WorkerLink {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("WorkerLink")
    }
}

impl WorkerLink {
    /// Sends an outbox request (sent once the worker is ready).
    pub fn send(&self, request: OutboxRequest) {
        self.0.send(&ToWorker::Outbox(request));
    }

    /// Has the worker seal and queue `submission`; the stored entry's client id, or why there is
    /// none (the worker's storage error, or a worker that is not running: the draft then stays).
    pub async fn submit(&self, submission: NewSubmission) -> Result<String, String> {
        let submission = Box::new(submission);
        let ask = |request| ToWorker::Outbox(OutboxRequest::Submit { request, submission });
        outcome(self.0.ask(ask).await)
    }

    /// The outbox's entries and set-aside records, as the worker (which owns the store) reads
    /// them.
    pub async fn list(&self) -> Result<Listing, String> {
        let ask = |request| ToWorker::Outbox(OutboxRequest::List { request });
        outcome(self.0.ask(ask).await)
    }

    /// Queues refused entry `client_id` again; the listing after it.
    pub async fn retry(&self, client_id: String) -> Result<Listing, String> {
        let ask = |request| ToWorker::Outbox(OutboxRequest::Retry { request, client_id });
        outcome(self.0.ask(ask).await)
    }

    /// Entry `client_id` and its receipt.
    pub async fn find(&self, client_id: String) -> Result<ReceiptLookup, String> {
        let ask = |request| ToWorker::Outbox(OutboxRequest::Find { request, client_id });
        outcome(self.0.ask(ask).await)
    }

    /// Has the worker enrol this kiosk (and take the agency's sealing key): the credential, or
    /// why there is none (a worker that is not running cannot reach the agency either).
    pub async fn enrol(&self, code: String, name: String) -> Result<Enrolment, EnrolError> {
        let ask = |request| ToWorker::Outbox(OutboxRequest::Enrol { request, code, name });
        match self.0.ask(ask).await {
            Some(answer) => read_answer(&answer).unwrap_or(Err(EnrolError::Network)),
            None => Err(EnrolError::Network),
        }
    }

    /// Who hears the outbox's status from now on (`None`: nobody); told the last one at once.
    pub fn listen(&self, listener: Option<Callback<OutboxStatus>>) {
        if let (Some(listener), Some(last)) = (&listener, self.0.outbox_status.borrow().clone()) {
            listener.emit(last);
        }
        *self.0.outbox_listener.borrow_mut() = listener;
    }
}

/// The outbox's answer to a question (`Result<T, String>` on the wire), with a worker that is
/// not running, or an answer that does not read (which one of this build cannot be), as errors.
fn outcome<T: DeserializeOwned>(answer: Option<Box<RawValue>>) -> Result<T, String> {
    let Some(answer) = answer else {
        return Err("the offers worker is not running".to_owned());
    };
    read_answer(&answer)
        .unwrap_or_else(|| Err("the offers worker's answer could not be read".to_owned()))
}

/// The worker link; panics outside [`OffersProvider`], a programming error.
#[hook]
pub fn use_worker_link() -> WorkerLink {
    use_context::<WorkerLink>().expect("use_worker_link needs an OffersProvider")
}

/// A handler of the worker's events.
type Handler = Closure<dyn FnMut(MessageEvent)>;

/// The page's end of the worker: messages wait until the worker says it is ready, and each
/// question waits for the answer with its number.
#[derive(Default)]
struct Connection {
    worker: RefCell<Option<Worker>>,
    ready: Cell<bool>,
    /// The worker failed or was ended: questions get nothing at once.
    stopped: Cell<bool>,
    waiting: RefCell<Vec<String>>,
    questions: RefCell<HashMap<u32, oneshot::Sender<Box<RawValue>>>>,
    next_question: Cell<u32>,
    /// The worker's event handlers, kept as long as it runs.
    handlers: RefCell<Vec<Handler>>,
    /// The outbox's last status from the worker, and who hears the next ones.
    outbox_status: RefCell<Option<OutboxStatus>>,
    outbox_listener: RefCell<Option<Callback<OutboxStatus>>>,
}

impl Connection {
    fn send(&self, message: &ToWorker) {
        let Some(text) = messages::encode(message) else { return };
        match self.worker.borrow().as_ref() {
            Some(worker) if self.ready.get() => {
                if worker.post_message(&text.into()).is_err() {
                    web_sys::console::warn_1(&"the offers worker could not be reached".into());
                }
            }
            _ => self.waiting.borrow_mut().push(text),
        }
    }

    /// Sends the question `ask` makes with a fresh number and waits for its answer; `None` when
    /// the worker stopped (or never started).
    async fn ask(&self, ask: impl FnOnce(u32) -> ToWorker) -> Option<Box<RawValue>> {
        if self.stopped.get() {
            return None;
        }
        let request = self.next_question.get().wrapping_add(1);
        self.next_question.set(request);
        let (answer, answered) = oneshot::channel();
        self.questions.borrow_mut().insert(request, answer);
        self.send(&ask(request));
        answered.await.ok()
    }

    /// The worker said it is ready: what waited goes now.
    fn open(&self) {
        self.ready.set(true);
        let waiting = std::mem::take(&mut *self.waiting.borrow_mut());
        if let Some(worker) = self.worker.borrow().as_ref() {
            for text in waiting {
                let _ = worker.post_message(&text.into());
            }
        }
    }

    fn answer(&self, request: u32, answer: Box<RawValue>) {
        if let Some(question) = self.questions.borrow_mut().remove(&request) {
            let _ = question.send(answer);
        }
    }

    fn outbox_status(&self, status: OutboxStatus) {
        if let Some(listener) = self.outbox_listener.borrow().as_ref() {
            listener.emit(status.clone());
        }
        *self.outbox_status.borrow_mut() = Some(status);
    }

    /// Ends the worker; every open question is answered with nothing, and later ones at once.
    fn stop(&self) {
        self.stopped.set(true);
        if let Some(worker) = self.worker.borrow_mut().take() {
            worker.terminate();
        }
        self.ready.set(false);
        self.questions.borrow_mut().clear();
        self.waiting.borrow_mut().clear();
    }

    /// Stops the worker and lets go of its handlers (never from inside one of them).
    fn close(&self) {
        self.stop();
        self.handlers.borrow_mut().clear();
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct OffersProviderProps {
    pub children: Html,
}

/// Starts the offers worker, relays its status, and provides [`OffersContext`] (and the
/// [`WorkerLink`], and the [`ReferenceChanges`] the worker announces). Must be inside the
/// connectivity provider: its return wakes the sync.
#[component]
pub fn OffersProvider(props: &OffersProviderProps) -> Html {
    let status = use_state(OffersStatus::default);
    let reference_changes = use_state(|| 0_u32);
    let connection = use_memo((), |()| Connection::default());
    {
        let set_status = status.setter();
        let reference_changes = reference_changes.setter();
        let connection = Rc::clone(&connection);
        use_effect_with((), move |()| {
            // A build for the benchmark measures the same sync and index from the page
            // (`bench`): the app's own worker would compete with it for the two cores and the
            // agency, so its offers never start there (its outbox does).
            let offers = !cfg!(feature = "bench");
            if !offers {
                set_status
                    .set(OffersStatus { phase: Phase::Unavailable, ..OffersStatus::default() });
            }
            start_worker(&connection, set_status, reference_changes, offers);
            move || connection.close()
        });
    }
    let online = use_connectivity().indicator() == Indicator::Online;
    {
        let connection = Rc::clone(&connection);
        use_effect_with(online, move |online| {
            if *online {
                connection.send(&ToWorker::Wake);
            }
        });
    }
    let link = WorkerLink(Rc::clone(&connection));
    let context = OffersContext { status: (*status).clone(), worker: Rc::clone(&connection) };
    html! {
        <ContextProvider<WorkerLink> context={link}>
        <ContextProvider<ReferenceChanges> context={ReferenceChanges(*reference_changes)}>
        <ContextProvider<OffersContext> context={context}>
            { props.children.clone() }
        </ContextProvider<OffersContext>>
        </ContextProvider<ReferenceChanges>>
        </ContextProvider<WorkerLink>>
    }
}

/// The offers context; panics outside [`OffersProvider`], a programming error.
#[hook]
pub fn use_offers() -> OffersContext {
    use_context::<OffersContext>().expect("use_offers needs an OffersProvider")
}

/// Starts the worker and routes what it says; a worker that cannot start (or fails) leaves the
/// offers unavailable, never the rest of the app. `offers`: whether it syncs and indexes them.
fn start_worker(
    connection: &Rc<Connection>,
    set_status: UseStateSetter<OffersStatus>,
    reference_changes: UseStateSetter<u32>,
    offers: bool,
) {
    let unavailable = {
        let set_status = set_status.clone();
        move || {
            set_status.set(OffersStatus { phase: Phase::Unavailable, ..OffersStatus::default() })
        }
    };
    let worker = match Worker::new(WORKER_PATH) {
        Ok(worker) => worker,
        Err(_) => {
            web_sys::console::warn_1(&"the offers worker could not start".into());
            connection.stop();
            unavailable();
            return;
        }
    };
    let on_message = {
        let connection = Rc::downgrade(connection);
        let changes = Cell::new(0_u32);
        Handler::new(move |event: MessageEvent| {
            let Some(connection) = connection.upgrade() else { return };
            let Some(message) = messages::decode::<FromWorker>(&event.data()) else { return };
            match message {
                FromWorker::Ready => connection.open(),
                FromWorker::Status(status) => set_status.set(status),
                FromWorker::ReferenceChanged => {
                    changes.set(changes.get() + 1);
                    reference_changes.set(changes.get());
                }
                FromWorker::OutboxStatus(status) => connection.outbox_status(status),
                FromWorker::Answered { request, answer } => connection.answer(request, answer),
            }
        })
    };
    let on_error = {
        let connection = Rc::downgrade(connection);
        Handler::new(move |_: MessageEvent| {
            web_sys::console::warn_1(&"the offers worker stopped".into());
            if let Some(connection) = connection.upgrade() {
                connection.stop();
            }
            unavailable();
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    connection.handlers.borrow_mut().extend([on_message, on_error]);
    *connection.worker.borrow_mut() = Some(worker);
    let reference_path = build_reference_path();
    connection.send(&ToWorker::Start { reference_path, offers });
}
