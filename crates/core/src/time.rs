//! Points in time as the core sees them: milliseconds since the Unix epoch, given by the caller.

use std::time::Duration;

/// A wall-clock instant, in milliseconds since the Unix epoch. The core never reads a clock:
/// the app passes `Date.now()`, the server `SystemTime::now()`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub u64);

impl Timestamp {
    /// The time elapsed from `earlier` to `self`, or zero when the clock went backwards.
    pub fn saturating_since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }

    /// The instant `duration` later, saturating at the end of time.
    pub fn plus(self, duration: Duration) -> Timestamp {
        let millis = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
        Timestamp(self.0.saturating_add(millis))
    }
}
