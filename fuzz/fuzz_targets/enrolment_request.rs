//! The body of `POST /api/v1/devices/enrol`, read as the server reads it (serde_json into
//! `EnrolmentRequest`), then its code and name checked by the core's rules, which the server and
//! the kiosk's setup screen share (`guichet_core::kiosk::{enrolment_code, parse_device_name}`).
//!
//! Properties: a code read is 8 Crockford characters and reads again as itself, also in lower
//! case and split by a hyphen; a name accepted is trimmed, 1 to 80 characters, without control
//! characters, and accepted again as itself; the request re-serialises to itself.

#![no_main]

use guichet_core::kiosk::{InvalidName, device_name, enrolment_code, parse_device_name};
use guichet_protocol::devices::{EnrolmentRequest, MAX_DEVICE_NAME_CHARS};
use libfuzzer_sys::fuzz_target;

const CROCKFORD: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fuzz_target!(|body: &[u8]| {
    let Ok(request) = serde_json::from_slice::<EnrolmentRequest>(body) else { return };
    let json = serde_json::to_vec(&request).expect("a request serializes");
    assert_eq!(serde_json::from_slice::<EnrolmentRequest>(&json).ok().as_ref(), Some(&request));

    if let Some(code) = enrolment_code(&request.code) {
        assert_eq!(code.len(), 8);
        assert!(code.chars().all(|c| CROCKFORD.contains(c)), "{code:?}");
        assert_eq!(enrolment_code(&code).as_ref(), Some(&code));
        assert_eq!(enrolment_code(&code.to_lowercase()).as_ref(), Some(&code));
        let (first, second) = code.split_at(4);
        assert_eq!(enrolment_code(&format!("{first}-{second}")).as_ref(), Some(&code));
    }

    let parsed = parse_device_name(&request.name);
    assert_eq!(parsed.as_ref().ok(), device_name(&request.name).as_ref());
    match parsed {
        Ok(name) => {
            assert_eq!(name, name.trim());
            assert!((1..=MAX_DEVICE_NAME_CHARS).contains(&name.chars().count()));
            assert!(!name.chars().any(char::is_control));
            assert_eq!(parse_device_name(&name).as_ref(), Ok(&name));
        }
        Err(InvalidName::Empty) => assert!(request.name.trim().is_empty()),
        Err(InvalidName::TooLong) => {
            assert!(request.name.trim().chars().count() > MAX_DEVICE_NAME_CHARS);
        }
        Err(InvalidName::ControlCharacter) => {}
    }
});
