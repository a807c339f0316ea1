//! The registration wizard: its state, its fields and steps, and its drafts in IndexedDB.
//!
//! `state` is the reducer (no browser calls: `now` and `today` come in the actions); `fields` and
//! `steps` render; `drafts` is the only module that stores a draft. Validation is
//! `guichet_core::registration`, the same the server runs.

pub mod combobox;
pub mod date_parts;
pub mod drafts;
pub mod fields;
pub mod review;
pub mod state;
pub mod steps;
