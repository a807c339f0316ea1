//! Stands in for the offers and registration screens until their issues land.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::use_i18n;
use crate::route::Route;

#[component]
pub fn ComingSoon() -> Html {
    let i18n = use_i18n();
    html! {
        <section class="notice">
            <h1>{ i18n.text("coming-soon-title") }</h1>
            <p>{ i18n.text("coming-soon-body") }</p>
            <Link<Route> to={Route::Home} classes="button">{ i18n.text("back-home") }</Link<Route>>
        </section>
    }
}
