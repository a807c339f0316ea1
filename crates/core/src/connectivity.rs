//! Whether the agency backend is reachable, decided from health probes rather than from
//! `navigator.onLine` (which only knows about the local link, not about the agency).
//!
//! The app asks [`Connectivity::next_probe_in`] when to probe, probes `/api/v1/health`, and reports
//! the outcome. While the agency is reachable it probes rarely; once a probe fails it backs off
//! quickly to a low cap, so a server that comes back is noticed within seconds.

use std::time::Duration;

use crate::time::Timestamp;

/// How often to probe while the agency answers.
pub const ONLINE_PROBE_INTERVAL: Duration = Duration::from_secs(30);
/// The first retry after a failed probe; each further failure doubles it up to [`OFFLINE_PROBE_CAP`].
pub const OFFLINE_FIRST_RETRY: Duration = Duration::from_secs(1);
/// The longest wait between probes while offline, before jitter. Kept low because a returning
/// connection must show within 10 s; the app also probes at once on the browser's `online` event.
pub const OFFLINE_PROBE_CAP: Duration = Duration::from_secs(6);
/// Jitter spreads the probes of many kiosks by up to this fraction of the delay, either way.
pub const JITTER_FRACTION: f64 = 0.2;

/// What the app knows about its link to the agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connectivity {
    status: Status,
    last_contact: Option<Timestamp>,
    consecutive_failures: u32,
}

/// The reachability of the agency backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No probe has finished since the app started.
    Checking,
    /// The last probe reached the agency.
    Online,
    /// The last probe failed.
    Offline,
}

/// What the connectivity indicator shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indicator {
    Checking,
    Online,
    /// Offline; the agency was never reached from this device.
    OfflineNeverContacted,
    /// Offline; the agency was last reached this many whole minutes ago.
    OfflineSince {
        minutes: u64,
    },
}

impl Connectivity {
    /// Starts in [`Status::Checking`], remembering the last contact from an earlier visit.
    pub fn new(last_contact: Option<Timestamp>) -> Self {
        Self { status: Status::Checking, last_contact, consecutive_failures: 0 }
    }

    pub fn status(&self) -> Status {
        self.status
    }

    /// When the agency last answered a probe, for the app to persist.
    pub fn last_contact(&self) -> Option<Timestamp> {
        self.last_contact
    }

    /// A probe reached the agency at `now`.
    pub fn probe_succeeded(&mut self, now: Timestamp) {
        self.status = Status::Online;
        self.last_contact = Some(now);
        self.consecutive_failures = 0;
    }

    /// A probe failed: no answer, a timeout, or an answer that is not a healthy server.
    pub fn probe_failed(&mut self) {
        self.status = Status::Offline;
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
    }

    /// How long to wait before the next probe. `jitter` is a number in `[0, 1)` from the caller's
    /// random source; values outside are clamped.
    pub fn next_probe_in(&self, jitter: f64) -> Duration {
        let base = match self.status {
            Status::Checking => return Duration::ZERO,
            Status::Online => ONLINE_PROBE_INTERVAL,
            Status::Offline => {
                let doublings = self.consecutive_failures.saturating_sub(1).min(16);
                OFFLINE_FIRST_RETRY.saturating_mul(1 << doublings).min(OFFLINE_PROBE_CAP)
            }
        };
        let spread = 1.0 + JITTER_FRACTION * (2.0 * jitter.clamp(0.0, 1.0) - 1.0);
        base.mul_f64(spread)
    }

    /// What to show the person at `now`.
    pub fn indicator(&self, now: Timestamp) -> Indicator {
        match (self.status, self.last_contact) {
            (Status::Checking, _) => Indicator::Checking,
            (Status::Online, _) => Indicator::Online,
            (Status::Offline, None) => Indicator::OfflineNeverContacted,
            (Status::Offline, Some(last)) => {
                Indicator::OfflineSince { minutes: now.saturating_since(last).as_secs() / 60 }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: u64 = 60_000;

    /// Applies `outcomes` (true = success) at one-minute steps and returns the state.
    fn after(outcomes: &[bool]) -> Connectivity {
        let mut connectivity = Connectivity::new(None);
        for (step, &reached) in outcomes.iter().enumerate() {
            if reached {
                connectivity.probe_succeeded(Timestamp(step as u64 * MINUTE));
            } else {
                connectivity.probe_failed();
            }
        }
        connectivity
    }

    #[test]
    fn probe_delays_back_off_to_the_cap_and_reset_on_success() {
        let check = |outcomes: &[bool], expected_secs: u64| {
            let delay = after(outcomes).next_probe_in(0.5);
            assert_eq!(delay, Duration::from_secs(expected_secs), "after {outcomes:?}");
        };
        check(&[], 0);
        check(&[true], 30);
        check(&[false], 1);
        check(&[false, false], 2);
        check(&[false, false, false], 4);
        check(&[false, false, false, false], 6);
        check(&[false; 40], 6);
        check(&[false, false, false, true], 30);
        check(&[false, false, false, true, false], 1);
    }

    #[test]
    fn jitter_spreads_delays_within_the_fraction() {
        let offline = after(&[false; 10]);
        assert_eq!(offline.next_probe_in(0.0), Duration::from_millis(4_800));
        assert_eq!(offline.next_probe_in(1.0), Duration::from_millis(7_200));
        assert_eq!(offline.next_probe_in(7.0), Duration::from_millis(7_200), "clamped");
        assert_eq!(offline.next_probe_in(-3.0), Duration::from_millis(4_800), "clamped");
        let online = after(&[true]);
        assert_eq!(online.next_probe_in(0.0), Duration::from_secs(24));
    }

    #[test]
    fn a_returning_server_is_probed_within_ten_seconds() {
        let offline = after(&[false; 100]);
        assert!(offline.next_probe_in(1.0) < Duration::from_secs(10));
    }

    #[test]
    fn indicator_tells_how_long_ago_the_agency_answered() {
        let now = Timestamp(10 * MINUTE + 59_999);
        let check = |connectivity: &Connectivity, expected: Indicator| {
            assert_eq!(connectivity.indicator(now), expected);
        };
        check(&Connectivity::new(Some(Timestamp(0))), Indicator::Checking);
        check(&after(&[true]), Indicator::Online);
        check(&after(&[false]), Indicator::OfflineNeverContacted);
        // Reached at minute 1, failed at minute 2: last contact 9 whole minutes before `now`.
        check(&after(&[false, true, false]), Indicator::OfflineSince { minutes: 9 });
        let mut from_earlier_visit = Connectivity::new(Some(Timestamp(4 * MINUTE)));
        from_earlier_visit.probe_failed();
        check(&from_earlier_visit, Indicator::OfflineSince { minutes: 6 });
        let mut clock_went_back = Connectivity::new(Some(Timestamp(20 * MINUTE)));
        clock_went_back.probe_failed();
        check(&clock_went_back, Indicator::OfflineSince { minutes: 0 });
    }

    #[test]
    fn last_contact_is_kept_through_failures() {
        let connectivity = after(&[true, true, false, false]);
        assert_eq!(connectivity.last_contact(), Some(Timestamp(MINUTE)));
        assert_eq!(connectivity.status(), Status::Offline);
    }
}
