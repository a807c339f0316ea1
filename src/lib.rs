//! guichet's kiosk and phone app: a Yew single-page app that keeps working without a network.
//!
//! Architecture invariant: components never touch the network or storage directly; they read
//! contexts (`i18n`, `connectivity`) whose providers own the effects.

pub mod app;
pub mod browser;
pub mod components;
pub mod connectivity;
pub mod i18n;
pub mod kiosk;
pub mod offers;
pub mod outbox;
pub mod pages;
pub mod parts;
pub mod reference;
pub mod registration;
pub mod route;
pub mod scheduler;
pub mod storage;

/// Every module of the app (the three parts and the offers worker) allocates with Talc rather
/// than Rust's default for wasm, dlmalloc: as fast or faster in Talc's benchmarks and about
/// 3 KB smaller in each module (issue #12).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Mounts the app with the screens of one part (`S`, see [`parts`]) on `<body>`, registers the
/// service worker and asks for persistent storage.
pub fn start<S: app::Screens>() {
    browser::register_service_worker();
    browser::request_persistent_storage();
    match browser::app_root() {
        Some(root) => yew::Renderer::<app::App<S>>::with_root(root).render(),
        None => yew::Renderer::<app::App<S>>::new().render(),
    };
}
