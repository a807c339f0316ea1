//! Shared infrastructure: what every feature stands on and none owns.
//!
//! The database and its migrations, the one clock, the API error type and its mapping to HTTP,
//! the state handlers receive (with the parsed reference lists and the offers snapshot it
//! carries), configuration parsers (the TLS files among them), the client address behind trusted
//! proxies, security headers and the request log.
//!
//! Architecture invariant: nothing here imports a feature, the app's router or the CLI
//! (`tests/architecture.rs` checks every `crate::` path).

pub mod api_error;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod db;
pub mod metrics;
pub mod offer_snapshots;
pub mod rate_limit;
pub mod reference_cache;
pub mod request_log;
pub mod sealing_keys;
pub mod security_headers;
pub mod state;
pub mod tls;
