//! Wire types exchanged between the kiosk app and the agency backend.
//!
//! This crate holds serde types and nothing else: no database derives, no browser types, no
//! business rules. A change here is a change to the wire, and the snapshot tests make it visible.

pub mod devices;
pub mod health;
pub mod offers;
pub mod receipt;
pub mod reference;
pub mod registration;
pub mod sealing;
pub mod submission;

/// The protocol version this build speaks. A server answers a client speaking a version it does
/// not know with a clear error instead of guessing.
///
/// Version 2 (agency side): submissions are pre-registrations; `already_registered` is gone (an
/// answer never tells a sender anything about another person); enrolled kiosks send a bearer
/// credential. Later, within version 2: a submission may name the `reference_version` it was
/// checked against (optional both ways: older kiosks omit it, older servers ignore it).
///
/// Version 3 ([`SEALED_PROTOCOL_VERSION`]): a submission carries its registration `sealed` to the
/// agency's public key instead of in clear (`submission::SubmissionBody`). Each outbox entry is
/// sent under the version it was made under: 3 when the kiosk sealed it, this one (2) when it
/// had no agency key and queued it in clear. Enrolment and health still speak this one.
pub const PROTOCOL_VERSION: u32 = 2;

/// The protocol version whose submissions are sealed (and must be: a server answers a clear
/// registration sent under it `invalid`).
pub const SEALED_PROTOCOL_VERSION: u32 = 3;

/// Every version a server of this build accepts: the current ones and those before, so kiosks
/// not yet updated keep delivering what they hold (an outbox entry is sent under the version it
/// was made under).
pub const SUPPORTED_PROTOCOL_VERSIONS: [u32; 3] = [1, 2, SEALED_PROTOCOL_VERSION];

/// The HTTP header a client uses to announce its protocol version.
pub const PROTOCOL_VERSION_HEADER: &str = "x-guichet-protocol";
