//! "Updated N minutes ago · N offers": how fresh the device's copy is. Re-renders every half
//! minute so the age stays true on a kiosk left open.

use fluent_bundle::FluentArgs;
use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::browser;
use crate::i18n::use_i18n;
use crate::offers::{Phase, use_offers};

const REFRESH_MS: u32 = 30_000;

#[component]
pub fn SyncStatus() -> Html {
    let i18n = use_i18n();
    let offers = use_offers();
    let refresh = use_force_update();
    use_effect_with((), move |_| {
        let interval = Interval::new(REFRESH_MS, move || refresh.force_update());
        move || drop(interval)
    });
    if offers.status.phase != Phase::Ready {
        return html! {};
    }
    let now = browser::now();
    let mut count = FluentArgs::new();
    count.set("count", offers.current_count(now));
    let updated = match offers.status.synced_at {
        Some(at) => {
            let mut args = FluentArgs::new();
            args.set("minutes", now.saturating_since(at).as_secs() / 60);
            i18n.text_with("offers-updated", &args)
        }
        None => i18n.text("offers-never-updated"),
    };
    let state = if offers.status.syncing {
        "syncing"
    } else if offers.status.last_sync_failed {
        "failed"
    } else {
        "current"
    };
    html! {
        <p class="offers-sync-status" data-state={state}>
            <span class="offers-updated">{ updated }</span>
            { " · " }
            <span class="offers-count">{ i18n.text_with("offers-count", &count) }</span>
            if offers.status.syncing {
                { " · " }
                <span class="offers-syncing">{ i18n.text("offers-syncing") }</span>
            } else if offers.status.last_sync_failed {
                { " · " }
                <span class="offers-sync-failed">{ i18n.text("offers-sync-failed") }</span>
            }
        </p>
    }
}
