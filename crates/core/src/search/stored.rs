//! The index as bytes, kept in the kiosk's storage between two starts: reading and decoding it
//! costs a fraction of reading every stored offer and indexing it again (100,000 offers on a
//! phone). The kiosk keeps it with the feed cursor and the reference lists' version it was made
//! at, and uses it only when both still match what it holds; anything else, this format
//! included, means indexing the stored offers again.
//!
//! Bytes from storage are not trusted: [`SearchIndex::from_bytes`] checks every posting and
//! code number against what it decoded, so damaged bytes are an error, never a panic later.

use std::collections::BTreeMap;

use bincode::Options;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::SearchIndex;
use super::index::Slot;

/// The layout of [`SearchIndex::to_bytes`] and the words it holds. Bumped whenever either
/// changes (the folding in `normalize`, the fields indexed, their order): an index stored by
/// another version of the kiosk is then built again from the offers. A test holds the folding
/// of a probe text together with this number, so the folding cannot change alone.
pub const STORED_INDEX_FORMAT: u32 = 1;

/// Why stored bytes are not an index this kiosk can use.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StoredIndexError {
    #[error("the stored index could not be decoded: {0}")]
    Decode(String),
    #[error("the stored index is of format {0}, this kiosk reads {STORED_INDEX_FORMAT}")]
    Format(u32),
    #[error("the stored index is inconsistent: {0}")]
    Inconsistent(&'static str),
}

#[derive(Serialize)]
struct Borrowed<'a> {
    format: u32,
    slots: &'a [Slot],
    words: Words<'a>,
    codes: &'a [Box<str>],
}

#[derive(Deserialize)]
struct Owned {
    /// Read first on its own; here only to be skipped.
    _format: u32,
    slots: Vec<Slot>,
    /// Each word with its postings as differences (see [`Gaps`]).
    words: Vec<(Box<str>, Vec<u32>)>,
    codes: Vec<Box<str>>,
}

/// The words in order, each with its postings as [`Gaps`].
struct Words<'a>(&'a BTreeMap<Box<str>, Vec<u32>>);

/// Sorted postings written as the first, then the difference from each to the next: small
/// numbers, one or two bytes as varints where the postings themselves take three (the stored
/// index of 100,000 offers is about half the size).
struct Gaps<'a>(&'a [u32]);

impl Serialize for Words<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|(word, postings)| (word, Gaps(postings))))
    }
}

impl Serialize for Gaps<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let previous = std::iter::once(0).chain(self.0.iter().copied());
        serializer.collect_seq(
            self.0.iter().zip(previous).map(|(&posting, before)| posting.wrapping_sub(before)),
        )
    }
}

/// Little-endian varints, and bytes after the index are an error.
fn options() -> impl Options {
    bincode::DefaultOptions::new()
}

impl SearchIndex {
    /// The index as bytes for [`SearchIndex::from_bytes`] (dead slots included: the next
    /// compaction drops them as it would have).
    pub fn to_bytes(&self) -> Vec<u8> {
        let stored = Borrowed {
            format: STORED_INDEX_FORMAT,
            slots: &self.slots,
            words: Words(&self.words),
            codes: &self.codes,
        };
        // Serialising into a Vec cannot fail: every field is a plain value, sequence or map.
        options().serialize(&stored).unwrap_or_default()
    }

    /// The index [`SearchIndex::to_bytes`] gave, checked.
    pub fn from_bytes(bytes: &[u8]) -> Result<SearchIndex, StoredIndexError> {
        // The format first: another layout may not even decode.
        let format: u32 = options()
            .allow_trailing_bytes()
            .deserialize(bytes)
            .map_err(|error| StoredIndexError::Decode(error.to_string()))?;
        if format != STORED_INDEX_FORMAT {
            return Err(StoredIndexError::Format(format));
        }
        let stored: Owned = options()
            .deserialize(bytes)
            .map_err(|error| StoredIndexError::Decode(error.to_string()))?;
        let codes = stored.codes.len();
        if stored.slots.iter().any(|slot| {
            usize::from(slot.occupation_group) >= codes || usize::from(slot.contract) >= codes
        }) {
            return Err(StoredIndexError::Inconsistent("a slot names an unknown code"));
        }
        let slots = stored.slots.len() as u64;
        let mut words = stored.words;
        for (_, postings) in &mut words {
            // Back from gaps; every gap after the first is at least one (sorted, no repeats).
            let mut total = 0u32;
            for (at, posting) in postings.iter_mut().enumerate() {
                if at > 0 && *posting == 0 {
                    return Err(StoredIndexError::Inconsistent("postings out of order"));
                }
                total = total
                    .checked_add(*posting)
                    .ok_or(StoredIndexError::Inconsistent("a posting out of range"))?;
                *posting = total;
            }
            match postings.last() {
                None => return Err(StoredIndexError::Inconsistent("a word without postings")),
                Some(&last) if u64::from(last >> 2) >= slots => {
                    return Err(StoredIndexError::Inconsistent("a posting names an unknown slot"));
                }
                Some(_) => {}
            }
        }
        if words.windows(2).any(|pair| pair[0].0 >= pair[1].0) {
            return Err(StoredIndexError::Inconsistent("words out of order"));
        }
        let mut by_id = HashMap::with_capacity_and_hasher(stored.slots.len(), Default::default());
        let mut dead = 0;
        for (number, slot) in stored.slots.iter().enumerate() {
            if slot.alive {
                if by_id.insert(slot.id.clone(), number as u32).is_some() {
                    return Err(StoredIndexError::Inconsistent("an offer is in two slots"));
                }
            } else {
                dead += 1;
            }
        }
        let code_numbers = stored
            .codes
            .iter()
            .enumerate()
            .map(|(number, code)| (code.clone(), number as u16))
            .collect();
        Ok(SearchIndex {
            slots: stored.slots,
            by_id,
            // Sorted and distinct: the map is built in one pass.
            words: words.into_iter().collect(),
            codes: stored.codes,
            code_numbers,
            dead,
        })
    }
}
