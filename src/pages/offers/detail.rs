//! One offer, with everything a seeker needs to decide and to apply. Works from a deep link with
//! no network: the offer is read from the device. Expired or unknown offers get a clear notice.

use fluent_bundle::FluentArgs;
use guichet_core::reference::ReferenceData;
use guichet_protocol::offers::{EducationLevel, HowToApply, Offer, WorkingTime};
use yew::prelude::*;
use yew_router::prelude::*;

use super::{days_between, localized};
use crate::browser;
use crate::i18n::label;
use crate::i18n::{I18n, use_i18n};
use crate::offers::{Phase, use_offers};
use crate::reference::use_reference;
use crate::route::Route;

#[derive(Debug, Properties, PartialEq)]
pub struct OfferDetailProps {
    pub id: String,
}

/// What the page knows about the offer asked for.
#[derive(Debug, Clone, PartialEq)]
enum Lookup {
    Pending,
    Found(Box<Offer>),
    Missing,
}

#[component]
pub fn OfferDetail(props: &OfferDetailProps) -> Html {
    let i18n = use_i18n();
    let offers = use_offers();
    let lookup = use_state(|| Lookup::Pending);
    let reference = use_reference();
    {
        let lookup = lookup.setter();
        let key = (props.id.clone(), offers.status.phase, offers.status.revision);
        use_effect_with(key, move |(id, phase, _)| {
            if *phase == Phase::Ready {
                let id = id.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let found = offers.load(vec![id]).await.into_iter().next();
                    let now = browser::now().0;
                    lookup.set(match found {
                        Some(offer) if offer.expires_at > now => Lookup::Found(Box::new(offer)),
                        _ => Lookup::Missing,
                    });
                });
            } else if *phase == Phase::Unavailable {
                lookup.set(Lookup::Missing);
            }
        });
    }
    let back = html! {
        <Link<Route> to={Route::Offers} classes="button back-to-list">
            { i18n.text("offers-back-to-list") }
        </Link<Route>>
    };
    match &*lookup {
        Lookup::Pending => html! {
            <p class="offers-loading" role="status">{ i18n.text("offers-loading") }</p>
        },
        Lookup::Missing => html! {
            <section class="notice offer-missing">
                <h1>{ i18n.text("offers-detail-not-found-title") }</h1>
                <p>{ i18n.text("offers-detail-not-found-body") }</p>
                { back }
            </section>
        },
        Lookup::Found(offer) => html! {
            <article class="offer-detail">
                { header(&i18n, offer) }
                { facts(&i18n, &reference, offer) }
                { description(&i18n, offer) }
                { how_to_apply(&i18n, offer) }
                { back }
            </article>
        },
    }
}

fn header(i18n: &I18n, offer: &Offer) -> Html {
    let language = i18n.language();
    let (title, title_language) = localized(&offer.title, language).unwrap_or(("", language));
    let now = browser::now().0;
    let mut published = FluentArgs::new();
    published.set("days", days_between(offer.published_at, now));
    let mut expires = FluentArgs::new();
    expires.set("days", days_between(now, offer.expires_at));
    html! {
        <header>
            <h1 lang={title_language.tag()} dir={title_language.direction()}>{ title }</h1>
            <p class="offer-dates">
                { i18n.text_with("offers-published-days", &published) }
                { " · " }
                { i18n.text_with("offers-expires-days", &expires) }
            </p>
        </header>
    }
}

fn facts(i18n: &I18n, reference: &ReferenceData, offer: &Offer) -> Html {
    let language = i18n.language();
    let name = |labels: Option<&guichet_protocol::reference::Labels>| {
        labels.map(|labels| label(labels, language).to_owned()).unwrap_or_default()
    };
    let place = format!(
        "{} · {}",
        name(reference.commune(&offer.commune).map(|c| &c.name)),
        name(reference.wilaya(offer.wilaya).map(|w| &w.name)),
    );
    let mut experience = FluentArgs::new();
    experience.set("years", offer.experience_years);
    let salary = match offer.salary {
        Some(range) => {
            let mut args = FluentArgs::new();
            args.set("min", range.min_dzd);
            args.set("max", range.max_dzd);
            i18n.text_with("offers-salary-range", &args)
        }
        None => i18n.text("offers-salary-unknown"),
    };
    let licence = match &offer.driving_licence {
        Some(category) => {
            let mut args = FluentArgs::new();
            args.set("category", category.clone());
            i18n.text_with("offers-licence", &args)
        }
        None => i18n.text("offers-licence-none"),
    };
    let rows = [
        ("offers-detail-employer", offer.employer.clone()),
        ("offers-detail-place", place),
        (
            "offers-detail-occupation",
            name(reference.occupation(&offer.occupation).map(|o| &o.name)),
        ),
        ("offers-detail-sector", name(reference.sector(&offer.sector).map(|s| &s.name))),
        ("offers-detail-contract", name(reference.contract_type(&offer.contract).map(|c| &c.name))),
        ("offers-detail-working-time", i18n.text(working_time_id(offer.working_time))),
        ("offers-detail-experience", i18n.text_with("offers-experience", &experience)),
        ("offers-detail-education", i18n.text(education_id(offer.education))),
        ("offers-detail-positions", offer.positions.to_string()),
        ("offers-detail-salary", salary),
        ("offers-detail-licence", licence),
        ("offers-detail-disabled", i18n.text(yes_no_id(offer.open_to_disabled))),
    ];
    html! {
        <dl class="offer-facts">
            { for rows.into_iter().map(|(term, value)| html! {
                <div class="offer-fact">
                    <dt>{ i18n.text(term) }</dt>
                    <dd><bdi>{ value }</bdi></dd>
                </div>
            }) }
        </dl>
    }
}

fn description(i18n: &I18n, offer: &Offer) -> Html {
    let Some((text, text_language)) = localized(&offer.description, i18n.language()) else {
        return html! {};
    };
    html! {
        <section class="offer-description">
            <h2>{ i18n.text("offers-detail-description") }</h2>
            <p lang={text_language.tag()} dir={text_language.direction()}>{ text }</p>
        </section>
    }
}

fn how_to_apply(i18n: &I18n, offer: &Offer) -> Html {
    let mut reference = FluentArgs::new();
    reference.set("reference", offer.external_id.clone());
    let how = match &offer.how_to_apply {
        HowToApply::AtAgency => html! {
            <p class="apply-at-agency">{ i18n.text("offers-apply-at-agency") }</p>
        },
        HowToApply::Direct { instructions } => html! {
            <>
                <p>{ i18n.text("offers-apply-direct") }</p>
                <p class="apply-direct"><bdi>{ instructions }</bdi></p>
                <p>{ i18n.text("offers-apply-desk-help") }</p>
            </>
        },
    };
    html! {
        <section class="offer-apply" aria-labelledby="offer-apply-title">
            <h2 id="offer-apply-title">{ i18n.text("offers-apply-title") }</h2>
            { how }
            <p class="offer-reference">{ i18n.text_with("offers-reference", &reference) }</p>
        </section>
    }
}

fn yes_no_id(value: bool) -> &'static str {
    match value {
        true => "offers-yes",
        false => "offers-no",
    }
}

fn working_time_id(value: WorkingTime) -> &'static str {
    match value {
        WorkingTime::FullTime => "offers-working-time-full",
        WorkingTime::PartTime => "offers-working-time-part",
        WorkingTime::Shifts => "offers-working-time-shifts",
    }
}

fn education_id(value: EducationLevel) -> &'static str {
    match value {
        EducationLevel::None => "offers-education-none",
        EducationLevel::Primary => "offers-education-primary",
        EducationLevel::Middle => "offers-education-middle",
        EducationLevel::Secondary => "offers-education-secondary",
        EducationLevel::Baccalaureate => "offers-education-baccalaureate",
        EducationLevel::Vocational => "offers-education-vocational",
        EducationLevel::Licence => "offers-education-licence",
        EducationLevel::Master => "offers-education-master",
        EducationLevel::Doctorate => "offers-education-doctorate",
    }
}
