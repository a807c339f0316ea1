//! Wire types exchanged between the kiosk app and the agency backend.
//!
//! This crate holds serde types and nothing else: no database derives, no browser types, no
//! business rules. A change here is a change to the wire, and the snapshot tests make it visible.

pub mod health;
pub mod offers;
pub mod reference;
pub mod registration;
pub mod submission;

/// The protocol version this build speaks. A server answers a client speaking another major
/// version with a clear error instead of guessing.
pub const PROTOCOL_VERSION: u32 = 1;

/// The HTTP header a client uses to announce its protocol version.
pub const PROTOCOL_VERSION_HEADER: &str = "x-guichet-protocol";
