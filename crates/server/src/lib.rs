//! The agency backend of guichet: the kiosk's static files, its index page and its HTTP API.
//!
//! Layout (ARCHITECTURE.md has the map): dependencies run one way,
//! `main` → [`cli`] → [`serve`] → [`app`] → features → [`infra`]. Each feature (`health`, `site`,
//! `offers`, `reference`, `registrations`, …) owns its HTTP handlers, its store and its CLI
//! subcommand; `app` composes the features' routers; `infra` is what they all stand on.
//! `tests/architecture.rs` checks the direction of every `crate::` path.
//!
//! Everything worth testing is reachable from here without a process or a port: tests build the
//! router with [`app`] and call it with `tower::ServiceExt::oneshot`.
//!
//! Architecture invariant: no log line written by this crate carries a query string, a request
//! or response body, or a header other than the request id, because those may hold personal data.

pub mod agencies;
pub mod app;
pub mod backup;
pub mod cli;
pub mod desk;
pub mod devices;
pub mod health;
pub mod infra;
pub mod offers;
pub mod reference;
pub mod registrations;
pub mod sealing;
pub mod serve;
pub mod site;
pub mod staff;

pub use app::{MAX_REQUEST_BODY_BYTES, app};
pub use infra::{
    clock::{Clock, ManualClock},
    config::{
        DEFAULT_ADDR, DEFAULT_DATABASE_URL, DEFAULT_DIST_DIR, DatabaseArgs, parse_database_url,
        parse_listen_addr,
    },
    db::{Database, DatabaseError, DatabaseUrl},
    security_headers::content_security_policy,
    state::AppState,
};
pub use serve::{ServeError, listening_line, migrate, redirect_line, serve};
pub use site::{CachePolicy, cache_policy_for, is_navigation_path};
