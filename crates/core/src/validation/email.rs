//! E-mail addresses: a plausibility check, not RFC 5322. The address is optional on the form.

use super::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    /// One `@`, a non-empty local part, a domain with a dot inside, no spaces.
    pub fn parse(input: &str) -> Result<Self, ErrorCode> {
        let address = input.trim();
        if address.is_empty() {
            return Err(ErrorCode::Required);
        }
        if address.chars().count() > Self::MAX_CHARS {
            return Err(ErrorCode::TooLong);
        }
        let Some((local, domain)) = address.split_once('@') else {
            return Err(ErrorCode::EmailFormat);
        };
        let domain_ok = !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || !domain_ok || address.chars().any(char::is_whitespace) {
            return Err(ErrorCode::EmailFormat);
        }
        Ok(Self(address.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        #[track_caller]
        fn check(input: &str, expected: Result<&str, ErrorCode>) {
            let actual = Email::parse(input);
            assert_eq!(actual.as_ref().map(Email::as_str), expected.as_ref().copied(), "{input:?}");
        }
        check("karim@example.dz", Ok("karim@example.dz"));
        check(" k.b+jobs@mail.example.dz ", Ok("k.b+jobs@mail.example.dz"));
        check("", Err(ErrorCode::Required));
        check("karim", Err(ErrorCode::EmailFormat));
        check("@example.dz", Err(ErrorCode::EmailFormat));
        check("karim@example", Err(ErrorCode::EmailFormat));
        check("karim@@example.dz", Err(ErrorCode::EmailFormat));
        check("kar im@example.dz", Err(ErrorCode::EmailFormat));
        check("karim@.dz", Err(ErrorCode::EmailFormat));
        check("karim@example..dz", Err(ErrorCode::EmailFormat));
    }
}
