//! `/setup`: agency staff turn a device into a kiosk (or back), behind a PIN. Device enrolment will
//! replace the PIN; until then the first person to open this screen on a new device chooses it.

use guichet_core::kiosk::{DeviceMode, IdleSettings, MIN_COUNTDOWN, pin_digest, valid_pin};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::use_i18n;
use crate::kiosk::settings::PinRecord;
use crate::kiosk::{DeviceSettings, use_device};
use crate::outbox::{Wake, use_outbox};

/// The shortest idle delay staff may set, in seconds.
const MIN_IDLE_SECONDS: u64 = 10;
/// The longest a personal draft may be kept, in days.
const MAX_DRAFT_DAYS: u32 = 60;

#[component]
pub fn Setup() -> Html {
    let i18n = use_i18n();
    let device = use_device();
    let unlocked = use_state(|| false);
    let pin = use_state(String::new);
    let pin_error = use_state(|| None::<&'static str>);
    let message = use_state(|| None::<&'static str>);
    let Some(settings) = device.settings else {
        return html! { <p role="status">{ i18n.text("registration-loading") }</p> };
    };
    let first_setup = settings.pin.is_none();

    let on_pin = {
        let pin = pin.clone();
        Callback::from(move |event: InputEvent| {
            pin.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };

    if !first_setup && !*unlocked {
        let on_unlock = {
            let pin = pin.clone();
            let pin_error = pin_error.clone();
            let record = settings.pin;
            Callback::from(move |event: SubmitEvent| {
                event.prevent_default();
                let matches = record
                    .as_ref()
                    .is_some_and(|record| pin_digest(&record.salt, &pin) == record.digest);
                if matches {
                    pin_error.set(None);
                    unlocked.set(true);
                } else {
                    pin_error.set(Some("setup-pin-wrong"));
                }
            })
        };
        return html! {
            <section class="setup" aria-labelledby="setup-title">
                <h1 id="setup-title">{ i18n.text("setup-title") }</h1>
                <p>{ i18n.text("setup-intro") }</p>
                <form onsubmit={on_unlock} novalidate=true>
                    { pin_field(&i18n, "setup-pin-label", &pin, on_pin, *pin_error) }
                    <div class="wizard-actions">
                        <button type="submit" class="button button-primary">{ i18n.text("setup-unlock") }</button>
                    </div>
                </form>
            </section>
        };
    }

    html! {
        <section class="setup" aria-labelledby="setup-title">
            <h1 id="setup-title">{ i18n.text("setup-title") }</h1>
            <p>{ i18n.text("setup-intro") }</p>
            <SetupForm {settings} first_setup={first_setup} pin={(*pin).clone()} on_pin={on_pin}
                pin_error={*pin_error} message={*message}
                on_saved={
                    let message = message.clone();
                    Callback::from(move |()| message.set(Some("setup-saved")))
                }
                on_pin_error={
                    let pin_error = pin_error.clone();
                    Callback::from(move |error| pin_error.set(error))
                } />
        </section>
    }
}

fn pin_field(
    i18n: &crate::i18n::I18n,
    label: &'static str,
    pin: &str,
    oninput: Callback<InputEvent>,
    error: Option<&'static str>,
) -> Html {
    html! {
        <div class={classes!("field", error.is_some().then_some("field-invalid"))}>
            <label for="setup-pin">{ i18n.text(label) }</label>
            <input id="setup-pin" type="password" inputmode="numeric" autocomplete="off" value={pin.to_owned()}
                aria-invalid={error.is_some().then_some("true")} aria-describedby="setup-pin-error" {oninput} />
            <p id="setup-pin-error" class="field-error" aria-live="polite">
                { error.map(|id| i18n.text(id)).unwrap_or_default() }
            </p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SetupFormProps {
    settings: DeviceSettings,
    first_setup: bool,
    pin: String,
    on_pin: Callback<InputEvent>,
    pin_error: Option<&'static str>,
    message: Option<&'static str>,
    on_saved: Callback<()>,
    on_pin_error: Callback<Option<&'static str>>,
}

#[component]
fn SetupForm(props: &SetupFormProps) -> Html {
    let outbox = use_outbox();
    let i18n = use_i18n();
    let device = use_device();
    let mode = use_state(|| props.settings.mode);
    let idle = use_state(|| (props.settings.idle.idle_ms / 1000).to_string());
    let countdown = use_state(|| (props.settings.idle.countdown_ms / 1000).to_string());
    let days = use_state(|| props.settings.draft_lifetime_days.to_string());
    let error = use_state(|| None::<(&'static str, &'static str)>);

    let text_input = |id: &'static str, label: &'static str, state: &UseStateHandle<String>| {
        let state_for_input = state.clone();
        let oninput = Callback::from(move |event: InputEvent| {
            state_for_input.set(event.target_unchecked_into::<HtmlInputElement>().value());
        });
        let field_error = error.filter(|(field, _)| *field == id).map(|(_, message)| message);
        html! {
            <div class={classes!("field", field_error.is_some().then_some("field-invalid"))}>
                <label for={id}>{ i18n.text(label) }</label>
                <input id={id} type="text" inputmode="numeric" autocomplete="off" value={(**state).clone()}
                    aria-invalid={field_error.is_some().then_some("true")}
                    aria-describedby={format!("{id}-error")} {oninput} />
                <p id={format!("{id}-error")} class="field-error" aria-live="polite">
                    { field_error.map(|message| i18n.text(message)).unwrap_or_default() }
                </p>
            </div>
        }
    };
    let mode_radio = |value: DeviceMode, id: &'static str, label: &'static str| {
        let mode_state = mode.clone();
        html! {
            <label class="choice-option" for={id}>
                <input type="radio" id={id} name="mode" checked={*mode == value}
                    onchange={Callback::from(move |_: Event| mode_state.set(value))} />
                <span>{ i18n.text(label) }</span>
            </label>
        }
    };

    let on_save = {
        let (mode, idle, countdown, days, error) =
            (mode.clone(), idle.clone(), countdown.clone(), days.clone(), error.clone());
        let settings = props.settings.clone();
        let first_setup = props.first_setup;
        let pin = props.pin.clone();
        let save = device.save_settings;
        // Set up again: if the agency had refused this device (401/403), sending resumes.
        let resume_sending = outbox.wake.reform(|()| Wake::Resume);
        let on_saved = props.on_saved.clone();
        let on_pin_error = props.on_pin_error.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if first_setup && !valid_pin(&pin) {
                on_pin_error.emit(Some("setup-pin-invalid"));
                return;
            }
            on_pin_error.emit(None);
            let idle_seconds = idle.trim().parse::<u64>().ok().filter(|s| *s >= MIN_IDLE_SECONDS);
            let countdown_seconds = countdown.trim().parse::<u64>().ok();
            let draft_days =
                days.trim().parse::<u32>().ok().filter(|d| (1..=MAX_DRAFT_DAYS).contains(d));
            let Some(idle_seconds) = idle_seconds else {
                error.set(Some(("setup-idle", "setup-value-invalid")));
                return;
            };
            let Some(countdown_seconds) = countdown_seconds else {
                error.set(Some(("setup-countdown", "setup-value-invalid")));
                return;
            };
            if countdown_seconds < MIN_COUNTDOWN.as_secs() {
                error.set(Some(("setup-countdown", "setup-countdown-too-short")));
                return;
            }
            let Some(draft_days) = draft_days else {
                error.set(Some(("setup-days", "setup-value-invalid")));
                return;
            };
            error.set(None);
            let pin_record = if first_setup {
                let salt = uuid::Uuid::now_v7().to_string();
                Some(PinRecord { digest: pin_digest(&salt, &pin), salt })
            } else {
                settings.pin.clone()
            };
            save.emit(DeviceSettings {
                mode: *mode,
                idle: IdleSettings {
                    idle_ms: idle_seconds * 1000,
                    countdown_ms: countdown_seconds * 1000,
                },
                draft_lifetime_days: draft_days,
                pin: pin_record,
            });
            resume_sending.emit(());
            on_saved.emit(());
        })
    };

    html! {
        <form class="setup-form" onsubmit={on_save} novalidate=true>
            if props.first_setup {
                { pin_field(&i18n, "setup-pin-new-label", &props.pin, props.on_pin.clone(), props.pin_error) }
            }
            <fieldset class="field field-choices">
                <legend>{ i18n.text("setup-mode-label") }</legend>
                <div class="choices-row">
                    { mode_radio(DeviceMode::Kiosk, "setup-mode-kiosk", "setup-mode-kiosk") }
                    { mode_radio(DeviceMode::Personal, "setup-mode-personal", "setup-mode-personal") }
                </div>
            </fieldset>
            { text_input("setup-idle", "setup-idle-label", &idle) }
            { text_input("setup-countdown", "setup-countdown-label", &countdown) }
            { text_input("setup-days", "setup-draft-days-label", &days) }
            <div class="wizard-actions">
                <button type="submit" class="button button-primary setup-save">{ i18n.text("setup-save") }</button>
            </div>
            <p class="notice" role="status">
                { props.message.map(|id| i18n.text(id)).unwrap_or_default() }
            </p>
        </form>
    }
}
