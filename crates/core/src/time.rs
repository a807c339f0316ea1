//! Points in time as the core sees them: milliseconds since the Unix epoch, given by the caller.

use std::time::Duration;

/// A wall-clock instant, in milliseconds since the Unix epoch. The core never reads a clock:
/// the app passes `Date.now()`, the server `SystemTime::now()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u64);

impl Timestamp {
    /// The time elapsed from `earlier` to `self`, or zero when the clock went backwards.
    pub fn saturating_since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }
}
