//! The app's addresses. Each works as a deep link, online or offline (the server and the service
//! worker answer every navigation with the app shell).

use std::collections::HashMap;

use yew_router::Routable;

/// Every address of the app; anything else is [`Route::NotFound`].
///
/// [`Routable`] is implemented by hand rather than derived: the derive matches addresses with
/// `route_recognizer`'s general router, 9.4 KB of every part's wasm (issue #12) for these nine
/// fixed shapes of at most two segments. The rules are the derive's: a trailing slash is ignored,
/// a parameter is one non-empty segment, percent-decoded when read and encoded when written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`
    Home,
    /// `/offers`
    Offers,
    /// `/offers/:id`: one offer; works offline from the device's copy.
    Offer { id: String },
    /// `/kiosk`: the kiosk entry point agencies give Chromium's `--kiosk` mode: the device is a
    /// kiosk from then on, whatever its storage held; the page itself goes on to the welcome
    /// screen.
    Kiosk,
    /// `/register`
    Register,
    /// `/setup`: device setup, enrolment with a one-time code from the agency.
    Setup,
    /// `/outbox`: what this device has sent, and what still waits.
    Outbox,
    /// `/receipt/:client_id`: the receipt of one submitted registration.
    Receipt { client_id: String },
    /// `/404`, and every address that is none of the above.
    NotFound,
}

/// A parameter's segment percent-decoded; `None` when it is empty or not UTF-8 once decoded.
fn decoded(segment: &str) -> Option<String> {
    urlencoding::decode(segment).ok().map(|text| text.into_owned()).filter(|text| !text.is_empty())
}

impl Routable for Route {
    /// Only the derive's own matcher calls this (yew-router asks [`Routable::recognize`]): the
    /// pattern with its parameters put in, recognised as an address.
    fn from_path(path: &str, params: &HashMap<&str, &str>) -> Option<Self> {
        let address: Option<Vec<&str>> = path
            .split('/')
            .map(|segment| {
                segment.strip_prefix(':').map_or(Some(segment), |name| params.get(name).copied())
            })
            .collect();
        Self::recognize(&address?.join("/"))
    }

    fn to_path(&self) -> String {
        match self {
            Route::Offer { id } => format!("/offers/{}", urlencoding::encode(id)),
            Route::Receipt { client_id } => format!("/receipt/{}", urlencoding::encode(client_id)),
            Route::Home => "/".to_owned(),
            Route::Offers => "/offers".to_owned(),
            Route::Kiosk => "/kiosk".to_owned(),
            Route::Register => "/register".to_owned(),
            Route::Setup => "/setup".to_owned(),
            Route::Outbox => "/outbox".to_owned(),
            Route::NotFound => "/404".to_owned(),
        }
    }

    fn routes() -> Vec<&'static str> {
        vec![
            "/",
            "/offers",
            "/offers/:id",
            "/kiosk",
            "/register",
            "/setup",
            "/outbox",
            "/receipt/:client_id",
            "/404",
        ]
    }

    fn not_found_route() -> Option<Self> {
        Some(Route::NotFound)
    }

    fn recognize(pathname: &str) -> Option<Self> {
        let path = pathname.strip_suffix('/').unwrap_or(pathname);
        let segments: Vec<&str> = path.split('/').collect();
        let route = match segments.as_slice() {
            [""] => Some(Route::Home),
            ["", "offers"] => Some(Route::Offers),
            ["", "offers", id] => decoded(id).map(|id| Route::Offer { id }),
            ["", "kiosk"] => Some(Route::Kiosk),
            ["", "register"] => Some(Route::Register),
            ["", "setup"] => Some(Route::Setup),
            ["", "outbox"] => Some(Route::Outbox),
            ["", "receipt", client_id] => {
                decoded(client_id).map(|client_id| Route::Receipt { client_id })
            }
            _ => None,
        };
        Some(route.unwrap_or(Route::NotFound))
    }
}

/// The parts of the app, each a wasm module of its own (`src/main.rs` and `src/bin/guichet_*.rs`,
/// see `crate::app::Screens`): the rule that picks one for an address lives in the core, which the
/// server shares to preload the part's messages file. Moving from one part to another is a full
/// navigation, answered offline by the service worker like any other.
pub use guichet_core::parts::Part;

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
            assert_eq!(Route::recognize(&route.to_path()), Some(route.clone()));
            if route != Route::Home {
                let with_slash = format!("{}/", route.to_path());
                assert_eq!(Route::recognize(&with_slash), Some(route.clone()));
            }
        }
    }

    /// Parameters are one non-empty segment, percent-decoded; a trailing slash is ignored;
    /// anything else is not found.
    #[wasm_bindgen_test]
    fn addresses_are_recognised_by_their_shape() {
        let offer = |id: &str| Some(Route::Offer { id: id.to_owned() });
        assert_eq!(Route::recognize("/offers/o-12"), offer("o-12"));
        assert_eq!(Route::recognize("/offers/a%20b%2Fc"), offer("a b/c"));
        assert_eq!(Route::to_path(&Route::Offer { id: "a b/c".to_owned() }), "/offers/a%20b%2Fc");
        assert_eq!(
            Route::recognize("/receipt/c-1"),
            Some(Route::Receipt { client_id: "c-1".to_owned() })
        );
        let not_found = Some(Route::NotFound);
        for unknown in [
            "/offers/o-12/more",
            "/offers//",
            "/receipt",
            "/registered",
            "/Register",
            "/outbox/1",
            "/kiosk/x/y",
            "//",
            "/offers/%FF",
        ] {
            assert_eq!(Route::recognize(unknown), not_found, "{unknown}");
        }
        assert_eq!(Route::recognize(""), Some(Route::Home));
        assert_eq!(Route::recognize("/"), Some(Route::Home));
        for pattern in Route::routes() {
            let params = HashMap::from([("id", "o-12"), ("client_id", "c-1")]);
            let address = pattern.replace(":id", "o-12").replace(":client_id", "c-1");
            let route = Route::from_path(pattern, &params);
            assert_eq!(route, Route::recognize(&address), "{pattern}");
            assert_eq!(route.map(|route| route.to_path()), Some(address), "{pattern}");
        }
    }
}
