//! Registrations sealed at rest: the wire form of a registration encrypted on the kiosk to the
//! agency's public key (HPKE, RFC 9180), and the public key the agency publishes for it.
//!
//! The bytes travel as unpadded base64url text; encoding and the cryptography itself live in
//! `guichet-core::sealing`, so this crate stays serde types and nothing else.

use serde::{Deserialize, Serialize};

/// A registration sealed to one of the agency's keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sealed {
    /// Which of the agency's keys it was sealed to (`SealingKey::key_id`).
    pub key_id: String,
    /// The HPKE encapsulated key (the sender's ephemeral X25519 public key), base64url.
    pub enc: String,
    /// The registration's JSON, encrypted and authenticated, base64url.
    pub ciphertext: String,
}

/// The agency's current public key, published with the reference data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealingKey {
    pub key_id: String,
    /// The X25519 public key (32 bytes), base64url.
    pub public_key: String,
}

/// A sealed entry as a kiosk exports one the agency refused, for the desk or
/// `guichet-server registration open FILE`: the client id is part of what the seal authenticates,
/// so it travels beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealedExport {
    pub client_id: String,
    pub sealed: Sealed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_export_wire_format() {
        let export = SealedExport {
            client_id: "0190f5e2-1234-7abc-9def-0123456789ab".to_owned(),
            sealed: Sealed {
                key_id: "k1".to_owned(),
                enc: "GvoI09PAR6ZDiFFj8RgEdvp921TGqAKeoz-VeWvyrEo".to_owned(),
                ciphertext: "HFJQ2ANOwreEuiz9adv".to_owned(),
            },
        };
        insta::assert_json_snapshot!(export);
    }

    #[test]
    fn sealing_key_wire_format() {
        let key = SealingKey {
            key_id: "k1".to_owned(),
            public_key: "QxDul9iM8fCIpVdsd6sM9cOseX89lROcbIS1QpxZZio".to_owned(),
        };
        insta::assert_json_snapshot!(key);
    }
}
