//! The welcome screen: two large choices, nothing else to read first.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::use_i18n;
use crate::route::Route;

#[component]
pub fn Home() -> Html {
    let i18n = use_i18n();
    html! {
        <section class="home" aria-labelledby="home-title">
            <h1 id="home-title">{ i18n.text("home-title") }</h1>
            <p class="lead">{ i18n.text("home-intro") }</p>
            <nav class="choices" aria-label={i18n.text("nav-main-label")}>
                <Link<Route> to={Route::Offers} classes="choice choice-offers">
                    <span class="choice-title">{ i18n.text("home-offers") }</span>
                    <span class="choice-hint">{ i18n.text("home-offers-hint") }</span>
                </Link<Route>>
                <Link<Route> to={Route::Register} classes="choice choice-register">
                    <span class="choice-title">{ i18n.text("home-register") }</span>
                    <span class="choice-hint">{ i18n.text("home-register-hint") }</span>
                </Link<Route>>
            </nav>
        </section>
    }
}
