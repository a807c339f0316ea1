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
