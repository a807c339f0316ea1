//! guichet's kiosk and phone app: a Yew single-page app that keeps working without a network.
//!
//! Architecture invariant: components never touch the network or storage directly; they read
//! contexts (`i18n`, `connectivity`) whose providers own the effects.

pub mod app;
pub mod browser;
pub mod components;
pub mod connectivity;
pub mod i18n;
pub mod pages;
pub mod route;

/// Mounts the app on `<body>` and registers the service worker.
pub fn start() {
    browser::register_service_worker();
    yew::Renderer::<app::App>::new().render();
}
