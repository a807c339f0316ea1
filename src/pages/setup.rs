//! `/setup`: agency staff enrol the device with a one-time code from a manager, which makes it a
//! kiosk of that agency. The screen says what the device is now (a kiosk of which agency, with
//! the agency's delays, or personal), and when the agency has refused the kiosk's credential, that
//! it must be enrolled again. No PIN guards it: without a code from the agency nothing changes.
//!
//! A personal device also chooses here how long its drafts are kept.

use fluent_bundle::FluentArgs;
use guichet_core::kiosk::{DeviceMode, device_name, enrolment_code};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{I18n, use_i18n};
use crate::kiosk::{DeviceSettings, Enrolled, use_device};
use crate::offers::use_worker_link;
use crate::outbox::use_outbox;

/// The longest a personal draft may be kept, in days.
const MAX_DRAFT_DAYS: u32 = 60;

#[component]
pub fn Setup() -> Html {
    let i18n = use_i18n();
    let device = use_device();
    let outbox = use_outbox();
    let Some(settings) = device.settings.clone() else {
        return html! { <p role="status">{ i18n.text("setup-loading") }</p> };
    };
    let refused = device.refused || outbox.status.paused;
    html! {
        <section class="setup" aria-labelledby="setup-title">
            <h1 id="setup-title">{ i18n.text("setup-title") }</h1>
            <p>{ i18n.text("setup-intro") }</p>
            if refused {
                <p class="warning setup-refused" role="alert">{ i18n.text("setup-refused") }</p>
            }
            { status(&i18n, &settings) }
            <EnrolForm default_name={settings.enrolment.as_ref().map(|enrolled| enrolled.name.clone()).unwrap_or_default()}
                again={settings.enrolment.is_some()} />
            if settings.mode == DeviceMode::Personal {
                <DraftsForm {settings} />
            }
        </section>
    }
}

/// What the device is now.
fn status(i18n: &I18n, settings: &DeviceSettings) -> Html {
    let Some(enrolled) = &settings.enrolment else {
        let (state, text) = match settings.mode {
            DeviceMode::Personal => ("personal", "setup-status-personal"),
            DeviceMode::Kiosk => ("not-enrolled", "setup-status-not-enrolled"),
        };
        return html! { <p class="setup-status" data-state={state}>{ i18n.text(text) }</p> };
    };
    let mut args = FluentArgs::new();
    args.set("agency", enrolled.agency.name.clone());
    args.set("device", enrolled.name.clone());
    let mut delays = FluentArgs::new();
    delays.set("idle", settings.idle.idle_ms / 1000);
    delays.set("countdown", settings.idle.countdown_ms / 1000);
    html! {
        <div class="setup-status" data-state="enrolled" data-agency={enrolled.agency.id.clone()}>
            <p>{ i18n.text_with("setup-status-enrolled", &args) }</p>
            <p>{ i18n.text_with("setup-status-delays", &delays) }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct EnrolFormProps {
    default_name: String,
    /// The device is enrolled already: this is a new enrolment.
    again: bool,
}

/// Where the last enrolment attempt stands.
#[derive(Debug, Clone, PartialEq)]
enum Attempt {
    None,
    Busy,
    Enrolled,
    Failed(&'static str),
}

#[component]
fn EnrolForm(props: &EnrolFormProps) -> Html {
    let i18n = use_i18n();
    let device = use_device();
    let worker = use_worker_link();
    let code = use_state(String::new);
    let name = use_state(|| props.default_name.clone());
    let code_error = use_state(|| None::<&'static str>);
    let name_error = use_state(|| None::<&'static str>);
    let outcome = use_state(|| Attempt::None);
    // Counts the agency's answers, so a test can tell a new one from the one before.
    let answers = use_state(|| 0_u32);
    let code_ref = use_node_ref();
    let name_ref = use_node_ref();

    let on_submit = {
        let (code, name) = (code.clone(), name.clone());
        let (code_error, name_error, outcome) =
            (code_error.clone(), name_error.clone(), outcome.clone());
        let answers = answers.clone();
        let (code_ref, name_ref) = (code_ref.clone(), name_ref.clone());
        let enrolled = device.enrolled.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *outcome == Attempt::Busy {
                return;
            }
            let typed_code = enrolment_code(&code);
            let typed_name = device_name(&name);
            let code_invalid = typed_code.is_none();
            code_error.set(code_invalid.then_some("setup-code-invalid"));
            name_error.set(typed_name.is_none().then_some("setup-name-invalid"));
            let (Some(typed_code), Some(typed_name)) = (typed_code, typed_name) else {
                let first_invalid = if code_invalid { &code_ref } else { &name_ref };
                if let Some(input) = first_invalid.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
                outcome.set(Attempt::None);
                return;
            };
            outcome.set(Attempt::Busy);
            let (outcome, code, answers) = (outcome.clone(), code.clone(), answers.clone());
            let (enrolled, worker) = (enrolled.clone(), worker.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // The worker makes the request and takes the agency's sealing key with it.
                match worker.enrol(typed_code, typed_name.clone()).await {
                    Ok(enrolment) => enrolled.emit(Enrolled {
                        name: typed_name,
                        enrolment,
                        on_done: Callback::from(move |()| {
                            answers.set(*answers + 1);
                            // A code serves once: clear it so nobody tries it again.
                            code.set(String::new());
                            outcome.set(Attempt::Enrolled);
                        }),
                    }),
                    Err(error) => {
                        answers.set(*answers + 1);
                        outcome.set(Attempt::Failed(error.message_id()));
                    }
                }
            });
        })
    };

    let field = |id: &'static str,
                 label: &'static str,
                 hint: &'static str,
                 state: &UseStateHandle<String>,
                 error: Option<&'static str>,
                 node: &NodeRef,
                 autocapitalize: &'static str| {
        let state_for_input = state.clone();
        let oninput = Callback::from(move |event: InputEvent| {
            state_for_input.set(event.target_unchecked_into::<HtmlInputElement>().value());
        });
        let is_code = id == "setup-code";
        html! {
            <div class={classes!("field", error.is_some().then_some("field-invalid"))}>
                <label for={id}>{ i18n.text(label) }</label>
                <p id={format!("{id}-hint")} class="field-hint">{ i18n.text(hint) }</p>
                <input id={id} ref={node.clone()} type="text" autocomplete="off" spellcheck="false"
                    {autocapitalize}
                    dir={is_code.then_some("ltr")} class={is_code.then_some("setup-code-input")}
                    value={(**state).clone()} aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={format!("{id}-hint {id}-error")} {oninput} />
                <p id={format!("{id}-error")} class="field-error" aria-live="polite">
                    { error.map(|message| i18n.text(message)).unwrap_or_default() }
                </p>
            </div>
        }
    };

    let agency = device
        .settings
        .as_ref()
        .and_then(|settings| settings.enrolment.as_ref())
        .map(|enrolled| enrolled.agency.name.clone())
        .unwrap_or_default();
    let message = match &*outcome {
        Attempt::None => html! {},
        Attempt::Busy => {
            html! { <p class="notice" role="status">{ i18n.text("setup-enrolling") }</p> }
        }
        Attempt::Enrolled => {
            let mut args = FluentArgs::new();
            args.set("agency", agency);
            html! {
                <p class="notice setup-enrolled" role="status">{ i18n.text_with("setup-enrolled", &args) }</p>
            }
        }
        Attempt::Failed(id) => html! {
            <p class="warning setup-enrol-error" role="alert" data-error={*id}>{ i18n.text(id) }</p>
        },
    };
    let (title, button) = if props.again {
        ("setup-enrol-again-title", "setup-enrol-again")
    } else {
        ("setup-enrol-title", "setup-enrol")
    };
    html! {
        <form class="setup-form setup-enrol-form" onsubmit={on_submit} novalidate=true
            aria-labelledby="setup-enrol-title" data-answers={answers.to_string()}>
            <h2 id="setup-enrol-title">{ i18n.text(title) }</h2>
            { field("setup-code", "setup-code-label", "setup-code-hint", &code, *code_error, &code_ref, "characters") }
            { field("setup-name", "setup-name-label", "setup-name-hint", &name, *name_error, &name_ref, "sentences") }
            <div class="wizard-actions">
                <button type="submit" class="button button-primary setup-enrol"
                    aria-disabled={(*outcome == Attempt::Busy).then_some("true")}>{ i18n.text(button) }</button>
            </div>
            { message }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct DraftsFormProps {
    settings: DeviceSettings,
}

/// On a personal device: how long drafts are kept (a kiosk keeps none past its visitor).
#[component]
fn DraftsForm(props: &DraftsFormProps) -> Html {
    let i18n = use_i18n();
    let device = use_device();
    let days = use_state(|| props.settings.draft_lifetime_days.to_string());
    let error = use_state(|| false);
    let saved = use_state(|| false);
    let on_save = {
        let (days, error, saved) = (days.clone(), error.clone(), saved.clone());
        let settings = props.settings.clone();
        let save = device.save_settings;
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(draft_days) =
                days.trim().parse::<u32>().ok().filter(|d| (1..=MAX_DRAFT_DAYS).contains(d))
            else {
                error.set(true);
                saved.set(false);
                return;
            };
            error.set(false);
            save.emit(DeviceSettings { draft_lifetime_days: draft_days, ..settings.clone() });
            saved.set(true);
        })
    };
    let oninput = {
        let days = days.clone();
        Callback::from(move |event: InputEvent| {
            days.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    html! {
        <form class="setup-form setup-drafts-form" onsubmit={on_save} novalidate=true>
            <div class={classes!("field", error.then_some("field-invalid"))}>
                <label for="setup-days">{ i18n.text("setup-draft-days-label") }</label>
                <input id="setup-days" type="text" inputmode="numeric" autocomplete="off" value={(*days).clone()}
                    aria-invalid={error.then_some("true")} aria-describedby="setup-days-error" {oninput} />
                <p id="setup-days-error" class="field-error" aria-live="polite">
                    { if *error { i18n.text("setup-value-invalid") } else { String::new() } }
                </p>
            </div>
            <div class="wizard-actions">
                <button type="submit" class="button setup-save">{ i18n.text("setup-save") }</button>
            </div>
            <p class="notice" role="status">
                { if *saved { i18n.text("setup-saved") } else { String::new() } }
            </p>
        </form>
    }
}
