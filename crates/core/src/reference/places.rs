//! Finding a commune by a few letters of its name, in Arabic or Latin script, with the folding
//! of the offers search (no accents, no hamza, no article, Arabic-Indic or Latin digits) in its
//! form for place names (`place_words`, without Unicode's tables): what the wizard's place fields
//! offer as the person types.

use guichet_protocol::reference::Commune;

use super::ReferenceData;
use crate::search::normalize::place_words;

/// A commune's names folded once, so each keystroke only compares words.
#[derive(Debug, Clone)]
pub struct FoldedCommune {
    pub code: String,
    pub wilaya: u8,
    /// The folded words of the French name, then of the Arabic name.
    names: [Vec<String>; 2],
}

/// The names of the communes of `wilaya` (of every commune when `None`) folded, in list order.
/// Built once per reference version and wilaya: a place field folds the few dozen communes it
/// can offer, not the 1,541 of the country, when the wizard shows it (issue #12: folding them all
/// was a fifth of the longest task of the registration page's start).
pub fn fold_communes(reference: &ReferenceData, wilaya: Option<u8>) -> Vec<FoldedCommune> {
    reference
        .reference()
        .communes
        .iter()
        .filter(|commune| wilaya.is_none_or(|w| commune.wilaya == w))
        .map(|commune| FoldedCommune {
            code: commune.code.clone(),
            wilaya: commune.wilaya,
            names: [place_words(&commune.name.fr), place_words(&commune.name.ar)],
        })
        .collect()
}

/// The codes of the communes of `wilaya` (all communes when `None`) whose French or Arabic name
/// matches `query`: each word typed begins a word of the name, in any order. Names that begin
/// with the first word typed come first; otherwise list order. An empty query matches all.
pub fn find_communes<'a>(
    communes: &'a [FoldedCommune],
    wilaya: Option<u8>,
    query: &str,
) -> Vec<&'a FoldedCommune> {
    let typed = place_words(query);
    let mut first = Vec::new();
    let mut others = Vec::new();
    for commune in communes.iter().filter(|commune| wilaya.is_none_or(|w| commune.wilaya == w)) {
        let best = commune.names.iter().filter_map(|name| rank(&typed, name)).min();
        match best {
            Some(0) => first.push(commune),
            Some(_) => others.push(commune),
            None => {}
        }
    }
    first.extend(others);
    first
}

/// `Some(0)` when the name begins with the first word typed, `Some(1)` when every word typed
/// begins some word of the name, `None` otherwise.
fn rank(typed: &[String], name: &[String]) -> Option<u8> {
    let all = typed.iter().all(|word| name.iter().any(|part| begins(part, word)));
    if !all {
        return None;
    }
    let leading = match (typed.first(), name.first()) {
        (Some(word), Some(part)) => begins(part, word),
        _ => true,
    };
    Some(if leading { 0 } else { 1 })
}

/// Whether the name word `part` begins with the typed word `word`. The folding drops the
/// article ال from a name word but keeps it on a short typed word (الز of «باب الز» as the
/// person is still typing الزوار), so a typed word is also tried without it.
fn begins(part: &str, word: &str) -> bool {
    part.starts_with(word) || word.strip_prefix("ال").is_some_and(|rest| part.starts_with(rest))
}

/// The commune behind a found entry.
pub fn commune_of<'a>(reference: &'a ReferenceData, found: &FoldedCommune) -> Option<&'a Commune> {
    reference.commune(&found.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(wilaya: Option<u8>, query: &str, expected_first: &[&str]) {
        let communes = fold_communes(ReferenceData::builtin(), None);
        let found: Vec<&str> =
            find_communes(&communes, wilaya, query).iter().map(|c| c.code.as_str()).collect();
        assert!(
            found.starts_with(expected_first),
            "{query:?} in {wilaya:?}: {:?}",
            &found[..found.len().min(8)]
        );
    }

    #[test]
    fn a_few_letters_in_either_script_find_the_commune() {
        check(Some(16), "bab ezz", &["1621"]);
        check(Some(16), "BAB EZZ", &["1621"]);
        check(Some(16), "باب الز", &["1621"]);
        check(Some(16), "باب الزوار", &["1621"]);
        check(Some(16), "ezzouar", &["1621"]);
        check(Some(16), "bab el oued", &["1605"]);
        check(Some(59), "aflou", &["0319"]);
        check(Some(59), "أفلو", &["0319"]);
        check(None, "tamanrasset", &["1101"]);
    }

    #[test]
    fn the_wilaya_filters_and_an_empty_query_lists_them_all() {
        let communes = fold_communes(ReferenceData::builtin(), None);
        assert_eq!(find_communes(&communes, Some(16), "").len(), 57);
        assert!(find_communes(&communes, Some(31), "bab ezz").is_empty());
        assert!(find_communes(&communes, Some(16), "zzzz").is_empty());
        let everywhere = find_communes(&communes, None, "");
        assert_eq!(everywhere.len(), 1541);
    }

    #[test]
    fn every_place_name_folds_as_the_offers_search_folds_it() {
        use crate::search::normalize::words;
        let reference = ReferenceData::builtin().reference();
        let communes = reference.communes.iter().map(|commune| &commune.name);
        let wilayas = reference.wilayas.iter().map(|wilaya| &wilaya.name);
        for name in communes.chain(wilayas) {
            for text in [&name.fr, &name.ar, &name.en] {
                assert_eq!(place_words(text), words(text), "{text:?}");
            }
        }
    }

    #[test]
    fn punctuation_separates_and_other_scripts_find_nothing() {
        check(Some(16), "«Bab—Ezz»", &["1621"]);
        check(Some(16), "باب، الز", &["1621"]);
        let communes = fold_communes(ReferenceData::builtin(), Some(16));
        for query in ["Ωmega", "bab ✓", "БАБ"] {
            assert!(find_communes(&communes, Some(16), query).is_empty(), "{query:?}");
        }
    }

    #[test]
    fn folding_one_wilaya_finds_what_folding_all_finds_there() {
        let all = fold_communes(ReferenceData::builtin(), None);
        for wilaya in [1, 16, 31, 59] {
            let one = fold_communes(ReferenceData::builtin(), Some(wilaya));
            assert!(one.iter().all(|commune| commune.wilaya == wilaya));
            for query in ["", "bab", "ain", "عين", "el"] {
                let codes = |found: Vec<&FoldedCommune>| -> Vec<String> {
                    found.iter().map(|commune| commune.code.clone()).collect()
                };
                assert_eq!(
                    codes(find_communes(&one, Some(wilaya), query)),
                    codes(find_communes(&all, Some(wilaya), query)),
                    "{query:?} in {wilaya}"
                );
            }
            assert_eq!(one.len(), find_communes(&all, Some(wilaya), "").len());
        }
    }
}
