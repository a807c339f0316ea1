//! Prints the sealed seed of the `submission_body` target (`fuzz/corpus/submission_body/sealed.json`):
//! the protocol fixture sealed to the target's fixed key, in a batch of one.
//! `cargo +nightly run --example sealed_seed --manifest-path fuzz/Cargo.toml > …`

#![allow(clippy::print_stdout, reason = "it prints the seed")]

use guichet_core::sealing::{self, PrivateKey, SecureFill};
use guichet_protocol::registration::Registration;

fn main() {
    let fixture = include_str!("../../crates/protocol/fixtures/registration-valid.json");
    let registration: Registration = serde_json::from_str(fixture).expect("the fixture reads");
    let key = PrivateKey::from_bytes("fuzz", &[7; 32]).expect("an X25519 key");
    let client_id = "01935d2a-8f3e-7c4b-9a21-3b5c7d9e1f20";
    // A counter, not a secure source: the seed protects nothing, it only has to open.
    let mut counter = 0u8;
    let mut rng = SecureFill(|buffer: &mut [u8]| {
        for byte in buffer {
            counter = counter.wrapping_add(1);
            *byte = counter;
        }
    });
    let sealed = sealing::seal(&registration, client_id, &key.public_key(), &mut rng);
    let batch = serde_json::json!({
        "registrations": [{
            "client_id": client_id,
            "submitted_at": "2026-11-29T10:00:00Z",
            "reference_version": 2,
            "sealed": sealed,
        }]
    });
    println!("{batch}");
}
