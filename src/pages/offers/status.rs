//! "Updated N minutes ago · N offers": how fresh the device's copy is, and during a first sync
//! how many offers have arrived out of how many. Re-renders every half minute so the age stays
//! true on a kiosk left open.

use fluent_bundle::FluentArgs;
use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::browser;
use crate::i18n::{I18n, use_i18n};
use crate::offers::sync::Progress;
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
        // The line's place is kept while storage opens, so the search and the list below do not
        // jump down when it appears (a layout shift Lighthouse counts).
        return html! { <p class="offers-sync-placeholder" aria-hidden="true"></p> };
    }
    let now = browser::now();
    let mut count = FluentArgs::new();
    count.set("count", offers.current_count());
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
            if let Some(progress) = offers.status.first_sync {
                { " · " }
                { first_sync_progress(&i18n, progress) }
            } else if offers.status.syncing {
                { " · " }
                <span class="offers-syncing">{ i18n.text("offers-syncing") }</span>
            } else if offers.status.last_sync_failed {
                { " · " }
                <span class="offers-sync-failed">{ i18n.text("offers-sync-failed") }</span>
            }
        </p>
    }
}

/// "Offers received: 12,000 of 100,000…", with a bar when the total is known. The text is a polite
/// live region: screen readers hear it as it grows.
fn first_sync_progress(i18n: &I18n, progress: Progress) -> Html {
    let mut args = FluentArgs::new();
    let language = i18n.language();
    args.set("received", language.group_digits(progress.received));
    let text = match progress.total {
        Some(total) => {
            args.set("total", language.group_digits(total));
            i18n.text_with("offers-first-sync-progress", &args)
        }
        None => i18n.text_with("offers-first-sync-received", &args),
    };
    html! {
        <span class="offers-progress">
            <span class="offers-progress-text" role="status">{ text }</span>
            if let Some(total) = progress.total {
                <progress
                    aria-hidden="true"
                    max={total.max(1).to_string()}
                    value={progress.received.to_string()}
                />
            }
        </span>
    }
}
