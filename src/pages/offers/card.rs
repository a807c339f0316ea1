//! One offer in the list: title, employer, place, contract, and how recent it is.

use fluent_bundle::FluentArgs;
use guichet_protocol::offers::Offer;
use yew::prelude::*;
use yew_router::prelude::*;

use super::{days_between, localized};
use crate::browser;
use crate::i18n::label;
use crate::i18n::use_i18n;
use crate::reference::use_reference;
use crate::route::Route;

#[derive(Debug, Properties, PartialEq)]
pub struct OfferCardProps {
    pub offer: Offer,
}

#[component]
pub fn OfferCard(props: &OfferCardProps) -> Html {
    let i18n = use_i18n();
    let language = i18n.language();
    // The reference lists alone: the offers' status changes at every part of a first sync.
    let reference = use_reference();
    let offer = &props.offer;
    let (title, title_language) = localized(&offer.title, language).unwrap_or_default_title();
    let place = reference
        .commune(&offer.commune)
        .map(|commune| label(&commune.name, language).to_owned())
        .unwrap_or_default();
    let wilaya = reference
        .wilaya(offer.wilaya)
        .map(|wilaya| label(&wilaya.name, language).to_owned())
        .unwrap_or_default();
    let contract = reference
        .contract_type(&offer.contract)
        .map(|contract| label(&contract.name, language).to_owned())
        .unwrap_or_default();
    let mut args = FluentArgs::new();
    args.set("days", days_between(offer.published_at, browser::now().0));
    html! {
        <Link<Route> to={Route::Offer { id: offer.id.clone() }} classes="offer-card">
            <span class="offer-title" lang={title_language.tag()} dir={title_language.direction()}>
                { title }
            </span>
            <span class="offer-employer"><bdi>{ &offer.employer }</bdi></span>
            <span class="offer-place">{ format!("{place} · {wilaya}") }</span>
            <span class="offer-meta">
                <span class="offer-contract">{ contract }</span>
                <span class="offer-published">{ i18n.text_with("offers-published-days", &args) }</span>
            </span>
        </Link<Route>>
    }
}

trait OrDefaultTitle<'a> {
    fn unwrap_or_default_title(self) -> (&'a str, crate::i18n::Language);
}

impl<'a> OrDefaultTitle<'a> for Option<(&'a str, crate::i18n::Language)> {
    /// Offers always have a title in one language; an empty one would be a server defect.
    fn unwrap_or_default_title(self) -> (&'a str, crate::i18n::Language) {
        self.unwrap_or(("", crate::i18n::Language::Fr))
    }
}
