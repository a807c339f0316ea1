//! The root component: providers (language, connectivity), router, and the page frame.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::browser;
use crate::components::footer::Footer;
use crate::components::header::Header;
use crate::connectivity::ConnectivityProvider;
use crate::i18n::{I18n, Language, Translator};
use crate::kiosk::KioskProvider;
use crate::offers::OffersProvider;
use crate::outbox::OutboxProvider;
use crate::pages::home::{Home, KioskEntry};
use crate::pages::not_found::NotFound;
use crate::pages::offers::OffersPage;
use crate::pages::offers::detail::OfferDetail;
use crate::pages::outbox::OutboxPage;
use crate::pages::receipt::ReceiptPage;
use crate::pages::register::Register;
use crate::pages::setup::Setup;
use crate::route::Route;

#[component]
pub fn App() -> Html {
    let translator = use_state(|| {
        let stored = browser::stored_language();
        Rc::new(Translator::new(Language::negotiate(
            stored.as_deref(),
            &browser::browser_languages(),
        )))
    });
    let set_language = {
        let translator = translator.setter();
        Callback::from(move |language: Language| {
            browser::store_language(language);
            translator.set(Rc::new(Translator::new(language)));
        })
    };
    {
        let translator = Rc::clone(&translator);
        use_effect_with(translator.language(), move |language| {
            browser::apply_language(*language, &translator.text("app-title"));
        });
    }
    let i18n = I18n { translator: Rc::clone(&translator), set_language };

    html! {
        <ContextProvider<I18n> context={i18n}>
            <ConnectivityProvider>
            <OffersProvider>
            <OutboxProvider>
                <BrowserRouter>
                    <KioskProvider>
                        <Header />
                        <main id="main" class="page" tabindex="-1">
                            <Switch<Route> render={switch} />
                        </main>
                        <Footer />
                    </KioskProvider>
                </BrowserRouter>
            </OutboxProvider>
            </OffersProvider>
            </ConnectivityProvider>
        </ContextProvider<I18n>>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Kiosk => html! { <KioskEntry /> },
        Route::Offers => html! { <OffersPage /> },
        Route::Offer { id } => html! { <OfferDetail {id} /> },
        Route::Register => html! { <Register /> },
        Route::Setup => html! { <Setup /> },
        Route::Outbox => html! { <OutboxPage /> },
        Route::Receipt { client_id } => html! { <ReceiptPage {client_id} /> },
        Route::NotFound => html! { <NotFound /> },
    }
}
