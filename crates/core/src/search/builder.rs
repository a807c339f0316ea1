//! Building an index from many offers at once, as the kiosk does at start from IndexedDB: the
//! offers may come in batches, so they never all need to be in memory, and the work is several
//! times cheaper than upserting them one by one. A sync adds each page it stores the same way, to
//! the index it already has ([`SearchIndexBuilder::extending`]).
//!
//! Two things make it cheap. Words are numbered as they are first seen, and postings gathered by
//! number; the sorted map the index searches is made once, in [`SearchIndexBuilder::finish`].
//! And the names of occupations, communes and wilayas (a third of an offer's words, shared by
//! thousands of offers) are folded once per code rather than once per offer.

use rustc_hash::FxHashMap as HashMap;

use super::index::{commune_names, occupation_names, push_posting, wilaya_names};
use super::{Field, IndexedOffer, SearchIndex, normalize};
use crate::reference::ReferenceData;

/// Builds a [`SearchIndex`] with the names of one version of the reference lists.
#[derive(Debug)]
pub struct SearchIndexBuilder<'r> {
    reference: &'r ReferenceData,
    index: SearchIndex,
    words: Words,
    /// The word numbers of each reference entry's names, in the order `visit_words` gives them.
    occupations: HashMap<Box<str>, Box<[u32]>>,
    communes: HashMap<Box<str>, Box<[u32]>>,
    wilayas: HashMap<u8, Box<[u32]>>,
}

/// Every word seen so far, numbered, with its postings.
#[derive(Debug, Default)]
struct Words {
    numbers: HashMap<Box<str>, u32>,
    postings: Vec<Vec<u32>>,
}

impl Words {
    fn number(&mut self, word: &str) -> u32 {
        if let Some(&number) = self.numbers.get(word) {
            return number;
        }
        let number = self.postings.len() as u32;
        self.postings.push(Vec::new());
        self.numbers.insert(word.into(), number);
        number
    }

    fn add(&mut self, word: &str, posting: u32) {
        let number = self.number(word);
        push_posting(&mut self.postings[number as usize], posting);
    }

    fn add_numbered(&mut self, numbers: &[u32], posting: u32) {
        for &number in numbers {
            push_posting(&mut self.postings[number as usize], posting);
        }
    }

    /// The numbers of the words `visit_names` gives, in order.
    fn numbered(&mut self, visit_names: impl FnOnce(&mut dyn FnMut(&str))) -> Box<[u32]> {
        let mut numbers = Vec::new();
        visit_names(&mut |word| numbers.push(self.number(word)));
        numbers.into()
    }
}

impl<'r> SearchIndexBuilder<'r> {
    pub fn new(reference: &'r ReferenceData) -> Self {
        Self::extending(SearchIndex::default(), reference)
    }

    /// A builder that adds to `index` (which must use the same reference lists): what a sync
    /// does with each page. The page's words are gathered first, then each is looked up once
    /// in `index`'s sorted map, rather than once per offer that holds it.
    pub fn extending(index: SearchIndex, reference: &'r ReferenceData) -> Self {
        SearchIndexBuilder {
            reference,
            index,
            words: Words::default(),
            occupations: HashMap::default(),
            communes: HashMap::default(),
            wilayas: HashMap::default(),
        }
    }

    /// Adds `offer`, or replaces the offer with the same id added before. Visits the words in
    /// `visit_words`'s order (title, occupation, employer and place, description), so postings
    /// stay sorted.
    pub fn add(&mut self, offer: &IndexedOffer) {
        let reference = self.reference;
        let slot = self.index.push_slot(offer, reference);
        let posting = |field: Field| slot * 4 + field as u32;
        let words = &mut self.words;
        for text in offer.title.each() {
            normalize::for_each_word(text, |word| words.add(word, posting(Field::Title)));
        }
        let occupation = match self.occupations.get(offer.occupation.as_ref()) {
            Some(numbers) => numbers,
            None => {
                let numbers = words.numbered(|visit| {
                    occupation_names(reference, &offer.occupation, visit);
                });
                self.occupations.entry(offer.occupation.as_ref().into()).or_insert(numbers)
            }
        };
        words.add_numbered(occupation, posting(Field::Occupation));
        let place = posting(Field::EmployerOrPlace);
        normalize::for_each_word(&offer.employer, |word| words.add(word, place));
        let commune = match self.communes.get(offer.commune.as_ref()) {
            Some(numbers) => numbers,
            None => {
                let numbers =
                    words.numbered(|visit| commune_names(reference, &offer.commune, visit));
                self.communes.entry(offer.commune.as_ref().into()).or_insert(numbers)
            }
        };
        words.add_numbered(commune, place);
        let wilaya = self.wilayas.entry(offer.wilaya).or_insert_with(|| {
            words.numbered(|visit| wilaya_names(reference, offer.wilaya, visit))
        });
        words.add_numbered(wilaya, place);
        for text in offer.description.each() {
            normalize::for_each_word(text, |word| words.add(word, posting(Field::Description)));
        }
    }

    /// How many offers were added (an offer added twice counts once).
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The index, its new words sorted once. Every offer added has a slot after all those the
    /// index held, so a word's new postings follow its old ones and the postings stay sorted.
    pub fn finish(self) -> SearchIndex {
        let mut index = self.index;
        let mut postings = self.words.postings;
        let added = self
            .words
            .numbers
            .into_iter()
            .map(|(word, number)| (word, std::mem::take(&mut postings[number as usize])))
            .filter(|(_, postings)| !postings.is_empty());
        if index.words.is_empty() {
            index.words = added.collect();
        } else {
            for (word, added) in added {
                match index.words.get_mut(&word) {
                    Some(held) => added.into_iter().for_each(|posting| push_posting(held, posting)),
                    None => {
                        index.words.insert(word, added);
                    }
                }
            }
        }
        index.compact_if_worth_it();
        index
    }
}
