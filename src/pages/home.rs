//! The welcome screen: two large choices, nothing else to read first.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::use_i18n;
use crate::kiosk::use_device;
use crate::route::Route;

#[component]
pub fn Home() -> Html {
    let i18n = use_i18n();
    let device = use_device();
    // A kiosk with no credential cannot deliver what visitors submit: staff must enrol it.
    let not_enrolled = device.is_kiosk()
        && device.settings.as_ref().is_some_and(|settings| settings.enrolment.is_none());
    html! {
        <section class="home" aria-labelledby="home-title">
            if not_enrolled {
                <p class="warning kiosk-not-enrolled" role="status">
                    { i18n.text("kiosk-not-enrolled") }{ " " }
                    <Link<Route> to={Route::Setup}>{ i18n.text("kiosk-enrol-link") }</Link<Route>>
                </p>
            }
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

/// `/kiosk`: the kiosk provider has read the address already (the device is a kiosk from now on);
/// this replaces it by the welcome screen, so Back never returns to it.
#[component]
pub fn KioskEntry() -> Html {
    let navigator = use_navigator();
    use_effect_with((), move |()| {
        if let Some(navigator) = navigator {
            navigator.replace(&Route::Home);
        }
    });
    html! {}
}
