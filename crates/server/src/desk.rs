//! The counsellors' desk: what an agency's staff do with the pre-registrations that reach it.
//!
//! - [`arrivals`]: my agency's pending pre-registrations, oldest waiting first, with counts.
//! - [`find`]: by the receipt's QR text (exact, by client id), the 8-character reference (every
//!   match), the NIN, the phone, or a name in either script with the offers search's folding.
//! - [`open_dossier`]: every field, the flags (same NIN, same phone) and the history.
//! - [`act`]: confirm (a registration with the agency's number), correct a field (the kiosk's
//!   rules), reject with a reason, mark as a duplicate. Each is one transaction that names the
//!   version it was decided on: a stale version is [`DeskError::ChangedMeanwhile`], never a
//!   silent overwrite.
//! - `audit`: every opening, every search that returned someone, every action and export is
//!   written to the append-only `audit_log`, in the same transaction as an action.
//!
//! Authorisation is a [`Scope`] passed to every query: a record outside it is
//! [`DeskError::NotFound`], the same answer as an id that does not exist.
//!
//! Architecture invariant: nothing here logs personal data, and no statement updates or deletes
//! `audit_log` (`tests/append_only.rs` reads the source for it). Domain errors become HTTP
//! answers in `http` only.

mod agency_choice;
mod attestation;
mod audit;
mod correct;
mod export;
mod find;
mod http;
mod kiosk_messages;
mod manage;
mod pages;
mod scripts;
mod store;

use guichet_core::{
    reference::ReferenceData, registration::validate, time::Timestamp, validation::CivilDate,
    validation::FieldError,
};
use guichet_protocol::registration::Registration;

use crate::{
    infra::db::Database,
    staff::{CurrentStaff, Role},
};

pub use audit::{
    AUDIT_PAGE_ROWS, AuditAction, AuditEntry, AuditPage, Record as AuditRecord, audit_log,
    record as record_audit,
};
pub use correct::EditableField;
pub use export::{COLUMNS as EXPORT_COLUMNS, csv as export_csv};
pub use find::{Query, parse_query};
pub(crate) use http::routes;

/// The most rows a search answers: a search is to find one person, not to list an agency.
pub const MAX_FOUND: usize = 50;

/// Whose records a request may see: one agency's, or every agency's (admins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Agency(String),
    All,
}

impl Scope {
    /// What `staff` may see: an admin everything, anyone else their agency.
    pub fn of(staff: &CurrentStaff) -> Scope {
        if staff.role == Role::Admin { Scope::All } else { Scope::Agency(staff.agency_id.clone()) }
    }

    /// Whether a record routed to `agency_id` is inside the scope.
    pub fn contains(&self, agency_id: Option<&str>) -> bool {
        match self {
            Scope::All => true,
            Scope::Agency(own) => agency_id == Some(own.as_str()),
        }
    }

    fn agency(&self) -> Option<&str> {
        match self {
            Scope::All => None,
            Scope::Agency(own) => Some(own),
        }
    }
}

/// Who does something at the desk, and from where: what the audit log records.
#[derive(Debug, Clone)]
pub struct Actor {
    pub staff_id: String,
    pub staff_name: String,
    pub agency_id: String,
    pub scope: Scope,
    /// The client address the request came from.
    pub address: Option<String>,
}

impl Actor {
    pub fn new(staff: &CurrentStaff, address: Option<String>) -> Self {
        Self {
            staff_id: staff.id.clone(),
            staff_name: staff.full_name.clone(),
            agency_id: staff.agency_id.clone(),
            scope: Scope::of(staff),
            address,
        }
    }
}

/// What the desk cannot do, for the HTTP layer to say.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// No such record in the caller's scope (whether it exists elsewhere is not said).
    #[error("no such record")]
    NotFound,
    /// Someone acted on the dossier since the caller read it.
    #[error("the dossier changed meanwhile")]
    ChangedMeanwhile,
    /// Already confirmed, rejected or marked as a duplicate.
    #[error("the dossier is no longer pending")]
    NotPending,
    /// A correction the kiosk's rules refuse.
    #[error("the correction is not valid")]
    Invalid(Vec<FieldError>),
    /// A rejection without a reason, a duplicate of itself…
    #[error("the request is incomplete")]
    Incomplete,
    /// A phone's pre-registration that no agency serves cannot be confirmed until routed.
    #[error("the dossier belongs to no agency")]
    NoAgency,
    /// A stored payload no longer reads as a registration.
    #[error("a stored registration is unreadable")]
    Unreadable(#[from] serde_json::Error),
    #[error("a database query failed")]
    Database(#[from] sqlx::Error),
}

/// A pre-registration's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Confirmed,
    Rejected,
    Duplicate,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Confirmed => "confirmed",
            Status::Rejected => "rejected",
            Status::Duplicate => "duplicate",
        }
    }

    pub fn parse(text: &str) -> Status {
        match text {
            "confirmed" => Status::Confirmed,
            "rejected" => Status::Rejected,
            "duplicate" => Status::Duplicate,
            _ => Status::Pending,
        }
    }
}

/// Which arrivals to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrivalsFilter {
    /// Received since midnight in Algeria.
    Today,
    /// Received in the last seven days.
    Week,
    AllPending,
}

/// The names a person gave, to call them and to recognise them in a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    pub latin: String,
    pub arabic: String,
}

impl Names {
    fn of(registration: &Registration) -> Self {
        let civil = &registration.civil_status;
        Self {
            latin: join_names(&civil.last_name_latin, &civil.first_name_latin),
            arabic: join_names(&civil.last_name_arabic, &civil.first_name_arabic),
        }
    }
}

fn join_names(last: &str, first: &str) -> String {
    format!("{} {}", last.trim(), first.trim()).trim().to_owned()
}

/// One line of a list: arrivals, search results, flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub client_id: String,
    pub reference: String,
    pub agency_id: Option<String>,
    pub received_at_ms: i64,
    pub status: Status,
    /// The kiosk's name; `None` for a phone.
    pub device_name: Option<String>,
    pub names: Names,
}

/// The arrivals page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrivals {
    pub listed: Vec<Listed>,
    pub today: i64,
    pub week: i64,
    pub all_pending: i64,
}

/// A confirmed registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationRecord {
    pub number: String,
    pub confirmed_on: String,
    pub confirmed_at_ms: i64,
    pub counsellor_name: String,
}

/// One action in a dossier's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub kind: String,
    pub staff_name: String,
    pub at_ms: i64,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub note: Option<String>,
}

/// Everything the desk shows about one pre-registration.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub listed: Listed,
    pub version: i64,
    pub submitted_at: String,
    /// The registration with the counsellors' corrections.
    pub registration: Registration,
    pub corrected: bool,
    pub rejection_reason: Option<String>,
    pub duplicate_of: Option<String>,
    pub record: Option<RegistrationRecord>,
    /// Other pre-registrations (and registrations) with the same NIN that the caller may open.
    pub same_nin: Vec<Listed>,
    /// How many more exist at agencies outside the caller's scope.
    pub same_nin_elsewhere: i64,
    /// Pre-registrations in the caller's scope with the same mobile phone.
    pub same_phone: Vec<Listed>,
    pub history: Vec<HistoryEntry>,
}

/// What a counsellor does to a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Confirm,
    Correct { field: EditableField, value: String },
    Reject { reason: String },
    Duplicate { of: String },
}

/// A confirmed registration's line in the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    pub number: String,
    pub confirmed_on: String,
    pub agency_id: String,
    pub client_id: String,
    pub reference: String,
    pub counsellor_name: String,
    pub registration: Registration,
}

/// The longest rejection reason kept.
pub const MAX_REASON_CHARS: usize = 500;

/// The start of the calendar day in Algeria (UTC+1, no daylight saving time) holding `now`.
pub fn start_of_day_in_algeria(now: Timestamp) -> i64 {
    const MS_PER_DAY: i64 = 86_400_000;
    const UTC_OFFSET_MS: i64 = 3_600_000;
    let now = i64::try_from(now.0).unwrap_or(i64::MAX);
    (now + UTC_OFFSET_MS).div_euclid(MS_PER_DAY) * MS_PER_DAY - UTC_OFFSET_MS
}

/// The agency's registration number: `16-05/2026/000123`.
pub fn registration_number(agency_id: &str, year: i32, sequence: i64) -> String {
    format!("{agency_id}/{year}/{sequence:06}")
}

/// My scope's pending arrivals under `filter`, oldest first, with the count of each filter.
pub async fn arrivals(
    database: &Database,
    scope: &Scope,
    filter: ArrivalsFilter,
    now: Timestamp,
) -> Result<Arrivals, DeskError> {
    let today = start_of_day_in_algeria(now);
    let week = i64::try_from(now.0).unwrap_or(i64::MAX) - 7 * 86_400_000;
    let since = match filter {
        ArrivalsFilter::Today => today,
        ArrivalsFilter::Week => week,
        ArrivalsFilter::AllPending => i64::MIN,
    };
    let rows = store::pending(database, scope.agency()).await?;
    let mut arrivals = Arrivals { listed: Vec::new(), today: 0, week: 0, all_pending: 0 };
    for row in rows {
        arrivals.all_pending += 1;
        arrivals.week += i64::from(row.received_at_ms >= week);
        arrivals.today += i64::from(row.received_at_ms >= today);
        if row.received_at_ms >= since {
            arrivals.listed.push(row.listed()?);
        }
    }
    Ok(arrivals)
}

/// The records in the actor's scope matching `text`; a search that returns someone is audited.
pub async fn find(
    database: &Database,
    actor: &Actor,
    text: &str,
    now: Timestamp,
) -> Result<Vec<Listed>, DeskError> {
    let Some(query) = parse_query(text) else { return Ok(Vec::new()) };
    let found = find::run(database, &actor.scope, &query).await?;
    if !found.is_empty() {
        let detail = format!("{}: {}", query.kind(), found.len());
        let agency = match found.iter().map(|row| row.agency_id.as_deref()).collect::<Vec<_>>()[..]
        {
            [one] => one.map(str::to_owned),
            _ => Some(actor.agency_id.clone()),
        };
        let client = (found.len() == 1).then(|| found[0].client_id.clone());
        let entry = audit::Record {
            action: AuditAction::Search,
            agency_id: agency,
            client_id: client,
            detail: Some(detail),
        };
        audit::record(database, actor, entry, now).await?;
    }
    Ok(found)
}

/// The dossier `client_id` if the actor may see it; the opening is audited.
pub async fn open_dossier(
    database: &Database,
    actor: &Actor,
    client_id: &str,
    now: Timestamp,
) -> Result<Dossier, DeskError> {
    let dossier = read_dossier(database, &actor.scope, client_id).await?;
    let entry = audit::Record {
        action: AuditAction::OpenDossier,
        agency_id: dossier.listed.agency_id.clone(),
        client_id: Some(client_id.to_owned()),
        detail: None,
    };
    audit::record(database, actor, entry, now).await?;
    Ok(dossier)
}

/// The dossier without recording a look (after an action, for the page that follows it).
pub async fn read_dossier(
    database: &Database,
    scope: &Scope,
    client_id: &str,
) -> Result<Dossier, DeskError> {
    let row = store::dossier_row(database, client_id).await?.ok_or(DeskError::NotFound)?;
    if !scope.contains(row.summary.agency_id.as_deref()) {
        return Err(DeskError::NotFound);
    }
    let registration: Registration = serde_json::from_str(&row.summary.payload)?;
    let listed = row.summary.listed()?;
    let (same_nin, same_nin_elsewhere) = store::same_nin(database, &row.nin, client_id)
        .await?
        .into_iter()
        .try_fold((Vec::new(), 0), |(mut visible, elsewhere), other| {
            if scope.contains(other.agency_id.as_deref()) {
                visible.push(other.listed()?);
                Ok::<_, DeskError>((visible, elsewhere))
            } else {
                Ok((visible, elsewhere + 1))
            }
        })?;
    let same_phone = find::same_phone(database, scope, &registration, client_id).await?;
    Ok(Dossier {
        listed,
        version: row.version,
        submitted_at: row.submitted_at,
        registration,
        corrected: row.corrected,
        rejection_reason: row.rejection_reason,
        duplicate_of: row.duplicate_of,
        record: store::record(database, client_id).await?,
        same_nin,
        same_nin_elsewhere,
        same_phone,
        history: store::history(database, client_id).await?,
    })
}

/// `NotFound` unless `client_id` exists inside `scope`.
pub async fn ensure_visible(
    database: &Database,
    scope: &Scope,
    client_id: &str,
) -> Result<(), DeskError> {
    match store::by_client_id(database, client_id).await? {
        Some(row) if scope.contains(row.agency_id.as_deref()) => Ok(()),
        _ => Err(DeskError::NotFound),
    }
}

/// Applies `action` to the dossier `client_id` as read at `version`, in one transaction with its
/// history line and its audit entry.
pub async fn act(
    database: &Database,
    actor: &Actor,
    client_id: &str,
    version: i64,
    action: Action,
    now: Timestamp,
) -> Result<(), DeskError> {
    // Another agency's dossier is not found before anything about the request is judged.
    ensure_visible(database, &actor.scope, client_id).await?;
    let today = CivilDate::in_algeria(now);
    let action = match action {
        Action::Reject { reason } => {
            let reason: String = reason.trim().chars().take(MAX_REASON_CHARS).collect();
            if reason.is_empty() {
                return Err(DeskError::Incomplete);
            }
            Action::Reject { reason }
        }
        Action::Duplicate { of } => {
            let of = guichet_core::receipt::client_id_from_qr(&format!(
                "{}{}",
                guichet_protocol::receipt::RECEIPT_QR_PREFIX,
                of.trim()
            ))
            .ok_or(DeskError::Incomplete)?;
            if of == client_id {
                return Err(DeskError::Incomplete);
            }
            // The other record must be one the actor may open.
            read_dossier(database, &actor.scope, &of).await.map_err(|error| match error {
                DeskError::NotFound => DeskError::Incomplete,
                other => other,
            })?;
            Action::Duplicate { of }
        }
        other => other,
    };
    let plan = move |locked: &store::Locked| -> Result<store::Change, DeskError> {
        if locked.status != Status::Pending {
            return Err(DeskError::NotPending);
        }
        match &action {
            Action::Confirm => Ok(store::Change::Confirm { year: today.year(), on: today }),
            Action::Reject { reason } => Ok(store::Change::Reject { reason: reason.clone() }),
            Action::Duplicate { of } => Ok(store::Change::Duplicate { of: of.clone() }),
            Action::Correct { field, value } => {
                let mut registration: Registration = serde_json::from_str(&locked.payload)?;
                let old = field.set(&mut registration, value);
                let valid = validate(&registration, today, ReferenceData::builtin())
                    .map_err(DeskError::Invalid)?;
                Ok(store::Change::Correct {
                    field: *field,
                    old,
                    new: value.clone(),
                    payload: serde_json::to_string(&registration)?,
                    nin: valid.nin.as_str().to_owned(),
                })
            }
        }
    };
    store::apply(database, actor, client_id, version, plan, now).await
}

/// The registrations confirmed in the actor's scope from `from` to `to` (days in Algeria,
/// inclusive), oldest first; the export is audited.
pub async fn export(
    database: &Database,
    actor: &Actor,
    from: CivilDate,
    to: CivilDate,
    now: Timestamp,
) -> Result<Vec<ExportRow>, DeskError> {
    let rows = store::confirmed_between(database, &actor.scope, from, to).await?;
    let entry = audit::Record {
        action: AuditAction::Export,
        agency_id: match &actor.scope {
            Scope::Agency(own) => Some(own.clone()),
            Scope::All => Some(actor.agency_id.clone()),
        },
        client_id: None,
        detail: Some(format!("{from}..{to}: {}", rows.len())),
    };
    audit::record(database, actor, entry, now).await?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_starts_at_midnight_in_algeria() {
        // 2026-11-29T08:00:00Z is 09:00 in Algiers; the day began at 2026-11-28T23:00:00Z.
        assert_eq!(start_of_day_in_algeria(Timestamp(1_795_939_200_000)), 1_795_906_800_000);
        // 23:30Z is already the next day in Algiers.
        assert_eq!(start_of_day_in_algeria(Timestamp(1_795_995_000_000)), 1_795_993_200_000);
    }

    #[test]
    fn registration_numbers_are_padded_to_six_digits() {
        assert_eq!(registration_number("16-05", 2026, 123), "16-05/2026/000123");
        assert_eq!(registration_number("31", 2027, 1_234_567), "31/2027/1234567");
    }
}
