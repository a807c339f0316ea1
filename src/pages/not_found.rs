//! An address the app does not know.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::use_i18n;
use crate::route::Route;

#[component]
pub fn NotFound() -> Html {
    let i18n = use_i18n();
    html! {
        <section class="notice">
            <h1>{ i18n.text("not-found-title") }</h1>
            <p>{ i18n.text("not-found-body") }</p>
            <Link<Route> to={Route::Home} classes="button">{ i18n.text("back-home") }</Link<Route>>
        </section>
    }
}
