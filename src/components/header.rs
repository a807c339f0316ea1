//! The header: the agency's name, the language switch and the connectivity indicator, on every
//! screen so a visitor can always change language and see whether the agency is reachable.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::connectivity_indicator::ConnectivityIndicator;
use crate::components::language_switch::LanguageSwitch;
use crate::components::outbox_indicator::OutboxIndicator;
use crate::i18n::use_i18n;
use crate::route::Route;

#[component]
pub fn Header() -> Html {
    let i18n = use_i18n();
    html! {
        <header class="site-header">
            <a class="skip-link" href="#main">{ i18n.text("skip-to-content") }</a>
            <Link<Route> to={Route::Home} classes="brand">
                <span class="brand-name">{ i18n.text("agency-name") }</span>
                <span class="brand-tagline">{ i18n.text("agency-tagline") }</span>
            </Link<Route>>
            <div class="header-tools">
                <ConnectivityIndicator />
                <OutboxIndicator />
                <LanguageSwitch />
            </div>
        </header>
    }
}
