//! The two secrets of enrolment, and the device's name: how each is drawn, read back and hashed.
//!
//! - An enrolment code is 8 Crockford base32 characters (40 random bits): short enough to type
//!   on a kiosk, and safe because it is used once, lives 15 minutes and enrolment attempts are
//!   throttled per address.
//! - A device credential is 256 random bits, base64url without padding. Only the SHA-256 of each
//!   secret is stored, never the secret, so the database alone enrols or authenticates no one. A
//!   fast hash is right here: both are uniformly random, so there is nothing for a slow password
//!   hash (Argon2) to protect against guessing.
//!
//! Neither secret is ever logged; their `Debug` output is redacted.

use axum::http::HeaderValue;
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
pub use guichet_core::kiosk::InvalidName;
use guichet_core::kiosk::parse_device_name;
use sha2::{Digest as _, Sha256};

/// Characters in an enrolment code.
pub const CODE_LENGTH: usize = 8;
/// Crockford's base32 alphabet: digits and letters without I, L, O, U.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random bytes in a device credential.
const CREDENTIAL_BYTES: usize = 32;

/// A well-formed enrolment code in canonical form (upper case, no separator).
#[derive(Clone, PartialEq, Eq)]
pub struct EnrolmentCode(String);

/// A device credential as given to the kiosk once.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential(String);

/// A device name staff may use (`guichet_core::kiosk::parse_device_name`: 1 to 80 characters
/// once trimmed, no control characters and no bidirectional overrides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceName(String);

impl EnrolmentCode {
    /// Draws a new code from the operating system's CSPRNG: 5 bytes are exactly 8 symbols.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 5];
        getrandom::fill(&mut bytes)?;
        let bits = bytes.iter().fold(0u64, |bits, byte| (bits << 8) | u64::from(*byte));
        let code = (0..CODE_LENGTH)
            .rev()
            .map(|at| char::from(CROCKFORD[usize::try_from((bits >> (5 * at)) & 31).unwrap_or(0)]))
            .collect();
        Ok(Self(code))
    }

    /// Reads a code as staff typed it: case, spaces and hyphens are forgiven, and the
    /// look-alikes O (for 0) and I, L (for 1) are read as Crockford says (the kiosk's rule,
    /// `guichet_core::kiosk::enrolment_code`). `None` when it cannot be a code.
    pub fn parse(text: &str) -> Option<Self> {
        guichet_core::kiosk::enrolment_code(text).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the database keeps: the SHA-256 of the canonical code, in hex.
    pub fn digest(&self) -> String {
        hex_sha256(self.0.as_bytes())
    }
}

impl Credential {
    /// Draws a new credential: 256 bits from the operating system's CSPRNG.
    pub fn generate() -> Result<(Self, String), getrandom::Error> {
        let mut bytes = [0u8; CREDENTIAL_BYTES];
        getrandom::fill(&mut bytes)?;
        Ok((Self(URL_SAFE_NO_PAD.encode(bytes)), hex_sha256(&bytes)))
    }

    /// The credential to send to the kiosk.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The stored digest of the credential in an `Authorization: Bearer …` header; `None` when the
/// header is not a bearer credential of the right shape.
pub fn bearer_digest(authorization: &HeaderValue) -> Option<String> {
    let text = authorization.to_str().ok()?;
    let (scheme, token) = text.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(token.trim()).ok()?;
    (bytes.len() == CREDENTIAL_BYTES).then(|| hex_sha256(&bytes))
}

impl DeviceName {
    pub fn parse(text: &str) -> Result<Self, InvalidName> {
        parse_device_name(text).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for EnrolmentCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EnrolmentCode(…)")
    }
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credential(…)")
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_as_typed() {
        #[track_caller]
        fn check(text: &str, expected: Option<&str>) {
            let parsed = EnrolmentCode::parse(text);
            assert_eq!(parsed.as_ref().map(EnrolmentCode::as_str), expected, "{text:?}");
        }
        check("7K3M9QXD", Some("7K3M9QXD"));
        check("7k3m-9qxd", Some("7K3M9QXD"));
        check(" 7K3M 9QXD ", Some("7K3M9QXD"));
        check("O1IL-oil0", Some("01110110"));
        check("7K3M9QX", None);
        check("7K3M9QXDA", None);
        check("7K3M9QXU", None);
        check("7K3M9QX!", None);
        check("7K3M9QXÉ", None);
        check("", None);
        check("--------", None);
    }

    #[test]
    fn a_generated_code_reads_back_as_itself() {
        for _ in 0..200 {
            let code = EnrolmentCode::generate().expect("random bytes");
            assert_eq!(code.as_str().len(), CODE_LENGTH);
            assert_eq!(EnrolmentCode::parse(code.as_str()), Some(code.clone()));
            assert_eq!(EnrolmentCode::parse(&code.as_str().to_lowercase()), Some(code));
        }
    }

    #[test]
    fn a_code_digest_is_the_sha256_of_its_canonical_form() {
        let typed = EnrolmentCode::parse("7k3m-9qxd").expect("a code");
        assert_eq!(typed.digest(), hex_sha256(b"7K3M9QXD"));
        assert_eq!(typed.digest().len(), 64);
        assert_eq!(format!("{typed:?}"), "EnrolmentCode(…)");
    }

    #[test]
    fn a_credential_is_found_by_the_digest_of_its_bearer_header() {
        let (credential, digest) = Credential::generate().expect("random bytes");
        assert_eq!(credential.as_str().len(), 43);
        let header = |text: String| HeaderValue::try_from(text).expect("a header value");
        let bearer = format!("Bearer {}", credential.as_str());
        assert_eq!(bearer_digest(&header(bearer)), Some(digest.clone()));
        let lower = format!("bearer  {}", credential.as_str());
        assert_eq!(bearer_digest(&header(lower)), Some(digest));
        assert_eq!(format!("{credential:?}"), "Credential(…)");
    }

    #[test]
    fn malformed_bearer_headers() {
        #[track_caller]
        fn check(text: &str) {
            let header = HeaderValue::from_str(text).expect("a header value");
            assert_eq!(bearer_digest(&header), None, "{text:?}");
        }
        let valid = URL_SAFE_NO_PAD.encode([7u8; CREDENTIAL_BYTES]);
        check(&format!("Basic {valid}"));
        check(&valid);
        check("Bearer");
        check("Bearer ");
        check(&format!("Bearer {}", URL_SAFE_NO_PAD.encode([7u8; 16])));
        check(&format!("Bearer {valid}="));
        check("Bearer not*base64");
    }

    #[test]
    fn device_names() {
        #[track_caller]
        fn check(text: &str, expected: Result<&str, InvalidName>) {
            let parsed = DeviceName::parse(text);
            assert_eq!(
                parsed.as_ref().map(DeviceName::as_str),
                expected.as_ref().copied(),
                "{text:?}"
            );
        }
        check("Accueil 1", Ok("Accueil 1"));
        check("  Accueil 1 ", Ok("Accueil 1"));
        check("الاستقبال ١", Ok("الاستقبال ١"));
        check(&"é".repeat(80), Ok(&"é".repeat(80)));
        check(&"é".repeat(81), Err(InvalidName::TooLong));
        check("", Err(InvalidName::Empty));
        check("   ", Err(InvalidName::Empty));
        check("Accueil\n1", Err(InvalidName::ControlCharacter));
        check("Accueil\u{7}", Err(InvalidName::ControlCharacter));
        check("Accueil \u{202E}1", Err(InvalidName::ControlCharacter));
    }
}
