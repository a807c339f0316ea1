//! Kiosk mode: the device serves one visitor after another, and forgets each of them.
//!
//! [`IdleTimer`] decides, from the time of the last input and `now`, whether the visitor is
//! active, should be warned (a dialog with a countdown, WCAG 2.2.1), or is gone and must be wiped.
//! The app feeds it input events and polls it; it reads no clock. [`pin_digest`] protects the
//! setup screen until device enrolment replaces the PIN.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::time::Timestamp;

/// Without input for this long, the kiosk warns the visitor.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(90);
/// The warning's countdown before the wipe.
pub const DEFAULT_COUNTDOWN: Duration = Duration::from_secs(30);
/// WCAG 2.2.1 asks for at least 20 seconds to extend a time limit: the setup screen refuses less.
pub const MIN_COUNTDOWN: Duration = Duration::from_secs(20);
/// A PIN is 4 to 8 digits.
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=8;

/// Whether the device is a shared kiosk or someone's own phone or computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceMode {
    Kiosk,
    /// The default: a device is a kiosk only when set up as one.
    #[default]
    Personal,
}

/// The idle delays of a kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdleSettings {
    pub idle_ms: u64,
    pub countdown_ms: u64,
}

impl Default for IdleSettings {
    fn default() -> Self {
        Self { idle_ms: millis(DEFAULT_IDLE), countdown_ms: millis(DEFAULT_COUNTDOWN) }
    }
}

/// What the kiosk should show now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleState {
    /// The visitor is active; poll again after `warn_in`.
    Active { warn_in: Duration },
    /// Show the warning with `seconds_left` on the countdown; poll again after `next_tick`.
    Warning { seconds_left: u64, next_tick: Duration },
    /// The countdown ran out: wipe the visitor's data.
    Expired,
}

/// The kiosk's idle clock, driven by the app with `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleTimer {
    settings: IdleSettings,
    last_activity: Timestamp,
}

impl IdleTimer {
    pub fn new(settings: IdleSettings, now: Timestamp) -> Self {
        Self { settings, last_activity: now }
    }

    /// The visitor touched, typed or scrolled. Ignored once the warning shows: the visitor must
    /// answer it with [`Self::still_here`], so a stray touch does not hide it unread.
    pub fn activity(&mut self, now: Timestamp) {
        if matches!(self.state(now), IdleState::Active { .. }) {
            self.last_activity = self.last_activity.max(now);
        }
    }

    /// "I'm still here": the warning closes and the idle delay starts again, unless the countdown
    /// has already run out (then the wipe stands).
    pub fn still_here(&mut self, now: Timestamp) {
        if self.state(now) != IdleState::Expired {
            self.last_activity = self.last_activity.max(now);
        }
    }

    /// The state at `now`. A kiosk that slept through the countdown is expired at once.
    pub fn state(&self, now: Timestamp) -> IdleState {
        let idle_for = millis(now.saturating_since(self.last_activity));
        if idle_for < self.settings.idle_ms {
            return IdleState::Active {
                warn_in: Duration::from_millis(self.settings.idle_ms - idle_for),
            };
        }
        let warned_for = idle_for - self.settings.idle_ms;
        if warned_for >= self.settings.countdown_ms {
            return IdleState::Expired;
        }
        let remaining = self.settings.countdown_ms - warned_for;
        let seconds_left = remaining.div_ceil(1000);
        // The display changes when `remaining` crosses the next whole second.
        let next_tick = match remaining % 1000 {
            0 => 1000,
            part => part,
        };
        IdleState::Warning { seconds_left, next_tick: Duration::from_millis(next_tick) }
    }
}

/// Checks a PIN typed at setup: 4 to 8 ASCII digits.
pub fn valid_pin(pin: &str) -> bool {
    PIN_DIGITS.contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit())
}

/// The stored form of a PIN: SHA-256 over a per-device salt and the PIN, in hexadecimal. A PIN
/// has few values, so this only keeps it out of plain sight; enrolment will replace it.
pub fn pin_digest(salt: &str, pin: &str) -> String {
    let digest = Sha256::new().chain_update(salt).chain_update([0]).chain_update(pin).finalize();
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETTINGS: IdleSettings = IdleSettings { idle_ms: 90_000, countdown_ms: 30_000 };

    fn active(ms: u64) -> IdleState {
        IdleState::Active { warn_in: Duration::from_millis(ms) }
    }

    fn warning(seconds_left: u64, next_tick_ms: u64) -> IdleState {
        IdleState::Warning { seconds_left, next_tick: Duration::from_millis(next_tick_ms) }
    }

    #[test]
    fn idle_then_warning_then_expired() {
        let timer = IdleTimer::new(SETTINGS, Timestamp(1_000));
        let table = [
            (1_000, active(90_000)),
            (50_000, active(41_000)),
            (90_999, active(1)),
            (91_000, warning(30, 1_000)),
            (91_001, warning(30, 999)),
            (92_000, warning(29, 1_000)),
            (120_500, warning(1, 500)),
            (120_999, warning(1, 1)),
            (121_000, IdleState::Expired),
            (10_000_000, IdleState::Expired),
            // A clock that went backwards counts as no time elapsed.
            (0, active(90_000)),
        ];
        for (now, expected) in table {
            assert_eq!(timer.state(Timestamp(now)), expected, "at {now}");
        }
    }

    #[test]
    fn activity_postpones_the_warning_but_does_not_dismiss_it() {
        let mut timer = IdleTimer::new(SETTINGS, Timestamp(0));
        timer.activity(Timestamp(60_000));
        assert_eq!(timer.state(Timestamp(100_000)), active(50_000));
        timer.activity(Timestamp(150_000));
        assert_eq!(timer.state(Timestamp(150_000)), warning(30, 1_000));
        timer.activity(Timestamp(160_000));
        assert_eq!(timer.state(Timestamp(160_000)), warning(20, 1_000));
    }

    #[test]
    fn still_here_closes_the_warning_unless_it_is_too_late() {
        let mut timer = IdleTimer::new(SETTINGS, Timestamp(0));
        timer.still_here(Timestamp(100_000));
        assert_eq!(timer.state(Timestamp(100_000)), active(90_000));
        timer.still_here(Timestamp(220_000));
        assert_eq!(timer.state(Timestamp(220_000)), IdleState::Expired);
    }

    #[test]
    fn default_settings_follow_the_issue() {
        assert_eq!(IdleSettings::default(), SETTINGS);
        assert!(DEFAULT_COUNTDOWN >= MIN_COUNTDOWN);
        assert_eq!(DeviceMode::default(), DeviceMode::Personal);
    }

    #[test]
    fn pins() {
        for (pin, valid) in [
            ("1234", true),
            ("12345678", true),
            ("123", false),
            ("123456789", false),
            ("12a4", false),
            ("", false),
        ] {
            assert_eq!(valid_pin(pin), valid, "{pin:?}");
        }
        let digest = pin_digest("salt", "1234");
        assert_eq!(digest.len(), 64);
        assert_eq!(digest, pin_digest("salt", "1234"));
        assert_ne!(digest, pin_digest("pepper", "1234"));
        assert_ne!(digest, pin_digest("salt", "1235"));
    }
}
