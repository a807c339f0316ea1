//! Offline search and browsing over job offers: an in-memory prefix index the kiosk builds from
//! IndexedDB at start and updates with each synced page.
//!
//! The index holds no offer text, only folded words pointing at offer slots and the few fields
//! the list filters and sorts on; the app reads the offers themselves from storage by id. It
//! never shows an expired offer: every query takes `now` and leaves out what expired before it.

mod builder;
mod index;
mod indexed_offer;
pub mod normalize;
mod stored;

pub use builder::SearchIndexBuilder;
pub use index::{SearchIndex, folded_fields};
pub use indexed_offer::{INDEXED_FIELDS, IndexedOffer, Texts};
pub use stored::{STORED_INDEX_FORMAT, StoredIndexError};

use crate::time::Timestamp;

/// One search or browse request. An empty `text` browses: every current offer, newest first.
/// Serialisable: the kiosk's page sends it to the worker that holds the index.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Query {
    /// What the seeker typed; each word matches as a prefix (results as you type).
    pub text: String,
    pub filters: Filters,
    /// At most this many ids are returned; `total` still counts them all.
    pub limit: usize,
}

/// The list's filters; `None` means any.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Filters {
    pub wilaya: Option<u8>,
    /// An occupation group code.
    pub occupation_group: Option<String>,
    /// A contract type code.
    pub contract: Option<String>,
    /// Only offers published at most this many days before `now`.
    pub published_within_days: Option<u32>,
}

/// The answer to a [`Query`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchResults {
    /// How many current offers match, beyond `limit` too.
    pub total: usize,
    /// Offer ids, best first: more title matches first, then the newest.
    pub ids: Vec<String>,
}

/// Where a word was found, best first; the rank decides an offer's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
enum Field {
    Title = 0,
    Occupation = 1,
    /// Employer, commune and wilaya.
    EmployerOrPlace = 2,
    Description = 3,
}

impl Field {
    const ALL: [Field; 4] =
        [Field::Title, Field::Occupation, Field::EmployerOrPlace, Field::Description];

    fn weight(self) -> u8 {
        match self {
            Field::Title => 8,
            Field::Occupation => 4,
            Field::EmployerOrPlace => 2,
            Field::Description => 1,
        }
    }
}

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

fn published_since(filters: &Filters, now: Timestamp) -> u64 {
    filters
        .published_within_days
        .map_or(0, |days| now.0.saturating_sub(u64::from(days).saturating_mul(DAY_MS)))
}

#[cfg(test)]
mod tests;
