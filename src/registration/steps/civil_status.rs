//! Names, sex, birth (date, presumed, place), family and national service.

use guichet_core::validation::split_date_parts;
use guichet_protocol::registration::{ALGERIA, MaritalStatus, NationalService, Sex};
use yew::prelude::*;

use super::{enum_options, number_options, registration, wilaya_options};
use crate::registration::fields::{Choice, CommuneField, Form, Text, slug, unslug};

pub(super) fn civil_status(form: &Form) -> Html {
    let current = registration(form);
    let civil = &current.civil_status;
    let born_abroad = civil.birth_country.trim() != ALGERIA;
    let presumed = civil.birth_date_presumed;
    // A presumed date is its year alone; otherwise day, month and year in three fields.
    let birth_date = if presumed {
        let mut year = Text::new(
            "civil_status.birth_date",
            "registration-field-birth_date_year",
            |r| &r.civil_status.birth_date,
            |r, v| r.civil_status.birth_date = v,
        );
        year.hint = Some("registration-hint-birth_date");
        year.autocomplete = "bday-year";
        year.inputmode = Some("numeric");
        year.max_length = Some(4);
        year.dir = Some("ltr");
        form.text(year)
    } else {
        form.date_parts(
            "civil_status.birth_date",
            "registration-field-birth_date",
            Some("registration-hint-birth_date_parts"),
            |r| &r.civil_status.birth_date,
            |r, v| r.civil_status.birth_date = v,
        )
    };
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
                options: enum_options::<Sex>(form, "registration-sex"),
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
                |r, presumed| {
                    r.civil_status.birth_date_presumed = presumed;
                    // A presumed date is its year alone: keep the year already typed.
                    if presumed {
                        let [_, _, year] = split_date_parts(&r.civil_status.birth_date);
                        r.civil_status.birth_date = year;
                    }
                }) }
            { birth_date }
            { form.checkbox("civil_status.born_abroad", "registration-field-born_abroad",
                |r| r.civil_status.birth_country.trim() != ALGERIA,
                |r, abroad| {
                    r.civil_status.birth_country = if abroad { String::new() } else { ALGERIA.to_owned() };
                    r.civil_status.birth_wilaya = None;
                    r.civil_status.birth_commune.clear();
                }) }
            // ASCII case only: a country is two Latin letters (the core's rule), and Unicode's
            // case tables would add 12 KB to the wasm (issue #12).
            if born_abroad {
                { form.text(Text { dir: Some("ltr"), max_length: Some(2), ..Text::new(
                    "civil_status.birth_country", "registration-field-birth_country",
                    |r| &r.civil_status.birth_country,
                    |r, v| r.civil_status.birth_country = v.to_ascii_uppercase()) }) }
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
                { form.commune(&CommuneField {
                    path: "civil_status.birth_commune",
                    label: "registration-field-birth_commune",
                    wilaya: civil.birth_wilaya,
                    get: |r| &r.civil_status.birth_commune,
                    set: |r, v| r.civil_status.birth_commune = v,
                }) }
            }
            { form.radios(&Choice {
                path: "civil_status.marital_status",
                label: "registration-field-marital_status",
                options: enum_options::<MaritalStatus>(form, "registration-marital"),
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
                    options: enum_options::<NationalService>(form, "registration-service"),
                    get: |r| r.civil_status.national_service.as_ref().map(slug),
                    set: |r, v| r.civil_status.national_service = v.as_deref().and_then(unslug),
                    optional: false,
                }) }
            }
        </>
    }
}
