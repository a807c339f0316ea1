//! A route of another part of the app (see [`crate::route::Part`]), reached from this one by a
//! link, the back button or a wipe: that part's page is loaded.

use gloo::events::EventListener;
use guichet_core::connectivity::Status;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::browser;
use crate::connectivity::use_connectivity;
use crate::i18n::use_i18n;
use crate::pages::not_found::NotFound;
use crate::route::Part;

#[derive(Debug, Properties, PartialEq)]
pub struct ElsewhereProps {
    /// The part showing this page.
    pub part: Part,
}

/// Loads the page of the current address, whose part is another. Should the loader have picked
/// this part for it all the same (an address no part shows, such as `/offers/12/more`), it says
/// the address is unknown rather than loading the same page again. Offline on a device whose
/// service worker does not keep the app yet (a first visit whose connection dropped), loading
/// would end on the browser's error page: it says so instead, and loads the page once the agency
/// answers again.
#[component]
pub fn Elsewhere(props: &ElsewhereProps) -> Html {
    let i18n = use_i18n();
    // Read through the router, so that a move from one address of another part to the next
    // renders this again.
    let path = use_location().map_or_else(browser::path, |location| location.path().to_owned());
    let loads_here = Part::for_path(&path) == props.part;
    // Every hook is called at every render, whatever the browser says.
    let agency_unreachable = use_connectivity().connectivity.status() == Status::Offline;
    let offline = !browser::online() || agency_unreachable;
    let unreachable = offline && !browser::app_kept();
    use_effect_with((loads_here, unreachable), |(loads_here, unreachable)| {
        let mut back_online = None;
        if !loads_here {
            if *unreachable {
                // The agency answering again renders this anew; the network coming back
                // without a change the connectivity provider sees is heard here.
                let window = gloo::utils::window();
                back_online = Some(EventListener::new(&window, "online", |_| browser::reload()));
            } else {
                browser::reload();
            }
        }
        move || drop(back_online)
    });
    if loads_here {
        html! { <NotFound /> }
    } else if unreachable {
        html! {
            <section class="notice elsewhere-offline" role="status">
                <h1>{ i18n.text("elsewhere-offline-title") }</h1>
                <p>{ i18n.text("elsewhere-offline-body") }</p>
            </section>
        }
    } else {
        html! {}
    }
}
