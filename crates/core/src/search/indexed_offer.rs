//! What the index reads of an offer, and nothing else: its id, its searchable text, and the few
//! fields the list filters and sorts on.
//!
//! The kiosk decodes it straight from the stored JSON at start (`JSON.stringify` told to keep
//! only [`INDEXED_FIELDS`]), borrowing the text where it can: no whole [`Offer`] is built for
//! each of 100,000 stored offers only to be thrown away.

use std::borrow::Cow;

use guichet_protocol::offers::{LocalizedText, Offer};
use serde::Deserialize;

/// The property names of a stored [`Offer`] that [`IndexedOffer`] reads, at every depth (the
/// `fr` and `ar` of the texts included). A test checks that an offer keeping only these decodes
/// to what the whole offer gives, so the list cannot miss one.
pub const INDEXED_FIELDS: [&str; 12] = [
    "id",
    "title",
    "description",
    "fr",
    "ar",
    "employer",
    "wilaya",
    "commune",
    "occupation",
    "contract",
    "published_at",
    "expires_at",
];

/// An offer as the index reads it, borrowed from an [`Offer`] or from its JSON.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IndexedOffer<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub title: Texts<'a>,
    #[serde(borrow)]
    pub description: Texts<'a>,
    #[serde(borrow)]
    pub employer: Cow<'a, str>,
    pub wilaya: u8,
    #[serde(borrow)]
    pub commune: Cow<'a, str>,
    #[serde(borrow)]
    pub occupation: Cow<'a, str>,
    #[serde(borrow)]
    pub contract: Cow<'a, str>,
    pub published_at: u64,
    pub expires_at: u64,
}

/// A [`LocalizedText`] borrowed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct Texts<'a> {
    #[serde(borrow, default)]
    pub fr: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub ar: Option<Cow<'a, str>>,
}

impl IndexedOffer<'_> {
    /// The same offer owning its text, to be kept after what it was read from is gone.
    pub fn into_owned(self) -> IndexedOffer<'static> {
        let own = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        IndexedOffer {
            id: own(self.id),
            title: self.title.into_owned(),
            description: self.description.into_owned(),
            employer: own(self.employer),
            wilaya: self.wilaya,
            commune: own(self.commune),
            occupation: own(self.occupation),
            contract: own(self.contract),
            published_at: self.published_at,
            expires_at: self.expires_at,
        }
    }
}

impl Texts<'_> {
    /// The French then the Arabic text, those present.
    pub fn each(&self) -> impl Iterator<Item = &str> {
        [&self.fr, &self.ar].into_iter().flatten().map(|text| text.as_ref())
    }

    fn into_owned(self) -> Texts<'static> {
        let own = |text: Option<Cow<'_, str>>| text.map(|text| Cow::Owned(text.into_owned()));
        Texts { fr: own(self.fr), ar: own(self.ar) }
    }
}

impl<'a> From<&'a LocalizedText> for Texts<'a> {
    fn from(text: &'a LocalizedText) -> Self {
        Texts {
            fr: text.fr.as_deref().map(Cow::Borrowed),
            ar: text.ar.as_deref().map(Cow::Borrowed),
        }
    }
}

impl<'a> From<&'a Offer> for IndexedOffer<'a> {
    fn from(offer: &'a Offer) -> Self {
        IndexedOffer {
            id: Cow::Borrowed(&offer.id),
            title: Texts::from(&offer.title),
            description: Texts::from(&offer.description),
            employer: Cow::Borrowed(&offer.employer),
            wilaya: offer.wilaya,
            commune: Cow::Borrowed(&offer.commune),
            occupation: Cow::Borrowed(&offer.occupation),
            contract: Cow::Borrowed(&offer.contract),
            published_at: offer.published_at,
            expires_at: offer.expires_at,
        }
    }
}
