//! The kiosk's messages as a real build ships them: each language's Fluent files joined (what
//! `cargo xtask post-build` writes as `locale-<tag>-<hash>.ftl`), and the meta tag naming them,
//! here as blob URLs since the test runner serves no file.

use guichet::i18n::Language;

/// `language`'s files joined, in xtask's `LOCALE_PARTS` order.
pub fn kiosk_messages(language: Language) -> String {
    let parts: [&str; 5] = match language {
        Language::Ar => [
            include_str!("../../assets/locales/ar/main.ftl"),
            include_str!("../../assets/locales/ar/device.ftl"),
            include_str!("../../assets/locales/ar/offers.ftl"),
            include_str!("../../assets/locales/ar/outbox.ftl"),
            include_str!("../../assets/locales/ar/registration.ftl"),
        ],
        Language::Fr => [
            include_str!("../../assets/locales/fr/main.ftl"),
            include_str!("../../assets/locales/fr/device.ftl"),
            include_str!("../../assets/locales/fr/offers.ftl"),
            include_str!("../../assets/locales/fr/outbox.ftl"),
            include_str!("../../assets/locales/fr/registration.ftl"),
        ],
        Language::En => [
            include_str!("../../assets/locales/en/main.ftl"),
            include_str!("../../assets/locales/en/device.ftl"),
            include_str!("../../assets/locales/en/offers.ftl"),
            include_str!("../../assets/locales/en/outbox.ftl"),
            include_str!("../../assets/locales/en/registration.ftl"),
        ],
    };
    parts.iter().map(|part| format!("{}\n", part.trim_end())).collect()
}

/// Puts `<meta name="guichet-locales">` in the document, naming a blob of each language's
/// messages, unless a previous test did.
pub fn name_locale_files(document: &web_sys::Document) {
    if document.query_selector("meta[name=\"guichet-locales\"]").ok().flatten().is_some() {
        return;
    }
    let named: Vec<String> = Language::ALL
        .into_iter()
        .map(|language| {
            let text = wasm_bindgen::JsValue::from_str(&kiosk_messages(language));
            let blob =
                web_sys::Blob::new_with_str_sequence(&js_sys::Array::of1(&text)).expect("blob");
            let url = web_sys::Url::create_object_url_with_blob(&blob).expect("url");
            format!("{}={url}", language.tag())
        })
        .collect();
    let meta = document.create_element("meta").expect("meta");
    meta.set_attribute("name", "guichet-locales").expect("name");
    meta.set_attribute("content", &named.join(" ")).expect("content");
    document.head().expect("head").append_child(&meta).expect("append");
}
