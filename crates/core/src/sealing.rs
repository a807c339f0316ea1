//! Registrations sealed at rest: encrypted on the kiosk to the agency's public key at the moment
//! of submission, opened only by the agency.
//!
//! HPKE (RFC 9180), base mode, one suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
//! ChaCha20-Poly1305, through the `hpke` crate; nothing here is hand-rolled cryptography. Two
//! bindings:
//! - the HPKE `info` is [`INFO`], so a seal made for another purpose (or a later format) never
//!   opens as a registration;
//! - the AEAD's associated data is the submission's client id, so a sealed body lifted from one
//!   entry and replayed under another client id does not open.
//!
//! Architecture invariant: no randomness of its own. [`seal`] and [`generate`] take the caller's
//! RNG (the browser's `crypto.getRandomValues` on the kiosk, the OS on the server).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use guichet_protocol::registration::Registration;
use guichet_protocol::sealing::{Sealed, SealingKey};
use hpke::{Deserializable as _, OpModeR, OpModeS, Serializable as _};
use rand_core::CryptoRng;

pub use rand_core;

type Kem = hpke::kem::X25519HkdfSha256;
type Kdf = hpke::kdf::HkdfSha256;
type Aead = hpke::aead::ChaCha20Poly1305;

/// The HPKE `info`: what the seal is for, and the format of what it holds.
pub const INFO: &[u8] = b"guichet registration v1";

/// The length of a public or private key, in bytes.
pub const KEY_LEN: usize = 32;

/// An agency public key with its id: what a kiosk seals to.
#[derive(Clone)]
pub struct PublicKey {
    id: String,
    key: <Kem as hpke::Kem>::PublicKey,
}

/// An agency private key with its id: what the server opens with. Its `Debug` shows the id only.
#[derive(Clone)]
pub struct PrivateKey {
    id: String,
    key: <Kem as hpke::Kem>::PrivateKey,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivateKey").field("id", &self.id).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKey").field("id", &self.id).finish_non_exhaustive()
    }
}

/// Why a key does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the key is not unpadded base64url")]
    Encoding,
    #[error("the key is not {KEY_LEN} bytes of an X25519 key")]
    Length,
}

/// Why a seal does not open. Deliberately coarse: which check failed is no business of a sender.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// The seal names a key id this side does not hold.
    #[error("sealed to a key this agency does not hold ({0})")]
    UnknownKey(String),
    /// `enc` or `ciphertext` is not base64url, or `enc` is not a key.
    #[error("the sealed form is malformed")]
    Malformed,
    /// Decryption failed: another key, another client id, or altered bytes.
    #[error("the seal does not open")]
    Refused,
    /// It opened, but is not a registration's JSON.
    #[error("the opened content is not a registration")]
    NotARegistration,
}

impl PublicKey {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key as the agency publishes it.
    pub fn to_wire(&self) -> SealingKey {
        SealingKey {
            key_id: self.id.clone(),
            public_key: URL_SAFE_NO_PAD.encode(self.key.to_bytes()),
        }
    }

    /// The key as published (`GET /api/v1/reference`).
    pub fn from_wire(wire: &SealingKey) -> Result<Self, KeyError> {
        let bytes = URL_SAFE_NO_PAD.decode(&wire.public_key).map_err(|_| KeyError::Encoding)?;
        let key =
            <Kem as hpke::Kem>::PublicKey::from_bytes(&bytes).map_err(|_| KeyError::Length)?;
        Ok(Self { id: wire.key_id.clone(), key })
    }
}

impl PrivateKey {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its raw bytes, for the server's key file. Never log them.
    pub fn to_bytes(&self) -> [u8; KEY_LEN] {
        self.key.to_bytes().into()
    }

    pub fn from_bytes(id: impl Into<String>, bytes: &[u8]) -> Result<Self, KeyError> {
        let key =
            <Kem as hpke::Kem>::PrivateKey::from_bytes(bytes).map_err(|_| KeyError::Length)?;
        Ok(Self { id: id.into(), key })
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey { id: self.id.clone(), key: <Kem as hpke::Kem>::sk_to_pk(&self.key) }
    }
}

/// An RNG over a function that fills a buffer from a cryptographically secure source: the
/// server passes `getrandom::fill`, the kiosk `crypto.getRandomValues`. Wrapping anything else in
/// it breaks the seal; the name of the type is the promise the caller makes.
pub struct SecureFill<F>(pub F);

impl<F> std::fmt::Debug for SecureFill<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecureFill")
    }
}

impl<F: FnMut(&mut [u8])> rand_core::TryRng for SecureFill<F> {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut bytes = [0; 4];
        (self.0)(&mut bytes);
        Ok(u32::from_le_bytes(bytes))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut bytes = [0; 8];
        (self.0)(&mut bytes);
        Ok(u64::from_le_bytes(bytes))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        (self.0)(dst);
        Ok(())
    }
}

impl<F: FnMut(&mut [u8])> rand_core::TryCryptoRng for SecureFill<F> {}

/// A new key pair under `id`, from the caller's RNG.
pub fn generate(id: impl Into<String>, rng: &mut impl CryptoRng) -> PrivateKey {
    let (key, _) = <Kem as hpke::Kem>::gen_keypair_with_rng(rng);
    PrivateKey { id: id.into(), key }
}

/// The agency's private keys, oldest first: the last is the current one (what kiosks seal to);
/// the others still open what was sealed to them before a rotation.
#[derive(Debug, Clone, Default)]
pub struct Keyring {
    keys: Vec<PrivateKey>,
}

impl Keyring {
    /// `keys` oldest first.
    pub fn new(keys: Vec<PrivateKey>) -> Self {
        Self { keys }
    }

    /// The key kiosks seal to now; none in an empty keyring (tests of clear submissions).
    pub fn current(&self) -> Option<&PrivateKey> {
        self.keys.last()
    }

    pub fn keys(&self) -> &[PrivateKey] {
        &self.keys
    }

    /// Opens a sealed registration with the key its id names.
    pub fn open(&self, sealed: &Sealed, client_id: &str) -> Result<Registration, OpenError> {
        open(sealed, client_id, &self.keys)
    }
}

/// Seals `plaintext` to `to`, bound to `client_id`.
pub fn seal_bytes(
    plaintext: &[u8],
    client_id: &str,
    to: &PublicKey,
    rng: &mut impl CryptoRng,
) -> Sealed {
    let (enc, ciphertext) = hpke::single_shot_seal_with_rng::<Aead, Kdf, Kem>(
        &OpModeS::Base,
        &to.key,
        INFO,
        plaintext,
        client_id.as_bytes(),
        rng,
    )
    // Base mode with a valid X25519 key and a message far below ChaCha20-Poly1305's limit: the
    // crate fails only on an all-zero shared secret, which a key from `from_wire` rules out
    // (low-order points are refused there) except with a broken RNG.
    .expect("HPKE seal to a valid X25519 key");
    Sealed {
        key_id: to.id.clone(),
        enc: URL_SAFE_NO_PAD.encode(enc.to_bytes()),
        ciphertext: URL_SAFE_NO_PAD.encode(ciphertext),
    }
}

/// Opens what [`seal_bytes`] sealed, with the key its id names among `keys`.
pub fn open_bytes<'k>(
    sealed: &Sealed,
    client_id: &str,
    keys: impl IntoIterator<Item = &'k PrivateKey>,
) -> Result<Vec<u8>, OpenError> {
    let key = keys
        .into_iter()
        .find(|key| key.id == sealed.key_id)
        .ok_or_else(|| OpenError::UnknownKey(sealed.key_id.clone()))?;
    let enc = URL_SAFE_NO_PAD.decode(&sealed.enc).map_err(|_| OpenError::Malformed)?;
    let enc =
        <Kem as hpke::Kem>::EncappedKey::from_bytes(&enc).map_err(|_| OpenError::Malformed)?;
    let ciphertext =
        URL_SAFE_NO_PAD.decode(&sealed.ciphertext).map_err(|_| OpenError::Malformed)?;
    hpke::single_shot_open::<Aead, Kdf, Kem>(
        &OpModeR::Base,
        &key.key,
        &enc,
        INFO,
        &ciphertext,
        client_id.as_bytes(),
    )
    .map_err(|_| OpenError::Refused)
}

/// Seals a registration (its JSON) to `to`, bound to `client_id`: what the kiosk queues.
pub fn seal(
    registration: &Registration,
    client_id: &str,
    to: &PublicKey,
    rng: &mut impl CryptoRng,
) -> Sealed {
    let json = serde_json::to_vec(registration).expect("a registration serializes");
    seal_bytes(&json, client_id, to, rng)
}

/// Opens a sealed registration: what the server validates and stores.
pub fn open<'k>(
    sealed: &Sealed,
    client_id: &str,
    keys: impl IntoIterator<Item = &'k PrivateKey>,
) -> Result<Registration, OpenError> {
    let json = open_bytes(sealed, client_id, keys)?;
    serde_json::from_slice(&json).map_err(|_| OpenError::NotARegistration)
}

#[cfg(test)]
mod tests;
