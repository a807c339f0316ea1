//! The offers list: search as you type, filters, newest first, and what the device holds.
//!
//! Results come from the offers worker's in-memory index, with the offers read from storage. A
//! newer query always wins over a slower older one (see `Answers`).

mod card;
pub mod detail;
mod filters;
mod status;

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use guichet_core::search::{Filters, Query};
use guichet_protocol::offers::{LocalizedText, Offer};
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
/// Cards drawn per task while a list grows: the first visit's 30 cards drawn at once were its
/// longest task (45–58 ms unthrottled, four times that on the phones Lighthouse emulates), and
/// eight are more than a phone's screen shows.
const CARDS_PER_TASK: usize = 8;

/// What a result list shows: how many match, and the first ones, read from storage.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    total: usize,
    offers: Rc<Vec<Offer>>,
}

/// Which answers the list shows, and when to ask. A different query makes every answer to an
/// earlier one stale and is asked at once; the same query asked again (new offers arrived) keeps
/// the earlier answers worth showing until a later one is shown, so a list asked again at each
/// part of a first sync is never left empty while the worker's answers trail the parts. And the
/// same query is never asked twice at once: asked again while a question is out, it is asked
/// once more when that answer comes, so a first sync's parts cost the page one answer at a time.
#[derive(Debug, Default)]
struct Answers {
    query: Query,
    /// Bumped for each different query.
    generation: u64,
    /// Numbers each question.
    asked: u64,
    /// The question whose answer is on screen.
    shown: u64,
    /// The generation of the question out, if any.
    out: Option<u64>,
    /// The query out was asked again meanwhile.
    again: bool,
}

/// One question: its query's generation and its number.
#[derive(Debug, Clone, Copy)]
struct Asked {
    generation: u64,
    number: u64,
}

impl Answers {
    /// The question to ask for `query` now; `None` when the same query is already out (it is
    /// then asked again when answered, see [`Answers::answered`]).
    fn ask(&mut self, query: &Query) -> Option<Asked> {
        if *query != self.query {
            self.query = query.clone();
            self.generation += 1;
        } else if self.out == Some(self.generation) {
            self.again = true;
            return None;
        }
        self.again = false;
        self.out = Some(self.generation);
        Some(self.next())
    }

    fn next(&mut self) -> Asked {
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

    /// `asked` was answered: the question to ask next for the same query, if it was asked
    /// again meanwhile.
    fn answered(&mut self, asked: Asked) -> Option<Asked> {
        if asked.generation != self.generation {
            return None;
        }
        if self.again {
            self.again = false;
            return Some(self.next());
        }
        self.out = None;
        None
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
    let drawn = use_state(|| CARDS_PER_TASK);
    let answers = use_mut_ref(Answers::default);
    {
        let offers = offers.clone();
        let shown = shown.setter();
        let answers = Rc::clone(&answers);
        let key = ((*text).clone(), (*filters).clone(), *limit, offers.status.revision);
        use_effect_with(key, move |(text, filters, limit, _)| {
            let query = Query { text: text.clone(), filters: filters.clone(), limit: *limit };
            let Some(mut asked) = answers.borrow_mut().ask(&query) else { return };
            wasm_bindgen_futures::spawn_local(async move {
                loop {
                    let found = offers.search(query.clone(), browser::now()).await;
                    if answers.borrow_mut().take(asked) {
                        let offers = Rc::new(found.offers);
                        shown.set(Some(Shown { total: found.total, offers }));
                    }
                    let next = answers.borrow_mut().answered(asked);
                    match next {
                        Some(next) => asked = next,
                        None => break,
                    }
                }
            });
        });
    }
    {
        // The cards beyond those drawn come a few per task, so the page answers a tap and
        // paints in between; a list never shrinks to redraw.
        let count = shown.as_ref().map_or(0, |shown| shown.offers.len());
        let drawn = drawn.clone();
        use_effect_with((count, *drawn), move |&(count, current)| {
            let next = (current < count)
                .then(|| Timeout::new(0, move || drawn.set(current + CARDS_PER_TASK)));
            move || drop(next)
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
                        { for shown.offers.iter().take(*drawn).map(|offer| html! {
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

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::*;

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn query(text: &str) -> Query {
        Query { text: text.to_owned(), ..Query::default() }
    }

    #[wasm_bindgen_test]
    fn the_same_query_is_never_out_twice_and_is_asked_once_more_when_answered() {
        let mut answers = Answers::default();
        let first = answers.ask(&query("")).expect("asked at once");
        // Three parts of a first sync arrive while the first question is out.
        assert!(answers.ask(&query("")).is_none());
        assert!(answers.ask(&query("")).is_none());
        assert!(answers.ask(&query("")).is_none());
        assert!(answers.take(first));
        let second = answers.answered(first).expect("asked once more for the parts");
        assert!(answers.take(second));
        assert!(answers.answered(second).is_none(), "nothing new: nothing more asked");
        // Nothing out: the next part asks at once.
        let third = answers.ask(&query("")).expect("asked at once");
        assert!(answers.take(third));
        assert!(answers.answered(third).is_none());
    }

    #[wasm_bindgen_test]
    fn a_different_query_is_asked_at_once_and_earlier_answers_are_dropped() {
        let mut answers = Answers::default();
        let browsing = answers.ask(&query("")).expect("asked");
        assert!(answers.ask(&query("")).is_none());
        let typed = answers.ask(&query("mécanicien")).expect("a new query never waits");
        // The earlier query's answer arrives late: neither shown nor asked again.
        assert!(!answers.take(browsing));
        assert!(answers.answered(browsing).is_none());
        // And the new query's question is still counted as out.
        assert!(answers.ask(&query("mécanicien")).is_none());
        assert!(answers.take(typed));
        let again = answers.answered(typed).expect("asked again meanwhile");
        assert!(!answers.take(typed), "an answer is shown once");
        assert!(answers.take(again));
    }
}
