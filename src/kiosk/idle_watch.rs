//! The browser side of the idle timer: input listeners and one pending timeout, both dropped with
//! the watch. The decisions are `guichet_core::kiosk::IdleTimer`'s; this only feeds it `now`.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use guichet_core::kiosk::{IdleSettings, IdleState, IdleTimer};
use yew::Callback;

use crate::browser;

/// Input that proves someone is at the kiosk.
const ACTIVITY_EVENTS: [&str; 6] =
    ["pointerdown", "keydown", "input", "wheel", "touchstart", "scroll"];

/// Watches one visitor; dropping it stops everything.
pub struct IdleWatch {
    timer: RefCell<IdleTimer>,
    pending: RefCell<Option<Timeout>>,
    listeners: RefCell<Vec<EventListener>>,
    /// `Some(seconds left)` while the warning shows, `None` otherwise.
    on_warning: Callback<Option<u64>>,
    on_expired: Callback<()>,
    shown: RefCell<Option<u64>>,
}

impl IdleWatch {
    pub fn start(
        settings: IdleSettings,
        on_warning: Callback<Option<u64>>,
        on_expired: Callback<()>,
    ) -> Rc<Self> {
        let watch = Rc::new(Self {
            timer: RefCell::new(IdleTimer::new(settings, browser::now())),
            pending: RefCell::default(),
            listeners: RefCell::default(),
            on_warning,
            on_expired,
            shown: RefCell::default(),
        });
        let document = gloo::utils::document();
        let listeners = ACTIVITY_EVENTS
            .iter()
            .map(|event| {
                let weak = Rc::downgrade(&watch);
                EventListener::new(&document, *event, move |_| {
                    if let Some(watch) = weak.upgrade() {
                        watch.timer.borrow_mut().activity(browser::now());
                    }
                })
            })
            .collect();
        *watch.listeners.borrow_mut() = listeners;
        watch.poll();
        watch
    }

    /// "I'm still here": closes the warning and starts the idle delay again.
    pub fn still_here(self: &Rc<Self>) {
        self.timer.borrow_mut().still_here(browser::now());
        self.poll();
    }

    /// Asks the core what to show, shows it, and schedules the next poll.
    fn poll(self: &Rc<Self>) {
        let state = self.timer.borrow().state(browser::now());
        let (warning, delay) = match state {
            IdleState::Active { warn_in } => (None, warn_in),
            IdleState::Warning { seconds_left, next_tick } => (Some(seconds_left), next_tick),
            IdleState::Expired => {
                self.pending.borrow_mut().take();
                self.on_expired.emit(());
                return;
            }
        };
        if *self.shown.borrow() != warning {
            *self.shown.borrow_mut() = warning;
            self.on_warning.emit(warning);
        }
        let weak: Weak<Self> = Rc::downgrade(self);
        let millis = u32::try_from(delay.as_millis()).unwrap_or(u32::MAX).max(1);
        *self.pending.borrow_mut() = Some(Timeout::new(millis, move || {
            if let Some(watch) = weak.upgrade() {
                watch.poll();
            }
        }));
    }
}
