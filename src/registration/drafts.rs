//! The wizard's drafts: resuming one, and saving each change (the drafts store itself is
//! `crate::storage::drafts`'s).
//!
//! [`AutoSaver`] writes the latest draft at most [`SAVE_DEBOUNCE`] after a change (the first
//! change starts the delay, later ones ride along, so steady typing still saves every 300 ms),
//! and at once when the page is hidden (switching apps, locking the phone, closing the tab).
//! Nothing here sends a draft anywhere.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use guichet_core::draft::{Draft, DraftSettings, SAVE_DEBOUNCE};
use guichet_core::kiosk::Visitor;
use guichet_core::time::Timestamp;
use guichet_core::validation::CivilDate;
use yew::prelude::*;

use super::state::{Action, WizardState};
use crate::kiosk::Device;
use crate::scheduler::yield_now;

use crate::storage::{Database, drafts as store};

/// A new draft with a fresh UUIDv7 client id.
pub fn new_draft(now: Timestamp) -> Draft {
    Draft::new(uuid::Uuid::now_v7().to_string(), now)
}

/// What opening the wizard finds on the device.
#[derive(Debug)]
pub struct Resumed {
    pub draft: Draft,
    /// A stored draft had expired and has been deleted.
    pub expired: bool,
}

/// The most recently changed draft, unless it has expired (then it is deleted); a new draft
/// otherwise. On a kiosk, `visitor` is the one at the kiosk now: a draft not theirs is deleted
/// and never resumed.
pub async fn resume(
    database: &Database,
    settings: DraftSettings,
    visitor: Option<Visitor>,
    now: Timestamp,
) -> Resumed {
    match store::latest(database).await {
        Ok(Some(draft))
            if visitor.is_some_and(|visitor| !visitor.owns(Timestamp(draft.updated_at))) =>
        {
            if let Err(error) = store::delete(database, &draft.client_id).await {
                warn(&format!("an earlier visitor's draft not deleted: {error}"));
            }
            Resumed { draft: new_draft(now), expired: false }
        }
        Ok(Some(draft)) if draft.is_expired(settings, now) => {
            if let Err(error) = store::delete(database, &draft.client_id).await {
                warn(&format!("expired draft not deleted: {error}"));
            }
            Resumed { draft: new_draft(now), expired: true }
        }
        Ok(Some(draft)) => Resumed { draft, expired: false },
        Ok(None) => Resumed { draft: new_draft(now), expired: false },
        Err(error) => {
            warn(&format!("drafts not read: {error}"));
            Resumed { draft: new_draft(now), expired: false }
        }
    }
}

/// Saves the wizard's draft, debounced, and at once when the page is hidden.
pub struct AutoSaver {
    database: Rc<Database>,
    pending: RefCell<Option<Draft>>,
    timer: RefCell<Option<Timeout>>,
    _visibility: RefCell<Option<EventListener>>,
    /// The visitor this saver works for; `current_visitor` moves on at a kiosk wipe.
    visitor: u64,
    current_visitor: Rc<Cell<u64>>,
}

impl std::fmt::Debug for AutoSaver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AutoSaver").field("visitor", &self.visitor).finish_non_exhaustive()
    }
}

impl AutoSaver {
    pub fn new(database: Rc<Database>, visitor: u64, current_visitor: Rc<Cell<u64>>) -> Rc<Self> {
        let saver = Rc::new(Self {
            database,
            pending: RefCell::default(),
            timer: RefCell::default(),
            _visibility: RefCell::default(),
            visitor,
            current_visitor,
        });
        let weak = Rc::downgrade(&saver);
        let listener =
            EventListener::new(&gloo::utils::document(), "visibilitychange", move |_| {
                let hidden =
                    gloo::utils::document().visibility_state() == web_sys::VisibilityState::Hidden;
                if let (true, Some(saver)) = (hidden, weak.upgrade()) {
                    saver.flush();
                }
            });
        *saver._visibility.borrow_mut() = Some(listener);
        saver
    }

    /// Records the latest draft; it is written within [`SAVE_DEBOUNCE`].
    pub fn changed(self: &Rc<Self>, draft: Draft) {
        *self.pending.borrow_mut() = Some(draft);
        if self.timer.borrow().is_some() {
            return;
        }
        let weak = Rc::downgrade(self);
        let millis = u32::try_from(SAVE_DEBOUNCE.as_millis()).unwrap_or(300);
        *self.timer.borrow_mut() = Some(Timeout::new(millis, move || {
            if let Some(saver) = weak.upgrade() {
                saver.flush();
            }
        }));
    }

    /// Writes the pending draft now, if any.
    pub fn flush(self: &Rc<Self>) {
        self.timer.borrow_mut().take();
        let Some(draft) = self.pending.borrow_mut().take() else { return };
        // A kiosk wipe happened since this change: the visitor is gone, write nothing.
        if self.current_visitor.get() != self.visitor {
            return;
        }
        let database = Rc::clone(&self.database);
        // `put_json` opens its transaction on the first poll, which `spawn_local` runs before any
        // later wipe can start its own: the wipe's clear is ordered after this write.
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(error) = store::save(&database, &draft).await {
                warn(&format!("draft not saved: {error}"));
            }
        });
    }

    /// Forgets the pending change without writing it (the visitor was wiped).
    pub fn discard(&self) {
        self.timer.borrow_mut().take();
        self.pending.borrow_mut().take();
    }
}

/// Loads the draft into the wizard once the device settings are known (they decide whether
/// drafts expire), then saves each change through an [`AutoSaver`]. Returns the saver, for
/// "save and finish later". Components reach the drafts store only through this hook.
#[hook]
pub fn use_draft_persistence(
    state: &UseReducerHandle<WizardState>,
    device: &Device,
) -> Rc<RefCell<Option<Rc<AutoSaver>>>> {
    let saver = use_mut_ref(|| None::<Rc<AutoSaver>>);
    {
        let dispatcher = state.dispatcher();
        let saver = saver.clone();
        let visitor = device.visitor;
        let visitor_cell = device.visitor_cell.clone();
        // Once: a later change of the settings (the setup screen) must not reload the draft over
        // answers typed since.
        let settings = device.settings.clone();
        let present_visitor = device.is_kiosk().then_some(device.present_visitor);
        use_effect_with(settings.is_some(), move |_| {
            if let Some(settings) = settings {
                wasm_bindgen_futures::spawn_local(async move {
                    let now = crate::browser::now();
                    match Database::open().await {
                        Ok(database) => {
                            let resumed =
                                resume(&database, settings.drafts(), present_visitor, now).await;
                            *saver.borrow_mut() =
                                Some(AutoSaver::new(Rc::new(database), visitor, visitor_cell));
                            // The wizard's first full render (every field of the step, checked)
                            // in a task of its own, not in the one that read and decoded the
                            // draft: each stays short on a slow phone (issue #12).
                            yield_now().await;
                            dispatcher.dispatch(Action::Loaded {
                                draft: Box::new(resumed.draft),
                                expired: resumed.expired,
                                today: CivilDate::in_algeria(crate::browser::now()),
                            });
                        }
                        Err(error) => {
                            // Storage refused: the form still works, it just is not kept.
                            web_sys::console::warn_1(
                                &format!("drafts unavailable: {error}").into(),
                            );
                            dispatcher.dispatch(Action::Loaded {
                                draft: Box::new(new_draft(now)),
                                expired: false,
                                today: CivilDate::in_algeria(crate::browser::now()),
                            });
                        }
                    }
                });
            }
        });
    }

    // Save every change (not the load itself: revision 0 is what was read).
    {
        let saver = saver.clone();
        let draft = state.draft.clone();
        use_effect_with(state.revision, move |revision| {
            let saver = saver.borrow().clone();
            if let (true, Some(draft), Some(saver)) = (*revision > 0, draft, saver)
                && !draft.is_blank()
            {
                saver.changed(draft);
            }
        });
    }

    saver
}

fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
