//! The agency's sealing keys: registrations are sealed on the kiosk to the current public key
//! (HPKE, `guichet_core::sealing`) and opened here with the private key their id names.
//!
//! - `keys` keeps the private keys in a directory, one file per key, owner-only: created on first
//!   start, refused at start when anyone else may read them.
//! - `http` is `GET /api/v1/sealing-key`: the current public key, for the kiosks.
//! - `cli` is `guichet-server keys rotate|list` and the `--sealing-keys` argument.
//!
//! The keys reach the handlers as the `Keyring` in `AppState`, so the registrations feature opens
//! seals without naming this module.

mod cli;
mod http;
mod keys;

pub use cli::{KeysArgs, KeysCommand, SealingArgs, default_dir, run};
pub(crate) use http::{SealingApi, routes};
pub use keys::{KeyInfo, KeysError, list, load, load_or_create, rotate};
