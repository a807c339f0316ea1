//! guichet's rules, as plain functions and types.
//!
//! Architecture invariant: this crate performs no IO, reads no clock and draws no random number.
//! Callers pass `now` (and any randomness) in and get decisions back, so every rule can be tested
//! with a table and runs the same in the browser and on the server.

pub mod connectivity;
pub mod draft;
pub mod kiosk;
pub mod offers;
pub mod outbox;
pub mod parts;
pub mod receipt;
pub mod reference;
pub mod registration;
pub mod sealing;
pub mod search;
pub mod time;
pub mod validation;
