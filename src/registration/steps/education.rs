//! Schooling, diplomas (the highest first), and qualification.

use guichet_protocol::registration::{Diploma, EducationLevel, QualificationLevel, Registration};
use yew::prelude::*;

use super::enum_options;
use std::rc::Rc;

use guichet_core::registration::MAX_DIPLOMAS;

use crate::registration::fields::{Choice, Form, TextAt, slug, unslug};

/// The `index`-th diploma, created (with the ones before it) if missing.
fn diploma_mut(registration: &mut Registration, index: usize) -> &mut Diploma {
    let diplomas = &mut registration.education.diplomas;
    if diplomas.len() <= index {
        diplomas.resize(index + 1, Diploma::default());
    }
    &mut diplomas[index]
}

/// An all-empty diploma is no diploma (but a row being filled in keeps its place).
fn tidy_diplomas(registration: &mut Registration) {
    while registration.education.diplomas.last().is_some_and(|last| *last == Diploma::default()) {
        registration.education.diplomas.pop();
    }
}

/// One fieldset per diploma (the highest first), each with its title, field and year; rows can
/// be added up to the limit and removed.
fn diploma_rows(form: &Form) -> Html {
    let diplomas = &form.registration().education.diplomas;
    let rows = diplomas.len().max(1);
    let can_add = diplomas.len() < MAX_DIPLOMAS
        && !diplomas.is_empty()
        && diplomas.iter().all(|diploma| !diploma.title.is_empty());
    let add = {
        let form = form.clone();
        let next = rows;
        Callback::from(move |_: MouseEvent| {
            form.change(move |r| {
                diploma_mut(r, next);
            })
        })
    };
    type Field = (&'static str, &'static str, fn(&Diploma) -> &str, fn(&mut Diploma, String));
    let fields: [Field; 3] = [
        ("title", "registration-field-diploma_title", |d| &d.title, |d, v| d.title = v),
        ("field", "registration-field-diploma_field", |d| &d.field, |d, v| d.field = v),
        ("year", "registration-field-diploma_year", |d| &d.year, |d, v| d.year = v),
    ];
    html! {
        <>
            { for (0..rows).map(|index| {
                let diploma = diplomas.get(index).cloned().unwrap_or_default();
                let mut number = fluent_bundle::FluentArgs::new();
                number.set("number", index + 1);
                let remove = {
                    let form = form.clone();
                    Callback::from(move |_: MouseEvent| {
                        form.change(move |r| {
                            if index < r.education.diplomas.len() {
                                r.education.diplomas.remove(index);
                            }
                        });
                    })
                };
                html! {
                    <fieldset class="field diploma-row" key={index}>
                        <legend>{ form.i18n.text_with("registration-diploma-legend", &number) }</legend>
                        { for fields.iter().map(|&(name, label, get, set)| form.text_at(&TextAt {
                            path: &format!("education.diplomas.{index}.{name}"),
                            label: &form.label_text(label, true),
                            hint: None,
                            current: get(&diploma).to_owned(),
                            set: Rc::new(move |r, value| {
                                set(diploma_mut(r, index), value);
                                tidy_diplomas(r);
                            }),
                            kind: "text",
                            inputmode: (name == "year").then_some("numeric"),
                            autocomplete: "off",
                            optional: true,
                            dir: None,
                            max_length: (name == "year").then_some(4),
                        })) }
                        if index > 0 {
                            <button type="button" class="button button-secondary diploma-remove" onclick={remove}>
                                { form.i18n.text_with("registration-diploma-remove", &number) }
                            </button>
                        }
                    </fieldset>
                }
            }) }
            if can_add {
                <button type="button" class="button button-secondary diploma-add" onclick={add}>
                    { form.i18n.text("registration-diploma-add") }
                </button>
            }
        </>
    }
}

pub(super) fn education(form: &Form) -> Html {
    html! {
        <>
            { form.select(&Choice {
                path: "education.education_level",
                label: "registration-field-education_level",
                options: enum_options::<EducationLevel>(form, "registration-education"),
                get: |r| r.education.education_level.as_ref().map(slug),
                set: |r, v| r.education.education_level = v.as_deref().and_then(unslug),
                optional: false,
            }) }
            { diploma_rows(form) }
            { form.select(&Choice {
                path: "education.qualification_level",
                label: "registration-field-qualification_level",
                options: enum_options::<QualificationLevel>(form, "registration-qualification"),
                get: |r| r.education.qualification_level.as_ref().map(slug),
                set: |r, v| r.education.qualification_level = v.as_deref().and_then(unslug),
                optional: false,
            }) }
        </>
    }
}
