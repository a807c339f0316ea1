//! Schooling, the highest diploma, and qualification.

use guichet_protocol::registration::{Diploma, EducationLevel, QualificationLevel, Registration};
use yew::prelude::*;

use super::enum_options;
use crate::registration::fields::{Choice, Form, Text, slug, unslug};

/// The wizard asks for one diploma, the highest; the wire carries a list.
fn diploma_mut(registration: &mut Registration) -> &mut Diploma {
    if registration.education.diplomas.is_empty() {
        registration.education.diplomas.push(Diploma::default());
    }
    &mut registration.education.diplomas[0]
}

/// An all-empty diploma is no diploma.
fn tidy_diplomas(registration: &mut Registration) {
    registration.education.diplomas.retain(|diploma| *diploma != Diploma::default());
}

fn first_diploma(registration: &Registration) -> &str {
    registration.education.diplomas.first().map_or("", |diploma| diploma.title.as_str())
}

pub(super) fn education(form: &Form) -> Html {
    html! {
        <>
            { form.select(&Choice {
                path: "education.education_level",
                label: "registration-field-education_level",
                options: enum_options(form, EducationLevel::ALL, "registration-education"),
                get: |r| r.education.education_level.as_ref().map(slug),
                set: |r, v| r.education.education_level = v.as_deref().and_then(unslug),
                optional: false,
            }) }
            { form.text(Text { optional: true, ..Text::new(
                "education.diplomas.0.title", "registration-field-diploma_title",
                first_diploma,
                |r, v| { diploma_mut(r).title = v; tidy_diplomas(r); }) }) }
            { form.text(Text { optional: true, ..Text::new(
                "education.diplomas.0.field", "registration-field-diploma_field",
                |r| r.education.diplomas.first().map_or("", |d| d.field.as_str()),
                |r, v| { diploma_mut(r).field = v; tidy_diplomas(r); }) }) }
            { form.text(Text { optional: true, inputmode: Some("numeric"), max_length: Some(4), ..Text::new(
                "education.diplomas.0.year", "registration-field-diploma_year",
                |r| r.education.diplomas.first().map_or("", |d| d.year.as_str()),
                |r, v| { diploma_mut(r).year = v; tidy_diplomas(r); }) }) }
            { form.select(&Choice {
                path: "education.qualification_level",
                label: "registration-field-qualification_level",
                options: enum_options(form, QualificationLevel::ALL, "registration-qualification"),
                get: |r| r.education.qualification_level.as_ref().map(slug),
                set: |r, v| r.education.qualification_level = v.as_deref().and_then(unslug),
                optional: false,
            }) }
        </>
    }
}
