//! The private keys an instance opens sealed registrations with, as `AppState` holds them.
//!
//! Loaded at start from their directory. After `guichet-server keys rotate`, instances restarted
//! one by one publish the new key while others still run with the old ring: a kiosk may then
//! send a registration sealed to a key this instance has not loaded. Such a submission makes the
//! `registrations` feature reload the ring from the directory (which the `sealing` feature
//! reads) before answering, so a rolling restart rejects nothing. At most one reload per
//! [`RELOAD_INTERVAL`]: made-up key ids cost no more than that in disk reads.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex, PoisonError, RwLock},
    time::{Duration, Instant},
};

use guichet_core::sealing::Keyring;

/// The least time between two reloads of the ring from its directory.
pub const RELOAD_INTERVAL: Duration = Duration::from_secs(10);

/// The ring in force, and where it can be read again.
#[derive(Debug, Default)]
pub struct SealingKeys {
    ring: RwLock<Arc<Keyring>>,
    /// `None`: keys given in memory (tests); never reloaded.
    dir: Option<PathBuf>,
    last_reload: Mutex<Option<Instant>>,
}

impl SealingKeys {
    pub fn new(ring: Keyring, dir: Option<PathBuf>) -> Self {
        Self { ring: RwLock::new(Arc::new(ring)), dir, last_reload: Mutex::new(None) }
    }

    /// The ring in force now.
    pub fn ring(&self) -> Arc<Keyring> {
        Arc::clone(&self.ring.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// The directory to reload from, when a reload is allowed at `now` (and then counted as
    /// done); `None` when the keys have no directory or the last reload is too recent.
    pub fn reload_from(&self, now: Instant) -> Option<&Path> {
        let dir = self.dir.as_deref()?;
        let mut last = self.last_reload.lock().unwrap_or_else(PoisonError::into_inner);
        if last.is_some_and(|last| now.saturating_duration_since(last) < RELOAD_INTERVAL) {
            return None;
        }
        *last = Some(now);
        Some(dir)
    }

    /// Puts a freshly loaded ring in force.
    pub fn replace(&self, ring: Keyring) {
        *self.ring.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(ring);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reloads_are_spaced_and_only_with_a_directory() {
        let in_memory = SealingKeys::new(Keyring::default(), None);
        assert!(in_memory.reload_from(Instant::now()).is_none());

        let keys = SealingKeys::new(Keyring::default(), Some(PathBuf::from("/keys")));
        let start = Instant::now();
        assert_eq!(keys.reload_from(start), Some(Path::new("/keys")));
        assert!(keys.reload_from(start + RELOAD_INTERVAL / 2).is_none(), "too soon");
        assert!(keys.reload_from(start + RELOAD_INTERVAL).is_some());
    }
}
