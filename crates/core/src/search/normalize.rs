//! Folding text so that what a seeker types matches what an agency wrote, however either spelled
//! it: case, French accents and ligatures, Arabic diacritics, letter variants and digits.
//!
//! The same folding runs over offers when indexing and over the query when searching, so the two
//! always agree. It never changes the text shown to anyone.

/// Words too common to tell offers apart; they are neither indexed nor searched for.
const STOP_WORDS: &[&str] = &[
    // French
    "a", "au", "aux", "avec", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou",
    "par", "pour", "sur", "un", "une",
    // Arabic, already folded (إلى is stored as الي)
    "في", "من", "علي", "الي", "عن", "مع", "و",
];

/// The folded words of `text`, in order, stop words removed.
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(text, |word| words.push(word.to_owned()));
    words
}

/// The folded words of a place name, or of what is typed to find one: the same as [`words`] for
/// every letter a place name of the reference lists has (Latin with French accents, Arabic,
/// digits), without Unicode's case and letter tables, which are 17 KB of the registration
/// page's download for letters no commune name holds (issue #12). Whitespace and punctuation
/// separate words as in [`words`]; any other character outside those scripts (a Greek letter,
/// an emoji) stays in its word as typed, so the word finds no place, as it finds none through
/// [`words`]. Tests hold both claims: on every name of the reference lists, and on every
/// character.
pub fn place_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    fold_words(text, fold_place, |word| words.push(word.to_owned()));
    words
}

/// Calls `visit` with each folded word of `text`, in order, stop words removed. Allocates one
/// buffer for the whole text: indexing 100,000 offers calls this a million times.
pub fn for_each_word(text: &str, visit: impl FnMut(&str)) {
    fold_words(text, fold, visit);
}

fn fold_words(text: &str, fold: fn(char) -> Folded, mut visit: impl FnMut(&str)) {
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        if !word.is_empty() {
            let stripped = strip_arabic_article(word);
            if !STOP_WORDS.contains(&stripped) {
                visit(stripped);
            }
            word.clear();
        }
    };
    for c in text.chars() {
        match fold(c) {
            Folded::Skip => {}
            Folded::Break => flush(&mut word),
            Folded::One(c) => word.push(c),
            Folded::Two(first, second) => {
                word.push(first);
                word.push(second);
            }
        }
    }
    flush(&mut word);
}

/// The Arabic definite article ال is dropped from a word that remains at least two letters
/// long, so الممرض (the nurse) and ممرض (nurse) are one word. Without it, a seeker typing ممر
/// would never see offers that only say الممرض.
fn strip_arabic_article(word: &str) -> &str {
    match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => word,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Folded {
    /// Not part of any word and not a separator (a diacritic, the tatweel).
    Skip,
    /// Ends the current word.
    Break,
    One(char),
    Two(char, char),
}

fn fold(c: char) -> Folded {
    known(c).unwrap_or_else(|| {
        if c.is_alphanumeric() {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(first), None) => Folded::One(first),
                (Some(first), Some(second)) => Folded::Two(first, second),
                _ => Folded::Break,
            }
        } else {
            Folded::Break
        }
    })
}

/// [`fold`] without Unicode's tables: see [`place_words`].
fn fold_place(c: char) -> Folded {
    known(c).unwrap_or_else(|| if separates(c) { Folded::Break } else { Folded::One(c) })
}

/// Whitespace and punctuation, Latin and Arabic: what separates the words of a place's name
/// when [`fold`]'s Unicode tables are not at hand.
fn separates(c: char) -> bool {
    c.is_ascii()
        || c.is_whitespace()
        || matches!(c,
            // Latin-1's punctuation and signs (« » ° ¿ ·), × and ÷.
            '\u{00A0}'..='\u{00BF}' | '×' | '÷'
            // General punctuation: dashes, quotes, ellipsis, bullets, invisible separators.
            | '\u{2000}'..='\u{206F}'
            // Arabic comma, semicolon, question mark, percent and number signs, full stop.
            | '،' | '؛' | '؟' | '\u{066A}'..='\u{066D}' | '۔' | '\u{FD3E}' | '\u{FD3F}')
}

/// The folding of the letters, digits and marks with a rule of their own; `None` for the rest,
/// which [`fold`] reads with Unicode's tables.
fn known(c: char) -> Option<Folded> {
    Some(match c {
        'a'..='z' | '0'..='9' => Folded::One(c),
        'A'..='Z' => Folded::One(c.to_ascii_lowercase()),
        // Tashkeel (fathatan to sukun), superscript alef, and the tatweel used to stretch words.
        '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' => Folded::Skip,
        // Alef with hamza above or below, with madda, wasla: plain alef.
        'أ' | 'إ' | 'آ' | 'ٱ' => Folded::One('ا'),
        'ة' => Folded::One('ه'),
        'ى' => Folded::One('ي'),
        // Arabic-Indic and Eastern Arabic-Indic digits.
        '\u{0660}'..='\u{0669}' => Folded::One(digit(c as u32 - 0x0660)),
        '\u{06F0}'..='\u{06F9}' => Folded::One(digit(c as u32 - 0x06F0)),
        // The other Arabic letters are kept as they are, as the general case below would keep
        // them (letters without case), without its two Unicode table searches per letter: half
        // of what an offer says is Arabic.
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' => Folded::One(c),
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => Folded::One('a'),
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => Folded::One('e'),
        'î' | 'ï' | 'í' | 'Î' | 'Ï' | 'Í' => Folded::One('i'),
        'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' | 'Ó' => Folded::One('o'),
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => Folded::One('u'),
        'ÿ' | 'Ÿ' => Folded::One('y'),
        'ç' | 'Ç' => Folded::One('c'),
        'ñ' | 'Ñ' => Folded::One('n'),
        'œ' | 'Œ' => Folded::Two('o', 'e'),
        'æ' | 'Æ' => Folded::Two('a', 'e'),
        // Combining accents, when the text arrives decomposed (NFD).
        '\u{0300}'..='\u{036F}' => Folded::Skip,
        _ => return None,
    })
}

fn digit(value: u32) -> char {
    char::from_digit(value, 10).unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `fold` gives a letter it has no rule for: the general case.
    fn general(c: char) -> Folded {
        let mut lower = c.to_lowercase();
        match (c.is_alphanumeric(), lower.next(), lower.next()) {
            (true, Some(first), None) => Folded::One(first),
            (true, Some(first), Some(second)) => Folded::Two(first, second),
            _ => Folded::Break,
        }
    }

    #[test]
    fn the_arabic_letters_shortcut_folds_as_the_general_case() {
        let shortcut = ('\u{0620}'..='\u{063F}').chain('\u{0641}'..='\u{064A}');
        // Those with a rule of their own (alef forms, ta marbuta, alef maqsura) are not in it.
        let ruled = ['أ', 'إ', 'آ', 'ة', 'ى'];
        for c in shortcut.filter(|c| !ruled.contains(c)) {
            assert_eq!(fold(c), general(c), "U+{:04X}", c as u32);
        }
    }

    #[track_caller]
    fn check(text: &str, expected: &[&str]) {
        assert_eq!(words(text), expected, "{text:?}");
    }

    #[test]
    fn french_case_and_accents() {
        check("Électricien", &["electricien"]);
        check("ÉLECTRICIEN BÂTIMENT", &["electricien", "batiment"]);
        check("Réceptionniste d'hôtel", &["receptionniste", "hotel"]);
        check("Aïn Témouchent", &["ain", "temouchent"]);
        check("Béjaïa", &["bejaia"]);
        check("Boumerdès", &["boumerdes"]);
        check("Naâma", &["naama"]);
        check("Maître-nageur", &["maitre", "nageur"]);
        check("Où", &[]);
    }

    #[test]
    fn french_cedilla_and_ligatures() {
        check("Maçon", &["macon"]);
        check("GARÇON de café", &["garcon", "cafe"]);
        check("Manœuvre", &["manoeuvre"]);
        check("MANŒUVRE", &["manoeuvre"]);
        check("Cœur", &["coeur"]);
        check("ex æquo", &["ex", "aequo"]);
    }

    #[test]
    fn decomposed_accents_fold_like_composed_ones() {
        check("Ele\u{301}ctricien mac\u{327}on", &["electricien", "macon"]);
    }

    #[test]
    fn french_stop_words_are_dropped() {
        check("Agent de sécurité", &["agent", "securite"]);
        check("Aide à la personne", &["aide", "personne"]);
        check("Chauffeur pour l'usine et le dépôt", &["chauffeur", "usine", "depot"]);
    }

    #[test]
    fn arabic_tashkeel_is_removed() {
        check("بَنَّاء", &["بناء"]);
        check("مُمَرِّضٌ", &["ممرض"]);
        check("طَبَّاخٌ مُؤَهَّلٌ", &["طباخ", "مؤهل"]);
        // Superscript alef, as in هٰذا.
        check("هٰذا", &["هذا"]);
    }

    #[test]
    fn arabic_tatweel_is_removed() {
        check("ســائــق", &["سائق"]);
        check("مـحـاسـب", &["محاسب"]);
    }

    #[test]
    fn arabic_alef_forms_fold_to_bare_alef() {
        check("أمين", &["امين"]);
        check("إدارة", &["اداره"]);
        check("آلة", &["اله"]);
        check("ٱلعمل", &["عمل"]);
        check("أم البواقي", &["ام", "بواقي"]);
    }

    #[test]
    fn arabic_teh_marbuta_and_alef_maksura() {
        check("سياقة", &["سياقه"]);
        check("قسنطينة", &["قسنطينه"]);
        check("مستشفى", &["مستشفي"]);
        check("عين الدفلى", &["عين", "دفلي"]);
    }

    #[test]
    fn arabic_article_is_dropped_when_a_word_remains() {
        check("الممرض", &["ممرض"]);
        check("الجزائر", &["جزائر"]);
        // Too short to be article plus word: kept whole.
        check("الف", &["الف"]);
    }

    #[test]
    fn arabic_stop_words_are_dropped() {
        check("طباخ في مطعم", &["طباخ", "مطعم"]);
        check("عامل من ولاية وهران", &["عامل", "ولايه", "وهران"]);
        check("إلى", &[]);
    }

    #[test]
    fn arabic_indic_digits_are_latin_digits() {
        check("٢٠٢٦", &["2026"]);
        check("۱۶", &["16"]);
        check("CDD ١٢ شهرا", &["cdd", "12", "شهرا"]);
        check("0550 12", &["0550", "12"]);
    }

    #[test]
    fn the_place_folding_separates_where_the_offers_folding_does_for_punctuation() {
        for text in
            ["Sidi Bel Abbès/Oran, (2 postes)", "«Bab—Ezzouar»", "،سطيف؛ باتنة؟", "a\u{00A0}b"]
        {
            assert_eq!(place_words(text), words(text), "{text:?}");
        }
    }

    #[test]
    fn the_place_folding_differs_only_where_the_offers_folding_reads_unicode_tables() {
        // Every character: where the two differ, the place folding either separates (a sign
        // of Latin-1 or general punctuation) or keeps the character as typed (a letter of
        // another script, a symbol), and the character has no rule of its own.
        let mut kept = 0;
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let (offers, place) = (fold(c), fold_place(c));
            if offers == place {
                continue;
            }
            assert!(known(c).is_none(), "U+{:04X}", c as u32);
            match place {
                Folded::Break => assert!(separates(c), "U+{:04X}", c as u32),
                Folded::One(same) if same == c => kept += 1,
                other => panic!("U+{:04X}: {other:?}", c as u32),
            }
        }
        assert!(kept > 0, "letters of other scripts are kept as typed");
    }

    #[test]
    fn punctuation_separates_words() {
        check("  ", &[]);
        check("", &[]);
        check("DAIP-CID", &["daip", "cid"]);
        check("Sidi Bel Abbès/Oran, (2 postes)", &["sidi", "bel", "abbes", "oran", "2", "postes"]);
        check("،سطيف؛ باتنة؟", &["سطيف", "باتنه"]);
    }
}
