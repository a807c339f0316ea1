//! Browser tests of the app shell, run by wasm-bindgen-test-runner in headless Chromium.
#![cfg(target_arch = "wasm32")]

use fluent_bundle::FluentArgs;
use gloo::storage::{LocalStorage, Storage};
use guichet::i18n::{Language, Translator};

#[path = "support/locales.rs"]
mod locales;

/// Every kiosk message of `language`: the Fluent files of all parts joined.
fn kiosk_messages(language: Language) -> String {
    locales::joined(language, guichet::route::Part::every_message_file())
}

/// A language's translator, with every message of every part's file.
fn translator(language: Language) -> Translator {
    Translator::parse(language, &kiosk_messages(language)).0
}
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Fluent isolates placeables with U+2068/U+2069 for right-to-left text; tests compare the words.
fn without_isolation(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

#[wasm_bindgen_test]
fn negotiation_prefers_the_stored_choice_then_the_browser() {
    let check = |stored: Option<&str>, browser: &[&str], expected: Language| {
        let browser: Vec<String> = browser.iter().map(|tag| (*tag).to_owned()).collect();
        assert_eq!(Language::negotiate(stored, &browser), expected, "{stored:?} {browser:?}");
    };
    check(None, &[], Language::Ar);
    check(None, &["fr-DZ", "ar"], Language::Fr);
    check(None, &["de-DE", "en-US"], Language::En);
    check(None, &["kab", "zgh"], Language::Ar);
    check(Some("en"), &["fr-FR"], Language::En);
    check(Some("xx"), &["FR"], Language::Fr);
    check(Some("ar_DZ"), &[], Language::Ar);
}

#[wasm_bindgen_test]
fn every_fluent_file_parses_without_duplicates() {
    for language in Language::ALL {
        let (_, problems) = Translator::parse(language, &kiosk_messages(language));
        assert_eq!(problems, Vec::<String>::new(), "{}", language.tag());
    }
}

#[wasm_bindgen_test]
fn every_language_formats_every_shell_message() {
    let ids = [
        "app-title",
        "agency-name",
        "language-name",
        "connectivity-online",
        "home-offers",
        "home-register",
        "footer-help",
        "not-found-title",
    ];
    for language in Language::ALL {
        let translator = translator(language);
        for id in ids {
            let text = translator.text(id);
            assert_ne!(text, id, "{id} missing in {}", language.tag());
            assert!(!text.trim().is_empty());
        }
    }
    assert_eq!(Language::Ar.name(), "العربية");
    assert_eq!(Language::Fr.name(), "Français");
    for language in Language::ALL {
        assert_ne!(language.messages_unavailable(), "app-messages-unavailable");
    }
}

#[wasm_bindgen_test]
fn minutes_since_last_contact_use_each_language_plural_rules() {
    let check = |language: Language, minutes: u64, expected: &str| {
        let mut args = FluentArgs::new();
        args.set("minutes", minutes);
        let text = translator(language).text_with("connectivity-offline-since", &args);
        assert_eq!(without_isolation(&text), expected, "{} {minutes}", language.tag());
    };
    check(Language::En, 0, "Offline · last contact less than a minute ago");
    check(Language::En, 1, "Offline · last contact 1 minute ago");
    check(Language::En, 5, "Offline · last contact 5 minutes ago");
    check(Language::Fr, 1, "Hors ligne · dernier contact il y a 1 minute");
    check(Language::Fr, 12, "Hors ligne · dernier contact il y a 12 minutes");
    check(Language::Ar, 0, "غير متصل · آخر اتصال منذ أقل من دقيقة");
    check(Language::Ar, 2, "غير متصل · آخر اتصال منذ دقيقتين");
    check(Language::Ar, 5, "غير متصل · آخر اتصال منذ 5 دقائق");
    check(Language::Ar, 11, "غير متصل · آخر اتصال منذ 11 دقيقة");
}

#[wasm_bindgen_test]
async fn the_language_switch_sets_lang_and_dir_on_the_document() {
    let document = gloo::utils::document();
    locales::name_locale_files(&document);
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    let app =
        yew::Renderer::<guichet::app::App<guichet::parts::HomeScreens>>::with_root(root.clone())
            .render();

    let html = document.document_element().expect("html");
    for (tag, direction, agency) in [
        ("ar", "rtl", "وكالة التشغيل"),
        ("fr", "ltr", "Agence de l'emploi"),
        ("en", "ltr", "Employment agency"),
    ] {
        let button = until(&root, &format!("button[data-language=\"{tag}\"]"))
            .await
            .dyn_into::<web_sys::HtmlElement>()
            .expect("button element");
        button.click();
        // The language's file loads (here a blob; in a build the service worker answers).
        let pressed = format!("button[data-language=\"{tag}\"][aria-pressed=\"true\"]");
        let button = until(&root, &pressed).await;
        assert_eq!(html.get_attribute("lang").as_deref(), Some(tag));
        assert_eq!(html.get_attribute("dir").as_deref(), Some(direction));
        let brand = root.query_selector(".brand-name").expect("selector").expect("brand");
        assert_eq!(brand.text_content().as_deref(), Some(agency));
        assert_eq!(button.get_attribute("aria-pressed").as_deref(), Some("true"));
        let stored: Option<String> = LocalStorage::get("guichet.language").ok();
        assert_eq!(stored.as_deref(), Some(tag), "the choice is remembered");
    }
    app.destroy();
    root.remove();
}

/// Polls the DOM under `root` for `selector`, flushing Yew's scheduler, with a deadline.
async fn until(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    for _ in 0..200 {
        yew::scheduler::flush().await;
        if let Some(found) = root.query_selector(selector).expect("selector") {
            return found;
        }
        gloo::timers::future::TimeoutFuture::new(25).await;
    }
    panic!("no {selector} after 5 s");
}

#[wasm_bindgen_test]
async fn a_language_whose_file_cannot_be_loaded_says_so_in_every_language() {
    let document = gloo::utils::document();
    // A document whose meta names no file for any language (as if index.html lost its slot).
    let meta = document.create_element("meta").expect("meta");
    meta.set_attribute("name", "guichet-locales").expect("name");
    meta.set_attribute("content", "").expect("content");
    let head = document.head().expect("head");
    let existing = document.query_selector("meta[name=\"guichet-locales\"]").expect("selector");
    if let Some(existing) = &existing {
        existing.remove();
    }
    head.append_child(&meta).expect("append");
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    let app =
        yew::Renderer::<guichet::app::App<guichet::parts::HomeScreens>>::with_root(root.clone())
            .render();
    let alert = until(&root, "p[role=\"alert\"][lang=\"fr\"]").await;
    assert_eq!(alert.text_content().as_deref(), Some(Language::Fr.messages_unavailable().as_str()));
    assert_eq!(root.query_selector_all("p[role=\"alert\"]").expect("selector").length(), 3);
    app.destroy();
    root.remove();
    meta.remove();
    if let Some(existing) = existing {
        head.append_child(&existing).expect("restore");
    }
}
