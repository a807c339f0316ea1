//! One function per step of the wizard: which questions, in which order, with which controls.

use guichet_core::registration::Step;
use guichet_protocol::registration::{Registration, WireEnum};
use yew::prelude::*;

use super::fields::{Form, slug};
use crate::i18n::label;

mod civil_status;
mod education;
mod experience;
mod identity;

/// The questions of `step`; the review has its own module.
pub fn step_fields(form: &Form, step: Step) -> Html {
    match step {
        Step::CivilStatus => civil_status::civil_status(form),
        Step::Identity => identity::identity(form),
        Step::Contact => identity::contact(form),
        Step::Education => education::education(form),
        Step::Experience => experience::experience(form),
        Step::Consent => experience::consent(form),
        Step::Review => Html::default(),
    }
}

/// The options of a small enumeration, in the form's order, labelled from Fluent ids
/// `{prefix}-{value}`.
pub fn enum_options<T: WireEnum>(form: &Form, prefix: &str) -> Vec<(String, String)> {
    T::ALL
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
    form.reference
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

pub(super) fn number_options(max: u8) -> Vec<(String, String)> {
    (0..=max).map(|n| (n.to_string(), n.to_string())).collect()
}

pub(super) fn registration(form: &Form) -> &Registration {
    form.registration()
}
