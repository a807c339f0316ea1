//! Kiosk mode: the device serves one visitor after another, and forgets each of them.
//!
//! [`IdleTimer`] decides, from the time of the last input and `now`, whether the visitor is
//! active, should be warned (a dialog with a countdown, WCAG 2.2.1), or is gone and must be wiped.
//! The app feeds it input events and polls it; it reads no clock. The delays are the agency's
//! ([`IdleSettings::from_agency`]): a kiosk becomes one by enrolment, and its managers set them.

use std::time::Duration;

use guichet_protocol::devices::KioskSettings;
use serde::{Deserialize, Serialize};

use crate::receipt::Reference;
use crate::time::Timestamp;

/// Without input for this long, the kiosk warns the visitor.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(90);
/// The warning's countdown before the wipe.
pub const DEFAULT_COUNTDOWN: Duration = Duration::from_secs(30);
/// WCAG 2.2.1 asks for at least 20 seconds to extend a time limit: a kiosk never counts down
/// less, whatever its agency's settings say.
pub const MIN_COUNTDOWN: Duration = Duration::from_secs(20);
/// The shortest idle delay a kiosk accepts: less would warn a visitor reading a page.
pub const MIN_IDLE: Duration = Duration::from_secs(10);
/// The longest idle delay a kiosk accepts: a visitor who walked away is forgotten within the hour.
pub const MAX_IDLE: Duration = Duration::from_secs(3_600);
/// The longest countdown: past ten minutes it no longer protects anyone.
pub const MAX_COUNTDOWN: Duration = Duration::from_secs(600);
/// The days a kiosk keeps a refused registration, whatever the agency says: at least a day (the
/// desk must have a chance to see it), at most 90 (a shared device is no archive).
pub const REJECTED_RETENTION_DAYS: std::ops::RangeInclusive<u32> = 1..=90;

/// How long a kiosk keeps a registration the agency refused, from the agency's setting, kept
/// within [`REJECTED_RETENTION_DAYS`].
pub fn rejected_retention(settings: KioskSettings) -> Duration {
    let days = settings
        .rejected_retention_days
        .clamp(*REJECTED_RETENTION_DAYS.start(), *REJECTED_RETENTION_DAYS.end());
    Duration::from_secs(u64::from(days) * 86_400)
}

/// Whether the device is a shared kiosk or someone's own phone or computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceMode {
    Kiosk,
    /// The default: a device is a kiosk once enrolled in an agency or started at `/kiosk`.
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

impl IdleSettings {
    /// The delays the agency chose for its kiosks, brought within [`MIN_IDLE`]..=[`MAX_IDLE`] and
    /// [`MIN_COUNTDOWN`]..=[`MAX_COUNTDOWN`]: the server checks them too, but the kiosk is where a
    /// countdown too short to answer would hurt someone.
    pub fn from_agency(settings: KioskSettings) -> Self {
        let clamp = |seconds: u32, min: Duration, max: Duration| {
            millis(Duration::from_secs(u64::from(seconds)).clamp(min, max))
        };
        Self {
            idle_ms: clamp(settings.idle_seconds, MIN_IDLE, MAX_IDLE),
            countdown_ms: clamp(settings.countdown_seconds, MIN_COUNTDOWN, MAX_COUNTDOWN),
        }
    }
}

/// A kiosk's current visitor and what belongs to them.
///
/// A visitor begins at a wipe; at start (a reload, a power cut) no one knows who is at the kiosk,
/// so only what changed within one idle delay plus countdown before `now` may still be theirs:
/// older drafts and receipts belong to someone the idle watch would have wiped already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visitor {
    /// Nothing dated before this belongs to the visitor now at the kiosk.
    pub since: Timestamp,
}

impl Visitor {
    /// The visitor found when the app starts at `now`.
    pub fn at_start(settings: IdleSettings, now: Timestamp) -> Self {
        let window = settings.idle_ms.saturating_add(settings.countdown_ms);
        Self { since: Timestamp(now.0.saturating_sub(window)) }
    }

    /// The visitor who begins with a wipe at `now`.
    pub fn after_wipe(now: Timestamp) -> Self {
        Self { since: now }
    }

    /// Whether a draft changed, or a registration submitted, at `at` is this visitor's: on a
    /// kiosk, a new visitor never resumes someone else's draft nor sees their receipt.
    pub fn owns(self, at: Timestamp) -> bool {
        at >= self.since
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

/// Why an enrolment did not happen; each has its own message on the setup screen. (The kiosk's
/// page and its offers worker, which makes the request, both read it.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EnrolError {
    /// The agency refused the code: wrong, used or expired (it does not say which).
    CodeRefused,
    /// Too many attempts from here: wait and try again.
    Throttled,
    /// The agency could not be reached.
    Network,
    /// The agency answered something else (5xx, an unreadable body).
    Server,
}

impl EnrolError {
    /// The Fluent id of its message.
    pub fn message_id(self) -> &'static str {
        match self {
            EnrolError::CodeRefused => "setup-error-code-refused",
            EnrolError::Throttled => "setup-error-throttled",
            EnrolError::Network => "setup-error-network",
            EnrolError::Server => "setup-error-server",
        }
    }
}

/// An enrolment code as staff typed it, in the form the agency issued it (8 Crockford base32
/// characters, like a receipt reference: case, spaces and hyphens forgiven, `O`, `I` and `L` read
/// as digits); `None` when it cannot be one, so the kiosk says so without asking the agency.
pub fn enrolment_code(typed: &str) -> Option<String> {
    Reference::parse(typed).ok().map(|code| code.as_str().to_owned())
}

/// A device name as staff typed it, trimmed; `None` when the agency would refuse it
/// ([`parse_device_name`] says why).
pub fn device_name(typed: &str) -> Option<String> {
    parse_device_name(typed).ok()
}

/// Why a device name is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidName {
    #[error("the device name is empty")]
    Empty,
    #[error("the device name is longer than 80 characters")]
    TooLong,
    #[error("the device name holds a control character")]
    ControlCharacter,
}

/// A device name staff may use, trimmed: 1 to
/// [`MAX_DEVICE_NAME_CHARS`](guichet_protocol::devices::MAX_DEVICE_NAME_CHARS) characters, no
/// control characters and no bidirectional overrides (which would make a name in the agency's
/// list read as another). The kiosk checks it before asking; the server is the authority.
pub fn parse_device_name(typed: &str) -> Result<String, InvalidName> {
    let name = typed.trim();
    if name.is_empty() {
        return Err(InvalidName::Empty);
    }
    if name.chars().count() > guichet_protocol::devices::MAX_DEVICE_NAME_CHARS {
        return Err(InvalidName::TooLong);
    }
    let forbidden =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if name.chars().any(forbidden) {
        return Err(InvalidName::ControlCharacter);
    }
    Ok(name.to_owned())
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kiosk_keeps_refused_registrations_for_the_agencys_days_within_bounds() {
        let check = |days: u32, expected_days: u64| {
            let settings =
                KioskSettings { rejected_retention_days: days, ..KioskSettings::default() };
            assert_eq!(
                rejected_retention(settings),
                Duration::from_secs(expected_days * 86_400),
                "{days}"
            );
        };
        check(7, 7);
        check(0, 1);
        check(1, 1);
        check(90, 90);
        check(365, 90);
    }

    const SETTINGS: IdleSettings = IdleSettings { idle_ms: 90_000, countdown_ms: 30_000 };

    fn active(ms: u64) -> IdleState {
        IdleState::Active { warn_in: Duration::from_millis(ms) }
    }

    fn warning(seconds_left: u64, next_tick_ms: u64) -> IdleState {
        IdleState::Warning { seconds_left, next_tick: Duration::from_millis(next_tick_ms) }
    }

    #[test]
    fn what_belongs_to_the_visitor() {
        let start = Visitor::at_start(SETTINGS, Timestamp(1_000_000));
        let wiped = Visitor::after_wipe(Timestamp(1_000_000));
        let table = [
            // At start, anything changed within idle + countdown (120 s) may be the visitor's.
            (start, 1_000_000, true),
            (start, 880_000, true),
            (start, 879_999, false),
            (start, 0, false),
            // After a wipe, only what came after it.
            (wiped, 1_000_000, true),
            (wiped, 999_999, false),
            (wiped, 2_000_000, true),
        ];
        for (visitor, at, expected) in table {
            assert_eq!(visitor.owns(Timestamp(at)), expected, "{visitor:?} at {at}");
        }
        // Early clocks do not underflow.
        assert_eq!(Visitor::at_start(SETTINGS, Timestamp(5)).since, Timestamp(0));
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
    fn typed_enrolment_codes_and_names() {
        #[track_caller]
        fn code(typed: &str, expected: Option<&str>) {
            assert_eq!(enrolment_code(typed).as_deref(), expected, "{typed:?}");
        }
        code("7K3M9QXD", Some("7K3M9QXD"));
        code(" 7k3m-9qxd ", Some("7K3M9QXD"));
        code("7K3M 9QXD", Some("7K3M9QXD"));
        code("O1LI-0000", Some("01110000"));
        code("7K3M9QX", None);
        code("7K3M9QXDD", None);
        code("7K3M9QXU", None);
        code("", None);

        #[track_caller]
        fn name(typed: &str, expected: Option<&str>) {
            assert_eq!(device_name(typed).as_deref(), expected, "{typed:?}");
        }
        name("Accueil 1", Some("Accueil 1"));
        name("  الاستقبال ٢ ", Some("الاستقبال ٢"));
        name("   ", None);
        name("", None);
        name(&"é".repeat(80), Some("é".repeat(80).as_str()));
        name(&"é".repeat(81), None);
        name("Accueil\n1", None);
        name("Accueil \u{202E}1", None);
    }

    #[test]
    fn the_agencys_delays_are_kept_within_safe_bounds() {
        #[track_caller]
        fn check(idle_seconds: u32, countdown_seconds: u32, expected: (u64, u64)) {
            let settings = IdleSettings::from_agency(KioskSettings {
                idle_seconds,
                countdown_seconds,
                ..KioskSettings::default()
            });
            assert_eq!((settings.idle_ms, settings.countdown_ms), expected);
        }
        check(90, 30, (90_000, 30_000));
        check(120, 45, (120_000, 45_000));
        check(0, 0, (10_000, 20_000));
        check(5, 19, (10_000, 20_000));
        check(10, 20, (10_000, 20_000));
        check(3_600, 600, (3_600_000, 600_000));
        check(u32::MAX, u32::MAX, (3_600_000, 600_000));
        assert_eq!(IdleSettings::from_agency(KioskSettings::default()), IdleSettings::default());
    }
}
