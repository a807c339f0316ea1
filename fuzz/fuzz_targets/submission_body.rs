//! The body of `POST /api/v1/registrations`, read as the server reads it
//! (`guichet_core::registration::batch::read_batch`) under protocol 2 (clear) and 3 (sealed),
//! then every readable registration validated as the ingest does, against the built-in lists.
//!
//! Properties: a body is a batch of at most `MAX_BATCH` entries or refused whole; a valid
//! registration re-serialises to JSON that reads back equal and validates again to the same
//! result; sealed to the server's key and read under protocol 3 it opens to itself; under
//! protocol 3 a clear registration is never accepted.

#![no_main]

use std::sync::OnceLock;

use guichet_core::reference::ReferenceData;
use guichet_core::registration::{batch, validate};
use guichet_core::sealing::{self, Keyring, PrivateKey, SecureFill};
use guichet_core::validation::CivilDate;
use guichet_protocol::registration::Registration;
use guichet_protocol::submission::MAX_BATCH;
use guichet_protocol::{PROTOCOL_VERSION, SEALED_PROTOCOL_VERSION};
use libfuzzer_sys::fuzz_target;

/// The key the seed corpus's sealed entries were sealed to (`fuzz/examples/sealed_seed.rs`).
const KEY_BYTES: [u8; 32] = [7; 32];
const KEY_ID: &str = "fuzz";

fn keys() -> &'static Keyring {
    static KEYS: OnceLock<Keyring> = OnceLock::new();
    KEYS.get_or_init(|| {
        let key = PrivateKey::from_bytes(KEY_ID, &KEY_BYTES).expect("32 bytes are an X25519 key");
        Keyring::new(vec![key])
    })
}

fn today() -> CivilDate {
    CivilDate::new(2026, 11, 29).expect("a real date")
}

fuzz_target!(|body: &[u8]| {
    let reference = ReferenceData::builtin();
    let clear = batch::read_batch(body, PROTOCOL_VERSION, keys());
    let sealed = batch::read_batch(body, SEALED_PROTOCOL_VERSION, keys());
    // The envelope decides alone whether the body is refused whole.
    assert_eq!(clear.is_ok(), sealed.is_ok());
    let (Ok(clear), Ok(sealed)) = (clear, sealed) else { return };
    assert!(clear.len() <= MAX_BATCH);
    assert_eq!(clear.len(), sealed.len());
    for entry in &sealed {
        if let Err(error) = &entry.registration {
            assert!(
                error.field == "sealed" || error.field == "." || error.field == "reference_version"
            );
        }
    }
    for entry in clear.iter().chain(&sealed) {
        let Ok(registration) = &entry.registration else { continue };
        let Ok(valid) = validate(registration, today(), reference) else { continue };
        let json = serde_json::to_string(registration).expect("a registration serializes");
        let again: Registration = serde_json::from_str(&json).expect("its own JSON reads back");
        assert_eq!(&again, registration);
        assert_eq!(validate(&again, today(), reference).ok(), Some(valid));
        check_sealed_round_trip(registration, &entry.client_id);
    }
});

/// The registration sealed to the server's key, in a batch of one, reads back as itself.
fn check_sealed_round_trip(registration: &Registration, client_id: &str) {
    let public = keys().current().expect("one key").public_key();
    // A counter, not a secure source: this seal protects nothing, it only has to open.
    let mut counter = 0u8;
    let mut rng = SecureFill(|buffer: &mut [u8]| {
        for byte in buffer {
            counter = counter.wrapping_add(1);
            *byte = counter;
        }
    });
    let sealed = sealing::seal(registration, client_id, &public, &mut rng);
    let body = serde_json::json!({
        "registrations": [{ "client_id": client_id, "submitted_at": "x", "sealed": sealed }]
    });
    let body = serde_json::to_vec(&body).expect("JSON");
    let read = batch::read_batch(&body, SEALED_PROTOCOL_VERSION, keys()).expect("a batch");
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].registration.as_ref().ok(), Some(registration));
    assert_eq!(read[0].client_id, client_id);
}
