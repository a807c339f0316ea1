//! The kiosk's own registration messages (`assets/locales/*/registration.ftl`), for the desk: a
//! field's label and a refused value's message read exactly as the visitor read them, and a
//! correction is refused with the kiosk's words.

use std::sync::LazyLock;

use fluent_bundle::{FluentResource, concurrent::FluentBundle};
use unic_langid::{LanguageIdentifier, langid};

use crate::staff::i18n::Language;

struct Messages(FluentBundle<FluentResource>);

fn load(source: &'static str, id: LanguageIdentifier) -> Messages {
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Directional isolation marks would land inside table cells and CSV; the page sets `dir`.
    bundle.set_use_isolating(false);
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
    let _ = bundle.add_resource(resource);
    Messages(bundle)
}

static ARABIC: LazyLock<Messages> = LazyLock::new(|| {
    load(include_str!("../../../../assets/locales/ar/registration.ftl"), langid!("ar"))
});
static FRENCH: LazyLock<Messages> = LazyLock::new(|| {
    load(include_str!("../../../../assets/locales/fr/registration.ftl"), langid!("fr"))
});
static ENGLISH: LazyLock<Messages> = LazyLock::new(|| {
    load(include_str!("../../../../assets/locales/en/registration.ftl"), langid!("en"))
});

/// The kiosk's message `id` in `language`; the id itself if it has none.
pub fn kiosk_text(language: Language, id: &str) -> String {
    let Messages(bundle) = match language {
        Language::Ar => &*ARABIC,
        Language::Fr => &*FRENCH,
        Language::En => &*ENGLISH,
    };
    let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
        return id.to_owned();
    };
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, None, &mut errors).into_owned()
}

/// The label of the field at `path` (`identity.nin` → `registration-field-nin`).
pub fn field_label(language: Language, path: &str) -> String {
    let name = path.rsplit('.').next().unwrap_or(path);
    kiosk_text(language, &format!("registration-field-{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::EditableField;

    #[test]
    fn every_correctable_field_has_a_label_in_every_language() {
        for language in Language::ALL {
            for field in EditableField::ALL {
                let label = field_label(language, field.path());
                assert!(!label.starts_with("registration-"), "{language:?}: {label}");
            }
        }
    }

    #[test]
    fn the_kiosks_error_messages_are_found() {
        assert_eq!(
            kiosk_text(Language::Fr, "registration-error-required"),
            "Ce champ est obligatoire"
        );
    }
}
