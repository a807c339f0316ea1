//! Kiosk mode: the device's settings, the idle watch, and the wipe that forgets a visitor.
//!
//! [`KioskProvider`] loads the device settings from IndexedDB and provides [`Device`]. On a kiosk
//! it watches input, asks `guichet_core::kiosk::IdleTimer` what to show, and shows the warning
//! dialog; when the countdown runs out or the visitor presses "Finish", the wipe runs: the form
//! is remounted empty, the history entry replaced by the welcome screen, the language reset, and
//! [`wipe_drafts`] empties the drafts and receipts stores and removes confirmed outbox entries.
//!
//! Architecture invariant: the wipe never deletes an outbox entry that is still waiting for the
//! agency: those registrations were submitted and must be delivered.

mod idle_dialog;
mod idle_watch;
pub mod settings;

use std::cell::Cell;
use std::rc::Rc;

use guichet_core::kiosk::DeviceMode;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::{Language, use_i18n};
use crate::route::Route;
use crate::storage::{Database, stores};
use idle_dialog::IdleDialog;
use idle_watch::IdleWatch;
pub use settings::DeviceSettings;

/// What components learn about the device from [`use_device`].
#[derive(Clone, PartialEq)]
pub struct Device {
    /// `None` until the settings are read from IndexedDB.
    pub settings: Option<DeviceSettings>,
    /// Increases at each wipe: components keyed on it start afresh, with nothing of the visitor.
    pub visitor: u64,
    /// Shared with savers: a save started for an earlier visitor must not write.
    pub visitor_cell: Rc<Cell<u64>>,
    /// Erases the visitor (the "Finish" button and the end of the countdown).
    pub wipe: Callback<()>,
    /// Stores new settings (the setup screen).
    pub save_settings: Callback<DeviceSettings>,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("settings", &self.settings)
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
    let visitor = use_state(|| 0_u64);
    let visitor_cell = use_mut_ref(|| Rc::new(Cell::new(0_u64))).borrow().clone();
    let warning = use_state(|| None::<u64>);
    let watch = use_mut_ref(|| None::<Rc<IdleWatch>>);
    let navigator = use_navigator();
    let route = use_route::<Route>();
    let i18n = use_i18n();

    {
        let settings = settings.clone();
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                settings.set(Some(settings::load().await));
            });
        });
    }

    let wipe = {
        let visitor = visitor.clone();
        let visitor_cell = visitor_cell.clone();
        let set_language = i18n.set_language;
        Callback::from(move |()| {
            // First of all, no save started for this visitor may write any more.
            let next = visitor_cell.get() + 1;
            visitor_cell.set(next);
            // Remounts everything keyed on the visitor (the form and its state) and restarts the
            // idle watch.
            visitor.set(next);
            if let Some(navigator) = &navigator {
                navigator.replace(&Route::Home);
            }
            set_language.emit(Language::DEFAULT);
            wasm_bindgen_futures::spawn_local(async {
                if let Err(error) = wipe_drafts().await {
                    warn(&format!("kiosk wipe: {error}"));
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

    // The watch runs while a visitor is somewhere past the welcome screen: an empty kiosk shows
    // the welcome screen, not a warning every two minutes.
    let visiting = route.is_some_and(|route| route != Route::Home);
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
        visitor: *visitor,
        visitor_cell,
        wipe: wipe.clone(),
        save_settings,
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

/// Deletes every draft and every receipt: on a kiosk they all belong to visitors who have left.
/// Then outbox entries the agency has confirmed go too (they hold a person's registration and
/// have nothing left to do here); entries still waiting to be sent, entries it cannot read, and
/// the settings stay.
pub async fn wipe_drafts() -> Result<(), crate::storage::StorageError> {
    let database = Database::open().await?;
    let transaction = database
        .rexie()
        .transaction(&[stores::DRAFTS, stores::RECEIPTS], rexie::TransactionMode::ReadWrite)?;
    transaction.store(stores::DRAFTS)?.clear().await?;
    transaction.store(stores::RECEIPTS)?.clear().await?;
    transaction.done().await?;
    let confirmed = confirmed_outbox_entries(&database).await?;
    for client_id in &confirmed {
        database.delete(stores::OUTBOX, client_id).await?;
    }
    database.close();
    Ok(())
}

/// The client ids of confirmed outbox entries; an entry that does not parse is not one of them.
async fn confirmed_outbox_entries(
    database: &Database,
) -> Result<Vec<String>, crate::storage::StorageError> {
    let transaction =
        database.rexie().transaction(&[stores::OUTBOX], rexie::TransactionMode::ReadOnly)?;
    let values = transaction.store(stores::OUTBOX)?.get_all(None, None).await?;
    transaction.done().await?;
    Ok(values
        .into_iter()
        .filter_map(|value| {
            crate::storage::from_js::<guichet_core::outbox::OutboxEntry>(value).ok()
        })
        .filter(|entry| matches!(entry.state, guichet_core::outbox::EntryState::Confirmed { .. }))
        .map(|entry| entry.client_id)
        .collect())
}

fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
