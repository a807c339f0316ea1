//! Registrations from the kiosks' outboxes, stored exactly once, and the tools staff use on
//! exported ones.
//!
//! The device keeps each registration until the agency has confirmed it, and resends it with the
//! same client id after any failure. So every answer must be one a replay can repeat: the batch
//! is committed (durably: SQLite runs with `synchronous = FULL`) before the answer leaves, and a
//! replay finds the stored row and gets the original reference back.
//!
//! - `ingest` decides each submission's fate; `store` holds its SQL.
//! - `http` is `POST /api/v1/registrations`; `cli` is `guichet-server registration …`;
//!   `check` validates an exported file with the kiosk's own rules.
//!
//! This feature never logs a registration's content: only counts per status.

mod check;
mod cli;
mod http;
mod ingest;
mod store;

pub use check::{
    CheckArgs, CheckOutcome, FrenchMessages, check_registration, run_check, run_check_text,
    write_report,
};
pub use cli::{OpenArgs, RegistrationCommand, check_against, open_against, run};
pub(crate) use http::{RegistrationsApi, routes};
pub use store::{Summary, summaries_of_agency, summary_by_client_id};
