//! One function per step of the wizard: which questions, in which order, with which controls.

use guichet_core::reference::ReferenceData;
use guichet_core::registration::Step;
use guichet_protocol::reference::Labels;
use guichet_protocol::registration::{
    ALGERIA, Diploma, DrivingLicence, EducationLevel, IdDocumentType, MaritalStatus,
    NationalService, OccupationWish, QualificationLevel, Registration, Sex,
};
use serde::Serialize;
use yew::prelude::*;

use super::fields::{Choice, Form, Many, Text, slug, unslug};
use crate::i18n::Language;

/// The questions of `step`; the review has its own module.
pub fn step_fields(form: &Form, step: Step) -> Html {
    match step {
        Step::CivilStatus => civil_status(form),
        Step::Identity => identity(form),
        Step::Contact => contact(form),
        Step::Education => education(form),
        Step::Experience => experience(form),
        Step::Consent => consent(form),
        Step::Review => Html::default(),
    }
}

/// A reference label in the interface language.
pub fn label(labels: &Labels, language: Language) -> String {
    match language {
        Language::Ar => labels.ar.clone(),
        Language::Fr => labels.fr.clone(),
        Language::En => labels.en.clone(),
    }
}

/// The options of a small enumeration, labelled from Fluent ids `{prefix}-{value}`.
pub fn enum_options<T: Serialize>(
    form: &Form,
    values: &[T],
    prefix: &str,
) -> Vec<(String, String)> {
    values
        .iter()
        .map(|value| {
            let slug = slug(value);
            let text = form.i18n.text(&format!("{prefix}-{slug}"));
            (slug, text)
        })
        .collect()
}

pub fn wilaya_options(form: &Form) -> Vec<(String, String)> {
    let language = form.i18n.language();
    ReferenceData::builtin()
        .wilayas()
        .iter()
        .map(|wilaya| {
            (
                wilaya.code.to_string(),
                format!("{:02} {}", wilaya.code, label(&wilaya.name, language)),
            )
        })
        .collect()
}

fn commune_options(form: &Form, wilaya: Option<u8>) -> Vec<(String, String)> {
    let language = form.i18n.language();
    let Some(wilaya) = wilaya else { return Vec::new() };
    ReferenceData::builtin()
        .communes_of(wilaya)
        .map(|commune| (commune.code.clone(), label(&commune.name, language)))
        .collect()
}

fn number_options(max: u8) -> Vec<(String, String)> {
    (0..=max).map(|n| (n.to_string(), n.to_string())).collect()
}

fn registration(form: &Form) -> Registration {
    form.state.draft.as_ref().map(|draft| draft.registration.clone()).unwrap_or_default()
}

fn civil_status(form: &Form) -> Html {
    let current = registration(form);
    let civil = &current.civil_status;
    let born_abroad = civil.birth_country.trim() != ALGERIA;
    let presumed = civil.birth_date_presumed;
    let mut birth_date = Text::new(
        "civil_status.birth_date",
        "registration-field-birth_date",
        |r| &r.civil_status.birth_date,
        |r, v| r.civil_status.birth_date = v,
    );
    birth_date.hint = Some("registration-hint-birth_date");
    birth_date.autocomplete = "bday";
    if presumed {
        birth_date.inputmode = Some("numeric");
        birth_date.max_length = Some(4);
    } else {
        birth_date.kind = "date";
    }
    html! {
        <>
            { form.text(Text { autocomplete: "family-name", dir: Some("ltr"), ..Text::new(
                "civil_status.last_name_latin", "registration-field-last_name_latin",
                |r| &r.civil_status.last_name_latin, |r, v| r.civil_status.last_name_latin = v) }) }
            { form.text(Text { autocomplete: "given-name", dir: Some("ltr"), ..Text::new(
                "civil_status.first_name_latin", "registration-field-first_name_latin",
                |r| &r.civil_status.first_name_latin, |r, v| r.civil_status.first_name_latin = v) }) }
            { form.text(Text { dir: Some("rtl"), ..Text::new(
                "civil_status.last_name_arabic", "registration-field-last_name_arabic",
                |r| &r.civil_status.last_name_arabic, |r, v| r.civil_status.last_name_arabic = v) }) }
            { form.text(Text { dir: Some("rtl"), ..Text::new(
                "civil_status.first_name_arabic", "registration-field-first_name_arabic",
                |r| &r.civil_status.first_name_arabic, |r, v| r.civil_status.first_name_arabic = v) }) }
            { form.radios(&Choice {
                path: "civil_status.sex",
                label: "registration-field-sex",
                options: enum_options(form, Sex::ALL, "registration-sex"),
                get: |r| r.civil_status.sex.as_ref().map(slug),
                set: |r, v| {
                    r.civil_status.sex = v.as_deref().and_then(unslug);
                    // National service is asked of men only: never keep a hidden answer.
                    if r.civil_status.sex != Some(Sex::Male) {
                        r.civil_status.national_service = None;
                    }
                },
                optional: false,
            }) }
            { form.checkbox("civil_status.birth_date_presumed", "registration-field-birth_date_presumed",
                |r| r.civil_status.birth_date_presumed,
                |r, v| r.civil_status.birth_date_presumed = v) }
            { form.text(birth_date) }
            { form.checkbox("civil_status.born_abroad", "registration-field-born_abroad",
                |r| r.civil_status.birth_country.trim() != ALGERIA,
                |r, abroad| {
                    r.civil_status.birth_country = if abroad { String::new() } else { ALGERIA.to_owned() };
                    r.civil_status.birth_wilaya = None;
                    r.civil_status.birth_commune.clear();
                }) }
            if born_abroad {
                { form.text(Text { dir: Some("ltr"), max_length: Some(2), ..Text::new(
                    "civil_status.birth_country", "registration-field-birth_country",
                    |r| &r.civil_status.birth_country,
                    |r, v| r.civil_status.birth_country = v.to_uppercase()) }) }
            } else {
                { form.select(&Choice {
                    path: "civil_status.birth_wilaya",
                    label: "registration-field-birth_wilaya",
                    options: wilaya_options(form),
                    get: |r| r.civil_status.birth_wilaya.map(|code| code.to_string()),
                    set: |r, v| {
                        r.civil_status.birth_wilaya = v.and_then(|code| code.parse().ok());
                        r.civil_status.birth_commune.clear();
                    },
                    optional: false,
                }) }
                { form.select(&Choice {
                    path: "civil_status.birth_commune",
                    label: "registration-field-birth_commune",
                    options: commune_options(form, civil.birth_wilaya),
                    get: |r| Some(r.civil_status.birth_commune.clone()).filter(|c| !c.is_empty()),
                    set: |r, v| r.civil_status.birth_commune = v.unwrap_or_default(),
                    optional: false,
                }) }
            }
            { form.radios(&Choice {
                path: "civil_status.marital_status",
                label: "registration-field-marital_status",
                options: enum_options(form, MaritalStatus::ALL, "registration-marital"),
                get: |r| r.civil_status.marital_status.as_ref().map(slug),
                set: |r, v| r.civil_status.marital_status = v.as_deref().and_then(unslug),
                optional: false,
            }) }
            { form.select(&Choice {
                path: "civil_status.dependent_children",
                label: "registration-field-dependent_children",
                options: number_options(guichet_core::registration::MAX_DEPENDENT_CHILDREN),
                get: |r| Some(r.civil_status.dependent_children.to_string()),
                set: |r, v| r.civil_status.dependent_children = v.and_then(|n| n.parse().ok()).unwrap_or(0),
                optional: false,
            }) }
            if civil.sex == Some(Sex::Male) {
                { form.radios(&Choice {
                    path: "civil_status.national_service",
                    label: "registration-field-national_service",
                    options: enum_options(form, NationalService::ALL, "registration-service"),
                    get: |r| r.civil_status.national_service.as_ref().map(slug),
                    set: |r, v| r.civil_status.national_service = v.as_deref().and_then(unslug),
                    optional: false,
                }) }
            }
        </>
    }
}

fn identity(form: &Form) -> Html {
    html! {
        <>
            { form.text(Text { hint: Some("registration-hint-nin"), inputmode: Some("numeric"),
                dir: Some("ltr"), ..Text::new("identity.nin", "registration-field-nin",
                |r| &r.identity.nin, |r, v| r.identity.nin = v) }) }
            { form.radios(&Choice {
                path: "identity.id_document_type",
                label: "registration-field-id_document_type",
                options: enum_options(form, IdDocumentType::ALL, "registration-document"),
                get: |r| r.identity.id_document_type.as_ref().map(slug),
                set: |r, v| r.identity.id_document_type = v.as_deref().and_then(unslug),
                optional: false,
            }) }
            { form.text(Text { dir: Some("ltr"), ..Text::new(
                "identity.id_document_number", "registration-field-id_document_number",
                |r| &r.identity.id_document_number, |r, v| r.identity.id_document_number = v) }) }
            { form.text(Text { kind: "date", ..Text::new(
                "identity.id_document_issue_date", "registration-field-id_document_issue_date",
                |r| &r.identity.id_document_issue_date, |r, v| r.identity.id_document_issue_date = v) }) }
            { form.text(Text { optional: true, inputmode: Some("numeric"), dir: Some("ltr"), ..Text::new(
                "identity.social_security_number", "registration-field-social_security_number",
                |r| &r.identity.social_security_number, |r, v| r.identity.social_security_number = v) }) }
        </>
    }
}

fn contact(form: &Form) -> Html {
    let current = registration(form);
    html! {
        <>
            { form.text(Text { kind: "tel", inputmode: Some("tel"), autocomplete: "tel", dir: Some("ltr"),
                hint: Some("registration-hint-mobile_phone"), ..Text::new(
                "contact.mobile_phone", "registration-field-mobile_phone",
                |r| &r.contact.mobile_phone, |r, v| r.contact.mobile_phone = v) }) }
            { form.text(Text { kind: "email", autocomplete: "email", optional: true, dir: Some("ltr"), ..Text::new(
                "contact.email", "registration-field-email",
                |r| &r.contact.email, |r, v| r.contact.email = v) }) }
            { form.select(&Choice {
                path: "contact.residence_wilaya",
                label: "registration-field-residence_wilaya",
                options: wilaya_options(form),
                get: |r| r.contact.residence_wilaya.map(|code| code.to_string()),
                set: |r, v| {
                    r.contact.residence_wilaya = v.and_then(|code| code.parse().ok());
                    r.contact.residence_commune.clear();
                },
                optional: false,
            }) }
            { form.select(&Choice {
                path: "contact.residence_commune",
                label: "registration-field-residence_commune",
                options: commune_options(form, current.contact.residence_wilaya),
                get: |r| Some(r.contact.residence_commune.clone()).filter(|c| !c.is_empty()),
                set: |r, v| r.contact.residence_commune = v.unwrap_or_default(),
                optional: false,
            }) }
            { form.text(Text { autocomplete: "street-address", ..Text::new(
                "contact.address", "registration-field-address",
                |r| &r.contact.address, |r, v| r.contact.address = v) }) }
        </>
    }
}

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

fn education(form: &Form) -> Html {
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

fn experience(form: &Form) -> Html {
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

fn consent(form: &Form) -> Html {
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
