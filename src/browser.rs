//! The few browser facilities the shell needs, each wrapped once so failures are handled in one
//! place: private modes and kiosks can refuse storage, and the app must keep working then.
//!
//! Nothing stored here is personal: the chosen language, when the agency last answered, and
//! whether the device is a kiosk.

use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;

use crate::i18n::Language;

const LANGUAGE_KEY: &str = "guichet.language";
const LAST_CONTACT_KEY: &str = "guichet.last-contact";
/// Set once the device was started at the kiosk entry point or known as a kiosk: a second
/// witness beside IndexedDB's settings, so losing one of them does not make a kiosk personal.
const KIOSK_KEY: &str = "guichet.kiosk";
/// The address agencies give Chromium's `--kiosk` mode.
pub const KIOSK_ENTRY_PATH: &str = "/kiosk";

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now() -> guichet_core::time::Timestamp {
    guichet_core::time::Timestamp(js_sys::Date::now().max(0.0) as u64)
}

pub fn stored_language() -> Option<String> {
    LocalStorage::get::<String>(LANGUAGE_KEY).ok()
}

pub fn store_language(language: Language) {
    // Failing to remember the choice only means asking again next time.
    let _ = LocalStorage::set(LANGUAGE_KEY, language.tag());
}

pub fn stored_last_contact() -> Option<guichet_core::time::Timestamp> {
    LocalStorage::get::<u64>(LAST_CONTACT_KEY).ok().map(guichet_core::time::Timestamp)
}

pub fn store_last_contact(at: guichet_core::time::Timestamp) {
    let _ = LocalStorage::set(LAST_CONTACT_KEY, at.0);
}

/// Whether this device says it is a kiosk: started at [`KIOSK_ENTRY_PATH`] now, or marked so
/// before. Started there, it is marked (fail closed: a kiosk whose site data was cleared is
/// still a kiosk when Chromium opens `/kiosk` again).
pub fn kiosk_marked() -> bool {
    let started_here = gloo::utils::window()
        .location()
        .pathname()
        .is_ok_and(|path| path.trim_end_matches('/') == KIOSK_ENTRY_PATH);
    if started_here {
        mark_kiosk();
    }
    started_here || LocalStorage::get::<bool>(KIOSK_KEY).unwrap_or(false)
}

/// Remembers that this device is a kiosk.
pub fn mark_kiosk() {
    // Should storage refuse, the IndexedDB settings and the entry point still say it.
    let _ = LocalStorage::set(KIOSK_KEY, true);
}

/// The browser's language preferences, most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    window.navigator().languages().iter().filter_map(|value| value.as_string()).collect()
}

/// Sets `lang` and `dir` on `<html>` and the document title, so the whole page, scrollbars and
/// form controls included, follows the language.
pub fn apply_language(language: Language, title: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", language.tag());
        let _ = root.set_attribute("dir", language.direction());
    }
    document.set_title(title);
}

/// The element the app renders into: a `div#app` appended to the body (laid out as if its
/// children were the body's, `display: contents`). Yew empties the element it mounts in, so
/// mounting in the body itself would remove the server's first paint the moment this module
/// starts, before the app has a screen of its own (the messages file still on its way).
pub fn app_root() -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let root = document.create_element("div").ok()?;
    root.set_id("app");
    document.body()?.append_child(&root).ok()?;
    Some(root)
}

/// Retires the first paint the server wrote into the page (`#first-paint`: the screen's frame,
/// shown while this module downloaded), once the app shows a screen of its own, and removes it
/// two frames later.
///
/// Retired means hidden and laid out after the app's screen (`#first-paint.retired` in the
/// stylesheet), in the same frame as that screen appears, but not yet removed: Chromium times a
/// text's largest-contentful-paint candidate when the frame it was painted in is presented, and
/// drops the candidate if its layout object is destroyed before then. The main thread is busy
/// starting this module exactly then, so removing the first paint at once lost its candidate in
/// most loads, and the page's largest paint was counted from the app's render instead.
pub fn retire_first_paint() {
    let Some(first_paint) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("first-paint"))
    else {
        return;
    };
    if first_paint.class_list().add_1("retired").is_err() {
        first_paint.remove();
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        next_frame().await;
        next_frame().await;
        first_paint.remove();
    });
}

/// Resolves at the next animation frame (at once where there is none to ask for).
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let asked = web_sys::window().map(|window| window.request_animation_frame(&resolve));
        if !matches!(asked, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The current address's path (`/offers/12`); empty where there is no window.
pub fn path() -> String {
    web_sys::window().and_then(|window| window.location().pathname().ok()).unwrap_or_default()
}

/// Whether the browser says it has a network at all (`navigator.onLine`); true where unknown.
pub fn online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}

/// Whether a service worker controls the page, and so answers the app's pages offline.
pub fn app_kept() -> bool {
    web_sys::window()
        .is_some_and(|window| window.navigator().service_worker().controller().is_some())
}

/// Loads the current address's page afresh (another part of the app: see `crate::route::Part`).
pub fn reload() {
    if let Some(window) = web_sys::window()
        && window.location().reload().is_err()
    {
        web_sys::console::warn_1(&"the page could not be loaded".into());
    }
}

/// The build id `cargo xtask post-build` stamped into index.html; `None` in development builds.
pub fn build_id() -> Option<String> {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector("meta[name=\"guichet-build\"]").ok().flatten())
        .and_then(|element| element.dyn_into::<web_sys::HtmlMetaElement>().ok())
        .map(|meta| meta.content())
        .filter(|build| !build.is_empty())
}

/// Registers /sw.js, which keeps the app shell available offline. Failure (an old browser, a
/// development server without the worker) leaves the app working online.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else { return };
    let container = window.navigator().service_worker();
    let promise = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(promise).await {
            web_sys::console::warn_2(&"service worker not registered".into(), &error);
        }
    });
}

/// Asks the browser not to evict this site's storage under pressure (Safari deletes script-written
/// storage after seven days without a visit otherwise). Browsers may say no; nothing depends on it.
pub fn request_persistent_storage() {
    let Some(window) = web_sys::window() else { return };
    let Ok(promise) = window.navigator().storage().persist() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}

/// Offers `text` as a file download named `file_name` (for the desk: a refused registration).
pub fn download_text(file_name: &str, mime_type: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime_type);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(anchor) =
        document.create_element("a").map(JsCast::unchecked_into::<web_sys::HtmlAnchorElement>)
    {
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
