//! A date as people here write it: day, month and year in three short fields (as the French and
//! British government design systems ask for it), never the browser's date picker, which shows
//! `mm/dd/yyyy` on an Arabic page. Arabic-Indic and Latin digits both work: the core's
//! `join_date_parts` turns the three into the wire's `YYYY-MM-DD`.
//!
//! What is typed stays as typed (a month of `1` is not shown as `01` while the person may still
//! be typing `12`); the wire value follows it.

use guichet_core::validation::{join_date_parts, split_date_parts};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::use_i18n;

#[derive(Debug, Properties, PartialEq)]
pub struct DatePartsProps {
    /// The id of the first field, which gets the focus when the date is in error.
    pub id: String,
    pub name: String,
    pub legend: String,
    pub hint: Option<String>,
    /// The wire value, `YYYY-MM-DD` or incomplete.
    pub value: String,
    pub error: Option<String>,
    pub on_change: Callback<String>,
    pub on_blur: Callback<FocusEvent>,
}

#[component]
pub fn DateParts(props: &DatePartsProps) -> Html {
    let i18n = use_i18n();
    let parts = use_state(|| split_date_parts(&props.value));
    {
        // Another value from outside (a resumed draft, a wipe) replaces what is typed.
        let parts = parts.clone();
        use_effect_with(props.value.clone(), move |value| {
            let [day, month, year] = &*parts;
            if join_date_parts(day, month, year) != *value {
                parts.set(split_date_parts(value));
            }
        });
    }
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let described_by: Vec<&str> = [
        props.hint.as_ref().map(|_| hint_id.as_str()),
        props.error.as_ref().map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described_by = (!described_by.is_empty()).then(|| described_by.join(" "));
    let fields = [
        ("day", "registration-date-day", 2, "bday-day"),
        ("month", "registration-date-month", 2, "bday-month"),
        ("year", "registration-date-year", 4, "bday-year"),
    ];
    html! {
        <fieldset class={classes!("field", props.error.is_some().then_some("field-invalid"))}
            aria-describedby={described_by}>
            <legend>{ &props.legend }</legend>
            if let Some(hint) = &props.hint {
                <p id={hint_id.clone()} class="field-hint">{ hint }</p>
            }
            <div class="birth-date-parts" dir="ltr">
                { for fields.into_iter().enumerate().map(|(at, (part, label, length, autocomplete))| {
                    let id = if at == 0 { props.id.clone() } else { format!("{}-{part}", props.id) };
                    let oninput = {
                        let parts = parts.clone();
                        let on_change = props.on_change.clone();
                        Callback::from(move |event: InputEvent| {
                            let mut next = (*parts).clone();
                            next[at] = event.target_unchecked_into::<HtmlInputElement>().value();
                            let [day, month, year] = &next;
                            on_change.emit(join_date_parts(day, month, year));
                            parts.set(next);
                        })
                    };
                    html! {
                        <label for={id.clone()}>
                            { i18n.text(label) }
                            <input id={id} name={format!("{}.{part}", props.name)} type="text"
                                class={format!("date-{part}")} inputmode="numeric"
                                maxlength={length.to_string()} autocomplete={autocomplete}
                                value={parts[at].clone()}
                                aria-invalid={props.error.is_some().then_some("true")}
                                {oninput} onblur={props.on_blur.clone()} />
                        </label>
                    }
                }) }
            </div>
            <p id={error_id} class="field-error" aria-live="polite">
                { props.error.clone().unwrap_or_default() }
            </p>
        </fieldset>
    }
}
