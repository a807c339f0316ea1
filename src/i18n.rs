//! Translations from the Fluent files in assets/locales, and the context that lets any component
//! translate.
//!
//! The messages are not compiled into the wasm: the build writes, for each part of the app and
//! each language, the Fluent files its screens read as one hashed file
//! (`locale-<tag>-<module>-<hash>.ftl`, named in `<meta name="guichet-locales">`) that the
//! service worker precaches, so the first load carries one language of one part's screens, and
//! every language still works offline after the first visit. Only `language.ftl` is compiled in, in
//! all three languages: the names the language switch shows and the one message for a language
//! that cannot be loaded.
//!
//! Arabic is right to left: the `dir` and `lang` of `<html>` are set from the chosen language,
//! never guessed from the text.

use std::rc::Rc;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use gloo::net::http::Request;
use guichet_core::parts::Part;
use guichet_core::validation::CivilDate;
use guichet_protocol::reference::Labels;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The languages guichet speaks, in the order the switch shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Ar,
    Fr,
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Ar, Language::Fr, Language::En];
    /// Spoken first in Algeria; used when nothing the browser asks for matches.
    pub const DEFAULT: Language = Language::Ar;

    /// The BCP 47 tag, as `lang` attributes and storage use it.
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

    /// Matches a language tag by its primary subtag (`fr-DZ` is French).
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        Language::ALL.into_iter().find(|language| language.tag() == primary)
    }

    /// The stored choice first, then the browser's preferences in order, then [`Self::DEFAULT`].
    pub fn negotiate(stored: Option<&str>, browser_preferences: &[String]) -> Language {
        stored
            .into_iter()
            .chain(browser_preferences.iter().map(String::as_str))
            .find_map(Language::from_tag)
            .unwrap_or(Language::DEFAULT)
    }

    /// The compiled-in part: the language's own name and the "cannot load" message.
    fn compiled_in(self) -> &'static str {
        match self {
            Language::Ar => include_str!("../assets/locales/ar/language.ftl"),
            Language::Fr => include_str!("../assets/locales/fr/language.ftl"),
            Language::En => include_str!("../assets/locales/en/language.ftl"),
        }
    }

    /// The language's name, in that language (the switch's button label).
    pub fn name(self) -> String {
        Translator::parse(self, "").0.text("language-name")
    }

    /// "The texts could not be loaded", in this language (compiled in).
    pub fn messages_unavailable(self) -> String {
        Translator::parse(self, "").0.text("app-messages-unavailable")
    }

    /// `count` with this language's thousands separator, as `Intl.NumberFormat` writes it in the
    /// Latin digits the rest of the kiosk shows: `12 000` (a narrow no-break space) in French,
    /// `12,000` in English and in Arabic (`ar-u-nu-latn`). Fluent alone writes `12000`.
    ///
    /// Not asked of `Intl`: its first use in a page loads the locale's data, a task of 15 ms
    /// unthrottled (50 ms measured during a first sync) on the main thread, the longest of the
    /// offers list's first visit. `tests::grouping_matches_intl` holds this to `Intl`'s output.
    pub fn group_digits(self, count: u64) -> String {
        let separator = match self {
            Language::Fr => '\u{202f}',
            Language::Ar | Language::En => ',',
        };
        let digits = count.to_string();
        let mut grouped = String::with_capacity(digits.len() * 2);
        for (at, digit) in digits.chars().enumerate() {
            if at > 0 && (digits.len() - at).is_multiple_of(3) {
                grouped.push(separator);
            }
            grouped.push(digit);
        }
        grouped
    }
}

/// Why a language's messages could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("index.html names no messages file for {0}")]
    NotNamed(&'static str),
    #[error("the messages file of {0} could not be fetched")]
    Fetch(&'static str),
}

/// Fetches and parses `language`'s messages for the screens of `part`, from the file
/// `<meta name="guichet-locales">` names (`guichet_offers:ar=/locale-ar-guichet_offers-….ftl …`,
/// see `guichet_core::parts`); the service worker answers offline.
pub async fn load(language: Language, part: Part) -> Result<Translator, LoadError> {
    let path = locale_path(language, part).ok_or(LoadError::NotNamed(language.tag()))?;
    let fetch_failed = || LoadError::Fetch(language.tag());
    let response = Request::get(&path).send().await.map_err(|_| fetch_failed())?;
    if !response.ok() {
        return Err(fetch_failed());
    }
    let source = response.text().await.map_err(|_| fetch_failed())?;
    let (translator, problems) = Translator::parse(language, &source);
    for problem in problems {
        web_log(&problem);
    }
    Ok(translator)
}

/// The path of `part`'s file in `language` in `<meta name="guichet-locales">`.
fn locale_path(language: Language, part: Part) -> Option<String> {
    let content = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            document.query_selector("meta[name=\"guichet-locales\"]").ok().flatten()
        })
        .and_then(|element| element.dyn_into::<web_sys::HtmlMetaElement>().ok())
        .map(|meta| meta.content())?;
    part.locale_path(&content, language.tag())
}

/// One language's messages.
pub struct Translator {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Translator {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("Translator").field("language", &self.language).finish()
    }
}

impl Translator {
    /// The messages of `source` (the language's file, as the build writes it) with the
    /// compiled-in ones, and the problems found: syntax errors and messages defined twice. A
    /// problem is a build defect the tests catch; the valid messages are kept.
    pub fn parse(language: Language, source: &str) -> (Self, Vec<String>) {
        let tag = language.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![tag]);
        let mut problems = Vec::new();
        for text in [language.compiled_in(), source] {
            let resource =
                FluentResource::try_new(text.to_owned()).unwrap_or_else(|(resource, errors)| {
                    // Positions only: the errors' Debug and Display would ship in the wasm.
                    let at: Vec<String> = errors
                        .iter()
                        .map(|error| format!("{}..{}", error.pos.start, error.pos.end))
                        .collect();
                    problems.push(format!(
                        "{} Fluent syntax errors at bytes {}",
                        language.tag(),
                        at.join(", ")
                    ));
                    resource
                });
            if let Err(errors) = bundle.add_resource(resource) {
                let ids: Vec<&str> = errors
                    .iter()
                    .filter_map(|error| match error {
                        fluent_bundle::FluentError::Overriding { id, .. } => Some(id.as_str()),
                        _ => None,
                    })
                    .collect();
                problems.push(format!(
                    "{} Fluent messages defined twice: {}",
                    language.tag(),
                    ids.join(", ")
                ));
            }
        }
        (Self { language, bundle }, problems)
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The message `id`; its id itself when missing, so a gap shows instead of a blank.
    pub fn text(&self, id: &str) -> String {
        self.format(id, None)
    }

    pub fn text_with(&self, id: &str, args: &FluentArgs<'_>) -> String {
        self.format(id, Some(args))
    }

    /// `date` in words ("14 décembre 2026", the message `date-long`), as `Intl` writes it in
    /// this language with Latin digits; not asked of `Intl`, whose first use in a page loads the
    /// locale's data (a 30 ms task when the wizard first shows; see [`Language::group_digits`]).
    pub fn long_date(&self, date: CivilDate) -> String {
        let mut args = FluentArgs::new();
        args.set("day", date.day());
        args.set("month", date.month());
        args.set("year", date.year());
        self.format("date-long", Some(&args))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|message| message.value()) else {
            web_log(&format!("missing message {id} in {}", self.language.tag()));
            return id.to_owned();
        };
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            web_log(&format!(
                "message {id} in {}: {} formatting errors",
                self.language.tag(),
                errors.len()
            ));
        }
        text
    }
}

/// What components get from [`use_i18n`].
#[derive(Clone)]
pub struct I18n {
    pub translator: Rc<Translator>,
    pub set_language: Callback<Language>,
}

impl PartialEq for I18n {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.translator, &other.translator)
    }
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("I18n").field("language", &self.translator.language).finish()
    }
}

impl I18n {
    pub fn text(&self, id: &str) -> String {
        self.translator.text(id)
    }

    pub fn text_with(&self, id: &str, args: &FluentArgs<'_>) -> String {
        self.translator.text_with(id, args)
    }

    pub fn long_date(&self, date: CivilDate) -> String {
        self.translator.long_date(date)
    }

    pub fn language(&self) -> Language {
        self.translator.language
    }
}

/// The translation context; panics outside [`crate::app::App`], which is a programming error.
#[hook]
pub fn use_i18n() -> I18n {
    use_context::<I18n>().expect("use_i18n must be called inside the App's I18n provider")
}

fn web_log(message: &str) {
    web_sys::console::warn_1(&message.into());
}

/// A reference entry's name (a wilaya, a commune, an occupation…) in `language`.
pub fn label(labels: &Labels, language: Language) -> &str {
    match language {
        Language::Ar => &labels.ar,
        Language::Fr => &labels.fr,
        Language::En => &labels.en,
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::*;

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn grouping_matches_intl() {
        for language in Language::ALL {
            let locale = match language {
                Language::Ar => "ar-u-nu-latn",
                other => other.tag(),
            };
            for count in [0u32, 7, 999, 1_000, 12_000, 20_000, 100_000, 999_999, 1_234_567] {
                let intl: String = js_sys::Number::from(count).to_locale_string(locale).into();
                assert_eq!(language.group_digits(count.into()), intl, "{locale}: {count}");
            }
        }
    }

    /// Bidi controls, which Fluent puts around placeables and `Intl` may put in Arabic dates.
    fn without_bidi_controls(text: &str) -> String {
        let control =
            |c: &char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2066}'..='\u{2069}');
        text.chars().filter(|c| !control(c)).collect()
    }

    #[wasm_bindgen_test]
    fn long_dates_match_intl() {
        for (language, source, locale) in [
            (Language::Ar, include_str!("../assets/locales/ar/main.ftl"), "ar-DZ-u-nu-latn"),
            (Language::Fr, include_str!("../assets/locales/fr/main.ftl"), "fr-DZ"),
            (Language::En, include_str!("../assets/locales/en/main.ftl"), "en-GB"),
        ] {
            let (translator, errors) = Translator::parse(language, source);
            assert!(errors.is_empty(), "{errors:?}");
            let options = js_sys::Object::new();
            for (key, value) in
                [("day", "numeric"), ("month", "long"), ("year", "numeric"), ("timeZone", "UTC")]
            {
                js_sys::Reflect::set(&options, &key.into(), &value.into()).expect("an object");
            }
            for (year, month, day) in (1..=12).map(|month| (2026, month, 14)).chain([(2027, 1, 1)])
            {
                let date = CivilDate::new(year, month, day).expect("a date");
                // Noon UTC on that day, written in UTC: the same calendar day.
                let month_start = js_sys::Date::utc(f64::from(year), f64::from(month - 1));
                let noon = month_start + f64::from(day - 1) * 86_400_000.0 + 43_200_000.0;
                let intl: String =
                    js_sys::Date::new(&noon.into()).to_locale_date_string(locale, &options).into();
                assert_eq!(
                    without_bidi_controls(&translator.long_date(date)),
                    without_bidi_controls(&intl),
                    "{locale}"
                );
            }
        }
    }
}
