//! One component per route.

pub mod elsewhere;
pub mod home;
pub mod not_found;
pub mod offers;
pub mod outbox;
pub mod receipt;
pub mod register;
pub mod setup;
