//! The one place that probes the agency backend, driving `guichet_core::connectivity`.
//!
//! `navigator.onLine` only knows about the local link; a kiosk behind a dead agency line is
//! "online" for it. So the provider probes `/api/v1/health` on the core's schedule, at once when
//! the browser says the link came back or the page becomes visible, and shares the result.

use std::cell::Cell;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::{FutureExt, StreamExt};
use gloo::events::EventListener;
use gloo::net::http::Request;
use gloo::timers::future::TimeoutFuture;
use guichet_core::connectivity::{Connectivity, Indicator};
use guichet_protocol::health::{Health, HealthStatus};
use yew::prelude::*;

use crate::browser;

/// A probe that takes longer than this counts as failed.
const PROBE_TIMEOUT_MS: u32 = 5_000;
const HEALTH_PATH: &str = "/api/v1/health";

/// What components read: the current state, to turn into an [`Indicator`] at render time.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectivityView {
    pub connectivity: Connectivity,
}

impl ConnectivityView {
    pub fn indicator(&self) -> Indicator {
        self.connectivity.indicator(browser::now())
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct ConnectivityProviderProps {
    pub children: Html,
}

/// Runs the probe loop for as long as it is mounted and provides [`ConnectivityView`].
#[component]
pub fn ConnectivityProvider(props: &ConnectivityProviderProps) -> Html {
    let view = use_state(|| ConnectivityView {
        connectivity: Connectivity::new(browser::stored_last_contact()),
    });
    {
        let set_view = view.setter();
        let initial = view.connectivity.clone();
        use_effect_with((), move |_| {
            let (wake, wakeups) = mpsc::unbounded::<()>();
            let listeners = wake_on_link_events(&wake);
            let running = Rc::new(Cell::new(true));
            let still_running = Rc::clone(&running);
            wasm_bindgen_futures::spawn_local(probe_loop(
                set_view,
                wakeups,
                still_running,
                initial,
            ));
            move || {
                running.set(false);
                wake.close_channel();
                drop(listeners);
            }
        });
    }
    html! {
        <ContextProvider<ConnectivityView> context={(*view).clone()}>
            { props.children.clone() }
        </ContextProvider<ConnectivityView>>
    }
}

/// The connectivity context; panics outside [`ConnectivityProvider`], a programming error.
#[hook]
pub fn use_connectivity() -> ConnectivityView {
    use_context::<ConnectivityView>().expect("use_connectivity needs a ConnectivityProvider")
}

async fn probe_loop(
    set_view: UseStateSetter<ConnectivityView>,
    mut wakeups: mpsc::UnboundedReceiver<()>,
    running: Rc<Cell<bool>>,
    mut connectivity: Connectivity,
) {
    while running.get() {
        let delay = connectivity.next_probe_in(js_sys::Math::random());
        let delay_ms = u32::try_from(delay.as_millis()).unwrap_or(u32::MAX);
        futures::select! {
            () = TimeoutFuture::new(delay_ms).fuse() => {},
            woken = wakeups.next() => if woken.is_none() { break },
        }
        if !running.get() {
            break;
        }
        if probe().await {
            let now = browser::now();
            connectivity.probe_succeeded(now);
            browser::store_last_contact(now);
        } else {
            connectivity.probe_failed();
        }
        set_view.set(ConnectivityView { connectivity: connectivity.clone() });
    }
}

/// One health probe: true when the agency answered that it is healthy in time.
async fn probe() -> bool {
    let signal = web_sys::AbortSignal::timeout_with_u32(PROBE_TIMEOUT_MS);
    let Ok(response) = Request::get(HEALTH_PATH).abort_signal(Some(&signal)).send().await else {
        return false;
    };
    if !response.ok() {
        return false;
    }
    response.json::<Health>().await.is_ok_and(|health| health.status == HealthStatus::Ok)
}

/// Probes at once when the browser reports the link back or the page comes to the front.
fn wake_on_link_events(wake: &mpsc::UnboundedSender<()>) -> Vec<EventListener> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    let on_online = {
        let wake = wake.clone();
        EventListener::new(&window, "online", move |_| {
            let _ = wake.unbounded_send(());
        })
    };
    let mut listeners = vec![on_online];
    if let Some(document) = window.document() {
        let wake = wake.clone();
        let watched = document.clone();
        listeners.push(EventListener::new(&document, "visibilitychange", move |_| {
            if !watched.hidden() {
                let _ = wake.unbounded_send(());
            }
        }));
    }
    listeners
}
