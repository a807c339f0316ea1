//! The server's one reading of the wall clock, as the core's `Timestamp`.

use guichet_core::time::Timestamp;

/// Now, in milliseconds since the Unix epoch (zero if the clock is set before 1970).
pub fn now() -> Timestamp {
    let elapsed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX));
    Timestamp(elapsed)
}
