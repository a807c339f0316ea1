//! What every handler can reach: the database, the clock and the built kiosk's folder.
//!
//! It lives below the features so that a feature's handlers can name it without importing the
//! app that composes their routers.

use std::path::PathBuf;

use super::{clock::Clock, db::Database};

/// The state of the router, cloned into every request (each field is cheap to clone).
#[derive(Debug, Clone)]
pub struct AppState {
    pub database: Database,
    /// Trunk's output: `index.html` and the hashed assets next to it.
    pub dist_dir: PathBuf,
    pub clock: Clock,
}

impl AppState {
    /// State on the system clock.
    pub fn new(database: Database, dist_dir: impl Into<PathBuf>) -> Self {
        Self { database, dist_dir: dist_dir.into(), clock: Clock::System }
    }

    /// The same state on another clock (tests).
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }
}
