//! The last screen: every answer, grouped by step, each group with a button back to its step.

use guichet_core::registration::Step;
use guichet_protocol::registration::{ALGERIA, Registration};
use yew::prelude::*;

use super::fields::{Form, slug};
use super::state::Action;
use crate::browser;
use crate::i18n::label;

/// `(label id, value)` rows of one step; empty optional answers are left out.
fn rows(form: &Form, step: Step, r: &Registration) -> Vec<(&'static str, String)> {
    let i18n = &form.i18n;
    let language = i18n.language();
    let reference = &form.reference;
    let choice = |prefix: &str, value: Option<String>| {
        value.map(|value| i18n.text(&format!("{prefix}-{value}"))).unwrap_or_default()
    };
    let yes_no =
        |value: bool| i18n.text(["registration-no", "registration-yes"][usize::from(value)]);
    let wilaya = |code: Option<u8>| {
        code.and_then(|code| reference.wilaya(code))
            .map(|wilaya| format!("{:02} {}", wilaya.code, label(&wilaya.name, language)))
            .unwrap_or_default()
    };
    let commune = |code: &str| {
        reference
            .commune(code)
            .map(|commune| label(&commune.name, language).to_owned())
            .unwrap_or_default()
    };
    let list = |values: Vec<String>| {
        if values.is_empty() { i18n.text("registration-none") } else { values.join(", ") }
    };
    let c = &r.civil_status;
    let mut rows = match step {
        Step::CivilStatus => vec![
            ("registration-field-last_name_latin", c.last_name_latin.clone()),
            ("registration-field-first_name_latin", c.first_name_latin.clone()),
            ("registration-field-last_name_arabic", c.last_name_arabic.clone()),
            ("registration-field-first_name_arabic", c.first_name_arabic.clone()),
            ("registration-field-sex", choice("registration-sex", c.sex.as_ref().map(slug))),
            ("registration-field-birth_date", c.birth_date.clone()),
            ("registration-field-birth_date_presumed", yes_no(c.birth_date_presumed)),
            // Algeria goes without saying once the wilaya shows.
            (
                "registration-field-birth_country",
                Some(c.birth_country.clone())
                    .filter(|country| country.trim() != ALGERIA)
                    .unwrap_or_default(),
            ),
            ("registration-field-birth_wilaya", wilaya(c.birth_wilaya)),
            ("registration-field-birth_commune", commune(&c.birth_commune)),
            (
                "registration-field-marital_status",
                choice("registration-marital", c.marital_status.as_ref().map(slug)),
            ),
            ("registration-field-dependent_children", c.dependent_children.to_string()),
            (
                "registration-field-national_service",
                choice("registration-service", c.national_service.as_ref().map(slug)),
            ),
        ],
        Step::Identity => vec![
            ("registration-field-nin", r.identity.nin.clone()),
            (
                "registration-field-id_document_type",
                choice("registration-document", r.identity.id_document_type.as_ref().map(slug)),
            ),
            ("registration-field-id_document_number", r.identity.id_document_number.clone()),
            (
                "registration-field-id_document_issue_date",
                r.identity.id_document_issue_date.clone(),
            ),
            (
                "registration-field-social_security_number",
                r.identity.social_security_number.clone(),
            ),
        ],
        Step::Contact => vec![
            ("registration-field-mobile_phone", r.contact.mobile_phone.clone()),
            ("registration-field-email", r.contact.email.clone()),
            ("registration-field-residence_wilaya", wilaya(r.contact.residence_wilaya)),
            ("registration-field-residence_commune", commune(&r.contact.residence_commune)),
            ("registration-field-address", r.contact.address.clone()),
        ],
        Step::Education => {
            let diploma = r.education.diplomas.first().cloned().unwrap_or_default();
            vec![
                (
                    "registration-field-education_level",
                    choice(
                        "registration-education",
                        r.education.education_level.as_ref().map(slug),
                    ),
                ),
                ("registration-field-diploma_title", diploma.title),
                ("registration-field-diploma_field", diploma.field),
                ("registration-field-diploma_year", diploma.year),
                (
                    "registration-field-qualification_level",
                    choice(
                        "registration-qualification",
                        r.education.qualification_level.as_ref().map(slug),
                    ),
                ),
            ]
        }
        Step::Experience => {
            let occupations = r
                .experience
                .occupations
                .iter()
                .filter_map(|wish| {
                    let occupation = reference.occupation(&wish.code)?;
                    let mut args = fluent_bundle::FluentArgs::new();
                    args.set("occupation", label(&occupation.name, language));
                    args.set("years", wish.years_of_experience);
                    Some(i18n.text_with("registration-review-occupation", &args))
                })
                .collect::<Vec<_>>()
                .join(" · ");
            vec![
                ("registration-field-occupation", occupations),
                (
                    "registration-field-languages",
                    list(
                        r.experience
                            .languages
                            .iter()
                            .map(|tag| i18n.text(&format!("registration-language-{tag}")))
                            .collect(),
                    ),
                ),
                (
                    "registration-field-driving_licences",
                    list(r.experience.driving_licences.iter().map(slug).collect()),
                ),
                (
                    "registration-field-work_wilayas",
                    list(
                        r.experience.work_wilayas.iter().map(|code| wilaya(Some(*code))).collect(),
                    ),
                ),
                ("registration-field-disability", yes_no(r.experience.disability)),
                ("registration-field-adapted_work", yes_no(r.experience.adapted_work)),
            ]
        }
        Step::Consent => {
            vec![("registration-field-data_processing", yes_no(r.consent.data_processing))]
        }
        Step::Review => Vec::new(),
    };
    rows.retain(|(_, value)| !value.trim().is_empty());
    rows
}

pub fn review(form: &Form) -> Html {
    let Some(draft) = &form.state.draft else { return Html::default() };
    let complete = form.state.errors.is_empty();
    let (status_class, status_text) = if complete {
        ("complete", "registration-review-complete")
    } else {
        ("incomplete", "registration-review-incomplete")
    };
    html! {
        <>
            <p>{ form.i18n.text("registration-review-intro") }</p>
            <p class={classes!("review-status", status_class)} role="status">
                { form.i18n.text(status_text) }
            </p>
            { for Step::ALL.into_iter().filter(|step| *step != Step::Review).map(|step| {
                let dispatch = form.dispatch.clone();
                let edit = Callback::from(move |_: MouseEvent| {
                    dispatch.emit(Action::GoTo { step, now: browser::now() });
                });
                let errors = step.errors(&form.state.errors).len();
                let title = form.i18n.text(&format!("registration-step-{}", step.as_str()));
                html! {
                    <section class="review-group" aria-label={title.clone()}>
                        <h3>{ title }</h3>
                        if errors > 0 {
                            <p class="field-error">{ summary(form, errors) }</p>
                        }
                        <dl>
                            { for rows(form, step, &draft.registration).into_iter().map(|(label_id, value)| html! {
                                <div class="review-row">
                                    <dt>{ form.i18n.text(label_id) }</dt>
                                    <dd dir="auto">{ value }</dd>
                                </div>
                            }) }
                        </dl>
                        <button type="button" class="button button-secondary" onclick={edit}
                            data-step={step.as_str()}>
                            { form.i18n.text("registration-review-edit") }
                        </button>
                    </section>
                }
            }) }
        </>
    }
}

pub fn summary(form: &Form, count: usize) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("count", count);
    form.i18n.text_with("registration-errors-summary", &args)
}
