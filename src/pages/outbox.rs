//! Everything this device has submitted and not yet purged: reference, state, next attempt and
//! last problem, then the records it can no longer read ("cannot be read"). No personal details,
//! so it can be shown on a shared kiosk; the exports, which hold them, are for personal devices.
//! Everything comes from the offers worker, which owns the outbox's store, through
//! `crate::outbox::use_outbox_listing`: this page never opens storage.

use fluent_bundle::FluentArgs;
use guichet_core::receipt::Reference;
use yew::prelude::*;

use crate::browser;
use crate::i18n::{I18n, use_i18n};
use crate::kiosk::use_device;
use crate::outbox::{
    EntryView, FailureView, Quarantined, RejectionView, StateView, use_outbox, use_outbox_listing,
};

#[component]
pub fn OutboxPage() -> Html {
    let i18n = use_i18n();
    let outbox = use_outbox();
    // Read afresh on opening (the sender may run in another tab), and while open.
    let listing = use_outbox_listing();
    let kiosk = use_device().is_kiosk();
    let rows = listing.entries.iter().map(|entry| row(&i18n, entry, &listing.retry));
    let unreadable = listing.quarantined.iter().map(|record| unreadable_row(&i18n, record, kiosk));
    html! {
        <section class="outbox" aria-labelledby="outbox-title">
            <h1 id="outbox-title">{ i18n.text("outbox-title") }</h1>
            if outbox.status.paused {
                <p class="warning" role="alert">{ i18n.text("outbox-paused") }</p>
            }
            if listing.unreadable {
                <p class="warning outbox-unavailable" role="alert">{ i18n.text("outbox-unavailable") }</p>
            } else if listing.entries.is_empty() && listing.quarantined.is_empty() {
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
                    <tbody>{ for rows }{ for unreadable }</tbody>
                </table>
            }
        </section>
    }
}

fn row(i18n: &I18n, entry: &EntryView, retry: &Callback<String>) -> Html {
    let state = entry.state_name();
    let (next_attempt, problem) = match &entry.state {
        StateView::Queued { next_attempt_at, last_error } => {
            let seconds = next_attempt_at.saturating_since(browser::now()).as_secs();
            let next = if seconds == 0 {
                i18n.text("outbox-next-attempt-now")
            } else {
                let mut args = FluentArgs::new();
                args.set("seconds", seconds);
                i18n.text_with("outbox-next-attempt-in", &args)
            };
            (next, last_error.map(|error| failure_text(i18n, error)))
        }
        StateView::Sending { last_error } => {
            (String::new(), last_error.map(|error| failure_text(i18n, error)))
        }
        StateView::Confirmed => (String::new(), None),
        StateView::Rejected(rejection) => (String::new(), Some(rejection_text(i18n, rejection))),
    };
    // A refused entry can be exported on a personal device (the worker gives the file only
    // there): a file in a shared kiosk's downloads would outlive the visitor.
    let export = entry.export.clone().map(|text| {
        let file_name = format!("guichet-{}.json", entry.reference);
        let onclick = Callback::from(move |_: MouseEvent| {
            browser::download_text(&file_name, "application/json", &text);
        });
        html! {
            <button type="button" class="button export" {onclick}>{ i18n.text("outbox-export") }</button>
        }
    });
    let try_again = (state == "rejected").then(|| {
        let onclick = retry.reform({
            let client_id = entry.client_id.clone();
            move |_: MouseEvent| client_id.clone()
        });
        html! {
            <button type="button" class="button retry" {onclick}>{ i18n.text("outbox-retry") }</button>
        }
    });
    html! {
        <tr data-client-id={entry.client_id.clone()} data-state={state}>
            <td dir="ltr">{ entry.reference.clone() }</td>
            <td>{ i18n.text(&format!("outbox-state-{state}")) }</td>
            <td>{ next_attempt }</td>
            <td>{ problem.unwrap_or_default() }{ try_again }{ export }</td>
        </tr>
    }
}

fn unreadable_row(i18n: &I18n, record: &Quarantined, kiosk: bool) -> Html {
    let reference = uuid::Uuid::parse_str(&record.key)
        .map(|id| Reference::derive(id.into_bytes(), 0).as_str().to_owned())
        .unwrap_or_default();
    let export = (!kiosk).then(|| {
        let raw = record.raw.clone();
        // Named after its reference when it has one, like the refused registration's file.
        let name = Some(reference.as_str()).filter(|reference| !reference.is_empty());
        let file_name = format!("guichet-unreadable-{}.json", name.unwrap_or("entry"));
        let onclick = Callback::from(move |_: MouseEvent| {
            browser::download_text(&file_name, "application/json", &raw);
        });
        html! {
            <button type="button" class="button export" {onclick}>{ i18n.text("outbox-export") }</button>
        }
    });
    html! {
        <tr data-key={record.key.clone()} data-state="unreadable">
            <td dir="ltr">{ reference }</td>
            <td>{ i18n.text("outbox-state-unreadable") }</td>
            <td></td>
            <td>{ i18n.text("outbox-unreadable-problem") }{ export }</td>
        </tr>
    }
}

fn failure_text(i18n: &I18n, failure: FailureView) -> String {
    let mut args = FluentArgs::new();
    match failure {
        FailureView::Network => i18n.text("outbox-error-network"),
        FailureView::Status(status) => {
            args.set("status", status);
            i18n.text_with("outbox-error-status", &args)
        }
        FailureView::NotAuthorized => i18n.text("outbox-error-not-authorized"),
    }
}

fn rejection_text(i18n: &I18n, rejection: &RejectionView) -> String {
    let mut args = FluentArgs::new();
    match rejection {
        RejectionView::Invalid(fields) => {
            args.set("fields", fields.join(", "));
            i18n.text_with("outbox-rejection-invalid", &args)
        }
        RejectionView::Conflict => i18n.text("outbox-rejection-conflict"),
        RejectionView::Status(status) => {
            args.set("status", *status);
            i18n.text_with("outbox-rejection-status", &args)
        }
    }
}
