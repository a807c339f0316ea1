//! The offers list: search as you type, filters, newest first, and what the device holds.
//!
//! Results come from the offers worker's in-memory index, with the offers read from storage. A
//! newer query always wins over a slower older one (see `Answers`).

mod card;
pub mod detail;
mod filters;
mod status;

use std::rc::Rc;

use guichet_core::search::{Filters, Query};
use guichet_protocol::offers::{LocalizedText, Offer};
use guichet_protocol::reference::Labels;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::i18n::{Language, use_i18n};
use crate::offers::{Phase, use_offers};

use card::OfferCard;
use filters::FilterBar;
use status::SyncStatus;

/// Results shown at first, and added by "show more".
const PAGE_SIZE: usize = 30;

/// What a result list shows: how many match, and the first ones, read from storage.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    total: usize,
    offers: Rc<Vec<Offer>>,
}

/// Which answers the list shows. A different query makes every answer to an earlier one stale;
/// the same query asked again (new offers arrived) keeps the earlier answers worth showing until
/// a later one is shown, so a list asked again at each part of a first sync is never left
/// empty while the worker's answers trail the parts.
#[derive(Debug, Default)]
struct Answers {
    query: Query,
    /// Bumped for each different query.
    generation: u64,
    /// Numbers each question.
    asked: u64,
    /// The question whose answer is on screen.
    shown: u64,
}

/// One question: its query's generation and its number.
#[derive(Debug, Clone, Copy)]
struct Asked {
    generation: u64,
    number: u64,
}

impl Answers {
    fn ask(&mut self, query: &Query) -> Asked {
        if *query != self.query {
            self.query = query.clone();
            self.generation += 1;
        }
        self.asked += 1;
        Asked { generation: self.generation, number: self.asked }
    }

    /// Whether the answer to `asked` should be shown; if so, it is now the one on screen.
    fn take(&mut self, asked: Asked) -> bool {
        let wanted = asked.generation == self.generation && asked.number > self.shown;
        if wanted {
            self.shown = asked.number;
        }
        wanted
    }
}

#[component]
pub fn OffersPage() -> Html {
    let i18n = use_i18n();
    let offers = use_offers();
    let text = use_state(String::new);
    let filters = use_state(Filters::default);
    let limit = use_state(|| PAGE_SIZE);
    let shown = use_state(|| None::<Shown>);
    let answers = use_mut_ref(Answers::default);
    {
        let offers = offers.clone();
        let shown = shown.setter();
        let answers = Rc::clone(&answers);
        let key = ((*text).clone(), (*filters).clone(), *limit, offers.status.revision);
        use_effect_with(key, move |(text, filters, limit, _)| {
            let query = Query { text: text.clone(), filters: filters.clone(), limit: *limit };
            let asked = answers.borrow_mut().ask(&query);
            wasm_bindgen_futures::spawn_local(async move {
                let found = offers.search(query, browser::now()).await;
                if answers.borrow_mut().take(asked) {
                    shown.set(Some(Shown { total: found.total, offers: Rc::new(found.offers) }));
                }
            });
        });
    }
    let on_input = {
        let text = text.setter();
        let limit = limit.setter();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            text.set(input.value());
            limit.set(PAGE_SIZE);
        })
    };
    let on_filters = {
        let filters = filters.setter();
        let limit = limit.setter();
        Callback::from(move |changed: Filters| {
            filters.set(changed);
            limit.set(PAGE_SIZE);
        })
    };
    let on_clear = {
        let text = text.setter();
        let filters = filters.setter();
        Callback::from(move |_| {
            text.set(String::new());
            filters.set(Filters::default());
        })
    };
    let on_more = Callback::from(move |_| limit.set(*limit + PAGE_SIZE));
    let searching = !text.trim().is_empty() || *filters != Filters::default();
    let body = match (offers.status.phase, shown.as_ref()) {
        (Phase::Unavailable, _) => html! {
            <div class="notice empty-state" data-state="unavailable">
                <p>{ i18n.text("offers-storage-unavailable") }</p>
            </div>
        },
        (Phase::Loading, _) | (_, None) => html! {
            <p class="offers-loading" role="status">{ i18n.text("offers-loading") }</p>
        },
        (Phase::Ready, Some(shown)) if shown.total == 0 && !searching => html! {
            <div class="notice empty-state" data-state="empty">
                <h2>{ i18n.text("offers-empty-title") }</h2>
                <p>{ i18n.text("offers-empty-body") }</p>
            </div>
        },
        (Phase::Ready, Some(shown)) if shown.total == 0 => html! {
            <div class="notice empty-state" data-state="no-match">
                <h2>{ i18n.text("offers-no-match-title") }</h2>
                <p>{ i18n.text("offers-no-match-body") }</p>
                <button type="button" class="button" onclick={on_clear.clone()}>
                    { i18n.text("offers-clear-filters") }
                </button>
            </div>
        },
        (Phase::Ready, Some(shown)) => {
            let more = shown.total > shown.offers.len();
            html! {
                <>
                    <p class="offers-result-count" role="status" aria-live="polite">
                        { i18n.text_with("offers-results", &count_args(shown.total)) }
                    </p>
                    <ul class="offer-list">
                        { for shown.offers.iter().map(|offer| html! {
                            <li key={offer.id.clone()}><OfferCard offer={offer.clone()} /></li>
                        }) }
                    </ul>
                    if more {
                        <button type="button" class="button show-more" onclick={on_more}>
                            { i18n.text("offers-show-more") }
                        </button>
                    }
                </>
            }
        }
    };
    html! {
        <section class="offers" aria-labelledby="offers-title">
            <h1 id="offers-title">{ i18n.text("offers-title") }</h1>
            <SyncStatus />
            <div class="offer-search" role="search">
                <label for="offer-search-input">{ i18n.text("offers-search-label") }</label>
                <input
                    id="offer-search-input"
                    type="search"
                    value={(*text).clone()}
                    placeholder={i18n.text("offers-search-placeholder")}
                    autocomplete="off"
                    oninput={on_input}
                />
            </div>
            <FilterBar filters={(*filters).clone()} on_change={on_filters} />
            { body }
        </section>
    }
}

fn count_args(count: usize) -> fluent_bundle::FluentArgs<'static> {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("count", count);
    args
}

/// A reference label in the app's language.
pub fn label(labels: &Labels, language: Language) -> &str {
    match language {
        Language::Ar => &labels.ar,
        Language::Fr => &labels.fr,
        Language::En => &labels.en,
    }
}

/// Text an agency wrote, in the app's language when it exists, else in the other one, with the
/// language it is in (for `lang` and `dir`: Arabic text in a French screen stays right to left).
pub fn localized(text: &LocalizedText, language: Language) -> Option<(&str, Language)> {
    let arabic = text.ar.as_deref().map(|text| (text, Language::Ar));
    let french = text.fr.as_deref().map(|text| (text, Language::Fr));
    match language {
        Language::Ar => arabic.or(french),
        Language::Fr | Language::En => french.or(arabic),
    }
}

/// Whole days from `earlier` to `later`, rounded down.
pub fn days_between(earlier: u64, later: u64) -> u64 {
    later.saturating_sub(earlier) / (24 * 60 * 60 * 1000)
}
