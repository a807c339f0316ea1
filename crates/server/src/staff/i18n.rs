//! The desk's languages: Arabic (right to left), French and English, from the Fluent files
//! `assets/locales/{ar,fr,en}/desk.ftl`, compiled in and parsed once.
//!
//! The language is the `lang` query parameter, else the `guichet-lang` cookie (set when a
//! language is chosen from the switch), else the browser's `Accept-Language`, else Arabic.

use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderValue, header};
use fluent_bundle::{FluentArgs, FluentResource, concurrent::FluentBundle};
use unic_langid::{LanguageIdentifier, langid};

use super::csrf::cookie_value;

/// The cookie that remembers the language chosen on the desk.
pub const LANGUAGE_COOKIE: &str = "guichet-lang";

/// A language of the desk, in the order the switch shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Ar,
    Fr,
    En,
}

struct Messages {
    bundle: FluentBundle<FluentResource>,
}

fn load(source: &'static str, id: LanguageIdentifier) -> Messages {
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // The files are compiled in and checked by the tests below; a broken message shows its id.
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
    let _ = bundle.add_resource(resource);
    Messages { bundle }
}

static ARABIC: LazyLock<Messages> =
    LazyLock::new(|| load(include_str!("../../../../assets/locales/ar/desk.ftl"), langid!("ar")));
static FRENCH: LazyLock<Messages> =
    LazyLock::new(|| load(include_str!("../../../../assets/locales/fr/desk.ftl"), langid!("fr")));
static ENGLISH: LazyLock<Messages> =
    LazyLock::new(|| load(include_str!("../../../../assets/locales/en/desk.ftl"), langid!("en")));

impl Language {
    pub const ALL: [Language; 3] = [Language::Ar, Language::Fr, Language::En];
    /// Spoken first in Algeria; the kiosk's default too.
    pub const DEFAULT: Language = Language::Ar;

    pub fn tag(self) -> &'static str {
        match self {
            Language::Ar => "ar",
            Language::Fr => "fr",
            Language::En => "en",
        }
    }

    pub fn direction(self) -> &'static str {
        match self {
            Language::Ar => "rtl",
            Language::Fr | Language::En => "ltr",
        }
    }

    /// By primary subtag: `fr-DZ` is French.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_', ';']).next()?.trim().to_ascii_lowercase();
        Language::ALL.into_iter().find(|language| language.tag() == primary)
    }

    /// The `lang` parameter of a query string, if it names a language of the desk.
    pub fn from_query(query: Option<&str>) -> Option<Language> {
        query?.split('&').find_map(|pair| pair.strip_prefix("lang=")).and_then(Language::from_tag)
    }

    /// The request's language: query, cookie, `Accept-Language` (in its order), Arabic.
    pub fn from_headers(headers: &HeaderMap, query: Option<&str>) -> Language {
        Language::from_query(query)
            .or_else(|| {
                cookie_value(headers, LANGUAGE_COOKIE).as_deref().and_then(Language::from_tag)
            })
            .or_else(|| {
                let accept = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
                accept.split(',').find_map(Language::from_tag)
            })
            .unwrap_or(Language::DEFAULT)
    }

    /// `Set-Cookie` remembering this language for the desk's pages (a year; not personal).
    pub fn cookie(self) -> HeaderValue {
        let value = format!(
            "{LANGUAGE_COOKIE}={}; Path=/desk; Max-Age=31536000; SameSite=Strict; HttpOnly",
            self.tag()
        );
        HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static(""))
    }

    fn messages(self) -> &'static Messages {
        match self {
            Language::Ar => &ARABIC,
            Language::Fr => &FRENCH,
            Language::En => &ENGLISH,
        }
    }

    /// The message `id`; its id if the file lacks it (a test forbids that).
    pub fn text(self, id: &str) -> String {
        self.text_with(id, None)
    }

    /// The message `id` with arguments.
    pub fn text_with(self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = &self.messages().bundle;
        let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
            return id.to_owned();
        };
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, args, &mut errors).into_owned()
    }

    /// Whether the file defines `id` (tests).
    pub fn has(self, id: &str) -> bool {
        self.messages().bundle.has_message(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses() {
        for (language, source) in [
            (Language::Ar, include_str!("../../../../assets/locales/ar/desk.ftl")),
            (Language::Fr, include_str!("../../../../assets/locales/fr/desk.ftl")),
            (Language::En, include_str!("../../../../assets/locales/en/desk.ftl")),
        ] {
            assert!(FluentResource::try_new(source.to_owned()).is_ok(), "{language:?}");
            assert!(language.has("desk-login-title"), "{language:?}");
        }
    }

    #[test]
    fn the_language_comes_from_query_then_cookie_then_browser() {
        #[track_caller]
        fn check(
            query: Option<&str>,
            cookie: Option<&'static str>,
            accept: Option<&'static str>,
            expected: Language,
        ) {
            let mut headers = HeaderMap::new();
            if let Some(cookie) = cookie {
                headers.insert(header::COOKIE, HeaderValue::from_static(cookie));
            }
            if let Some(accept) = accept {
                headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static(accept));
            }
            assert_eq!(Language::from_headers(&headers, query), expected);
        }
        check(None, None, None, Language::Ar);
        check(None, None, Some("de-DE,fr-DZ;q=0.8,en;q=0.5"), Language::Fr);
        check(None, Some("guichet-lang=en"), Some("fr"), Language::En);
        check(Some("lang=fr"), Some("guichet-lang=en"), None, Language::Fr);
        check(Some("lang=zz"), None, Some("en-GB"), Language::En);
    }
}
