//! The first paint: what a first visit shows while the kiosk's module downloads.
//!
//! On a weak mobile connection the module takes seconds to arrive, and until it runs the page
//! would be blank. The server knows the path and the browser's languages, so it writes the
//! screen's frame into the index page: the header with the agency's name and the language switch
//! (its buttons work once the app runs), and the page's title
//! with what it says first (the welcome screen's two choices, the offers' first download, the
//! registration's steps), in the visitor's language and direction, from the kiosk's own Fluent
//! files. The app removes it (`#first-paint`) when it shows its own screen, in the same frame.
//!
//! The home screen's choices are plain links: tapped before the app runs, they load that page.
//! Nothing here is personal or stateful (no draft, no kiosk setting): the app owns all of that.
//!
//! The service worker asks for its cached shell with `guichet-first-paint: none`: that copy
//! answers every path offline, so it must not carry one path's screen; it starts in a moment
//! anyway.

use std::sync::LazyLock;

use fluent_bundle::{FluentArgs, FluentResource, concurrent::FluentBundle};
use guichet_core::registration::Step;
use maud::html;

/// The request header by which the service worker asks for the index page without a first
/// paint.
pub const FIRST_PAINT_HEADER: &str = "guichet-first-paint";

/// A language of the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Ar,
    Fr,
    En,
}

impl Language {
    const ALL: [Language; 3] = [Language::Ar, Language::Fr, Language::En];

    /// As the kiosk negotiates without a language chosen on the device: the first of
    /// `Accept-Language` (by primary subtag, in the header's order) that it has, else Arabic.
    pub fn negotiate(accept_language: Option<&str>) -> Language {
        accept_language
            .into_iter()
            .flat_map(|accept| accept.split(','))
            .find_map(|range| {
                let primary = range.split([';', '-', '_']).next()?.trim().to_ascii_lowercase();
                Language::ALL.into_iter().find(|language| language.tag() == primary)
            })
            .unwrap_or(Language::Ar)
    }

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

    fn messages(self) -> &'static FluentBundle<FluentResource> {
        let index = Language::ALL.iter().position(|language| *language == self);
        &BUNDLES[index.unwrap_or_default()]
    }

    /// The kiosk's files that hold the first paint's messages.
    fn sources(self) -> [&'static str; 4] {
        match self {
            Language::Ar => [
                include_str!("../../../../assets/locales/ar/language.ftl"),
                include_str!("../../../../assets/locales/ar/main.ftl"),
                include_str!("../../../../assets/locales/ar/offers.ftl"),
                include_str!("../../../../assets/locales/ar/registration.ftl"),
            ],
            Language::Fr => [
                include_str!("../../../../assets/locales/fr/language.ftl"),
                include_str!("../../../../assets/locales/fr/main.ftl"),
                include_str!("../../../../assets/locales/fr/offers.ftl"),
                include_str!("../../../../assets/locales/fr/registration.ftl"),
            ],
            Language::En => [
                include_str!("../../../../assets/locales/en/language.ftl"),
                include_str!("../../../../assets/locales/en/main.ftl"),
                include_str!("../../../../assets/locales/en/offers.ftl"),
                include_str!("../../../../assets/locales/en/registration.ftl"),
            ],
        }
    }

    /// The kiosk's message `id`; its id if the files lack it (a test forbids that).
    fn text(self, id: &str) -> String {
        self.format(id, None)
    }

    fn format(self, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.messages();
        let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
            return id.to_owned();
        };
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, args, &mut errors).into_owned()
    }
}

/// Each language's messages ([`Language::ALL`]'s order), parsed once.
static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 3]> =
    LazyLock::new(|| Language::ALL.map(load));

fn load(language: Language) -> FluentBundle<FluentResource> {
    // The tags are the kiosk's three, which always parse.
    let id = language.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // The page sets `dir`; isolation marks would only add invisible characters.
    bundle.set_use_isolating(false);
    for source in language.sources() {
        let resource =
            FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// The first paint of the page at `path` in `language`: the header, then the screen's frame
/// for the welcome screen, the offers list and the registration; the header alone elsewhere.
pub fn render(path: &str, language: Language) -> String {
    let text = |id: &str| language.text(id);
    let screen = match path.trim_end_matches('/') {
        "" => html! {
            section.home {
                h1 { (text("home-title")) }
                p.lead { (text("home-intro")) }
                nav.choices aria-label=(text("nav-main-label")) {
                    a.choice.choice-offers href="/offers" {
                        span.choice-title { (text("home-offers")) }
                        span.choice-hint { (text("home-offers-hint")) }
                    }
                    a.choice.choice-register href="/register" {
                        span.choice-title { (text("home-register")) }
                        span.choice-hint { (text("home-register-hint")) }
                    }
                }
            }
        },
        // The offers as a first visit finds them: none on the device yet, the first download
        // starting. When the device holds offers all the same (its service worker gone), the
        // app shows its own count in the frame it appears. The status line is the screen's
        // largest text, as the app shows it, so the app's own is no later, larger paint.
        "/offers" => {
            let mut none = FluentArgs::new();
            none.set("count", 0);
            html! {
                section.offers {
                    h1 { (text("offers-title")) }
                    p.offers-sync-status data-state="syncing" {
                        span.offers-updated { (text("offers-never-updated")) }
                        " · "
                        span.offers-count { (language.format("offers-count", Some(&none))) }
                        " · "
                        span.offers-syncing { (text("offers-syncing")) }
                    }
                    p.offers-loading { (text("offers-loading")) }
                }
            }
        }
        // The wizard as a new visitor first sees it: its first step. A first paint is written
        // only into a page fetched from the network (a first visit: the service worker's copy
        // has none), where there is rarely a draft to resume; when there is, the app shows its
        // step instead. Its title is the screen's largest text, as in the app, so the app's own
        // is no later, larger paint.
        "/register" => {
            let first = Step::ALL[0];
            let mut count = FluentArgs::new();
            count.set("current", 1);
            count.set("total", Step::ALL.len());
            let step_name = |step: Step| text(&format!("registration-step-{}", step.as_str()));
            html! {
                section.wizard {
                    p.wizard-title { (text("registration-title")) }
                    ol.wizard-progress {
                        @for step in Step::ALL {
                            li class=[(step == first).then_some("current")] { (step_name(step)) }
                        }
                    }
                    p.wizard-step-count { (language.format("registration-progress", Some(&count))) }
                    h1 { (step_name(first)) }
                }
            }
        }
        _ => html! {},
    };
    html! {
        div #first-paint aria-busy="true" {
            header.site-header {
                span.brand {
                    span.brand-name { (text("agency-name")) }
                    span.brand-tagline { (text("agency-tagline")) }
                }
                // The language switch as the app shows it (it works once the app has started):
                // the header does not change shape when the app takes over, and each language's
                // name is laid out now, in its own script. Laying out Arabic text the first time
                // makes the browser find a font for it (40 ms on this machine's Chromium); in the
                // first paint that happens before anything is shown, rather than in the middle
                // of the app's start (issue #12).
                div.header-tools {
                    nav.language-switch aria-label=(text("language-switch-label")) {
                        @for other in Language::ALL {
                            button.language-button type="button" lang=(other.tag())
                                dir=(other.direction())
                                aria-pressed=((other == language).to_string()) {
                                (other.text("language-name"))
                            }
                        }
                    }
                }
            }
            div.page { (screen) }
        }
    }
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_the_first_accepted_one_the_kiosk_has_else_arabic() {
        assert_eq!(Language::negotiate(Some("fr-FR,fr;q=0.9,en;q=0.8")), Language::Fr);
        assert_eq!(Language::negotiate(Some("de-DE, en_GB;q=0.7, fr")), Language::En);
        assert_eq!(Language::negotiate(Some("de, es")), Language::Ar);
        assert_eq!(Language::negotiate(None), Language::Ar);
    }

    #[test]
    fn every_screen_reads_in_every_language_with_no_message_missing() {
        for language in Language::ALL {
            for path in ["/", "/offers", "/register/", "/outbox"] {
                let html = render(path, language);
                assert!(html.starts_with("<div id=\"first-paint\""), "{path}");
                // A missing message would show its id, which always has a hyphen.
                for id in ["agency-", "home-", "offers-", "registration-", "nav-"] {
                    assert!(!html.contains(&format!(">{id}")), "{language:?} {path}: {html}");
                    assert!(
                        !html.contains(&format!("label=\"{id}")),
                        "{language:?} {path}: {html}"
                    );
                }
            }
        }
        let home = render("/", Language::Fr);
        assert!(home.contains("<h1>Bienvenue</h1>"), "{home}");
        assert!(home.contains("href=\"/register\""), "{home}");
        let offers = render("/offers", Language::Ar);
        assert!(offers.contains(&format!("<h1>{}</h1>", Language::Ar.text("offers-title"))));
        // The status line as the app first shows it to a device with no offers.
        let offers = render("/offers", Language::Fr);
        assert!(
            offers.contains(
                "<span class=\"offers-updated\">Pas encore téléchargées</span> · \
                 <span class=\"offers-count\">aucune offre</span> · \
                 <span class=\"offers-syncing\">Mise à jour…</span>"
            ),
            "{offers}"
        );
        // The wizard's first step, current in the list, counted and titled as the app shows it.
        let register = render("/register", Language::Fr);
        assert!(register.contains("<li class=\"current\">État civil</li><li>"), "{register}");
        assert!(register.contains("Étape 1 sur 7</p><h1>État civil</h1>"), "{register}");
        // Other screens get the header alone: no screen of the app is guessed.
        let outbox = render("/outbox", Language::En);
        assert!(outbox.contains("<div class=\"page\"></div>"), "{outbox}");
    }

    #[test]
    fn the_header_has_the_language_switch_with_each_name_in_its_own_language() {
        for language in Language::ALL {
            let html = render("/register", language);
            assert!(
                html.contains(&format!(
                    "aria-label=\"{}\"",
                    language.text("language-switch-label")
                )),
                "{html}"
            );
            for (other, name) in [(Language::Ar, "العربية"), (Language::Fr, "Français")] {
                let pressed = other == language;
                let button = format!(
                    "<button class=\"language-button\" type=\"button\" lang=\"{}\" dir=\"{}\" \
                     aria-pressed=\"{pressed}\">{name}</button>",
                    other.tag(),
                    other.direction()
                );
                assert!(html.contains(&button), "{language:?}: {html}");
            }
            assert!(html.contains(">English</button>"), "{html}");
        }
    }
}
