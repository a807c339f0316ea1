//! `/register`: the registration wizard. Renders one step at a time and moves the focus where the
//! person needs it; `registration::drafts::use_draft_persistence` loads and saves the draft.

use std::rc::Rc;

use guichet_core::registration::Step;
use guichet_core::validation::CivilDate;
use yew::prelude::*;

use crate::browser;
use crate::i18n::{I18n, use_i18n};
use crate::kiosk::use_device;
use crate::outbox::{Wake, use_outbox};
use crate::reference::{ReferenceContext, use_reference};
use crate::registration::drafts::use_draft_persistence;
use crate::registration::fields::Form;
use crate::registration::review::{review, summary};
use crate::registration::state::{Action, STEP_TITLE_ID, WizardState};
use crate::registration::steps::step_fields;
use crate::route::Route;
use guichet_core::registration::field_errors;
use yew_router::prelude::use_navigator;

/// The wizard for the current visitor: a kiosk wipe remounts it with nothing of the last one.
#[component]
pub fn Register() -> Html {
    let device = use_device();
    html! { <Wizard key={device.visitor} /> }
}

#[component]
fn Wizard() -> Html {
    let i18n = use_i18n();
    let device = use_device();
    let state = use_reducer(|| WizardState::new(CivilDate::in_algeria(browser::now())));
    let saved_later = use_state(|| false);

    let saver = use_draft_persistence(&state, &device);
    let navigator = use_navigator();
    let outbox = use_outbox();
    let submit_failed = use_state(|| false);
    let reference = use_reference();
    {
        let dispatcher = state.dispatcher();
        use_effect_with(ReferenceContext(Rc::clone(&reference)), move |reference| {
            dispatcher.dispatch(Action::Reference(reference.clone()));
        });
    }

    // Move the focus where the state asks (a new step's title, the first invalid field).
    use_effect_with(state.focus.clone(), |focus| {
        let element =
            focus.as_ref().and_then(|(_, id)| gloo::utils::document().get_element_by_id(id));
        if let Some(Ok(element)) =
            element.map(wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>)
        {
            let _ = element.focus();
        }
    });

    let loaded = state.reference.is_loaded();
    let Some(draft) = state.draft.clone().filter(|_| loaded) else {
        // While the draft and the lists load: the wizard's frame at the draft's step (the first
        // for a new visitor, as the server's first paint shows it), so the screen does not
        // change under the person; "loading" is said to screen readers. A visible "loading"
        // paragraph was larger than the title, a late largest paint on every first visit.
        let step = state.draft.as_ref().map_or(Step::ALL[0], |draft| draft.step());
        return html! {
            <section class="wizard" aria-busy="true">
                { progress(&i18n, step) }
                <h1>{ step_name(&i18n, step) }</h1>
                <p class="visually-hidden" role="status">{ i18n.text("registration-loading") }</p>
            </section>
        };
    };
    let step = draft.step();
    let form = Form {
        i18n: i18n.clone(),
        state: Rc::new((*state).clone()),
        registration: Rc::new(draft.registration.clone()),
        dispatch: {
            let dispatcher = state.dispatcher();
            Callback::from(move |action| dispatcher.dispatch(action))
        },
        kiosk: device.is_kiosk(),
        reference: Rc::clone(&state.reference.0),
    };

    let on_submit = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            dispatcher.dispatch(Action::Next { now: browser::now() });
        })
    };
    let on_back = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::Back { now: browser::now() })
        })
    };
    let on_save_later = {
        let saver = saver.clone();
        let draft = draft.clone();
        let saved_later = saved_later.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(saver) = saver.borrow().clone() {
                saver.changed(draft.clone());
                saver.flush();
            }
            saved_later.set(true);
        })
    };
    // Send: only a registration that passes every rule leaves the draft. The pending autosave is
    // cancelled first, so it cannot write the draft back after the submit deleted it.
    let on_send = {
        let draft = draft.clone();
        let dispatcher = state.dispatcher();
        let kiosk = device.is_kiosk();
        let reference = Rc::clone(&state.reference.0);
        let submit_failed = submit_failed.clone();
        Callback::from(move |_: MouseEvent| {
            let today = CivilDate::in_algeria(browser::now());
            let errors = field_errors(&draft.registration, today, reference.as_ref());
            if let Some(first) = errors.first() {
                let now = browser::now();
                dispatcher
                    .dispatch(Action::GoTo { step: Step::of_field(&first.to_wire().field), now });
                dispatcher.dispatch(Action::Next { now });
                return;
            }
            // The version of the very lists that just passed the registration: its codes are
            // valid in it, whatever lists the device holds when the entry is finally sent.
            // Version 0 is "no lists yet", never a version to name.
            let reference_version = Some(reference.version()).filter(|version| *version > 0);
            if let Some(saver) = saver.borrow().clone() {
                saver.discard();
            }
            let draft = draft.clone();
            let navigator = navigator.clone();
            let outbox = outbox.clone();
            let submit_failed = submit_failed.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let registration = draft.registration.clone();
                match outbox.submit(&draft.client_id, registration, reference_version, kiosk).await
                {
                    Ok(client_id) => {
                        outbox.wake.emit(Wake::Look);
                        if let Some(navigator) = navigator {
                            navigator.replace(&Route::Receipt { client_id });
                        }
                    }
                    Err(_) => submit_failed.set(true),
                }
            });
        })
    };
    let on_finish = device.wipe.reform(|_: MouseEvent| ());
    let expiry = device.settings.as_ref().and_then(|settings| draft.expires_at(settings.drafts()));
    let step_errors = state.shown_step_errors().len();
    let mut expired_args = fluent_bundle::FluentArgs::new();
    let days = device.settings.as_ref().map_or(15, |settings| settings.draft_lifetime_days);
    expired_args.set("days", days);

    html! {
        <section class="wizard" aria-labelledby={STEP_TITLE_ID}>
            { progress(&i18n, step) }
            <h1 id={STEP_TITLE_ID} tabindex="-1" data-step={step.as_str()}>
                { step_name(&i18n, step) }
            </h1>
            if state.expired_notice {
                <p class="notice" role="status">{ i18n.text_with("registration-draft-expired", &expired_args) }</p>
            }
            <div class="wizard-summary" role="alert">
                if state.summary && step_errors > 0 {
                    <p class="field-error">{ summary(&form, step_errors) }</p>
                }
            </div>
            <form class="wizard-form" novalidate=true onsubmit={on_submit} autocomplete={form.kiosk.then_some("off")}>
                if step == Step::Review {
                    { review(&form) }
                } else {
                    { step_fields(&form, step) }
                }
                <div class="wizard-actions">
                    if step.previous().is_some() {
                        <button type="button" class="button button-secondary wizard-back" onclick={on_back}>
                            { i18n.text("registration-back") }
                        </button>
                    }
                    if step != Step::Review {
                        <button type="submit" class="button button-primary wizard-next">
                            { i18n.text("registration-next") }
                        </button>
                    } else {
                        <button type="button" class="button button-primary wizard-send" onclick={on_send}>
                            { i18n.text("outbox-send") }
                        </button>
                    }
                </div>
                <div role="alert">
                    if *submit_failed {
                        <p class="field-error">{ i18n.text("outbox-send-failed") }</p>
                    }
                </div>
            </form>
            <div class="wizard-keep">
                if device.is_kiosk() {
                    <button type="button" class="button button-secondary wizard-finish" onclick={on_finish}
                        aria-describedby="wizard-finish-hint">
                        { i18n.text("kiosk-finish") }
                    </button>
                    <p id="wizard-finish-hint" class="field-hint">{ i18n.text("kiosk-finish-hint") }</p>
                } else {
                    <button type="button" class="button button-secondary wizard-save-later" onclick={on_save_later}>
                        { i18n.text("registration-save-later") }
                    </button>
                    <p class="field-hint" role="status">
                        if *saved_later {
                            <span class="saved-later">{ i18n.text("registration-saved-later") }</span>
                        }
                        if let Some(expiry) = expiry {
                            <span class="kept-until">{ kept_until(&i18n, expiry) }</span>
                        }
                    </p>
                }
            </div>
        </section>
    }
}

/// "Kept until 14 December 2026": the day in Algeria, in the interface language's words.
fn kept_until(i18n: &I18n, expiry: guichet_core::time::Timestamp) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("date", i18n.long_date(CivilDate::in_algeria(expiry)));
    i18n.text_with("registration-kept-until", &args)
}

/// The wizard's title, its steps with `step` current, and "step n of 7".
fn progress(i18n: &I18n, step: Step) -> Html {
    let mut count = fluent_bundle::FluentArgs::new();
    count.set("current", step.index() + 1);
    count.set("total", Step::ALL.len());
    html! {
        <>
            <p class="wizard-title">{ i18n.text("registration-title") }</p>
            <nav aria-label={i18n.text("registration-progress-label")}>
                <ol class="wizard-progress">
                    { for Step::ALL.into_iter().map(|each| html! {
                        <li class={classes!(
                                (each == step).then_some("current"),
                                (each.index() < step.index()).then_some("done"))}
                            aria-current={(each == step).then_some("step")}>
                            { step_name(i18n, each) }
                        </li>
                    }) }
                </ol>
            </nav>
            <p class="wizard-step-count">{ i18n.text_with("registration-progress", &count) }</p>
        </>
    }
}

/// A step's name, as the list and the title show it.
fn step_name(i18n: &I18n, step: Step) -> String {
    i18n.text(&format!("registration-step-{}", step.as_str()))
}
