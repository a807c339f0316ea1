//! The app's addresses. Each works as a deep link, online or offline (the server and the service
//! worker answer every navigation with the app shell).

use yew_router::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/offers")]
    Offers,
    /// One offer; works offline from the device's copy.
    #[at("/offers/:id")]
    Offer { id: String },
    /// The kiosk entry point agencies give Chromium's `--kiosk` mode: the device is a kiosk from
    /// then on, whatever its storage held; the page itself goes on to the welcome screen.
    #[at("/kiosk")]
    Kiosk,
    #[at("/register")]
    Register,
    /// Device setup: enrolment with a one-time code from the agency.
    #[at("/setup")]
    Setup,
    /// What this device has sent, and what still waits.
    #[at("/outbox")]
    Outbox,
    /// The receipt of one submitted registration.
    #[at("/receipt/:client_id")]
    Receipt { client_id: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// The parts of the app. Each is a wasm module of its own (`src/main.rs` and
/// `src/bin/guichet_*.rs`, see `crate::app::Screens`) holding only its screens, so that a first
/// visit downloads the part it opens and not the others. The page's loader (index.html) picks the
/// module from the address's first segment by the same rule as [`Route::part`]; moving from one
/// part to another is a full navigation, answered offline by the service worker like any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The welcome screen, the kiosk entry, device setup, the outbox and receipts.
    Home,
    /// The offers list and one offer.
    Offers,
    /// The registration wizard.
    Register,
}

impl Part {
    /// Every part, as the loader names them.
    pub const ALL: [Part; 3] = [Part::Home, Part::Offers, Part::Register];

    /// The wasm module (Trunk's name for the binary) that holds this part.
    pub fn module(self) -> &'static str {
        match self {
            Part::Home => "guichet",
            Part::Offers => "guichet_offers",
            Part::Register => "guichet_register",
        }
    }

    /// The address's first segment that selects this part in the loader; `None` for the home
    /// part, which takes every other address (the unknown ones too).
    pub fn segment(self) -> Option<&'static str> {
        match self {
            Part::Home => None,
            Part::Offers => Some("offers"),
            Part::Register => Some("register"),
        }
    }

    /// The part the loader loads at `path` (an address's path, `/offers/12`): the one its first
    /// segment names, or the home part.
    pub fn for_path(path: &str) -> Part {
        let first = path.strip_prefix('/').unwrap_or(path).split('/').next();
        Part::ALL.into_iter().find(|part| part.segment() == first).unwrap_or(Part::Home)
    }
}

impl Route {
    /// The part whose module shows this route.
    pub fn part(&self) -> Part {
        match self {
            Route::Offers | Route::Offer { .. } => Part::Offers,
            Route::Register => Part::Register,
            Route::Home
            | Route::Kiosk
            | Route::Setup
            | Route::Outbox
            | Route::Receipt { .. }
            | Route::NotFound => Part::Home,
        }
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::*;

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Every route's address loads the part that shows it: the loader's rule
    /// ([`Part::for_path`]) and [`Route::part`] agree.
    #[wasm_bindgen_test]
    fn each_routes_address_loads_its_part() {
        let routes = [
            Route::Home,
            Route::Offers,
            Route::Offer { id: "o-12".to_owned() },
            Route::Kiosk,
            Route::Register,
            Route::Setup,
            Route::Outbox,
            Route::Receipt { client_id: "c-1".to_owned() },
            Route::NotFound,
        ];
        for route in routes {
            assert_eq!(Part::for_path(&route.to_path()), route.part(), "{route:?}");
        }
        // Unknown addresses: the part their first segment names, else the home part.
        assert_eq!(Part::for_path("/offers/12/more"), Part::Offers);
        assert_eq!(Part::for_path("/register/more"), Part::Register);
        assert_eq!(Part::for_path("/registered"), Part::Home);
        assert_eq!(Part::for_path("/constructor"), Part::Home);
        assert_eq!(Part::for_path(""), Part::Home);
        let modules: Vec<&str> = Part::ALL.into_iter().map(Part::module).collect();
        assert_eq!(modules, ["guichet", "guichet_offers", "guichet_register"]);
    }
}
