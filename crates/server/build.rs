//! Tells cargo to rebuild the crate when a migration file changes.
//!
//! `sqlx::migrate!` embeds the files under `migrations/` at compile time, but cargo cannot see
//! that on its own: without this, an added migration would be missing from the binary until
//! some Rust file changed.

// A build script talks to cargo through its stdout: this is the one place printing is the API.
#![allow(clippy::print_stdout, clippy::disallowed_macros)]

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
