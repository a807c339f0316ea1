//! The kiosk's messages as a real build ships them: for each part of the app, the Fluent files
//! its screens read joined (what `cargo xtask post-build` writes as
//! `locale-<tag>-<module>-<hash>.ftl`), and the meta tag naming them, here as blob URLs since the
//! test runner serves no file.

use guichet::i18n::Language;
use guichet::route::Part;

/// One Fluent file of `language` (`Part::every_message_file`).
fn file_text(language: Language, file: &str) -> &'static str {
    macro_rules! files {
        ($tag:literal) => {
            match file {
                "main" => include_str!(concat!("../../assets/locales/", $tag, "/main.ftl")),
                "device" => include_str!(concat!("../../assets/locales/", $tag, "/device.ftl")),
                "outbox" => include_str!(concat!("../../assets/locales/", $tag, "/outbox.ftl")),
                "offers" => include_str!(concat!("../../assets/locales/", $tag, "/offers.ftl")),
                "registration" => {
                    include_str!(concat!("../../assets/locales/", $tag, "/registration.ftl"))
                }
                other => panic!("no kiosk Fluent file {other}"),
            }
        };
    }
    match language {
        Language::Ar => files!("ar"),
        Language::Fr => files!("fr"),
        Language::En => files!("en"),
    }
}

/// `language`'s Fluent `files` joined, as post-build joins them.
pub fn joined<'a>(language: Language, files: impl IntoIterator<Item = &'a str>) -> String {
    files.into_iter().map(|file| format!("{}\n", file_text(language, file).trim_end())).collect()
}

/// `language`'s messages file of `part`, as post-build joins it.
pub fn part_messages(language: Language, part: Part) -> String {
    joined(language, part.message_files())
}

/// Puts `<meta name="guichet-locales">` in the document, naming a blob of each part's messages
/// in each language, unless a previous test did.
pub fn name_locale_files(document: &web_sys::Document) {
    if document.query_selector("meta[name=\"guichet-locales\"]").ok().flatten().is_some() {
        return;
    }
    let mut named = Vec::new();
    for part in Part::ALL {
        for language in Language::ALL {
            let text = wasm_bindgen::JsValue::from_str(&part_messages(language, part));
            let blob =
                web_sys::Blob::new_with_str_sequence(&js_sys::Array::of1(&text)).expect("blob");
            let url = web_sys::Url::create_object_url_with_blob(&blob).expect("url");
            named.push(format!("{}={url}", part.locale_key(language.tag())));
        }
    }
    let meta = document.create_element("meta").expect("meta");
    meta.set_attribute("name", "guichet-locales").expect("name");
    meta.set_attribute("content", &named.join(" ")).expect("content");
    document.head().expect("head").append_child(&meta).expect("append");
}
