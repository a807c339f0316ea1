//! In the header: how many registrations wait on this device and when the last one reached the
//! agency, and, when the agency refused this kiosk's credential, that staff must enrol it again
//! (a link to `/setup`). Shows nothing when nothing was ever sent from here.

use fluent_bundle::FluentArgs;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::browser;
use crate::i18n::use_i18n;
use crate::kiosk::use_device;
use crate::outbox::use_outbox;
use crate::route::Route;

#[component]
pub fn OutboxIndicator() -> Html {
    let i18n = use_i18n();
    let status = use_outbox().status;
    let refused = status.paused || use_device().refused;
    let mut lines = Vec::new();
    if status.pending > 0 {
        let mut args = FluentArgs::new();
        args.set("count", status.pending);
        lines.push(i18n.text_with("outbox-header-pending", &args));
    }
    if let Some(confirmed_at) = status.last_confirmed_at {
        let mut args = FluentArgs::new();
        args.set("minutes", browser::now().saturating_since(confirmed_at).as_secs() / 60);
        lines.push(i18n.text_with("outbox-header-last-confirmed", &args));
    }
    let enrol_again = refused.then(|| {
        html! {
            <Link<Route> to={Route::Setup} classes="outbox-indicator enrol-again">
                <span role="status">{ i18n.text("kiosk-enrol-again") }</span>
            </Link<Route>>
        }
    });
    if lines.is_empty() {
        return enrol_again.unwrap_or_default();
    }
    html! {
        <>
            { enrol_again }
            <Link<Route> to={Route::Outbox} classes="outbox-indicator">
                <span data-pending={status.pending.to_string()}>{ lines.join(" · ") }</span>
            </Link<Route>>
        </>
    }
}
