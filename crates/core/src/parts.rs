//! The parts of the kiosk app. Each is a wasm module of its own (the kiosk's `src/main.rs` and
//! `src/bin/guichet_*.rs`) holding only its screens, with a messages file of its own per
//! language holding only its screens' messages, so that a first visit downloads the part it
//! opens and not the others (issue #12). The page's loader (index.html) picks the module from
//! the address's first segment by the rule of [`Part::for_path`], which the kiosk's routes, the
//! server's preload of the messages file and the build (`cargo xtask post-build`) share from here.

/// One part of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The welcome screen, the kiosk entry, device setup, the outbox and receipts.
    Home,
    /// The offers list and one offer.
    Offers,
    /// The registration wizard.
    Register,
}

/// The Fluent files (`assets/locales/<tag>/<name>.ftl`) every part's screens read: the header,
/// the footer and the welcome screen; the kiosk's device and its wipe; the outbox and receipts.
const EVERY_PART_MESSAGES: [&str; 3] = ["main", "device", "outbox"];

impl Part {
    /// Every part, as the loader names them.
    pub const ALL: [Part; 3] = [Part::Home, Part::Offers, Part::Register];

    /// The wasm module (Trunk's name for the binary) that holds this part.
    pub fn module(self) -> &'static str {
        match self {
            Part::Home => "guichet",
            Part::Offers => "guichet_offers",
            Part::Register => "guichet_register",
        }
    }

    /// The address's first segment that selects this part in the loader; `None` for the home
    /// part, which takes every other address (the unknown ones too).
    pub fn segment(self) -> Option<&'static str> {
        match self {
            Part::Home => None,
            Part::Offers => Some("offers"),
            Part::Register => Some("register"),
        }
    }

    /// The part the loader loads at `path` (an address's path, `/offers/12`): the one its first
    /// segment names, or the home part.
    pub fn for_path(path: &str) -> Part {
        let first = path.strip_prefix('/').unwrap_or(path).split('/').next();
        Part::ALL.into_iter().find(|part| part.segment() == first).unwrap_or(Part::Home)
    }

    /// The Fluent files this part's messages file joins, in order: those of every part, then
    /// its own screens' (`offers`, `registration`).
    pub fn message_files(self) -> Vec<&'static str> {
        let own: &[&str] = match self {
            Part::Home => &[],
            Part::Offers => &["offers"],
            Part::Register => &["registration"],
        };
        EVERY_PART_MESSAGES.iter().chain(own).copied().collect()
    }

    /// The Fluent files of the kiosk app, those some part reads, each once.
    pub fn every_message_file() -> Vec<&'static str> {
        let mut files: Vec<&str> = Part::ALL.into_iter().flat_map(Part::message_files).collect();
        files.sort_unstable();
        files.dedup();
        files
    }

    /// How `<meta name="guichet-locales">` names this part's messages file in `language` (a
    /// primary language tag): `guichet_offers:ar=/locale-ar-guichet_offers-….ftl`.
    pub fn locale_key(self, language: &str) -> String {
        format!("{}:{language}", self.module())
    }

    /// The path of this part's messages file in `language` among the `key=path` entries of
    /// `<meta name="guichet-locales">` (`content`), if any.
    pub fn locale_path(self, content: &str, language: &str) -> Option<String> {
        let key = self.locale_key(language);
        content.split_whitespace().find_map(|entry| {
            let (named, path) = entry.split_once('=')?;
            (named == key && !path.is_empty()).then(|| path.to_owned())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_loads_the_part_its_first_segment_names() {
        assert_eq!(Part::for_path("/"), Part::Home);
        assert_eq!(Part::for_path("/offers"), Part::Offers);
        assert_eq!(Part::for_path("/offers/12/more"), Part::Offers);
        assert_eq!(Part::for_path("/register"), Part::Register);
        assert_eq!(Part::for_path("/register/more"), Part::Register);
        assert_eq!(Part::for_path("/registered"), Part::Home);
        assert_eq!(Part::for_path("/constructor"), Part::Home);
        assert_eq!(Part::for_path(""), Part::Home);
        let modules: Vec<&str> = Part::ALL.into_iter().map(Part::module).collect();
        assert_eq!(modules, ["guichet", "guichet_offers", "guichet_register"]);
    }

    #[test]
    fn each_part_reads_the_shared_messages_then_its_own() {
        assert_eq!(Part::Home.message_files(), ["main", "device", "outbox"]);
        assert_eq!(Part::Offers.message_files(), ["main", "device", "outbox", "offers"]);
        assert_eq!(Part::Register.message_files(), ["main", "device", "outbox", "registration"]);
        assert_eq!(
            Part::every_message_file(),
            ["device", "main", "offers", "outbox", "registration"]
        );
    }

    #[test]
    fn a_part_finds_its_own_file_in_its_language() {
        let content = "guichet:ar=/locale-ar-guichet-1.ftl guichet_offers:ar=/locale-ar-guichet_offers-2.ftl \
                       guichet_offers:fr=/locale-fr-guichet_offers-3.ftl guichet_register:fr=";
        assert_eq!(
            Part::Home.locale_path(content, "ar").as_deref(),
            Some("/locale-ar-guichet-1.ftl")
        );
        assert_eq!(
            Part::Offers.locale_path(content, "fr").as_deref(),
            Some("/locale-fr-guichet_offers-3.ftl")
        );
        assert_eq!(Part::Home.locale_path(content, "fr"), None);
        assert_eq!(Part::Register.locale_path(content, "fr"), None, "an empty path is none");
    }
}
