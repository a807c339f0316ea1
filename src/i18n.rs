//! Translations from the Fluent files in assets/locales, compiled into the app so it speaks every
//! language offline, and the context that lets any component translate.
//!
//! Arabic is right to left: the `dir` and `lang` of `<html>` are set from the chosen language,
//! never guessed from the text.

use std::rc::Rc;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
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

    /// The language's Fluent files, one per part of the app, compiled in.
    fn sources(self) -> &'static [&'static str] {
        match self {
            Language::Ar => &[
                include_str!("../assets/locales/ar/main.ftl"),
                include_str!("../assets/locales/ar/device.ftl"),
                include_str!("../assets/locales/ar/offers.ftl"),
                include_str!("../assets/locales/ar/outbox.ftl"),
                include_str!("../assets/locales/ar/registration.ftl"),
            ],
            Language::Fr => &[
                include_str!("../assets/locales/fr/main.ftl"),
                include_str!("../assets/locales/fr/device.ftl"),
                include_str!("../assets/locales/fr/offers.ftl"),
                include_str!("../assets/locales/fr/outbox.ftl"),
                include_str!("../assets/locales/fr/registration.ftl"),
            ],
            Language::En => &[
                include_str!("../assets/locales/en/main.ftl"),
                include_str!("../assets/locales/en/device.ftl"),
                include_str!("../assets/locales/en/offers.ftl"),
                include_str!("../assets/locales/en/outbox.ftl"),
                include_str!("../assets/locales/en/registration.ftl"),
            ],
        }
    }
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
    /// Parses the language's Fluent files. They are compiled in and checked by the tests, so an
    /// error here is a build defect; it is reported and the valid messages are kept.
    pub fn new(language: Language) -> Self {
        let (translator, problems) = Self::build(language);
        for problem in problems {
            web_log(&problem);
        }
        translator
    }

    /// Syntax errors and duplicate messages in the language's files; empty when they are sound.
    pub fn problems(language: Language) -> Vec<String> {
        Self::build(language).1
    }

    fn build(language: Language) -> (Self, Vec<String>) {
        let tag = language.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![tag]);
        let mut problems = Vec::new();
        for source in language.sources() {
            let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(
                |(resource, errors)| {
                    problems.push(format!("{} Fluent syntax: {errors:?}", language.tag()));
                    resource
                },
            );
            if let Err(errors) = bundle.add_resource(resource) {
                problems
                    .push(format!("{} Fluent messages defined twice: {errors:?}", language.tag()));
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

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|message| message.value()) else {
            web_log(&format!("missing message {id} in {}", self.language.tag()));
            return id.to_owned();
        };
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            web_log(&format!("message {id} in {}: {errors:?}", self.language.tag()));
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
