//! The list's filters: wilaya, occupation group, contract type, and how recently published.

use guichet_core::search::Filters;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::label;
use crate::i18n::use_i18n;
use crate::reference::use_reference;

/// The "published within" choices, in days.
const PUBLISHED_WITHIN: [u32; 3] = [1, 7, 30];

#[derive(Debug, Properties, PartialEq)]
pub struct FilterBarProps {
    pub filters: Filters,
    pub on_change: Callback<Filters>,
}

#[component]
pub fn FilterBar(props: &FilterBarProps) -> Html {
    let i18n = use_i18n();
    let language = i18n.language();
    // The reference lists alone: the offers' status changes at every part of a first sync.
    let reference = use_reference();
    let filters = &props.filters;
    let on_select = |apply: fn(&mut Filters, String)| {
        let filters = filters.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let mut changed = filters.clone();
            apply(&mut changed, select.value());
            on_change.emit(changed);
        })
    };
    let wilaya_value = filters.wilaya.map(|code| code.to_string()).unwrap_or_default();
    let group_value = filters.occupation_group.clone().unwrap_or_default();
    let contract_value = filters.contract.clone().unwrap_or_default();
    let days_value = filters.published_within_days.map(|days| days.to_string()).unwrap_or_default();
    html! {
        <div class="offer-filters">
            <label>
                <span>{ i18n.text("offers-filter-wilaya") }</span>
                <select name="wilaya" onchange={on_select(|f, v| f.wilaya = v.parse().ok())}>
                    <option value="" selected={wilaya_value.is_empty()}>{ i18n.text("offers-filter-any-wilaya") }</option>
                    { for reference.wilayas().iter().map(|wilaya| {
                        let value = wilaya.code.to_string();
                        html! {
                            <option selected={value == wilaya_value} value={value.clone()}>
                                { format!("{:02} · {}", wilaya.code, label(&wilaya.name, language)) }
                            </option>
                        }
                    }) }
                </select>
            </label>
            <label>
                <span>{ i18n.text("offers-filter-group") }</span>
                <select name="group" onchange={on_select(|f, v| f.occupation_group = Some(v).filter(|v| !v.is_empty()))}>
                    <option value="" selected={group_value.is_empty()}>{ i18n.text("offers-filter-any-group") }</option>
                    { for reference.occupation_groups().iter().map(|group| html! {
                        <option selected={group.code == group_value} value={group.code.clone()}>
                            { label(&group.name, language) }
                        </option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ i18n.text("offers-filter-contract") }</span>
                <select name="contract" onchange={on_select(|f, v| f.contract = Some(v).filter(|v| !v.is_empty()))}>
                    <option value="" selected={contract_value.is_empty()}>{ i18n.text("offers-filter-any-contract") }</option>
                    { for reference.contract_types().iter().map(|contract| html! {
                        <option selected={contract.code == contract_value} value={contract.code.clone()}>
                            { label(&contract.name, language) }
                        </option>
                    }) }
                </select>
            </label>
            <label>
                <span>{ i18n.text("offers-filter-published") }</span>
                <select name="published" onchange={on_select(|f, v| f.published_within_days = v.parse().ok())}>
                    <option value="" selected={days_value.is_empty()}>{ i18n.text("offers-filter-any-time") }</option>
                    { for PUBLISHED_WITHIN.iter().map(|days| {
                        let mut args = fluent_bundle::FluentArgs::new();
                        args.set("days", *days);
                        let value = days.to_string();
                        html! {
                            <option selected={value == days_value} value={value.clone()}>
                                { i18n.text_with("offers-filter-days", &args) }
                            </option>
                        }
                    }) }
                </select>
            </label>
        </div>
    }
}
