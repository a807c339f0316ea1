//! Pieces of the page frame, shown on every screen.

pub mod connectivity_indicator;
pub mod footer;
pub mod header;
pub mod language_switch;
pub mod outbox_indicator;
