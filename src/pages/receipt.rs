//! The receipt: the reference, large, and a QR code of the full client id (so the desk finds
//! exactly this submission), in the visitor's language, and whether it has reached the agency
//! yet. It exists offline from the moment of submission.

use guichet_core::receipt::{Reference, qr_text};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::use_i18n;
use crate::kiosk::use_device;
use crate::outbox::{EntryView, Receipt, ReceiptLookup, StateView, use_outbox};
use crate::route::Route;

#[derive(Debug, Properties, PartialEq)]
pub struct ReceiptPageProps {
    pub client_id: String,
}

/// What the page knows about one submission.
#[derive(Debug, Clone, PartialEq)]
enum Loaded {
    Loading,
    Missing,
    /// The offers worker, which owns the outbox store, could not answer.
    Unreadable,
    Found {
        reference: String,
        state: ReceiptState,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ReceiptState {
    Waiting,
    Confirmed,
    Rejected,
}

#[component]
pub fn ReceiptPage(props: &ReceiptPageProps) -> Html {
    let i18n = use_i18n();
    let loaded = use_state(|| Loaded::Loading);
    // Reload whenever the outbox status changes (the entry may just have been confirmed).
    let outbox = use_outbox();
    let status = outbox.status.clone();
    // On a kiosk, only the present visitor's receipt shows: one reached by Back after a wipe, or
    // by its address, belongs to someone gone.
    let device = use_device();
    let visitor = device.is_kiosk().then_some(device.present_visitor);
    {
        let loaded = loaded.setter();
        use_effect_with(
            (props.client_id.clone(), status, visitor),
            move |(client_id, _, visitor)| {
                let client_id = client_id.clone();
                let visitor = *visitor;
                wasm_bindgen_futures::spawn_local(async move {
                    loaded.set(match outbox.find(&client_id).await {
                        Ok(ReceiptLookup { entry, receipt }) => {
                            let submitted_at = entry
                                .as_ref()
                                .map(|entry| entry.submitted_at_ms)
                                .or(receipt.as_ref().map(|receipt| receipt.submitted_at_ms));
                            let theirs = match (visitor, submitted_at) {
                                (None, _) => true,
                                (Some(visitor), Some(at)) => visitor.owns(at),
                                (Some(_), None) => false,
                            };
                            if theirs {
                                describe(entry.as_ref(), receipt.as_ref())
                            } else {
                                Loaded::Missing
                            }
                        }
                        Err(_) => Loaded::Unreadable,
                    });
                });
            },
        );
    }
    let (reference, state) = match &*loaded {
        Loaded::Loading => return html! {},
        Loaded::Missing => {
            return html! {
                <section class="notice">
                    <h1>{ i18n.text("receipt-title") }</h1>
                    <p>{ i18n.text("receipt-not-found") }</p>
                </section>
            };
        }
        Loaded::Unreadable => {
            return html! {
                <section class="notice">
                    <h1>{ i18n.text("receipt-title") }</h1>
                    <p class="warning receipt-unavailable" role="alert">{ i18n.text("receipt-unavailable") }</p>
                </section>
            };
        }
        Loaded::Found { reference, state } => (reference.clone(), *state),
    };
    let displayed =
        Reference::parse(&reference).map(|parsed| parsed.to_string()).unwrap_or(reference);
    let state_text = i18n.text(match state {
        ReceiptState::Waiting => "receipt-state-waiting",
        ReceiptState::Confirmed => "receipt-state-confirmed",
        ReceiptState::Rejected => "receipt-state-rejected",
    });
    let state_name = match state {
        ReceiptState::Waiting => "waiting",
        ReceiptState::Confirmed => "confirmed",
        ReceiptState::Rejected => "rejected",
    };
    html! {
        <section class="receipt" aria-labelledby="receipt-title">
            <h1 id="receipt-title">{ i18n.text("receipt-title") }</h1>
            <p class="receipt-label">{ i18n.text("receipt-reference-label") }</p>
            <p class="receipt-reference" dir="ltr" lang="en" data-reference={displayed.clone()}>{ displayed.clone() }</p>
            <figure class="receipt-qr" role="img" aria-label={i18n.text("receipt-qr-label")} data-qr={qr_text(&props.client_id)}>
                { qr_svg(&qr_text(&props.client_id)) }
            </figure>
            <p class={classes!("receipt-state", state_name)} role="status" aria-live="polite" data-state={state_name}>
                { state_text }
            </p>
            <p>{ i18n.text("receipt-instructions") }</p>
            <Link<Route> to={Route::Outbox} classes="button">{ i18n.text("receipt-see-outbox") }</Link<Route>>
        </section>
    }
}

fn describe(entry: Option<&EntryView>, receipt: Option<&Receipt>) -> Loaded {
    if let Some(entry) = entry {
        let state = match &entry.state {
            StateView::Queued { .. } | StateView::Sending { .. } => ReceiptState::Waiting,
            StateView::Confirmed => ReceiptState::Confirmed,
            StateView::Rejected(_) => ReceiptState::Rejected,
        };
        return Loaded::Found { reference: entry.reference.clone(), state };
    }
    match receipt {
        Some(receipt) => {
            Loaded::Found { reference: receipt.reference.clone(), state: ReceiptState::Confirmed }
        }
        None => Loaded::Missing,
    }
}

/// `text` as an SVG QR code, drawn by the `qrcode` crate (which picks the alphanumeric mode for
/// our upper-case text).
fn qr_svg(text: &str) -> Html {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else { return html! {} };
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Html::from_html_unchecked(AttrValue::from(svg))
}
