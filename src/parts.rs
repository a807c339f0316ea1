//! The screens of each part of the app (see [`crate::route::Part`]): what each part's binary
//! mounts with [`crate::start`]. A screen listed in one part only is in that part's module only.

use yew::prelude::*;

use crate::app::Screens;
use crate::pages::elsewhere::Elsewhere;
use crate::pages::home::{Home, KioskEntry};
use crate::pages::not_found::NotFound;
use crate::pages::offers::OffersPage;
use crate::pages::offers::detail::OfferDetail;
use crate::pages::outbox::OutboxPage;
use crate::pages::receipt::ReceiptPage;
use crate::pages::register::Register;
use crate::pages::setup::Setup;
use crate::reference::ReferenceProvider;
use crate::route::{Part, Route};

/// The welcome screen, the kiosk entry, device setup, the outbox and receipts (`src/main.rs`).
#[derive(Debug)]
pub struct HomeScreens;

impl Screens for HomeScreens {
    const PART: Part = Part::Home;

    fn screen(route: Route) -> Html {
        match route {
            Route::Home => html! { <Home /> },
            Route::Kiosk => html! { <KioskEntry /> },
            Route::Setup => html! { <Setup /> },
            Route::Outbox => html! { <OutboxPage /> },
            Route::Receipt { client_id } => html! { <ReceiptPage {client_id} /> },
            Route::NotFound => html! { <NotFound /> },
            Route::Offers | Route::Offer { .. } | Route::Register => elsewhere::<Self>(),
        }
    }
}

/// The offers list and one offer (`src/bin/guichet_offers.rs`).
#[derive(Debug)]
pub struct OffersScreens;

impl Screens for OffersScreens {
    const PART: Part = Part::Offers;

    fn screen(route: Route) -> Html {
        match route {
            Route::Offers => html! { <OffersPage /> },
            Route::Offer { id } => html! { <OfferDetail {id} /> },
            _ => elsewhere::<Self>(),
        }
    }

    fn frame(screens: Html) -> Html {
        html! { <ReferenceProvider>{ screens }</ReferenceProvider> }
    }
}

/// The registration wizard (`src/bin/guichet_register.rs`).
#[derive(Debug)]
pub struct RegisterScreens;

impl Screens for RegisterScreens {
    const PART: Part = Part::Register;

    fn screen(route: Route) -> Html {
        match route {
            Route::Register => html! { <Register /> },
            _ => elsewhere::<Self>(),
        }
    }

    fn frame(screens: Html) -> Html {
        html! { <ReferenceProvider>{ screens }</ReferenceProvider> }
    }
}

fn elsewhere<S: Screens>() -> Html {
    html! { <Elsewhere part={S::PART} /> }
}
