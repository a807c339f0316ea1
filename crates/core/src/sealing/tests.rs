#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use guichet_protocol::registration::Registration;

use super::*;

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).unwrap())
        .collect()
}

/// Bytes from a fixed stream, for the test vector's ephemeral key; after that, a counter. Only a
/// test's: nothing about it is random.
fn fixed(mut stream: Vec<u8>) -> SecureFill<impl FnMut(&mut [u8])> {
    let mut counter = 0u8;
    SecureFill(move |dst: &mut [u8]| {
        for byte in dst {
            *byte = if stream.is_empty() {
                counter = counter.wrapping_add(1);
                counter
            } else {
                stream.remove(0)
            };
        }
    })
}

fn counter_rng(seed: u8) -> SecureFill<impl FnMut(&mut [u8])> {
    fixed(vec![seed; 32].into_iter().chain(vec![seed ^ 0x5a; 32]).collect())
}

const CLIENT_ID: &str = "0190f5e2-1234-7abc-9def-0123456789ab";

fn registration() -> Registration {
    let mut registration = Registration::default();
    registration.identity.nin = "109870123456789012".to_owned();
    registration.civil_status.last_name_latin = "BENALI".to_owned();
    registration.contact.mobile_phone = "0551234567".to_owned();
    registration
}

/// RFC 9180, appendix A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base
/// mode, the first encryption. The crate draws the ephemeral key as DeriveKeyPair(32 bytes from
/// the RNG), so an RNG yielding the vector's ikmE reproduces its enc and ciphertext exactly.
#[test]
fn rfc_9180_a_2_1_base_mode() {
    let info = hex("4f6465206f6e2061204772656369616e2055726e");
    let recipient = PrivateKey::from_bytes(
        "rfc",
        &hex("8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb"),
    )
    .unwrap();
    assert_eq!(
        recipient.public_key().key.to_bytes().as_slice(),
        hex("4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a").as_slice()
    );
    let plaintext = hex("4265617574792069732074727574682c20747275746820626561757479");
    let aad = hex("436f756e742d30");
    let mut rng = fixed(hex("909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b"));
    let (enc, ciphertext) = hpke::single_shot_seal_with_rng::<Aead, Kdf, Kem>(
        &OpModeS::Base,
        &recipient.public_key().key,
        &info,
        &plaintext,
        &aad,
        &mut rng,
    )
    .unwrap();
    assert_eq!(
        enc.to_bytes().as_slice(),
        hex("1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a").as_slice()
    );
    assert_eq!(
        ciphertext,
        hex(
            "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28"
        )
    );
    let opened = hpke::single_shot_open::<Aead, Kdf, Kem>(
        &OpModeR::Base,
        &recipient.key,
        &enc,
        &info,
        &ciphertext,
        &aad,
    )
    .unwrap();
    assert_eq!(opened, plaintext);
}

#[test]
fn a_sealed_registration_opens_with_its_key_and_client_id() {
    let key = generate("k1", &mut counter_rng(1));
    let other = generate("k0", &mut counter_rng(2));
    let sealed = seal(&registration(), CLIENT_ID, &key.public_key(), &mut counter_rng(3));
    assert_eq!(sealed.key_id, "k1");
    let opened = open(&sealed, CLIENT_ID, [&other, &key]).unwrap();
    assert_eq!(opened, registration());
}

#[test]
fn the_sealed_form_holds_nothing_in_clear() {
    let key = generate("k1", &mut counter_rng(1));
    let sealed = seal(&registration(), CLIENT_ID, &key.public_key(), &mut counter_rng(3));
    let json = serde_json::to_string(&sealed).unwrap();
    for clear in ["109870123456789012", "BENALI", "0551234567"] {
        assert!(!json.contains(clear), "{clear} in {json}");
    }
}

#[test]
fn two_seals_of_the_same_registration_differ() {
    let key = generate("k1", &mut counter_rng(1));
    let first = seal(&registration(), CLIENT_ID, &key.public_key(), &mut counter_rng(3));
    let second = seal(&registration(), CLIENT_ID, &key.public_key(), &mut counter_rng(4));
    assert_ne!(first.enc, second.enc);
    assert_ne!(first.ciphertext, second.ciphertext);
}

#[test]
fn an_unknown_key_id_is_refused() {
    let key = generate("k1", &mut counter_rng(1));
    let sealed = seal(&registration(), CLIENT_ID, &key.public_key(), &mut counter_rng(3));
    let other = generate("k0", &mut counter_rng(2));
    assert_eq!(open(&sealed, CLIENT_ID, [&other]), Err(OpenError::UnknownKey("k1".to_owned())));
}

#[test]
fn the_wrong_key_under_the_right_id_is_refused() {
    let key = generate("k1", &mut counter_rng(1));
    let sealed = seal(&registration(), CLIENT_ID, &key.public_key(), &mut counter_rng(3));
    let impostor = generate("k1", &mut counter_rng(2));
    assert_eq!(open(&sealed, CLIENT_ID, [&impostor]), Err(OpenError::Refused));
}

#[test]
fn another_client_id_is_refused() {
    let key = generate("k1", &mut counter_rng(1));
    let sealed = seal(&registration(), CLIENT_ID, &key.public_key(), &mut counter_rng(3));
    let replayed = "0190f5e2-1234-7abc-9def-0123456789ac";
    assert_eq!(open(&sealed, replayed, [&key]), Err(OpenError::Refused));
}

#[test]
fn altered_bytes_are_refused() {
    let key = generate("k1", &mut counter_rng(1));
    let sealed = seal(&registration(), CLIENT_ID, &key.public_key(), &mut counter_rng(3));
    let flip = |text: &str| {
        let mut bytes = URL_SAFE_NO_PAD.decode(text).unwrap();
        bytes[5] ^= 1;
        URL_SAFE_NO_PAD.encode(bytes)
    };
    let tampered = Sealed { ciphertext: flip(&sealed.ciphertext), ..sealed.clone() };
    assert_eq!(open(&tampered, CLIENT_ID, [&key]), Err(OpenError::Refused));
    let tampered = Sealed { enc: flip(&sealed.enc), ..sealed.clone() };
    assert_eq!(open(&tampered, CLIENT_ID, [&key]), Err(OpenError::Refused));
    let garbled = Sealed { ciphertext: "not base64!".to_owned(), ..sealed.clone() };
    assert_eq!(open(&garbled, CLIENT_ID, [&key]), Err(OpenError::Malformed));
    let short = Sealed { enc: "AAAA".to_owned(), ..sealed };
    assert_eq!(open(&short, CLIENT_ID, [&key]), Err(OpenError::Malformed));
}

#[test]
fn another_purpose_does_not_open_as_a_registration() {
    let key = generate("k1", &mut counter_rng(1));
    let (enc, ciphertext) = hpke::single_shot_seal_with_rng::<Aead, Kdf, Kem>(
        &OpModeS::Base,
        &key.public_key().key,
        b"guichet something else v1",
        b"{}",
        CLIENT_ID.as_bytes(),
        &mut counter_rng(3),
    )
    .unwrap();
    let sealed = Sealed {
        key_id: "k1".to_owned(),
        enc: URL_SAFE_NO_PAD.encode(enc.to_bytes()),
        ciphertext: URL_SAFE_NO_PAD.encode(ciphertext),
    };
    assert_eq!(open(&sealed, CLIENT_ID, [&key]), Err(OpenError::Refused));
}

#[test]
fn keys_round_trip_through_their_wire_and_file_forms() {
    let key = generate("k1", &mut counter_rng(1));
    let public = PublicKey::from_wire(&key.public_key().to_wire()).unwrap();
    let private = PrivateKey::from_bytes("k1", &key.to_bytes()).unwrap();
    let sealed = seal(&registration(), CLIENT_ID, &public, &mut counter_rng(3));
    assert_eq!(open(&sealed, CLIENT_ID, [&private]).unwrap(), registration());
    assert!(!format!("{key:?}").contains(&URL_SAFE_NO_PAD.encode(key.to_bytes())));
    let bad = SealingKey { key_id: "k1".to_owned(), public_key: "AAAA".to_owned() };
    assert_eq!(PublicKey::from_wire(&bad).unwrap_err(), KeyError::Length);
}

#[test]
fn a_keyring_seals_to_its_newest_key_and_opens_with_every_key() {
    let old = generate("k1", &mut counter_rng(1));
    let new = generate("k2", &mut counter_rng(2));
    let sealed_before = seal(&registration(), CLIENT_ID, &old.public_key(), &mut counter_rng(3));
    let keyring = Keyring::new(vec![old, new]);
    assert_eq!(keyring.current().map(PrivateKey::id), Some("k2"));
    let current = keyring.current().unwrap().public_key();
    let sealed_after = seal(&registration(), CLIENT_ID, &current, &mut counter_rng(4));
    assert_eq!(keyring.open(&sealed_before, CLIENT_ID).unwrap(), registration());
    assert_eq!(keyring.open(&sealed_after, CLIENT_ID).unwrap(), registration());
}
