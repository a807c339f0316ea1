//! Kiosk mode: the device's settings, the idle watch, and the wipe that forgets a visitor.
//!
//! [`KioskProvider`] loads the device settings from IndexedDB and provides [`Device`]. It enrols
//! the device (a one-time code from the agency makes it a kiosk of that agency), and while online
//! asks the agency whether the credential still holds and what its delays are now
//! ([`enrolment`]); a refused credential is recorded, which pauses the outbox until staff enrol
//! the device again. On a kiosk it watches input, asks `guichet_core::kiosk::IdleTimer` what to show, and shows the warning
//! dialog; when the countdown runs out or the visitor presses "Finish", the wipe runs: the form
//! is remounted empty, the history entry replaced by the welcome screen, the language reset, and
//! [`crate::storage::wipe_visitor`] empties the drafts and receipts stores and removes confirmed
//! outbox entries (never one still waiting for the agency).

pub mod enrolment;
mod idle_dialog;
mod idle_watch;
pub mod settings;

use std::cell::Cell;
use std::rc::Rc;

use guichet_core::connectivity::Status;
use guichet_core::kiosk::{DeviceMode, IdleSettings, Visitor};
use guichet_core::outbox::credential_refused;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::browser;
use crate::connectivity::use_connectivity;
use crate::i18n::{Language, use_i18n};
use crate::outbox::{Wake, use_outbox};
use crate::route::Route;
use crate::storage::{self, Database};
use enrolment::StatusCheck;
use guichet_protocol::devices::Enrolment;
use idle_dialog::IdleDialog;
use idle_watch::IdleWatch;
pub use settings::DeviceSettings;

/// What components learn about the device from [`use_device`].
#[derive(Clone, PartialEq)]
pub struct Device {
    /// `None` until the settings are read from IndexedDB.
    pub settings: Option<DeviceSettings>,
    /// The agency refused this kiosk's credential (revoked): staff must enrol it again.
    pub refused: bool,
    /// Increases at each wipe: components keyed on it start afresh, with nothing of the visitor.
    pub visitor: u64,
    /// What belongs to the visitor at the kiosk now (drafts to resume, receipts to show).
    pub present_visitor: Visitor,
    /// Shared with savers: a save started for an earlier visitor must not write.
    pub visitor_cell: Rc<Cell<u64>>,
    /// Erases the visitor (the "Finish" button and the end of the countdown).
    pub wipe: Callback<()>,
    /// Stores new settings (the setup screen's draft lifetime).
    pub save_settings: Callback<DeviceSettings>,
    /// Keeps the credential the setup screen obtained for the device: stores it in the settings
    /// and sends what the outbox kept. The setup screen asks the offers worker for it itself, so
    /// that only its part of the app (`crate::route::Part`) reads the worker's answer.
    pub enrolled: Callback<Enrolled>,
}

/// A credential the setup screen obtained; `on_done` hears once the device keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Enrolled {
    pub name: String,
    pub enrolment: Enrolment,
    pub on_done: Callback<()>,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("settings", &self.settings)
            .field("refused", &self.refused)
            .field("visitor", &self.visitor)
            .finish()
    }
}

impl Device {
    pub fn mode(&self) -> DeviceMode {
        self.settings.as_ref().map(|settings| settings.mode).unwrap_or_default()
    }

    pub fn is_kiosk(&self) -> bool {
        self.mode() == DeviceMode::Kiosk
    }
}

/// The device context; panics outside [`KioskProvider`], which is a programming error.
#[hook]
pub fn use_device() -> Device {
    use_context::<Device>().expect("use_device must be called inside KioskProvider")
}

#[derive(Debug, Properties, PartialEq)]
pub struct KioskProviderProps {
    pub children: Html,
}

/// Must sit inside the router (the wipe replaces the history entry) and the i18n provider (the
/// wipe returns to the default language).
#[component]
pub fn KioskProvider(props: &KioskProviderProps) -> Html {
    let settings = use_state(|| None::<DeviceSettings>);
    let refused = use_state(|| false);
    let visitor = use_state(|| 0_u64);
    let visitor_cell = use_mut_ref(|| Rc::new(Cell::new(0_u64))).borrow().clone();
    let present_visitor = use_state(|| Visitor::after_wipe(browser::now()));
    // The visitor has been somewhere past the welcome screen since the last wipe (or, at start, a
    // draft is stored): the idle watch runs even on the welcome screen then.
    let visited = use_state(|| false);
    // Read at the first render, before the entry page leaves `/kiosk`.
    let kiosk_marked = *use_state(browser::kiosk_marked);
    let warning = use_state(|| None::<u64>);
    let watch = use_mut_ref(|| None::<Rc<IdleWatch>>);
    let navigator = use_navigator();
    let route = use_route::<Route>();
    let i18n = use_i18n();
    let wake_outbox = use_outbox().wake;
    let online = use_connectivity().connectivity.status() == Status::Online;

    {
        let settings = settings.setter();
        let refused = refused.setter();
        let present_visitor = present_visitor.setter();
        let visited = visited.setter();
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = fail_closed(settings::load().await, kiosk_marked).await;
                refused.set(is_refused(&loaded).await);
                if loaded.mode == DeviceMode::Kiosk {
                    present_visitor.set(Visitor::at_start(loaded.idle, browser::now()));
                    if drafts_stored().await {
                        visited.set(true);
                    }
                }
                settings.set(Some(loaded));
            });
        });
    }

    // At start and each time the agency is reachable again: is the credential still good, and
    // what are the agency's delays now?
    let credential = settings
        .as_ref()
        .and_then(|settings| settings.enrolment.as_ref())
        .map(|enrolled| (enrolled.device_id.clone(), enrolled.credential.clone()));
    {
        let settings = settings.setter();
        let refused = refused.setter();
        let wake_outbox = wake_outbox.clone();
        use_effect_with((online, credential), move |(online, credential)| {
            if let (true, Some((device_id, credential))) = (*online, credential.clone()) {
                wasm_bindgen_futures::spawn_local(async move {
                    match refresh(&device_id, &credential).await {
                        Refresh::Updated(updated) => settings.set(Some(updated)),
                        Refresh::Refused => {
                            refused.set(true);
                            // The sender reads the marker at its next pass and pauses.
                            wake_outbox.emit(Wake::Look);
                        }
                        Refresh::Unchanged => {}
                    }
                });
            }
        });
    }

    let enrolled = {
        let settings = settings.setter();
        let refused = refused.setter();
        Callback::from(move |enrolled: Enrolled| {
            let settings = settings.clone();
            let refused = refused.clone();
            let wake_outbox = wake_outbox.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // Read afresh: the delays may have been refreshed since this screen opened.
                let stored = settings::load().await.enrolled(&enrolled.name, enrolled.enrolment);
                if let Err(error) = settings::save(&stored).await {
                    warn(&format!("enrolment not saved: {error}"));
                }
                settings.set(Some(stored));
                refused.set(false);
                // A new credential: whatever the outbox kept goes now.
                wake_outbox.emit(Wake::Resume);
                enrolled.on_done.emit(());
            });
        })
    };

    let wipe = {
        let visitor = visitor.clone();
        let visitor_cell = visitor_cell.clone();
        let present_visitor = present_visitor.setter();
        let visited = visited.setter();
        let set_language = i18n.set_language;
        Callback::from(move |()| {
            // First of all, no save started for this visitor may write any more.
            let next = visitor_cell.get() + 1;
            visitor_cell.set(next);
            // Nothing dated before now is the next visitor's, even before the stores are cleared.
            present_visitor.set(Visitor::after_wipe(browser::now()));
            visited.set(false);
            // Remounts everything keyed on the visitor (the form and its state) and restarts the
            // idle watch.
            visitor.set(next);
            // Remembered at once: the welcome screen may be another part of the app, whose page
            // is loaded (see `crate::route::Part`) before the messages below arrive.
            browser::store_language(Language::DEFAULT);
            set_language.emit(Language::DEFAULT);
            // The stores are emptied before the welcome screen is shown, since showing it may
            // load another page, which would stop the wipe midway.
            let navigator = navigator.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = storage::wipe_visitor().await {
                    warn(&format!("kiosk wipe: {error}"));
                }
                if let Some(navigator) = &navigator {
                    navigator.replace(&Route::Home);
                }
            });
        })
    };

    let save_settings = {
        let settings = settings.clone();
        Callback::from(move |new: DeviceSettings| {
            let settings = settings.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = settings::save(&new).await {
                    warn(&format!("device settings not saved: {error}"));
                }
                settings.set(Some(new));
            });
        })
    };

    // The watch runs while anything of a visitor may exist or show: anywhere past the welcome
    // screen, and on it too once the visitor went further (a draft may be stored). An empty kiosk
    // shows the welcome screen, not a warning every two minutes.
    let away = route.is_some_and(|route| !matches!(route, Route::Home | Route::Kiosk));
    {
        let visited = visited.setter();
        use_effect_with(away, move |away| {
            if *away {
                visited.set(true);
            }
        });
    }
    let visiting = away || *visited;
    let idle = settings
        .as_ref()
        .filter(|settings| settings.mode == DeviceMode::Kiosk && visiting)
        .map(|settings| settings.idle);
    {
        let watch = watch.clone();
        let warning = warning.clone();
        let wipe = wipe.clone();
        use_effect_with((idle, *visitor), move |(idle, _)| {
            warning.set(None);
            *watch.borrow_mut() = idle.map(|idle| {
                let on_warning = Callback::from(move |seconds| warning.set(seconds));
                IdleWatch::start(idle, on_warning, wipe)
            });
            move || {
                watch.borrow_mut().take();
            }
        });
    }
    let still_here = {
        Callback::from(move |()| {
            let current = watch.borrow().clone();
            if let Some(watch) = current {
                watch.still_here();
            }
        })
    };

    let device = Device {
        settings: (*settings).clone(),
        refused: *refused,
        visitor: *visitor,
        present_visitor: *present_visitor,
        visitor_cell,
        wipe: wipe.clone(),
        save_settings,
        enrolled,
    };
    html! {
        <ContextProvider<Device> context={device}>
            { props.children.clone() }
            if let Some(seconds) = *warning {
                <IdleDialog {seconds} on_still_here={still_here} on_finish={wipe} />
            }
        </ContextProvider<Device>>
    }
}

/// The stored settings, made a kiosk's when the browser says this device is one (started at
/// `/kiosk`, now or before); and a kiosk is remembered in web storage too. A device is personal
/// only when nothing says it is a kiosk.
async fn fail_closed(mut loaded: DeviceSettings, kiosk_marked: bool) -> DeviceSettings {
    if loaded.mode == DeviceMode::Kiosk {
        browser::mark_kiosk();
    } else if kiosk_marked {
        loaded.mode = DeviceMode::Kiosk;
        if let Err(error) = settings::save(&loaded).await {
            warn(&format!("kiosk mode not saved: {error}"));
        }
    }
    loaded
}

/// Whether any draft is stored (a kiosk restarted while a visitor was typing); when storage
/// cannot tell, assume one is.
async fn drafts_stored() -> bool {
    let Ok(database) = Database::open().await else { return true };
    let stored = storage::drafts::any(&database).await.unwrap_or(true);
    database.close();
    stored
}

/// Whether the agency refused the credential these settings hold.
async fn is_refused(settings: &DeviceSettings) -> bool {
    let Ok(database) = Database::open().await else { return false };
    let marker = settings::refused(&database).await.ok().flatten();
    database.close();
    credential_refused(settings.device_id(), marker.as_deref())
}

enum Refresh {
    Updated(DeviceSettings),
    Refused,
    Unchanged,
}

/// Asks the agency about `device_id` and stores what changed. Only the settings of that same
/// enrolment are touched: a new enrolment made meanwhile wins.
async fn refresh(device_id: &str, credential: &str) -> Refresh {
    let answer = enrolment::check(credential).await;
    let Ok(database) = Database::open().await else { return Refresh::Unchanged };
    let outcome = match answer {
        StatusCheck::Current(status) => {
            let stored = settings::read(&database).await.ok().flatten();
            match stored {
                Some(mut stored) if stored.device_id() == Some(device_id) => {
                    let before = stored.clone();
                    stored.idle = IdleSettings::from_agency(status.settings);
                    stored.rejected_retention_days = status.settings.rejected_retention_days;
                    if let Some(enrolled) = stored.enrolment.as_mut() {
                        enrolled.agency = status.agency;
                        enrolled.name = status.name;
                    }
                    if stored == before {
                        Refresh::Unchanged
                    } else if let Err(error) = settings::write(&database, &stored).await {
                        warn(&format!("device settings not saved: {error}"));
                        Refresh::Unchanged
                    } else {
                        Refresh::Updated(stored)
                    }
                }
                _ => Refresh::Unchanged,
            }
        }
        StatusCheck::Refused => match settings::record_refused(&database, device_id).await {
            Ok(()) => Refresh::Refused,
            Err(error) => {
                warn(&format!("refused credential not recorded: {error}"));
                Refresh::Refused
            }
        },
        StatusCheck::Unknown => Refresh::Unchanged,
    };
    database.close();
    outcome
}

fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
