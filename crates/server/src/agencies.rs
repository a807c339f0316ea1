//! ANEM's agencies on the agency backend: the 58 wilaya agencies and the local agencies, the one
//! local agency serving each commune, and each agency's kiosk settings.
//!
//! - `file` reads ANEM's list (the columns of `reference/anem-agencies.csv`, bundled with the
//!   server); `matching` turns its commune names into official codes and gives every commune
//!   exactly one local agency (the rule for communes listed by several or none is there);
//!   `store` holds the SQL; `cli` is `guichet-server agencies import|check|list`.
//! - Other features ask [`find`], [`serving_commune`] (where a phone's pre-registration goes) and
//!   [`kiosk_settings`]; managers change the settings through the devices feature's API.
//!
//! An import is all or nothing: it writes only when every row reads and every served name
//! matches one commune (or `--allow-unmatched` is given, which lists what did not), in one
//! transaction, and importing the same list again changes nothing. This feature has no HTTP
//! routes of its own and never logs.

mod cli;
pub mod file;
pub mod matching;
mod store;

use std::ops::RangeInclusive;

use guichet_core::reference::ReferenceData;
use guichet_protocol::devices::KioskSettings;

use crate::infra::db::Database;

pub use cli::{AgenciesCommand, CheckArgs, ImportArgs, ListArgs, run};
pub use file::{AgencyKind, AgencyRecord, BUNDLED_LIST, LineError};
pub use matching::{AssignedBy, Plan, UnmatchedName};
pub use store::{WriteCounts, count, list, serving_commune};

/// The idle delays a manager may choose, in seconds.
pub const IDLE_SECONDS: RangeInclusive<u32> = 30..=3600;
/// The countdown delays a manager may choose, in seconds (at least 20: WCAG 2.2.1 gives a person
/// that long to ask for more time).
pub const COUNTDOWN_SECONDS: RangeInclusive<u32> = 20..=300;
/// The days a manager may have kiosks keep a refused registration: the kiosk's own bounds
/// (`guichet_core::kiosk::REJECTED_RETENTION_DAYS`), so what is accepted is what applies.
pub const REJECTED_RETENTION_DAYS: RangeInclusive<u32> =
    guichet_core::kiosk::REJECTED_RETENTION_DAYS;

/// An agency as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Agency {
    pub id: String,
    pub kind: AgencyKind,
    pub anem_wilaya_code: u8,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// What its managers chose for all of its kiosks.
    pub kiosk: KioskSettings,
}

/// Kiosk settings within [`IDLE_SECONDS`], [`COUNTDOWN_SECONDS`] and [`REJECTED_RETENTION_DAYS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedKioskSettings(KioskSettings);

/// Kiosk settings a manager may not choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KioskSettingsError {
    #[error("idle_seconds must be from 30 to 3600")]
    Idle,
    #[error("countdown_seconds must be from 20 to 300")]
    Countdown,
    #[error("rejected_retention_days must be from 1 to 90")]
    RejectedRetention,
}

impl CheckedKioskSettings {
    pub fn new(settings: KioskSettings) -> Result<Self, KioskSettingsError> {
        if !IDLE_SECONDS.contains(&settings.idle_seconds) {
            return Err(KioskSettingsError::Idle);
        }
        if !COUNTDOWN_SECONDS.contains(&settings.countdown_seconds) {
            return Err(KioskSettingsError::Countdown);
        }
        if !REJECTED_RETENTION_DAYS.contains(&settings.rejected_retention_days) {
            return Err(KioskSettingsError::RejectedRetention);
        }
        Ok(Self(settings))
    }

    pub fn get(self) -> KioskSettings {
        self.0
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} invalid row(s), nothing imported:\n{}", .errors.len(), lines(.errors))]
    Invalid { errors: Vec<LineError> },
    #[error(
        "{} commune name(s) match no commune or several, nothing imported (see aliases.csv, or \
         give --allow-unmatched):\n{}",
        .names.len(),
        lines(.names)
    )]
    Unmatched { names: Vec<UnmatchedName> },
    #[error(
        "{} commune(s) would have no local agency, nothing imported (give --allow-unmatched to \
         import anyway): {}",
        .communes.len(),
        .communes.join(", ")
    )]
    Unassigned { communes: Vec<String> },
    #[error("the agencies could not be written")]
    Database(#[from] sqlx::Error),
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub agencies: usize,
    pub plan: Plan,
    pub counts: WriteCounts,
}

/// The agency `id`, if it exists.
pub async fn find(database: &Database, id: &str) -> Result<Option<Agency>, sqlx::Error> {
    store::find(database, id).await
}

/// The kiosk settings of `agency_id`, if the agency exists.
pub async fn kiosk_settings(
    database: &Database,
    agency_id: &str,
) -> Result<Option<KioskSettings>, sqlx::Error> {
    Ok(store::find(database, agency_id).await?.map(|agency| agency.kiosk))
}

/// Stores the kiosk settings of `agency_id`; `false` when there is no such agency.
pub async fn set_kiosk_settings(
    database: &Database,
    agency_id: &str,
    settings: CheckedKioskSettings,
) -> Result<bool, sqlx::Error> {
    store::set_kiosk_settings(database, agency_id, settings).await
}

/// Reads a list and plans who serves which commune, without touching any database.
pub fn plan_list(text: &str) -> Result<(Vec<AgencyRecord>, Plan), Vec<LineError>> {
    let agencies = file::read_agencies(text)?;
    let communes = &ReferenceData::builtin().reference().communes;
    let plan = matching::plan(&agencies, communes, matching::Aliases::builtin());
    Ok((agencies, plan))
}

/// Imports a list (the text of a CSV file), all or nothing, in one transaction.
pub async fn import(
    database: &Database,
    text: &str,
    allow_unmatched: bool,
) -> Result<ImportReport, ImportError> {
    let (agencies, plan) = plan_list(text).map_err(|errors| ImportError::Invalid { errors })?;
    if !allow_unmatched {
        if !plan.unmatched.is_empty() {
            return Err(ImportError::Unmatched { names: plan.unmatched });
        }
        if !plan.unassigned.is_empty() {
            return Err(ImportError::Unassigned { communes: plan.unassigned });
        }
    }
    let counts = store::write(database, &agencies, &plan.assignments).await?;
    Ok(ImportReport { agencies: agencies.len(), plan, counts })
}

/// Imports the bundled list when no agency is stored yet; `None` when there were some.
pub async fn seed_bundled_if_empty(
    database: &Database,
) -> Result<Option<ImportReport>, ImportError> {
    if count(database).await? > 0 {
        return Ok(None);
    }
    import(database, BUNDLED_LIST, false).await.map(Some)
}

fn lines<T: std::fmt::Display>(items: &[T]) -> String {
    items.iter().map(|item| format!("  {item}")).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kiosk_settings_bounds() {
        #[track_caller]
        fn check(
            idle_seconds: u32,
            countdown_seconds: u32,
            expected: Result<(), KioskSettingsError>,
        ) {
            let settings =
                KioskSettings { idle_seconds, countdown_seconds, ..KioskSettings::default() };
            assert_eq!(CheckedKioskSettings::new(settings).map(|_| ()), expected);
        }
        #[track_caller]
        fn check_days(days: u32, expected: Result<(), KioskSettingsError>) {
            let settings =
                KioskSettings { rejected_retention_days: days, ..KioskSettings::default() };
            assert_eq!(CheckedKioskSettings::new(settings).map(|_| ()), expected);
        }
        check_days(1, Ok(()));
        check_days(7, Ok(()));
        check_days(90, Ok(()));
        check_days(0, Err(KioskSettingsError::RejectedRetention));
        check_days(91, Err(KioskSettingsError::RejectedRetention));
        check(90, 30, Ok(()));
        check(30, 20, Ok(()));
        check(3600, 300, Ok(()));
        check(29, 30, Err(KioskSettingsError::Idle));
        check(3601, 30, Err(KioskSettingsError::Idle));
        check(90, 19, Err(KioskSettingsError::Countdown));
        check(90, 301, Err(KioskSettingsError::Countdown));
        check(0, 0, Err(KioskSettingsError::Idle));
    }
}
