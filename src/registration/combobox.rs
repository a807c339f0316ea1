//! The place fields' searchable list: the ARIA combobox pattern (an input with
//! `role="combobox"` that controls a `role="listbox"` popup), for a commune of one wilaya.
//!
//! The person types a few letters in Arabic or Latin script; `guichet_core::reference::places`
//! folds them as the offers search does and filters the communes of the chosen wilaya. Arrow keys
//! move through the options (announced through `aria-activedescendant`), Enter chooses, Escape
//! closes; a pointer works too. The daïra tells apart communes of the same name. Only a commune
//! chosen from the list becomes the answer: typed text alone leaves the answer empty.

use std::rc::Rc;

use guichet_core::reference::places::{FoldedCommune, find_communes, fold_communes};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::label;
use crate::i18n::use_i18n;
use crate::reference::ReferenceContext;

/// Options shown at once; more matches ask for more letters.
const SHOWN: usize = 50;

#[derive(Debug, Properties, PartialEq)]
pub struct CommuneComboboxProps {
    pub id: String,
    pub name: String,
    pub label: String,
    pub reference: ReferenceContext,
    /// The wilaya whose communes are offered; `None` offers none.
    pub wilaya: Option<u8>,
    /// The chosen commune's code, or empty.
    pub value: String,
    /// The error message, when one shows.
    pub error: Option<String>,
    pub on_change: Callback<String>,
    pub on_blur: Callback<FocusEvent>,
}

#[component]
pub fn CommuneCombobox(props: &CommuneComboboxProps) -> Html {
    let i18n = use_i18n();
    let language = i18n.language();
    let reference = Rc::clone(&props.reference.0);
    let folded = use_memo((props.reference.clone(), props.wilaya), |(reference, wilaya)| {
        wilaya.map(|wilaya| fold_communes(&reference.0, Some(wilaya))).unwrap_or_default()
    });
    let name_of = {
        let reference = Rc::clone(&reference);
        move |code: &str| {
            reference
                .commune(code)
                .map(|commune| label(&commune.name, language).to_owned())
                .unwrap_or_default()
        }
    };
    let text = use_state(|| name_of(&props.value));
    let open = use_state(|| false);
    let active = use_state(|| None::<usize>);
    {
        // A new answer (chosen, cleared with the wilaya, another language) shows its name.
        let text = text.clone();
        let name = name_of(&props.value);
        use_effect_with((props.value.clone(), language, props.reference.clone()), move |_| {
            text.set(name);
        });
    }

    let typed = if *text == name_of(&props.value) { "" } else { text.as_str() };
    let found: Vec<&FoldedCommune> = match props.wilaya {
        Some(wilaya) => find_communes(&folded, Some(wilaya), typed),
        None => Vec::new(),
    };
    let shown: Vec<(String, String, String)> = found
        .iter()
        .take(SHOWN)
        .filter_map(|found| reference.commune(&found.code))
        .map(|commune| {
            (commune.code.clone(), label(&commune.name, language).to_owned(), commune.daira.clone())
        })
        .collect();
    let count = found.len();
    let option_id = |index: usize| format!("{}-option-{index}", props.id);
    let listbox_id = format!("{}-listbox", props.id);

    let choose = {
        let on_change = props.on_change.clone();
        let open = open.clone();
        let active = active.clone();
        let text = text.clone();
        let name_of = name_of.clone();
        Callback::from(move |code: String| {
            text.set(name_of(&code));
            open.set(false);
            active.set(None);
            on_change.emit(code);
        })
    };
    let oninput = {
        let text = text.clone();
        let open = open.clone();
        let active = active.clone();
        let on_change = props.on_change.clone();
        let value = props.value.clone();
        Callback::from(move |event: InputEvent| {
            text.set(event.target_unchecked_into::<HtmlInputElement>().value());
            open.set(true);
            active.set(None);
            // Typing replaces a chosen commune: the answer is empty until one is chosen again.
            if !value.is_empty() {
                on_change.emit(String::new());
            }
        })
    };
    let onkeydown = {
        let open = open.clone();
        let active = active.clone();
        let choose = choose.clone();
        let codes: Vec<String> = shown.iter().map(|(code, _, _)| code.clone()).collect();
        let text = text.clone();
        Callback::from(move |event: KeyboardEvent| {
            let last = codes.len().checked_sub(1);
            match event.key().as_str() {
                "ArrowDown" => {
                    event.prevent_default();
                    open.set(true);
                    let next = match *active {
                        Some(at) if Some(at) < last => Some(at + 1),
                        Some(at) => Some(at),
                        None => last.map(|_| 0),
                    };
                    active.set(next);
                }
                "ArrowUp" => {
                    event.prevent_default();
                    open.set(true);
                    active.set(match *active {
                        Some(at) if at > 0 => Some(at - 1),
                        _ => last,
                    });
                }
                // Never submit the step from here: Enter chooses when the list is open.
                "Enter" if *open => {
                    event.prevent_default();
                    let pick = active.and_then(|at| codes.get(at)).or(match codes.len() {
                        1 => codes.first(),
                        _ => None,
                    });
                    if let Some(code) = pick {
                        choose.emit(code.clone());
                    }
                }
                "Escape" => {
                    if *open {
                        event.prevent_default();
                        open.set(false);
                        active.set(None);
                    } else {
                        text.set(String::new());
                    }
                }
                _ => {}
            }
        })
    };
    let onfocus = {
        let open = open.clone();
        Callback::from(move |_: FocusEvent| open.set(true))
    };
    let onblur = {
        let open = open.clone();
        let active = active.clone();
        let on_blur = props.on_blur.clone();
        Callback::from(move |event: FocusEvent| {
            open.set(false);
            active.set(None);
            on_blur.emit(event);
        })
    };
    let expanded = *open && props.wilaya.is_some();
    let mut count_args = fluent_bundle::FluentArgs::new();
    count_args.set("count", count);
    let status = match (props.wilaya, count > SHOWN) {
        (None, _) => i18n.text("registration-commune-wilaya-first"),
        (Some(_), false) => i18n.text_with("registration-commune-count", &count_args),
        (Some(_), true) => i18n.text_with("registration-commune-count-more", &count_args),
    };
    let hint_id = format!("{}-hint", props.id);
    let error_id = format!("{}-error", props.id);
    let described_by = match props.error {
        Some(_) => format!("{hint_id} {error_id}"),
        None => hint_id.clone(),
    };
    html! {
        <div class={classes!("field", "combobox-field", props.error.is_some().then_some("field-invalid"))}>
            <label for={props.id.clone()} id={format!("{}-label", props.id)}>{ &props.label }</label>
            <p id={hint_id} class="field-hint">{ i18n.text("registration-hint-commune") }</p>
            <div class="combobox">
                <input id={props.id.clone()} name={props.name.clone()} type="text" role="combobox"
                    autocomplete="off" spellcheck="false" value={(*text).clone()}
                    aria-autocomplete="list" aria-expanded={expanded.to_string()}
                    aria-controls={listbox_id.clone()}
                    aria-activedescendant={active.filter(|_| expanded).map(option_id)}
                    aria-invalid={props.error.is_some().then_some("true")}
                    aria-describedby={described_by} aria-required="true"
                    {oninput} {onkeydown} {onfocus} {onblur} />
                <ul id={listbox_id} role="listbox" class="combobox-list" hidden={!expanded || shown.is_empty()}
                    aria-labelledby={format!("{}-label", props.id)}>
                    { for shown.iter().enumerate().map(|(index, (code, name, daira))| {
                        let choose = choose.clone();
                        let code = code.clone();
                        let selected = *active == Some(index);
                        html! {
                            <li id={option_id(index)} role="option" class={classes!("combobox-option", selected.then_some("active"))}
                                aria-selected={selected.to_string()}
                                onmousedown={Callback::from(|event: MouseEvent| event.prevent_default())}
                                onclick={Callback::from(move |_| choose.emit(code.clone()))}>
                                <span class="combobox-name">{ name.clone() }</span>
                                <span class="combobox-detail" dir="ltr">{ daira.clone() }</span>
                            </li>
                        }
                    }) }
                </ul>
                <p class="visually-hidden" role="status">{ if expanded { status } else { String::new() } }</p>
            </div>
            <p id={error_id} class="field-error" aria-live="polite">
                { props.error.clone().unwrap_or_default() }
            </p>
        </div>
    }
}
