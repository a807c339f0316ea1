//! The app's addresses. Each works as a deep link, online or offline (the server and the service
//! worker answer every navigation with the app shell).

use yew_router::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/offers")]
    Offers,
    #[at("/register")]
    Register,
    #[not_found]
    #[at("/404")]
    NotFound,
}
