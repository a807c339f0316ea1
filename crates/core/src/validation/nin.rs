//! The national identification number (NIN): exactly 18 digits.
//!
//! Its structure is 2 + 3 + 4 + 5 + 2 digits and 2 control digits, but the control-key algorithm
//! is not published: a NIN is never refused on a guessed checksum.

use std::fmt;

use super::{ErrorCode, text::normalize_digits};

/// 18 ASCII digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Nin(String);

impl Nin {
    pub const LENGTH: usize = 18;

    /// Accepts spaces between groups and Arabic-Indic digits.
    pub fn parse(input: &str) -> Result<Self, ErrorCode> {
        let digits: String =
            normalize_digits(input).chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() {
            return Err(ErrorCode::Required);
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(ErrorCode::NinCharacters);
        }
        if digits.len() != Self::LENGTH {
            return Err(ErrorCode::NinLength);
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Nin {
    // Personal data: a debug print (a log line, a panic message) never shows the number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Nin(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nins() {
        #[track_caller]
        fn check(input: &str, expected: Result<&str, ErrorCode>) {
            let actual = Nin::parse(input);
            assert_eq!(actual.as_ref().map(Nin::as_str), expected.as_ref().copied(), "{input:?}");
        }
        check("109950123456789012", Ok("109950123456789012"));
        check(" 10 995 0123 45678 90 12 ", Ok("109950123456789012"));
        check("١٠٩٩٥٠١٢٣٤٥٦٧٨٩٠١٢", Ok("109950123456789012"));
        // Any control digits are accepted: the algorithm is not published.
        check("109950123456789099", Ok("109950123456789099"));
        check("", Err(ErrorCode::Required));
        check("   ", Err(ErrorCode::Required));
        check("10995012345678901", Err(ErrorCode::NinLength));
        check("1099501234567890123", Err(ErrorCode::NinLength));
        check("10995012345678901A", Err(ErrorCode::NinCharacters));
        check("109950-123456789012", Err(ErrorCode::NinCharacters));
    }

    #[test]
    fn debug_hides_the_number() {
        let nin = Nin::parse("109950123456789012").expect("valid");
        assert!(!format!("{nin:?}").contains("1099"));
    }
}
