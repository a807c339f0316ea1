//! Everything this device has submitted and not yet purged: reference, state, next attempt and
//! last problem. No personal details, so it can be shown on a shared kiosk.

use fluent_bundle::FluentArgs;
use guichet_core::outbox::{EntryState, OutboxEntry, Rejection, SendFailure};
use yew::prelude::*;

use crate::browser;
use crate::i18n::{I18n, use_i18n};
use crate::outbox::{load, use_outbox};
use crate::storage::Database;

#[component]
pub fn OutboxPage() -> Html {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let entries = use_state(Vec::<OutboxEntry>::new);
    {
        let entries = entries.setter();
        use_effect_with(outbox.status.clone(), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(database) = Database::open().await {
                    let mut loaded = load(&database).await.unwrap_or_default();
                    database.close();
                    loaded.sort_by_key(|entry| std::cmp::Reverse(entry.submitted_at_ms));
                    entries.set(loaded);
                }
            });
        });
    }
    let rows = entries.iter().map(|entry| row(&i18n, entry));
    html! {
        <section class="outbox" aria-labelledby="outbox-title">
            <h1 id="outbox-title">{ i18n.text("outbox-title") }</h1>
            if outbox.status.paused {
                <p class="warning" role="alert">{ i18n.text("outbox-paused") }</p>
            }
            if entries.is_empty() {
                <p>{ i18n.text("outbox-empty") }</p>
            } else {
                <table class="outbox-table">
                    <thead>
                        <tr>
                            <th scope="col">{ i18n.text("outbox-column-reference") }</th>
                            <th scope="col">{ i18n.text("outbox-column-state") }</th>
                            <th scope="col">{ i18n.text("outbox-column-next-attempt") }</th>
                            <th scope="col">{ i18n.text("outbox-column-last-error") }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        </section>
    }
}

fn row(i18n: &I18n, entry: &OutboxEntry) -> Html {
    let (state, next_attempt, problem) = match &entry.state {
        EntryState::Queued { next_attempt_at, last_error, .. } => {
            let seconds = next_attempt_at.saturating_since(browser::now()).as_secs();
            let next = if seconds == 0 {
                i18n.text("outbox-next-attempt-now")
            } else {
                let mut args = FluentArgs::new();
                args.set("seconds", seconds);
                i18n.text_with("outbox-next-attempt-in", &args)
            };
            ("queued", next, last_error.as_ref().map(|error| failure_text(i18n, error)))
        }
        EntryState::Sending { last_error, .. } => {
            ("sending", String::new(), last_error.as_ref().map(|error| failure_text(i18n, error)))
        }
        EntryState::Confirmed { .. } => ("confirmed", String::new(), None),
        EntryState::Rejected { rejection, .. } => {
            ("rejected", String::new(), Some(rejection_text(i18n, rejection)))
        }
    };
    // A refused registration can be saved for the desk, on a personal device only: a file left
    // in a shared kiosk's downloads would outlive the visitor.
    let export = (state == "rejected" && !entry.submitted_on_kiosk).then(|| {
        let submission = entry.submission();
        let file_name = format!("guichet-{}.json", entry.reference);
        let onclick = Callback::from(move |_: MouseEvent| {
            let text = serde_json::to_string_pretty(&submission).unwrap_or_default();
            browser::download_text(&file_name, "application/json", &text);
        });
        html! {
            <button type="button" class="button export" {onclick}>{ i18n.text("outbox-export") }</button>
        }
    });
    html! {
        <tr data-client-id={entry.client_id.clone()} data-state={state}>
            <td dir="ltr">{ entry.reference.clone() }</td>
            <td>{ i18n.text(&format!("outbox-state-{state}")) }</td>
            <td>{ next_attempt }</td>
            <td>{ problem.unwrap_or_default() }{ export }</td>
        </tr>
    }
}

fn failure_text(i18n: &I18n, failure: &SendFailure) -> String {
    let mut args = FluentArgs::new();
    match failure {
        SendFailure::Network => i18n.text("outbox-error-network"),
        SendFailure::Status { status } => {
            args.set("status", *status);
            i18n.text_with("outbox-error-status", &args)
        }
        SendFailure::NotAuthorized { .. } => i18n.text("outbox-error-not-authorized"),
    }
}

fn rejection_text(i18n: &I18n, rejection: &Rejection) -> String {
    let mut args = FluentArgs::new();
    match rejection {
        Rejection::Invalid { fields } => {
            args.set("fields", fields.join(", "));
            i18n.text_with("outbox-rejection-invalid", &args)
        }
        Rejection::Conflict => i18n.text("outbox-rejection-conflict"),
        Rejection::Status { status } => {
            args.set("status", *status);
            i18n.text_with("outbox-rejection-status", &args)
        }
    }
}
