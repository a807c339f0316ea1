//! The occupations sought, languages, licences, wilayas, disability; then consent.

use std::rc::Rc;

use guichet_core::registration::{MAX_OCCUPATIONS, MAX_YEARS_OF_EXPERIENCE};
use guichet_protocol::registration::{DrivingLicence, OccupationWish, Registration, WireEnum};
use yew::prelude::*;

use super::{number_options, registration, wilaya_options};
use crate::i18n::label;
use crate::registration::fields::{Form, Many, Select, slug, unslug};

fn occupation_options(form: &Form) -> Vec<(String, String)> {
    let language = form.i18n.language();
    let mut options: Vec<(String, String)> = form
        .reference
        .occupations()
        .iter()
        .map(|occupation| (occupation.code.clone(), label(&occupation.name, language).to_owned()))
        .collect();
    options.sort_by(|a, b| a.1.cmp(&b.1));
    options
}

/// The `index`-th occupation wish, created (with the ones before it) if missing.
fn wish_mut(registration: &mut Registration, index: usize) -> &mut OccupationWish {
    let wishes = &mut registration.experience.occupations;
    if wishes.len() <= index {
        wishes.resize(index + 1, OccupationWish::default());
    }
    &mut wishes[index]
}

/// The path of the occupation select of row `index`: the first stands for the whole list, so
/// "choose at least one occupation" shows there.
fn occupation_path(index: usize) -> String {
    if index == 0 {
        "experience.occupations".to_owned()
    } else {
        format!("experience.occupations.{index}.code")
    }
}

/// One fieldset per occupation sought (the most wanted first), each with its years of
/// experience; rows can be added up to the limit and removed.
fn occupation_rows(form: &Form) -> Html {
    let wishes = &form.registration().experience.occupations;
    let rows = wishes.len().max(1);
    let options = occupation_options(form);
    let years = number_options(MAX_YEARS_OF_EXPERIENCE);
    let can_add = wishes.len() < MAX_OCCUPATIONS && wishes.iter().all(|wish| !wish.code.is_empty());
    let add = {
        let form = form.clone();
        let next = rows;
        Callback::from(move |_: MouseEvent| {
            form.change(move |r| {
                wish_mut(r, next);
            })
        })
    };
    html! {
        <>
            { for (0..rows).map(|index| {
                let wish = wishes.get(index).cloned().unwrap_or_default();
                let mut number = fluent_bundle::FluentArgs::new();
                number.set("number", index + 1);
                let remove = {
                    let form = form.clone();
                    Callback::from(move |_: MouseEvent| {
                        form.change(move |r| {
                            if index < r.experience.occupations.len() {
                                r.experience.occupations.remove(index);
                            }
                        });
                    })
                };
                html! {
                    <fieldset class="field occupation-row" key={index}>
                        <legend>{ form.i18n.text_with("registration-occupation-legend", &number) }</legend>
                        { form.select_at(&Select {
                            path: &occupation_path(index),
                            label: &form.i18n.text("registration-field-occupation"),
                            options: &options,
                            current: Some(wish.code.clone()).filter(|code| !code.is_empty()),
                            set: Rc::new(move |r, value| match value {
                                Some(code) => wish_mut(r, index).code = code,
                                None if r.experience.occupations.len() <= 1 => r.experience.occupations.clear(),
                                None => wish_mut(r, index).code.clear(),
                            }),
                            optional: false,
                        }) }
                        { form.select_at(&Select {
                            path: &format!("experience.occupations.{index}.years_of_experience"),
                            label: &form.i18n.text("registration-field-years_of_experience"),
                            options: &years,
                            current: Some(wish.years_of_experience.to_string()),
                            set: Rc::new(move |r, value| {
                                wish_mut(r, index).years_of_experience =
                                    value.and_then(|n| n.parse().ok()).unwrap_or(0);
                            }),
                            optional: false,
                        }) }
                        if index > 0 {
                            <button type="button" class="button button-secondary occupation-remove" onclick={remove}>
                                { form.i18n.text_with("registration-occupation-remove", &number) }
                            </button>
                        }
                    </fieldset>
                }
            }) }
            if can_add {
                <button type="button" class="button button-secondary occupation-add" onclick={add}>
                    { form.i18n.text("registration-occupation-add") }
                </button>
            }
        </>
    }
}

pub(super) fn experience(form: &Form) -> Html {
    let current = registration(form);
    let language_options: Vec<(String, String)> = guichet_core::registration::KNOWN_LANGUAGES
        .iter()
        .map(|tag| ((*tag).to_owned(), form.i18n.text(&format!("registration-language-{tag}"))))
        .collect();
    let licence_options: Vec<(String, String)> =
        DrivingLicence::ALL.iter().map(|licence| (slug(licence), slug(licence))).collect();
    html! {
        <>
            { occupation_rows(form) }
            { form.checkboxes(&Many {
                path: "experience.languages",
                label: "registration-field-languages",
                options: language_options,
                get: |r| r.experience.languages.clone(),
                set: |r, v| r.experience.languages = v,
            }) }
            { form.checkboxes(&Many {
                path: "experience.driving_licences",
                label: "registration-field-driving_licences",
                options: licence_options,
                get: |r| r.experience.driving_licences.iter().map(slug).collect(),
                set: |r, v| r.experience.driving_licences = v.iter().filter_map(|s| unslug(s)).collect(),
            }) }
            { form.checkboxes(&Many {
                path: "experience.work_wilayas",
                label: "registration-field-work_wilayas",
                options: wilaya_options(form),
                get: |r| r.experience.work_wilayas.iter().map(u8::to_string).collect(),
                set: |r, v| r.experience.work_wilayas = v.iter().filter_map(|s| s.parse().ok()).collect(),
            }) }
            { form.checkbox("experience.disability", "registration-field-disability",
                |r| r.experience.disability,
                |r, v| {
                    r.experience.disability = v;
                    if !v {
                        r.experience.adapted_work = false;
                    }
                }) }
            if current.experience.disability {
                { form.checkbox("experience.adapted_work", "registration-field-adapted_work",
                    |r| r.experience.adapted_work, |r, v| r.experience.adapted_work = v) }
            }
        </>
    }
}

pub(super) fn consent(form: &Form) -> Html {
    html! {
        <>
            <div class="consent-text">
                <p>{ form.i18n.text("registration-consent-purpose") }</p>
                <p>{ form.i18n.text("registration-consent-retention") }</p>
                <p>{ form.i18n.text("registration-consent-rights") }</p>
            </div>
            { form.checkbox("consent.data_processing", "registration-field-data_processing",
                |r| r.consent.data_processing, |r, v| r.consent.data_processing = v) }
        </>
    }
}
