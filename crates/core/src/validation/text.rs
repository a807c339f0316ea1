//! Names and free text: trimmed, inner spaces collapsed, bounded, and limited to one script.

use super::ErrorCode;

/// Names longer than this are refused (the national form's boxes are shorter).
pub const NAME_MAX_CHARS: usize = 50;

/// A name in Latin script: letters (accented ones included), spaces, hyphens and apostrophes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatinName(String);

/// A name in Arabic script: Arabic letters and vowel marks, spaces, hyphens and apostrophes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArabicName(String);

/// Free text such as an address: trimmed, non-empty, bounded, without control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeText(String);

impl LatinName {
    pub fn parse(input: &str) -> Result<Self, ErrorCode> {
        parse_name(input, is_latin_letter, ErrorCode::LatinNameCharacters).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ArabicName {
    pub fn parse(input: &str) -> Result<Self, ErrorCode> {
        parse_name(input, is_arabic_letter, ErrorCode::ArabicNameCharacters).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FreeText {
    pub fn parse(input: &str, max_chars: usize) -> Result<Self, ErrorCode> {
        let text = collapse_spaces(input);
        if text.is_empty() {
            return Err(ErrorCode::Required);
        }
        if text.chars().count() > max_chars {
            return Err(ErrorCode::TooLong);
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Replaces Arabic-Indic and Eastern Arabic-Indic digits (typed on Arabic keyboards) by ASCII
/// digits, so `٠٥٥٠…` is the same number as `0550…`.
pub fn normalize_digits(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            other => other,
        })
        .collect()
}

fn parse_name(
    input: &str,
    is_letter: fn(char) -> bool,
    wrong_characters: ErrorCode,
) -> Result<String, ErrorCode> {
    let name = collapse_spaces(input);
    if name.is_empty() {
        return Err(ErrorCode::Required);
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(ErrorCode::TooLong);
    }
    let allowed = |c: char| is_letter(c) || matches!(c, ' ' | '-' | '\'' | '\u{2019}');
    let starts_with_letter = name.chars().next().is_some_and(is_letter);
    if !starts_with_letter || !name.chars().all(allowed) {
        return Err(wrong_characters);
    }
    Ok(name)
}

fn collapse_spaces(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        // Latin-1 letters (À to ÿ, without × and ÷) and Latin Extended-A (Œ, ğ, …).
        || (('\u{00C0}'..='\u{017F}').contains(&c) && c != '\u{00D7}' && c != '\u{00F7}')
}

fn is_arabic_letter(c: char) -> bool {
    // Arabic letters, harakat and shadda, superscript alef, and the extended letters (گ, ڨ).
    ('\u{0621}'..='\u{063A}').contains(&c)
        || ('\u{0641}'..='\u{0652}').contains(&c)
        || c == '\u{0670}'
        || ('\u{0671}'..='\u{06D3}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_names() {
        #[track_caller]
        fn check(input: &str, expected: Result<&str, ErrorCode>) {
            let actual = LatinName::parse(input);
            assert_eq!(
                actual.as_ref().map(LatinName::as_str),
                expected.as_ref().copied(),
                "{input:?}"
            );
        }
        check("Karim", Ok("Karim"));
        check("  Aït   Ahmed ", Ok("Aït Ahmed"));
        check("Ben-Ali", Ok("Ben-Ali"));
        check("N'Diaye", Ok("N'Diaye"));
        check("D\u{2019}Alembert", Ok("D\u{2019}Alembert"));
        check("Hélène Çelik", Ok("Hélène Çelik"));
        check("", Err(ErrorCode::Required));
        check("   ", Err(ErrorCode::Required));
        check("Karim2", Err(ErrorCode::LatinNameCharacters));
        check("-Karim", Err(ErrorCode::LatinNameCharacters));
        check("كريم", Err(ErrorCode::LatinNameCharacters));
        check("Karim_", Err(ErrorCode::LatinNameCharacters));
        check("a×b", Err(ErrorCode::LatinNameCharacters));
        check(&"a".repeat(NAME_MAX_CHARS), Ok(&"a".repeat(NAME_MAX_CHARS)));
        check(&"a".repeat(NAME_MAX_CHARS + 1), Err(ErrorCode::TooLong));
    }

    #[test]
    fn arabic_names() {
        #[track_caller]
        fn check(input: &str, expected: Result<&str, ErrorCode>) {
            let actual = ArabicName::parse(input);
            assert_eq!(
                actual.as_ref().map(ArabicName::as_str),
                expected.as_ref().copied(),
                "{input:?}"
            );
        }
        check("كريم", Ok("كريم"));
        check(" بن  علي ", Ok("بن علي"));
        check("عبد-القادر", Ok("عبد-القادر"));
        check("مُحَمَّد", Ok("مُحَمَّد"));
        check("ڨاسمي", Ok("ڨاسمي"));
        check("", Err(ErrorCode::Required));
        check("Karim", Err(ErrorCode::ArabicNameCharacters));
        check("كريم Karim", Err(ErrorCode::ArabicNameCharacters));
        check("كريم٣", Err(ErrorCode::ArabicNameCharacters));
        check("،كريم", Err(ErrorCode::ArabicNameCharacters));
        check(&"ب".repeat(NAME_MAX_CHARS + 1), Err(ErrorCode::TooLong));
    }

    #[test]
    fn free_text() {
        assert_eq!(FreeText::parse("  12  rue  X ", 20).map(|t| t.0), Ok("12 rue X".to_owned()));
        assert_eq!(FreeText::parse(" ", 20), Err(ErrorCode::Required));
        assert_eq!(FreeText::parse("abcdef", 5), Err(ErrorCode::TooLong));
    }

    #[test]
    fn arabic_digits_become_ascii() {
        assert_eq!(normalize_digits("٠٥٥٠ ۱۲"), "0550 12");
        assert_eq!(normalize_digits("abc 123"), "abc 123");
    }
}
