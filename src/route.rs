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
    #[at("/register")]
    Register,
    /// Device setup (kiosk or personal mode), behind a PIN.
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
