//! The reference a person takes to the counsellor: 8 characters of Crockford base32, derived
//! from the registration's client id so it exists offline the moment they submit.
//!
//! 40 bits come from the random part of the UUIDv7 client id. Across millions of registrations a
//! collision is possible, so the server keeps references unique and, on a collision, assigns the
//! next variant; the kiosk then shows the server's reference. The receipt's QR code carries the
//! full client id instead ([`qr_text`]), so a scan at the desk finds exactly one submission.

use std::fmt;

use guichet_protocol::receipt::RECEIPT_QR_PREFIX;

/// Crockford's alphabet: no I, L, O or U, so a reference read aloud or copied by hand survives.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const REFERENCE_LENGTH: usize = 8;

/// A receipt reference such as `7K3M-9QXD` (displayed with a hyphen, stored without).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference(String);

/// Why a typed reference is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("a reference has 8 characters, this one has {0}")]
    Length(usize),
    #[error("'{0}' is not a reference character")]
    Character(char),
}

impl Reference {
    /// The reference of `client_id` (the UUID's 16 bytes); `variant` 0 is what the kiosk shows
    /// offline, later variants are the server's way out of a collision.
    pub fn derive(client_id: [u8; 16], variant: u32) -> Self {
        let bits = if variant == 0 {
            // The last five bytes of a UUIDv7 are random (rand_b).
            client_id[11..16].iter().fold(0u64, |bits, byte| (bits << 8) | u64::from(*byte))
        } else {
            let mixed = splitmix64(u128::from_be_bytes(client_id) as u64 ^ u64::from(variant))
                ^ splitmix64((u128::from_be_bytes(client_id) >> 64) as u64);
            mixed >> 24
        };
        Self(encode_40_bits(bits))
    }

    /// Reads a reference typed at the desk: case-insensitive, hyphens and spaces ignored, and
    /// Crockford's look-alikes accepted (O → 0, I and L → 1).
    pub fn parse(text: &str) -> Result<Self, ReferenceError> {
        let mut normalized = String::with_capacity(REFERENCE_LENGTH);
        for character in text.chars().filter(|c| !matches!(c, '-' | ' ')) {
            let upper = match character.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            if !upper.is_ascii() || !ALPHABET.contains(&(upper as u8)) {
                return Err(ReferenceError::Character(character));
            }
            normalized.push(upper);
        }
        if normalized.chars().count() != REFERENCE_LENGTH {
            return Err(ReferenceError::Length(normalized.chars().count()));
        }
        Ok(Self(normalized))
    }

    /// The 8 characters, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    /// Two groups of four, easier to read out: `7K3M-9QXD`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (first, second) = self.0.split_at(REFERENCE_LENGTH / 2);
        write!(formatter, "{first}-{second}")
    }
}

/// The text of a receipt's QR code: `GUICHET:` and the client id in upper case (the format
/// `guichet_protocol::receipt` documents for the desk).
pub fn qr_text(client_id: &str) -> String {
    format!("{RECEIPT_QR_PREFIX}{}", client_id.to_ascii_uppercase())
}

/// The client id a scanned receipt carries, in lower case as the kiosk minted it; `None` when
/// the text is not a receipt's (another QR code, a truncated scan).
pub fn client_id_from_qr(text: &str) -> Option<String> {
    let text = text.trim();
    let prefix = text.get(..RECEIPT_QR_PREFIX.len())?;
    if !prefix.eq_ignore_ascii_case(RECEIPT_QR_PREFIX) {
        return None;
    }
    let client_id = &text[RECEIPT_QR_PREFIX.len()..];
    let groups: Vec<&str> = client_id.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
    let hex = groups.iter().all(|group| group.bytes().all(|byte| byte.is_ascii_hexdigit()));
    (lengths == [8, 4, 4, 4, 12] && hex).then(|| client_id.to_ascii_lowercase())
}

fn encode_40_bits(bits: u64) -> String {
    (0..REFERENCE_LENGTH)
        .rev()
        .map(|group| char::from(ALPHABET[((bits >> (group * 5)) & 0x1f) as usize]))
        .collect()
}

/// A fixed bit mixer (SplitMix64's finaliser): deterministic, so every server derives the same
/// variant; it is not a secret.
fn splitmix64(mut value: u64) -> u64 {
    value = value.wrapping_add(0x9E37_79B9_7F4A_7C15);
    value = (value ^ (value >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    value ^ (value >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(hex: &str) -> [u8; 16] {
        let digits: Vec<u8> = hex
            .chars()
            .filter(char::is_ascii_hexdigit)
            .map(|c| c.to_digit(16).map_or(0, |d| d as u8))
            .collect();
        let mut bytes = [0u8; 16];
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks(2)) {
            *byte = pair[0] << 4 | pair[1];
        }
        bytes
    }

    #[test]
    fn the_offline_reference_encodes_the_random_tail_of_the_client_id() {
        let check = |client_id: &str, expected: &str| {
            assert_eq!(Reference::derive(id(client_id), 0).as_str(), expected, "{client_id}");
        };
        check("0190f5e2-0000-7000-8000-000000000000", "00000000");
        check("0190f5e2-0000-7000-8000-000000000001", "00000001");
        check("0190f5e2-0000-7000-8000-00000000001f", "0000000Z");
        check("0190f5e2-0000-7000-8000-000000000020", "00000010");
        check("0190f5e2-0000-7000-8000-00ffffffffff", "ZZZZZZZZ");
        // Only the last five bytes count: the timestamp and the sixth-last byte do not.
        check("ffffffff-ffff-7fff-bfff-ff0000000001", "00000001");
    }

    #[test]
    fn variants_differ_from_each_other_and_from_the_offline_reference() {
        let client_id = id("0190f5e2-1234-7abc-9def-0123456789ab");
        let references: Vec<Reference> =
            (0..50).map(|variant| Reference::derive(client_id, variant)).collect();
        let mut unique = references.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), references.len());
        assert_eq!(Reference::derive(client_id, 3), references[3], "deterministic");
        assert!(references.iter().all(|reference| reference.as_str().len() == 8));
    }

    #[test]
    fn typed_references_are_read_the_crockford_way() {
        let check = |typed: &str, expected: Result<&str, ReferenceError>| {
            let parsed = Reference::parse(typed);
            assert_eq!(
                parsed.as_ref().map(Reference::as_str),
                expected.as_ref().map(|s| *s),
                "{typed}"
            );
        };
        check("7K3M9QXD", Ok("7K3M9QXD"));
        check("7k3m-9qxd", Ok("7K3M9QXD"));
        check(" 7K3M 9QXD ", Ok("7K3M9QXD"));
        check("OIL0-0000", Ok("01100000"));
        check("7K3M9QX", Err(ReferenceError::Length(7)));
        check("7K3M9QXDA", Err(ReferenceError::Length(9)));
        check("7K3M9QXU", Err(ReferenceError::Character('U')));
        check("7K3M9QX٣", Err(ReferenceError::Character('٣')));
    }

    #[test]
    fn the_qr_code_carries_the_whole_client_id() {
        let client_id = "0190f5e2-1234-7abc-9def-0123456789ab";
        let text = qr_text(client_id);
        assert_eq!(text, "GUICHET:0190F5E2-1234-7ABC-9DEF-0123456789AB");
        assert_eq!(client_id_from_qr(&text).as_deref(), Some(client_id));

        #[track_caller]
        fn check(scanned: &str, expected: Option<&str>) {
            assert_eq!(client_id_from_qr(scanned).as_deref(), expected, "{scanned:?}");
        }
        check(" guichet:0190f5e2-1234-7abc-9def-0123456789ab\n", Some(client_id));
        check("GUICHET:0190F5E2-1234-7ABC-9DEF-0123456789AB", Some(client_id));
        check("GUICHET:0190F5E2-1234-7ABC-9DEF-0123456789A", None);
        check("GUICHET:0190F5E2-1234-7ABC-9DEF-0123456789AG", None);
        check("GUICHET:0190F5E212347ABC9DEF0123456789AB", None);
        check("0190F5E2-1234-7ABC-9DEF-0123456789AB", None);
        check("7K3M-9QXD", None);
        check("GUICHET:", None);
        check("", None);
        check("GUICHÉT:0190F5E2-1234-7ABC-9DEF-0123456789AB", None);
    }

    #[test]
    fn displayed_in_two_groups() {
        let reference = Reference::parse("7K3M9QXD").expect("valid");
        assert_eq!(reference.to_string(), "7K3M-9QXD");
        assert_eq!(Reference::parse(&reference.to_string()), Ok(reference));
    }
}
