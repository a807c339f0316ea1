//! Algerian mobile numbers, stored in E.164 (`+213` and 9 digits).
//!
//! Accepted as typed: `05…`/`06…`/`07…` and 8 more digits, or `+213` / `00213` and 9 digits
//! starting with 5, 6 or 7; spaces, dots and dashes anywhere; Arabic-Indic digits too.

use std::fmt;

use super::{ErrorCode, text::normalize_digits};

/// An Algerian mobile number, in E.164.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<Self, ErrorCode> {
        let compact: String = normalize_digits(input)
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-'))
            .collect();
        if compact.is_empty() {
            return Err(ErrorCode::Required);
        }
        let national = if let Some(rest) = compact.strip_prefix("+213") {
            rest
        } else if let Some(rest) = compact.strip_prefix("00213") {
            rest
        } else if let Some(rest) = compact.strip_prefix('0') {
            rest
        } else {
            return Err(ErrorCode::PhoneFormat);
        };
        let is_mobile = national.len() == 9
            && national.chars().all(|c| c.is_ascii_digit())
            && matches!(national.as_bytes().first(), Some(b'5' | b'6' | b'7'));
        if !is_mobile {
            return Err(ErrorCode::PhoneFormat);
        }
        Ok(Self(format!("+213{national}")))
    }

    /// `+2135XXXXXXXX`.
    pub fn e164(&self) -> &str {
        &self.0
    }

    /// The national form people read: `05 50 12 34 56`.
    pub fn national_display(&self) -> String {
        let digits = format!("0{}", &self.0[4..]);
        let (first, rest) = digits.split_at(2);
        let pairs: Vec<&str> =
            rest.as_bytes().chunks(2).filter_map(|p| std::str::from_utf8(p).ok()).collect();
        format!("{first} {}", pairs.join(" "))
    }
}

impl fmt::Debug for PhoneNumber {
    // Personal data: never printed by a debug format.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PhoneNumber(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_in_every_accepted_form() {
        #[track_caller]
        fn check(input: &str, expected: Result<&str, ErrorCode>) {
            let actual = PhoneNumber::parse(input);
            assert_eq!(
                actual.as_ref().map(PhoneNumber::e164),
                expected.as_ref().copied(),
                "{input:?}"
            );
        }
        let ok = Ok("+213550123456");
        check("0550123456", ok);
        check("05 50 12 34 56", ok);
        check("05.50.12.34.56", ok);
        check("0550-12-34-56", ok);
        check("+213550123456", ok);
        check("+213 550 12 34 56", ok);
        check("00213550123456", ok);
        check("00 213 5 50 12 34 56", ok);
        check("٠٥٥٠١٢٣٤٥٦", ok);
        check("0661234567", Ok("+213661234567"));
        check("0771234567", Ok("+213771234567"));
        check("+213 7 71 23 45 67", Ok("+213771234567"));
        check("", Err(ErrorCode::Required));
        check(" . - ", Err(ErrorCode::Required));
        // A landline (021 …), a short or long number, a wrong prefix.
        check("021234567", Err(ErrorCode::PhoneFormat));
        check("0212345678", Err(ErrorCode::PhoneFormat));
        check("055012345", Err(ErrorCode::PhoneFormat));
        check("05501234567", Err(ErrorCode::PhoneFormat));
        check("+2130550123456", Err(ErrorCode::PhoneFormat));
        check("+213450123456", Err(ErrorCode::PhoneFormat));
        check("+33612345678", Err(ErrorCode::PhoneFormat));
        check("550123456", Err(ErrorCode::PhoneFormat));
        check("0550 12 34 5x", Err(ErrorCode::PhoneFormat));
        check("(0550)123456", Err(ErrorCode::PhoneFormat));
    }

    #[test]
    fn national_display() {
        let phone = PhoneNumber::parse("+213550123456").expect("valid");
        assert_eq!(phone.national_display(), "05 50 12 34 56");
        assert!(!format!("{phone:?}").contains("550"));
    }
}
