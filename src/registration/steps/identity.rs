//! The identity document, and how to reach the person.

use guichet_protocol::registration::IdDocumentType;
use yew::prelude::*;

use super::{enum_options, registration, wilaya_options};
use crate::registration::fields::{Choice, CommuneField, Form, Text, slug, unslug};

pub(super) fn identity(form: &Form) -> Html {
    html! {
        <>
            { form.text(Text { hint: Some("registration-hint-nin"), inputmode: Some("numeric"),
                dir: Some("ltr"), ..Text::new("identity.nin", "registration-field-nin",
                |r| &r.identity.nin, |r, v| r.identity.nin = v) }) }
            { form.radios(&Choice {
                path: "identity.id_document_type",
                label: "registration-field-id_document_type",
                options: enum_options::<IdDocumentType>(form, "registration-document"),
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

pub(super) fn contact(form: &Form) -> Html {
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
            { form.commune(&CommuneField {
                path: "contact.residence_commune",
                label: "registration-field-residence_commune",
                wilaya: current.contact.residence_wilaya,
                get: |r| &r.contact.residence_commune,
                set: |r, v| r.contact.residence_commune = v,
            }) }
            { form.text(Text { autocomplete: "street-address", ..Text::new(
                "contact.address", "registration-field-address",
                |r| &r.contact.address, |r, v| r.contact.address = v) }) }
        </>
    }
}
