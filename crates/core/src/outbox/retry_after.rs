//! `Retry-After` (RFC 9110 §10.2.3): how long the agency asks a refused sender to wait, as a
//! number of seconds or as an HTTP date, read against the caller's `now`.
//!
//! The agency sends it with 429 (too many requests from this device or address) and may send it
//! with 503. The outbox waits at least that long, and never less than its own backoff.

use std::time::Duration;

use crate::offers::dates::parse_instant;
use crate::time::Timestamp;

/// The longest wait a `Retry-After` may impose. A larger value (a misconfigured server, a date
/// years ahead) would leave registrations on the device for good; an hour bounds the damage.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3_600);

/// The wait a `Retry-After` value asks for at `now`: `120`, or `Sun, 06 Nov 1994 08:49:37 GMT`
/// (a date already past asks for no wait). `None` when the value is neither.
pub fn parse_retry_after(value: &str, now: Timestamp) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        // Digits beyond u64 are a very long wait, not an unreadable one.
        return Some(value.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let at = parse_http_date(value)?;
    Some(Timestamp(at).saturating_since(now))
}

/// Milliseconds since the epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only
/// form RFC 9110 lets a server send. The day name is not checked: the date says which day it is.
fn parse_http_date(value: &str) -> Option<u64> {
    let (_day_name, rest) = value.split_once(", ")?;
    let mut parts = rest.split(' ');
    let day = parts.next()?;
    let month = parts.next()?;
    let year = parts.next()?;
    let time = parts.next()?;
    if parts.next() != Some("GMT") || parts.next().is_some() || day.len() != 2 || year.len() != 4 {
        return None;
    }
    let month = MONTHS.iter().position(|name| *name == month)? + 1;
    parse_instant(&format!("{year}-{month:02}-{day}T{time}Z"))
}

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-29T10:30:00Z.
    const NOW: Timestamp = Timestamp(1_795_948_200_000);

    #[test]
    fn retry_after_values() {
        #[track_caller]
        fn check(value: &str, expected: Option<u64>) {
            assert_eq!(
                parse_retry_after(value, NOW),
                expected.map(Duration::from_secs),
                "{value:?}"
            );
        }
        check("120", Some(120));
        check(" 7 ", Some(7));
        check("0", Some(0));
        check("Sun, 29 Nov 2026 10:31:30 GMT", Some(90));
        check("Sun, 29 Nov 2026 10:30:00 GMT", Some(0));
        // A date in the past: no wait.
        check("Sat, 28 Nov 2026 10:30:00 GMT", Some(0));
        check("Fri, 01 Jan 2027 00:00:00 GMT", Some(2_813_400));
        check("", None);
        check("-5", None);
        check("1.5", None);
        check("soon", None);
        check("Sun, 29 Nov 2026 10:31:30 UTC", None);
        check("Sun, 29 Foo 2026 10:31:30 GMT", None);
        check("Sun, 31 Nov 2026 10:31:30 GMT", None);
        check("Sun, 29 Nov 2026 25:00:00 GMT", None);
        // The obsolete forms (RFC 850, asctime) are not sent by any server we talk to.
        check("Sunday, 29-Nov-26 10:31:30 GMT", None);
        assert_eq!(parse_retry_after("99999999999999999999999", NOW), Some(Duration::MAX));
    }
}
