//! The agency backend of guichet: the kiosk's static files, its index page and its HTTP API.
//!
//! Everything worth testing is reachable from here without a process or a port: tests build the
//! router with [`app`] and call it with `tower::ServiceExt::oneshot`. The binary (`main.rs`) only
//! parses the command line, sets up logging and calls [`serve`] or [`migrate`].
//!
//! Architecture invariant: no log line written by this crate carries a query string, a request
//! or response body, or a header other than the request id, because those may hold personal data.

mod api;
mod app;
pub mod clock;
mod config;
mod db;
pub mod offers;
mod reference;
mod registration;
mod registrations;
mod request_log;
mod security_headers;
mod serve;
mod site;

pub use app::{AppState, MAX_REQUEST_BODY_BYTES, app};
pub use config::{
    Cli, Command, ConfigError, DEFAULT_ADDR, DEFAULT_DATABASE_URL, DEFAULT_DIST_DIR, DatabaseArgs,
    MigrateArgs, MigrateConfig, ServeArgs, ServeConfig, parse_database_url, parse_listen_addr,
};
pub use db::{Database, DatabaseError, DatabaseUrl};
pub use registration::{
    CheckArgs, CheckOutcome, FrenchMessages, RegistrationCommand, check_registration, run_check,
    write_report,
};
pub use registrations::list_registrations;
pub use security_headers::content_security_policy;
pub use serve::{ServeError, listening_line, migrate, serve};
pub use site::{CachePolicy, cache_policy_for, is_navigation_path};
