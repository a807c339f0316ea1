//! The root component: providers (language, connectivity, offers worker, outbox, kiosk), router,
//! and the page frame, around the screens of one part of the app ([`Screens`]).
//!
//! Each part's binary mounts `App<ItsScreens>`: the frame is the same in every part, the screens
//! differ, so each module holds only its own (see [`crate::route::Part`]). A route of another
//! part is reached by loading that part's page.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::browser;
use crate::components::footer::Footer;
use crate::components::header::Header;
use crate::connectivity::ConnectivityProvider;
use crate::i18n::{self, I18n, Language, Translator};
use crate::kiosk::KioskProvider;
use crate::offers::OffersProvider;
use crate::outbox::OutboxProvider;
use crate::route::{Part, Route};

/// The screens of one part of the app.
pub trait Screens: 'static {
    /// The part these screens are.
    const PART: Part;

    /// The screen of `route`: one of this part's routes (`route.part() == Self::PART`), or one
    /// it also shows so as not to load another page at that moment; for any other,
    /// `pages::elsewhere::Elsewhere`, which loads the page of the part that shows it.
    fn screen(route: Route) -> Html;

    /// What this part's screens need around them beyond the common frame (the reference lists,
    /// for the parts that show places and occupations).
    fn frame(screens: Html) -> Html {
        screens
    }
}

#[component]
pub fn App<S: Screens>() -> Html {
    // The chosen language's messages, once loaded; `failed` when they could not be.
    let translator = use_state(|| None::<Rc<Translator>>);
    let failed = use_state(|| None::<Language>);
    let load_language = {
        let translator = translator.setter();
        let failed = failed.setter();
        Callback::from(move |(language, remember): (Language, bool)| {
            let translator = translator.clone();
            let failed = failed.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match i18n::load(language, S::PART).await {
                    Ok(loaded) => {
                        if remember {
                            browser::store_language(language);
                        }
                        failed.set(None);
                        translator.set(Some(Rc::new(loaded)));
                    }
                    Err(error) => {
                        web_sys::console::warn_1(&error.to_string().into());
                        failed.set(Some(language));
                    }
                }
            });
        })
    };
    {
        let load_language = load_language.clone();
        use_effect_with((), move |()| {
            let stored = browser::stored_language();
            let language = Language::negotiate(stored.as_deref(), &browser::browser_languages());
            load_language.emit((language, false));
        });
    }
    {
        let translator = translator.clone();
        use_effect_with(translator.as_ref().map(|loaded| loaded.language()), move |language| {
            if let (Some(language), Some(loaded)) = (language, translator.as_ref()) {
                browser::apply_language(*language, &loaded.text("app-title"));
            }
        });
    }
    {
        // The server's first paint stays until the app has a screen of its own to show, the
        // messages' failure included; hidden in the same frame as that screen appears.
        let shown = translator.is_some() || failed.is_some();
        use_effect_with(shown, move |shown| {
            if *shown {
                browser::retire_first_paint();
            }
        });
    }
    let Some(loaded) = (*translator).clone() else {
        // Before the messages arrive (a moment; the service worker answers offline), or when
        // they cannot: the one compiled-in message, in every language. Hidden (no box) while
        // loading, so the screen that replaces it is laid out anew rather than moved.
        return html! {
            <main id="main" class="page" aria-busy={failed.is_none().to_string()}
                hidden={failed.is_none()}>
                if failed.is_some() {
                    { for Language::ALL.into_iter().map(|language| html! {
                        <p role="alert" lang={language.tag()} dir={language.direction()}>
                            { language.messages_unavailable() }
                        </p>
                    }) }
                }
            </main>
        };
    };
    let set_language =
        Callback::from(move |language: Language| load_language.emit((language, true)));
    let i18n = I18n { translator: loaded, set_language };

    html! {
        <ContextProvider<I18n> context={i18n}>
            <ConnectivityProvider>
            <OffersProvider>
            <OutboxProvider>
                <BrowserRouter>
                    <KioskProvider>
                        <Header />
                        // Which module shows the page, for the end-to-end tests to tell a
                        // page loaded after a move to another part from the one before it.
                        <main id="main" class="page" tabindex="-1" data-part={S::PART.module()}>
                            { S::frame(html! { <Switch<Route> render={S::screen} /> }) }
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
