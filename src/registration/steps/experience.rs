//! The occupation sought, languages, licences, wilayas, disability; then consent.

use guichet_core::reference::ReferenceData;
use guichet_protocol::registration::{DrivingLicence, OccupationWish, Registration};
use yew::prelude::*;

use super::{label, number_options, registration, wilaya_options};
use crate::registration::fields::{Choice, Form, Many, slug, unslug};

fn occupation_options(form: &Form) -> Vec<(String, String)> {
    let language = form.i18n.language();
    let mut options: Vec<(String, String)> = ReferenceData::builtin()
        .occupations()
        .iter()
        .map(|occupation| (occupation.code.clone(), label(&occupation.name, language)))
        .collect();
    options.sort_by(|a, b| a.1.cmp(&b.1));
    options
}

/// The wizard asks for the occupation most wanted; the wire carries up to five.
fn wish_mut(registration: &mut Registration) -> &mut OccupationWish {
    if registration.experience.occupations.is_empty() {
        registration.experience.occupations.push(OccupationWish::default());
    }
    &mut registration.experience.occupations[0]
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
            { form.select(&Choice {
                path: "experience.occupations",
                label: "registration-field-occupation",
                options: occupation_options(form),
                get: |r| r.experience.occupations.first().map(|wish| wish.code.clone()).filter(|c| !c.is_empty()),
                set: |r, v| match v {
                    Some(code) => wish_mut(r).code = code,
                    None => r.experience.occupations.clear(),
                },
                optional: false,
            }) }
            { form.select(&Choice {
                path: "experience.occupations.0.years_of_experience",
                label: "registration-field-years_of_experience",
                options: number_options(guichet_core::registration::MAX_YEARS_OF_EXPERIENCE),
                get: |r| Some(r.experience.occupations.first().map_or(0, |wish| wish.years_of_experience).to_string()),
                set: |r, v| wish_mut(r).years_of_experience = v.and_then(|n| n.parse().ok()).unwrap_or(0),
                optional: false,
            }) }
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
