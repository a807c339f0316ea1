//! The form controls of the wizard: a label, an optional hint, the control, and an error message
//! in a live region, wired with `aria-describedby` and `aria-invalid`.
//!
//! A field's id is derived from its path (`identity.nin` → `field-identity-nin`), so the state can
//! ask for the first invalid field to get the focus.

use std::rc::Rc;

use guichet_core::reference::ReferenceData;
use guichet_protocol::registration::{Registration, WireEnum};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::combobox::CommuneCombobox;
use super::date_parts::DateParts;
use super::state::{Action, Edit, WizardState};
use crate::browser;
use crate::i18n::I18n;
use crate::reference::ReferenceContext;

/// What personal fields say to the browser on a kiosk.
const AUTOCOMPLETE_OFF: &str = "off";

pub use super::state::field_id;

/// The wire name of a small enumeration's value (`national_id_card`), for option values and ids.
pub fn slug<T: WireEnum>(value: &T) -> String {
    value.wire_name().to_owned()
}

/// The value whose wire name is `text`.
pub fn unslug<T: WireEnum>(text: &str) -> Option<T> {
    T::from_wire_name(text)
}

/// What every control needs: the state, a way to change it, and the language.
#[derive(Clone)]
pub struct Form {
    pub i18n: I18n,
    pub state: Rc<WizardState>,
    /// The draft's answers, shared by every control of one render.
    pub registration: Rc<Registration>,
    pub dispatch: Callback<Action>,
    /// Personal fields get `autocomplete="off"` on a kiosk.
    pub kiosk: bool,
    /// The app's current reference lists (wilayas, communes, occupations).
    pub reference: Rc<ReferenceData>,
}

/// A commune of the chosen wilaya, found by typing a few letters.
#[derive(Debug, Clone, Copy)]
pub struct CommuneField {
    pub path: &'static str,
    pub label: &'static str,
    pub wilaya: Option<u8>,
    pub get: fn(&Registration) -> &str,
    pub set: fn(&mut Registration, String),
}

/// A text input.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    pub path: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub get: fn(&Registration) -> &str,
    pub set: fn(&mut Registration, String),
    /// `text`, `tel`, `email` or `date`.
    pub kind: &'static str,
    pub inputmode: Option<&'static str>,
    /// The autocomplete token off a kiosk.
    pub autocomplete: &'static str,
    pub optional: bool,
    /// The writing direction of what is typed (a Latin name in the Arabic interface stays ltr).
    pub dir: Option<&'static str>,
    pub max_length: Option<u32>,
}

impl Text {
    pub const fn new(
        path: &'static str,
        label: &'static str,
        get: fn(&Registration) -> &str,
        set: fn(&mut Registration, String),
    ) -> Self {
        Self {
            path,
            label,
            hint: None,
            get,
            set,
            kind: "text",
            inputmode: None,
            autocomplete: "off",
            optional: false,
            dir: None,
            max_length: None,
        }
    }
}

/// Sets a text field in the registration.
pub type SetText = Rc<dyn Fn(&mut Registration, String)>;

/// A text input built at run time: its path (the n-th diploma), its label already translated,
/// and a setter that may capture an index.
pub struct TextAt<'a> {
    pub path: &'a str,
    pub label: &'a str,
    pub hint: Option<&'static str>,
    pub current: String,
    pub set: SetText,
    pub kind: &'static str,
    pub inputmode: Option<&'static str>,
    pub autocomplete: &'static str,
    pub optional: bool,
    pub dir: Option<&'static str>,
    pub max_length: Option<u32>,
}

impl std::fmt::Debug for TextAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextAt").field("path", &self.path).finish_non_exhaustive()
    }
}

/// One choice among a few, shown as large radio buttons, or among many, as a select.
#[derive(Debug, Clone)]
pub struct Choice {
    pub path: &'static str,
    pub label: &'static str,
    /// `(value, label)` pairs.
    pub options: Vec<(String, String)>,
    pub get: fn(&Registration) -> Option<String>,
    pub set: fn(&mut Registration, Option<String>),
    pub optional: bool,
}

/// Sets a choice (`None`: nothing chosen) in the registration.
pub type SetChoice = Rc<dyn Fn(&mut Registration, Option<String>)>;

/// A select built at run time: its path, its label already translated, and a setter that may
/// capture (an index).
pub struct Select<'a> {
    pub path: &'a str,
    pub label: &'a str,
    pub options: &'a [(String, String)],
    pub current: Option<String>,
    pub set: SetChoice,
    pub optional: bool,
}

impl std::fmt::Debug for Select<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Select").field("path", &self.path).finish_non_exhaustive()
    }
}

/// Several choices among many, as checkboxes.
#[derive(Debug, Clone)]
pub struct Many {
    pub path: &'static str,
    pub label: &'static str,
    pub options: Vec<(String, String)>,
    pub get: fn(&Registration) -> Vec<String>,
    pub set: fn(&mut Registration, Vec<String>),
}

impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Form").field("kiosk", &self.kiosk).finish_non_exhaustive()
    }
}

impl Form {
    /// The answers so far.
    pub fn registration(&self) -> &Registration {
        &self.registration
    }

    fn edit(&self, apply: impl Fn(&mut Registration) + 'static) {
        self.dispatch.emit(Action::Edit { edit: Edit(Rc::new(apply)), now: browser::now() });
    }

    fn on_blur(&self, path: &str) -> Callback<FocusEvent> {
        let dispatch = self.dispatch.clone();
        let path = path.to_owned();
        Callback::from(move |_| dispatch.emit(Action::Blur(path.clone())))
    }

    /// Applies a change from outside the field helpers (adding or removing a list element).
    pub fn change(&self, apply: impl Fn(&mut Registration) + 'static) {
        self.edit(apply);
    }

    pub fn label_text(&self, label: &str, optional: bool) -> String {
        let text = self.i18n.text(label);
        if optional {
            format!("{text} ({})", self.i18n.text("registration-optional"))
        } else {
            text
        }
    }

    /// The error paragraph, always present so screen readers announce it when it fills.
    fn error_html(&self, id: &str, error: Option<guichet_core::validation::ErrorCode>) -> Html {
        html! {
            <p id={format!("{id}-error")} class="field-error" aria-live="polite">
                { error.map(|code| self.i18n.text(&code.message_id())).unwrap_or_default() }
            </p>
        }
    }

    fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
        let ids: Vec<String> = [(hint, "hint"), (error, "error")]
            .into_iter()
            .filter(|(present, _)| *present)
            .map(|(_, suffix)| format!("{id}-{suffix}"))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    pub fn text(&self, spec: Text) -> Html {
        let set = spec.set;
        self.text_at(&TextAt {
            path: spec.path,
            label: &self.label_text(spec.label, spec.optional),
            hint: spec.hint,
            current: (spec.get)(self.registration()).to_owned(),
            set: Rc::new(set),
            kind: spec.kind,
            inputmode: spec.inputmode,
            autocomplete: spec.autocomplete,
            optional: spec.optional,
            dir: spec.dir,
            max_length: spec.max_length,
        })
    }

    /// A text input whose path is known only at run time (the n-th diploma).
    pub fn text_at(&self, spec: &TextAt<'_>) -> Html {
        let id = field_id(spec.path);
        let error = self.state.shown_error(spec.path);
        let form = self.clone();
        let set = Rc::clone(&spec.set);
        let oninput = Callback::from(move |event: InputEvent| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            let set = Rc::clone(&set);
            form.edit(move |registration| set(registration, value.clone()));
        });
        let autocomplete = if self.kiosk { AUTOCOMPLETE_OFF } else { spec.autocomplete };
        html! {
            <div class={classes!("field", error.is_some().then_some("field-invalid"))}>
                <label for={id.clone()}>{ spec.label }</label>
                if let Some(hint) = spec.hint {
                    <p id={format!("{id}-hint")} class="field-hint">{ self.i18n.text(hint) }</p>
                }
                <input id={id.clone()} name={spec.path.to_owned()} type={spec.kind} value={spec.current.clone()}
                    inputmode={spec.inputmode} autocomplete={autocomplete} dir={spec.dir}
                    maxlength={spec.max_length.map(|max| max.to_string())}
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={Self::described_by(&id, spec.hint.is_some(), error.is_some())}
                    aria-required={(!spec.optional).then_some("true")}
                    {oninput} onblur={self.on_blur(spec.path)} />
                { self.error_html(&id, error) }
            </div>
        }
    }

    /// A select for long lists (wilayas, communes, occupations, levels).
    pub fn select(&self, spec: &Choice) -> Html {
        let set = spec.set;
        self.select_at(&Select {
            path: spec.path,
            label: &self.label_text(spec.label, spec.optional),
            options: &spec.options,
            current: (spec.get)(self.registration()),
            set: Rc::new(set),
            optional: spec.optional,
        })
    }

    /// A select whose path is known only at run time (the n-th occupation).
    pub fn select_at(&self, spec: &Select<'_>) -> Html {
        let id = field_id(spec.path);
        let error = self.state.shown_error(spec.path);
        let form = self.clone();
        let set = Rc::clone(&spec.set);
        let onchange = Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let value = (!value.is_empty()).then_some(value);
            let set = Rc::clone(&set);
            form.edit(move |registration| set(registration, value.clone()));
        });
        let current = spec.current.as_deref();
        html! {
            <div class={classes!("field", error.is_some().then_some("field-invalid"))}>
                <label for={id.clone()}>{ spec.label }</label>
                <select id={id.clone()} name={spec.path.to_owned()}
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={Self::described_by(&id, false, error.is_some())}
                    aria-required={(!spec.optional).then_some("true")}
                    {onchange} onblur={self.on_blur(spec.path)}>
                    <option value="" selected={current.is_none()}>
                        { self.i18n.text("registration-choose") }
                    </option>
                    { for spec.options.iter().map(|(value, label)| html! {
                        <option value={value.clone()} selected={current == Some(value.as_str())}>
                            { label.clone() }
                        </option>
                    }) }
                </select>
                { self.error_html(&id, error) }
            </div>
        }
    }

    /// A commune of `wilaya`, searched by typing (see `super::combobox`).
    pub fn commune(&self, spec: &CommuneField) -> Html {
        let id = field_id(spec.path);
        let error = self.state.shown_error(spec.path);
        let form = self.clone();
        let set = spec.set;
        let on_change = Callback::from(move |code: String| {
            form.edit(move |registration| set(registration, code.clone()));
        });
        html! {
            <CommuneCombobox id={id} name={spec.path} label={self.i18n.text(spec.label)}
                reference={ReferenceContext(Rc::clone(&self.reference))}
                wilaya={spec.wilaya} value={(spec.get)(self.registration()).to_owned()}
                error={error.map(|code| self.i18n.text(&code.message_id()))}
                {on_change} on_blur={self.on_blur(spec.path)} />
        }
    }

    /// A date in three fields, day, month and year (see `super::date_parts`).
    pub fn date_parts(
        &self,
        path: &'static str,
        label: &'static str,
        hint: Option<&'static str>,
        get: fn(&Registration) -> &str,
        set: fn(&mut Registration, String),
    ) -> Html {
        let error = self.state.shown_error(path);
        let form = self.clone();
        let on_change = Callback::from(move |value: String| {
            form.edit(move |registration| set(registration, value.clone()));
        });
        html! {
            <DateParts id={field_id(path)} name={path} legend={self.i18n.text(label)}
                hint={hint.map(|hint| self.i18n.text(hint))}
                value={get(self.registration()).to_owned()}
                error={error.map(|code| self.i18n.text(&code.message_id()))}
                {on_change} on_blur={self.on_blur(path)} />
        }
    }

    /// Radio buttons for a few choices: one tap, large targets.
    pub fn radios(&self, spec: &Choice) -> Html {
        let id = field_id(spec.path);
        let error = self.state.shown_error(spec.path);
        let current = (spec.get)(self.registration());
        html! {
            <fieldset class={classes!("field", "field-choices", error.is_some().then_some("field-invalid"))}
                aria-describedby={Self::described_by(&id, false, error.is_some())}>
                <legend>{ self.label_text(spec.label, spec.optional) }</legend>
                <div class="choices-row">
                    { for spec.options.iter().enumerate().map(|(index, (value, label))| {
                        let option_id = if index == 0 { id.clone() } else { format!("{id}-{value}") };
                        let form = self.clone();
                        let set = spec.set;
                        let chosen = value.clone();
                        let onchange = Callback::from(move |_: Event| {
                            let chosen = chosen.clone();
                            form.edit(move |registration| set(registration, Some(chosen.clone())));
                        });
                        html! {
                            <label class="choice-option" for={option_id.clone()}>
                                <input type="radio" id={option_id} name={spec.path} value={value.clone()}
                                    checked={current.as_deref() == Some(value.as_str())}
                                    aria-invalid={error.is_some().then_some("true")}
                                    {onchange} onblur={self.on_blur(spec.path)} />
                                <span>{ label.clone() }</span>
                            </label>
                        }
                    }) }
                </div>
                { self.error_html(&id, error) }
            </fieldset>
        }
    }

    /// One checkbox.
    pub fn checkbox(
        &self,
        path: &'static str,
        label: &'static str,
        get: fn(&Registration) -> bool,
        set: fn(&mut Registration, bool),
    ) -> Html {
        let id = field_id(path);
        let error = self.state.shown_error(path);
        let form = self.clone();
        let onchange = Callback::from(move |event: Event| {
            let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
            form.edit(move |registration| set(registration, checked));
        });
        html! {
            <div class={classes!("field", "field-check", error.is_some().then_some("field-invalid"))}>
                <label class="choice-option" for={id.clone()}>
                    <input type="checkbox" id={id.clone()} name={path}
                        checked={get(self.registration())}
                        aria-invalid={error.is_some().then_some("true")}
                        aria-describedby={Self::described_by(&id, false, error.is_some())}
                        {onchange} onblur={self.on_blur(path)} />
                    <span>{ self.i18n.text(label) }</span>
                </label>
                { self.error_html(&id, error) }
            </div>
        }
    }

    /// Checkboxes for several values of a list.
    pub fn checkboxes(&self, spec: &Many) -> Html {
        let id = field_id(spec.path);
        let error = self.state.shown_error(spec.path);
        let current = (spec.get)(self.registration());
        html! {
            <fieldset class={classes!("field", "field-choices", error.is_some().then_some("field-invalid"))}
                aria-describedby={Self::described_by(&id, false, error.is_some())}>
                <legend>{ self.i18n.text(spec.label) }</legend>
                <div class="choices-grid">
                    { for spec.options.iter().enumerate().map(|(index, (value, label))| {
                        let option_id = if index == 0 { id.clone() } else { format!("{id}-{value}") };
                        let form = self.clone();
                        let (get, set) = (spec.get, spec.set);
                        let toggled = value.clone();
                        let onchange = Callback::from(move |event: Event| {
                            let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
                            let toggled = toggled.clone();
                            form.edit(move |registration| {
                                let mut values = get(registration);
                                values.retain(|value| *value != toggled);
                                if checked {
                                    values.push(toggled.clone());
                                }
                                set(registration, values);
                            });
                        });
                        html! {
                            <label class="choice-option" for={option_id.clone()}>
                                <input type="checkbox" id={option_id} name={spec.path} value={value.clone()}
                                    checked={current.contains(value)} {onchange} />
                                <span>{ label.clone() }</span>
                            </label>
                        }
                    }) }
                </div>
                { self.error_html(&id, error) }
            </fieldset>
        }
    }
}
