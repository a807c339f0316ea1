//! The index itself: a sorted map from folded word to postings, so a prefix is a range scan.
//!
//! A posting is `slot * 4 + field`: the offer's slot, and where the word was found. Postings of
//! a word stay sorted because slots only grow; an updated offer takes a new slot and its old one
//! is marked dead, and dead slots are compacted away once they are half of the index.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::ops::Bound;

use guichet_protocol::offers::Offer;
use guichet_protocol::reference::Labels;

use super::{
    Field, IndexedOffer, Query, SearchIndexBuilder, SearchResults, normalize, published_since,
};
use crate::reference::ReferenceData;
use crate::time::Timestamp;

/// Compaction waits for at least this many dead slots: small indexes are cheap to keep as is.
const COMPACT_AFTER_DEAD: usize = 1024;
/// Words of a query beyond this many are ignored: nobody types more, and it bounds the work.
const MAX_QUERY_WORDS: usize = 8;

/// An offer as the index keeps it: what filters and sorting need, and nothing to display.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Slot {
    pub(super) id: Box<str>,
    published_at: u64,
    expires_at: u64,
    wilaya: u8,
    pub(super) occupation_group: u16,
    pub(super) contract: u16,
    pub(super) alive: bool,
}

/// The search index over the offers a kiosk holds.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    pub(super) slots: Vec<Slot>,
    pub(super) by_id: HashMap<Box<str>, u32>,
    pub(super) words: BTreeMap<Box<str>, Vec<u32>>,
    /// Occupation group and contract codes, interned so a slot stays small.
    pub(super) codes: Vec<Box<str>>,
    pub(super) code_numbers: HashMap<Box<str>, u16>,
    pub(super) dead: usize,
}

impl SearchIndex {
    /// Indexes `offers` in one pass, faster than upserting them one by one.
    pub fn build<'a>(
        offers: impl IntoIterator<Item = &'a Offer>,
        reference: &ReferenceData,
    ) -> Self {
        let mut builder = SearchIndexBuilder::new(reference);
        for offer in offers {
            builder.add(&IndexedOffer::from(offer));
        }
        builder.finish()
    }

    /// Adds `offer`, or replaces the offer with the same id. Many offers at once are cheaper
    /// through [`SearchIndexBuilder::extending`].
    pub fn upsert(&mut self, offer: &Offer, reference: &ReferenceData) {
        let offer = IndexedOffer::from(offer);
        let slot = self.push_slot(&offer, reference);
        let words = &mut self.words;
        visit_words(&offer, reference, |word, field| {
            let posting = slot * 4 + field as u32;
            match words.get_mut(word) {
                Some(postings) => push_posting(postings, posting),
                None => {
                    words.insert(word.into(), vec![posting]);
                }
            }
        });
        self.compact_if_worth_it();
    }

    /// Forgets the offer `id`; unknown ids are ignored (a removal may arrive twice).
    pub fn remove(&mut self, id: &str) {
        if let Some(slot) = self.by_id.remove(id) {
            self.kill(slot);
            self.compact_if_worth_it();
        }
    }

    /// Slots in use, dead ones included: what compaction keeps small.
    #[cfg(test)]
    pub(crate) fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// How many offers the index holds, expired ones included.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// How many offers are current at `now`: what the kiosk says it holds.
    pub fn current_count(&self, now: Timestamp) -> usize {
        self.slots.iter().filter(|slot| slot.alive && slot.expires_at > now.0).count()
    }

    /// Runs `query` at `now`: current offers only, matching every word of the text as a prefix
    /// and every filter, best first.
    pub fn search(&self, query: &Query, now: Timestamp) -> SearchResults {
        let mut words = normalize::words(&query.text);
        words.truncate(MAX_QUERY_WORDS);
        let mut scored: Vec<(u16, u32)> = if words.is_empty() {
            (0..self.slots.len() as u32).map(|slot| (0, slot)).collect()
        } else {
            self.match_words(&words)
        };
        scored.retain(|&(_, slot)| self.passes(slot, query, now));
        let total = scored.len();
        let order = |a: &(u16, u32), b: &(u16, u32)| {
            let (a_slot, b_slot) = (&self.slots[a.1 as usize], &self.slots[b.1 as usize]);
            b.0.cmp(&a.0).then(b_slot.published_at.cmp(&a_slot.published_at)).then(b.1.cmp(&a.1))
        };
        if query.limit < scored.len() {
            if query.limit == 0 {
                scored.clear();
            } else {
                scored.select_nth_unstable_by(query.limit - 1, order);
                scored.truncate(query.limit);
            }
        }
        scored.sort_unstable_by(order);
        let ids =
            scored.iter().map(|&(_, slot)| self.slots[slot as usize].id.to_string()).collect();
        SearchResults { total, ids }
    }

    /// Slots matching every word, with their scores: for each word, the weight of the best
    /// field it was found in, summed.
    fn match_words(&self, words: &[String]) -> Vec<(u16, u32)> {
        let slot_count = self.slots.len();
        let mut matched_words = vec![0u8; slot_count];
        let mut scores = vec![0u16; slot_count];
        let mut best_here = vec![0u8; slot_count];
        let mut touched: Vec<u32> = Vec::new();
        let last_round = words.len().saturating_sub(1);
        for (round, word) in words.iter().enumerate() {
            let round = round as u8;
            let range = self
                .words
                .range::<str, _>((Bound::Included(word.as_str()), Bound::Unbounded))
                .take_while(|(candidate, _)| candidate.starts_with(word.as_str()));
            for (_, postings) in range {
                for &posting in postings {
                    let slot = (posting >> 2) as usize;
                    if matched_words[slot] != round {
                        continue;
                    }
                    let weight = Field::ALL[(posting & 3) as usize].weight();
                    if best_here[slot] == 0 {
                        touched.push(slot as u32);
                    }
                    best_here[slot] = best_here[slot].max(weight);
                }
            }
            for &slot in &touched {
                let slot = slot as usize;
                matched_words[slot] = round + 1;
                scores[slot] += u16::from(best_here[slot]);
                best_here[slot] = 0;
            }
            if usize::from(round) < last_round {
                touched.clear();
            }
        }
        touched.into_iter().map(|slot| (scores[slot as usize], slot)).collect()
    }

    fn passes(&self, slot: u32, query: &Query, now: Timestamp) -> bool {
        let slot = &self.slots[slot as usize];
        let filters = &query.filters;
        slot.alive
            && slot.expires_at > now.0
            && slot.published_at >= published_since(filters, now)
            && filters.wilaya.is_none_or(|wilaya| slot.wilaya == wilaya)
            && filters
                .occupation_group
                .as_deref()
                .is_none_or(|group| self.code(slot.occupation_group) == group)
            && filters
                .contract
                .as_deref()
                .is_none_or(|contract| self.code(slot.contract) == contract)
    }

    fn code(&self, number: u16) -> &str {
        self.codes.get(usize::from(number)).map_or("", |code| code)
    }

    fn intern(&mut self, code: &str) -> u16 {
        if let Some(&number) = self.code_numbers.get(code) {
            return number;
        }
        let number = u16::try_from(self.codes.len()).unwrap_or(u16::MAX);
        self.codes.push(code.into());
        self.code_numbers.insert(code.into(), number);
        number
    }

    /// A new slot for `offer`; the offer with the same id, if any, is killed.
    pub(super) fn push_slot(&mut self, offer: &IndexedOffer, reference: &ReferenceData) -> u32 {
        let group = reference.occupation(&offer.occupation).map_or("", |o| o.group.as_str());
        let occupation_group = self.intern(group);
        let contract = self.intern(&offer.contract);
        let slot = self.slots.len() as u32;
        let id: Box<str> = offer.id.as_ref().into();
        if let Some(old) = self.by_id.insert(id.clone(), slot) {
            self.kill(old);
        }
        self.slots.push(Slot {
            id,
            published_at: offer.published_at,
            expires_at: offer.expires_at,
            wilaya: offer.wilaya,
            occupation_group,
            contract,
            alive: true,
        });
        slot
    }

    fn kill(&mut self, slot: u32) {
        if let Some(entry) = self.slots.get_mut(slot as usize)
            && entry.alive
        {
            entry.alive = false;
            self.dead += 1;
        }
    }

    /// Drops dead slots and renumbers the living ones, keeping their order.
    pub(super) fn compact_if_worth_it(&mut self) {
        if self.dead < COMPACT_AFTER_DEAD || self.dead * 2 < self.slots.len() {
            return;
        }
        let mut new_numbers = vec![u32::MAX; self.slots.len()];
        let mut next = 0u32;
        for (old, slot) in self.slots.iter().enumerate() {
            if slot.alive {
                new_numbers[old] = next;
                next += 1;
            }
        }
        self.slots.retain(|slot| slot.alive);
        for postings in self.words.values_mut() {
            postings.retain_mut(|posting| {
                let renumbered = new_numbers[(*posting >> 2) as usize];
                if renumbered == u32::MAX {
                    return false;
                }
                *posting = renumbered * 4 + (*posting & 3);
                true
            });
        }
        self.words.retain(|_, postings| !postings.is_empty());
        for number in self.by_id.values_mut() {
            *number = new_numbers[*number as usize];
        }
        self.dead = 0;
    }
}

/// The folded words the index holds for `offer`, field by field in rank order (title,
/// occupation, employer and place, description), each field's words joined by single spaces.
/// `cargo xtask bench` gives these to other search libraries, so every peer indexes exactly the
/// text this index does (same folding, same stop words, same fields).
pub fn folded_fields(offer: &Offer, reference: &ReferenceData) -> [String; 4] {
    let mut fields: [String; 4] = Default::default();
    visit_words(&IndexedOffer::from(offer), reference, |word, field| {
        if let Some(text) = fields.get_mut(field as usize) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(word);
        }
    });
    fields
}

/// Appends a posting unless the word was already seen in the same field of the same offer.
pub(super) fn push_posting(postings: &mut Vec<u32>, posting: u32) {
    if postings.last() != Some(&posting) {
        postings.push(posting);
    }
}

/// Every folded word of the searchable fields, field by field in rank order. The builder visits
/// the same words in the same order, with the reference names folded once (`builder.rs`).
fn visit_words(
    offer: &IndexedOffer,
    reference: &ReferenceData,
    mut visit: impl FnMut(&str, Field),
) {
    for text in offer.title.each() {
        normalize::for_each_word(text, |word| visit(word, Field::Title));
    }
    occupation_names(reference, &offer.occupation, |word| visit(word, Field::Occupation));
    normalize::for_each_word(&offer.employer, |word| visit(word, Field::EmployerOrPlace));
    commune_names(reference, &offer.commune, |word| visit(word, Field::EmployerOrPlace));
    wilaya_names(reference, offer.wilaya, |word| visit(word, Field::EmployerOrPlace));
    for text in offer.description.each() {
        normalize::for_each_word(text, |word| visit(word, Field::Description));
    }
}

/// The folded words of an occupation's names in every language; none for an unknown code.
pub(super) fn occupation_names(reference: &ReferenceData, code: &str, visit: impl FnMut(&str)) {
    if let Some(occupation) = reference.occupation(code) {
        names(&occupation.name, visit);
    }
}

pub(super) fn commune_names(reference: &ReferenceData, code: &str, visit: impl FnMut(&str)) {
    if let Some(commune) = reference.commune(code) {
        names(&commune.name, visit);
    }
}

pub(super) fn wilaya_names(reference: &ReferenceData, code: u8, visit: impl FnMut(&str)) {
    if let Some(wilaya) = reference.wilaya(code) {
        names(&wilaya.name, visit);
    }
}

fn names(names: &Labels, mut visit: impl FnMut(&str)) {
    for name in [&names.fr, &names.ar, &names.en] {
        normalize::for_each_word(name, &mut visit);
    }
}
