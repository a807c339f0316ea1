//! The server's one clock, reached through [`AppState`](super::state::AppState) so tests set the
//! time. Nothing else in the server reads the system time for a decision.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use guichet_core::time::Timestamp;

/// Where `now` comes from.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    /// The system's wall clock.
    #[default]
    System,
    /// A time that tests set and advance.
    Manual(ManualClock),
}

/// A clock that moves only when told to; clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicU64>);

impl Clock {
    /// A manual clock at `start`, and the handle that moves it.
    pub fn manual(start: Timestamp) -> (Self, ManualClock) {
        let handle = ManualClock(Arc::new(AtomicU64::new(start.0)));
        (Self::Manual(handle.clone()), handle)
    }

    /// Now, in milliseconds since the Unix epoch (zero if the system clock is set before 1970).
    pub fn now(&self) -> Timestamp {
        match self {
            Self::System => system_now(),
            Self::Manual(handle) => Timestamp(handle.0.load(Ordering::SeqCst)),
        }
    }

    /// Now, as the signed milliseconds the database columns hold.
    pub fn now_millis(&self) -> i64 {
        i64::try_from(self.now().0).unwrap_or(i64::MAX)
    }
}

impl ManualClock {
    pub fn set(&self, at: Timestamp) {
        self.0.store(at.0, Ordering::SeqCst);
    }

    pub fn advance(&self, by: std::time::Duration) {
        let by = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.0.fetch_add(by, Ordering::SeqCst);
    }
}

fn system_now() -> Timestamp {
    let elapsed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX));
    Timestamp(elapsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let (clock, handle) = Clock::manual(Timestamp(1_000));
        assert_eq!(clock.now(), Timestamp(1_000));
        handle.advance(std::time::Duration::from_secs(2));
        assert_eq!(clock.now(), Timestamp(3_000));
        handle.set(Timestamp(10));
        assert_eq!(clock.now_millis(), 10);
    }
}
