//! Drafts: a registration being filled in, kept on the device until it is submitted.
//!
//! A draft gets its client id (a UUIDv7 minted by the app, since the core draws no random number)
//! when it is created, and keeps it: the next issue's outbox sends the registration under that id.
//! A draft is never sent: only an explicit submit turns it into an outbox entry.
//!
//! On a personal device a draft expires [`DraftSettings::lifetime`] after its last change, as
//! France Travail keeps an unfinished registration for 15 days; counting from the last change
//! means someone still working on it never loses it. On a kiosk a draft never outlives its
//! visitor: the idle wipe (`crate::kiosk`) deletes it, so it has no expiry date.

use std::time::Duration;

use guichet_protocol::registration::Registration;
use serde::{Deserialize, Serialize};

use crate::kiosk::DeviceMode;
use crate::registration::Step;
use crate::time::Timestamp;

/// How long a phone draft is kept after its last change, unless configured otherwise.
pub const DEFAULT_DRAFT_LIFETIME: Duration = Duration::from_secs(15 * 24 * 60 * 60);

/// The longest the app waits after a change before saving it.
pub const SAVE_DEBOUNCE: Duration = Duration::from_millis(300);

/// A registration in progress, as stored on the device (not a wire type: it never leaves it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// A UUIDv7, minted once when the draft is created.
    pub client_id: String,
    /// The step the person was on, from [`Step::as_str`].
    pub step: String,
    pub registration: Registration,
    /// Milliseconds since the Unix epoch.
    pub created_at: u64,
    pub updated_at: u64,
}

/// How drafts are kept on this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftSettings {
    pub mode: DeviceMode,
    pub lifetime: Duration,
}

impl Draft {
    pub fn new(client_id: String, now: Timestamp) -> Self {
        Self {
            client_id,
            step: Step::CivilStatus.as_str().to_owned(),
            registration: Registration::default(),
            created_at: now.0,
            updated_at: now.0,
        }
    }

    /// The step to resume at; the first one if the stored name is unknown to this build.
    pub fn step(&self) -> Step {
        Step::from_name(&self.step).unwrap_or(Step::CivilStatus)
    }

    /// Records a change of the answers or of the step at `now`.
    pub fn update(&mut self, step: Step, registration: Registration, now: Timestamp) {
        self.step = step.as_str().to_owned();
        self.registration = registration;
        self.updated_at = self.updated_at.max(now.0);
    }

    /// When the draft will be deleted, or `None` when it has no date (kiosk drafts).
    pub fn expires_at(&self, settings: DraftSettings) -> Option<Timestamp> {
        match settings.mode {
            DeviceMode::Kiosk => None,
            DeviceMode::Personal => {
                let lifetime = u64::try_from(settings.lifetime.as_millis()).unwrap_or(u64::MAX);
                Some(Timestamp(self.updated_at.saturating_add(lifetime)))
            }
        }
    }

    /// Whether the draft must be deleted instead of resumed.
    pub fn is_expired(&self, settings: DraftSettings, now: Timestamp) -> bool {
        self.expires_at(settings).is_some_and(|expiry| now >= expiry)
    }

    /// Whether anything has been typed: an untouched draft need not be stored.
    pub fn is_blank(&self) -> bool {
        self.registration == Registration::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY_MS: u64 = 24 * 60 * 60 * 1000;

    fn personal() -> DraftSettings {
        DraftSettings { mode: DeviceMode::Personal, lifetime: DEFAULT_DRAFT_LIFETIME }
    }

    #[test]
    fn a_new_draft_starts_at_the_first_step_and_is_blank() {
        let draft = Draft::new("0190a000-0000-7000-8000-000000000000".into(), Timestamp(5));
        assert_eq!(draft.step(), Step::CivilStatus);
        assert!(draft.is_blank());
        assert_eq!((draft.created_at, draft.updated_at), (5, 5));
    }

    #[test]
    fn phone_drafts_expire_fifteen_days_after_the_last_change() {
        let mut draft = Draft::new("id".into(), Timestamp(1_000));
        let mut registration = Registration::default();
        registration.identity.nin = "1".into();
        draft.update(Step::Identity, registration, Timestamp(1_000 + DAY_MS));
        let expiry = Timestamp(1_000 + 16 * DAY_MS);
        assert_eq!(draft.expires_at(personal()), Some(expiry));
        #[track_caller]
        fn check(draft: &Draft, settings: DraftSettings, now: u64, expected: bool) {
            assert_eq!(draft.is_expired(settings, Timestamp(now)), expected, "at {now}");
        }
        check(&draft, personal(), expiry.0 - 1, false);
        check(&draft, personal(), expiry.0, true);
        let short = DraftSettings { mode: DeviceMode::Personal, lifetime: Duration::from_secs(1) };
        check(&draft, short, 1_000 + DAY_MS + 999, false);
        check(&draft, short, 1_000 + DAY_MS + 1_000, true);
        let kiosk = DraftSettings { mode: DeviceMode::Kiosk, lifetime: DEFAULT_DRAFT_LIFETIME };
        assert_eq!(draft.expires_at(kiosk), None);
        check(&draft, kiosk, u64::MAX, false);
    }

    #[test]
    fn updates_keep_the_client_id_and_never_move_time_backwards() {
        let mut draft = Draft::new("keep-me".into(), Timestamp(100));
        draft.update(Step::Contact, Registration::default(), Timestamp(50));
        assert_eq!(draft.client_id, "keep-me");
        assert_eq!(draft.updated_at, 100);
        assert_eq!(draft.step(), Step::Contact);
        draft.step = "a-step-from-a-future-build".into();
        assert_eq!(draft.step(), Step::CivilStatus);
    }

    #[test]
    fn drafts_round_trip_through_json() {
        let draft = Draft::new("id".into(), Timestamp(7));
        let text = serde_json::to_string(&draft).expect("serializes");
        assert_eq!(serde_json::from_str::<Draft>(&text).expect("parses"), draft);
    }
}
