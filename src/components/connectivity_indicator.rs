//! Says whether the agency is reachable and, when not, since when; announced politely to screen
//! readers when it changes.

use fluent_bundle::FluentArgs;
use guichet_core::connectivity::Indicator;
use yew::prelude::*;

use crate::connectivity::use_connectivity;
use crate::i18n::use_i18n;

#[component]
pub fn ConnectivityIndicator() -> Html {
    let i18n = use_i18n();
    let indicator = use_connectivity().indicator();
    let (state, text) = match indicator {
        Indicator::Checking => ("checking", i18n.text("connectivity-checking")),
        Indicator::Online => ("online", i18n.text("connectivity-online")),
        Indicator::OfflineNeverContacted => ("offline", i18n.text("connectivity-offline")),
        Indicator::OfflineSince { minutes } => {
            let mut args = FluentArgs::new();
            args.set("minutes", minutes);
            ("offline", i18n.text_with("connectivity-offline-since", &args))
        }
    };
    html! {
        <p class={classes!("connectivity", state)} role="status" aria-live="polite" data-state={state}>
            <span class="connectivity-dot" aria-hidden="true"></span>
            { text }
        </p>
    }
}
