//! The desk's SQL, written once for SQLite and PostgreSQL (`$n` placeholders work on both).
//!
//! Reads return rows whatever their agency: the caller filters by [`super::Scope`]. Every action
//! is one transaction ([`apply`]): lock the row (SQLite takes its write lock at `BEGIN
//! IMMEDIATE`, PostgreSQL `FOR UPDATE`), check the version, let the domain decide, write the
//! change, its history line and its audit entry, commit. Nothing here logs.

use guichet_core::{time::Timestamp, validation::CivilDate};

use super::{
    Actor, AuditAction, DeskError, EditableField, ExportRow, HistoryEntry, Listed, Names,
    RegistrationRecord, Status, audit, registration_number,
};
use crate::infra::db::Database;

/// Runs `$body` with `$pool` bound to the engine's pool, `$begin` the statement that opens a
/// writing transaction and `$lock` the clause that locks a read row.
macro_rules! on_pool {
    ($database:expr, $pool:ident => $body:expr) => {
        match $database {
            Database::Sqlite($pool) => $body,
            Database::Postgres($pool) => $body,
        }
    };
    ($database:expr, $pool:ident, $begin:ident, $lock:ident => $body:expr) => {
        match $database {
            Database::Sqlite($pool) => {
                let ($begin, $lock) = ("BEGIN IMMEDIATE", "");
                $body
            }
            Database::Postgres($pool) => {
                let ($begin, $lock) = ("BEGIN", " FOR UPDATE");
                $body
            }
        }
    };
}

macro_rules! summary_select {
    ($($rest:literal),*) => {
        concat!(
            "SELECT p.client_id, p.reference, p.agency_id, p.received_at_ms, p.status, \
             d.name AS device_name, COALESCE(p.corrected_payload, p.payload) AS payload \
             FROM pre_registrations p LEFT JOIN devices d ON d.id = p.device_id ",
            $($rest),*
        )
    };
}

const PENDING: &str = summary_select!(
    "WHERE p.status = 'pending' AND ($1 IS NULL OR p.agency_id = $1) ",
    "ORDER BY p.received_at_ms, p.client_id"
);
const IN_SCOPE: &str = summary_select!(
    "WHERE ($1 IS NULL OR p.agency_id = $1) ORDER BY p.received_at_ms, p.client_id"
);
const BY_CLIENT_ID: &str = summary_select!("WHERE p.client_id = $1");
const BY_NIN: &str = summary_select!("WHERE p.nin = $1");
const BY_REFERENCE: &str = summary_select!("WHERE p.reference = $1");
const SAME_NIN: &str = summary_select!(
    "WHERE p.nin = $1 AND p.client_id <> $2 ORDER BY p.received_at_ms, p.client_id"
);
const DOSSIER: &str = "SELECT version, submitted_at, corrected_payload IS NOT NULL, \
     rejection_reason, duplicate_of, nin FROM pre_registrations WHERE client_id = $1";
const RECORD: &str = "SELECT r.number, r.confirmed_on, r.confirmed_at_ms, s.full_name \
     FROM registrations r JOIN staff s ON s.id = r.counsellor_id WHERE r.client_id = $1";
const HISTORY: &str = "SELECT a.kind, s.full_name, a.at_ms, a.field, a.old_value, a.new_value, \
     a.note FROM dossier_actions a JOIN staff s ON s.id = a.staff_id WHERE a.client_id = $1 \
     ORDER BY a.id";
const CONFIRMED_BETWEEN: &str = "SELECT r.number, r.confirmed_on, r.agency_id, r.client_id, \
     p.reference, s.full_name, COALESCE(p.corrected_payload, p.payload) \
     FROM registrations r JOIN pre_registrations p ON p.client_id = r.client_id \
     JOIN staff s ON s.id = r.counsellor_id \
     WHERE r.confirmed_on >= $1 AND r.confirmed_on <= $2 AND ($3 IS NULL OR r.agency_id = $3) \
     ORDER BY r.confirmed_at_ms, r.number";
const LOCK: &str = "SELECT agency_id, version, status, COALESCE(corrected_payload, payload), \
     nin FROM pre_registrations WHERE client_id = $1";
const NEXT_NUMBER: &str = "INSERT INTO registration_counters (agency_id, year, last_number) \
     VALUES ($1, $2, 1) ON CONFLICT (agency_id, year) \
     DO UPDATE SET last_number = registration_counters.last_number + 1 RETURNING last_number";
const INSERT_REGISTRATION: &str = "INSERT INTO registrations (client_id, agency_id, number, \
     confirmed_on, confirmed_at_ms, counsellor_id, nin) VALUES ($1, $2, $3, $4, $5, $6, $7)";
const SET_CONFIRMED: &str = "UPDATE pre_registrations SET status = 'confirmed', \
     version = version + 1 WHERE client_id = $1 AND version = $2";
const SET_CORRECTED: &str = "UPDATE pre_registrations SET corrected_payload = $3, nin = $4, \
     version = version + 1 WHERE client_id = $1 AND version = $2";
const SET_REJECTED: &str = "UPDATE pre_registrations SET status = 'rejected', \
     rejection_reason = $3, version = version + 1 WHERE client_id = $1 AND version = $2";
const SET_DUPLICATE: &str = "UPDATE pre_registrations SET status = 'duplicate', \
     duplicate_of = $3, version = version + 1 WHERE client_id = $1 AND version = $2";
const INSERT_ACTION: &str = "INSERT INTO dossier_actions (client_id, kind, staff_id, at_ms, \
     field, old_value, new_value, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// A list row as stored, its payload not yet read.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct SummaryRow {
    pub client_id: String,
    pub reference: String,
    pub agency_id: Option<String>,
    pub received_at_ms: i64,
    pub status: String,
    pub device_name: Option<String>,
    /// The corrected registration, else the one received.
    pub payload: String,
}

impl SummaryRow {
    pub(super) fn listed(&self) -> Result<Listed, DeskError> {
        let registration = serde_json::from_str(&self.payload)?;
        Ok(Listed {
            client_id: self.client_id.clone(),
            reference: self.reference.clone(),
            agency_id: self.agency_id.clone(),
            received_at_ms: self.received_at_ms,
            status: Status::parse(&self.status),
            device_name: self.device_name.clone(),
            names: Names::of(&registration),
        })
    }
}

/// What a dossier holds besides its list row.
#[derive(Debug)]
pub(super) struct DossierRow {
    pub summary: SummaryRow,
    pub version: i64,
    pub submitted_at: String,
    pub corrected: bool,
    pub rejection_reason: Option<String>,
    pub duplicate_of: Option<String>,
    pub nin: String,
}

/// The row an action is decided on, locked for the transaction.
#[derive(Debug)]
pub(super) struct Locked {
    pub agency_id: Option<String>,
    pub status: Status,
    /// The corrected registration, else the one received.
    pub payload: String,
    pub nin: String,
}

/// What an action writes, decided by the domain on the locked row.
#[derive(Debug)]
pub(super) enum Change {
    Confirm { year: i32, on: CivilDate },
    Correct { field: EditableField, old: String, new: String, payload: String, nin: String },
    Reject { reason: String },
    Duplicate { of: String },
}

pub(super) async fn pending(
    database: &Database,
    agency: Option<&str>,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    on_pool!(database, pool => sqlx::query_as(PENDING).bind(agency).fetch_all(pool).await)
}

pub(super) async fn in_scope(
    database: &Database,
    agency: Option<&str>,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    on_pool!(database, pool => sqlx::query_as(IN_SCOPE).bind(agency).fetch_all(pool).await)
}

pub(super) async fn by_client_id(
    database: &Database,
    client_id: &str,
) -> Result<Option<SummaryRow>, sqlx::Error> {
    on_pool!(database, pool => {
        sqlx::query_as(BY_CLIENT_ID).bind(client_id).fetch_optional(pool).await
    })
}

pub(super) async fn by_nin(database: &Database, nin: &str) -> Result<Vec<SummaryRow>, sqlx::Error> {
    on_pool!(database, pool => sqlx::query_as(BY_NIN).bind(nin).fetch_all(pool).await)
}

pub(super) async fn by_reference(
    database: &Database,
    reference: &str,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    on_pool!(database, pool => sqlx::query_as(BY_REFERENCE).bind(reference).fetch_all(pool).await)
}

/// Every other pre-registration carrying `nin`, at any agency.
pub(super) async fn same_nin(
    database: &Database,
    nin: &str,
    client_id: &str,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    on_pool!(database, pool => {
        sqlx::query_as(SAME_NIN).bind(nin).bind(client_id).fetch_all(pool).await
    })
}

pub(super) async fn dossier_row(
    database: &Database,
    client_id: &str,
) -> Result<Option<DossierRow>, sqlx::Error> {
    let Some(summary) = by_client_id(database, client_id).await? else { return Ok(None) };
    type Row = (i64, String, bool, Option<String>, Option<String>, String);
    let row: Option<Row> = on_pool!(database, pool => {
        sqlx::query_as(DOSSIER).bind(client_id).fetch_optional(pool).await?
    });
    Ok(row.map(|(version, submitted_at, corrected, rejection_reason, duplicate_of, nin)| {
        DossierRow {
            summary,
            version,
            submitted_at,
            corrected,
            rejection_reason,
            duplicate_of,
            nin,
        }
    }))
}

pub(super) async fn record(
    database: &Database,
    client_id: &str,
) -> Result<Option<RegistrationRecord>, sqlx::Error> {
    let row: Option<(String, String, i64, String)> = on_pool!(database, pool => {
        sqlx::query_as(RECORD).bind(client_id).fetch_optional(pool).await?
    });
    Ok(row.map(|(number, confirmed_on, confirmed_at_ms, counsellor_name)| RegistrationRecord {
        number,
        confirmed_on,
        confirmed_at_ms,
        counsellor_name,
    }))
}

pub(super) async fn history(
    database: &Database,
    client_id: &str,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    type Row =
        (String, String, i64, Option<String>, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = on_pool!(database, pool => {
        sqlx::query_as(HISTORY).bind(client_id).fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .map(|(kind, staff_name, at_ms, field, old_value, new_value, note)| HistoryEntry {
            kind,
            staff_name,
            at_ms,
            field,
            old_value,
            new_value,
            note,
        })
        .collect())
}

pub(super) async fn confirmed_between(
    database: &Database,
    scope: &super::Scope,
    from: CivilDate,
    to: CivilDate,
) -> Result<Vec<ExportRow>, DeskError> {
    type Row = (String, String, String, String, String, String, String);
    let (from, to) = (from.to_string(), to.to_string());
    let rows: Vec<Row> = on_pool!(database, pool => {
        sqlx::query_as(CONFIRMED_BETWEEN)
            .bind(&from)
            .bind(&to)
            .bind(scope.agency())
            .fetch_all(pool)
            .await?
    });
    rows.into_iter()
        .map(|(number, confirmed_on, agency_id, client_id, reference, counsellor_name, payload)| {
            Ok(ExportRow {
                number,
                confirmed_on,
                agency_id,
                client_id,
                reference,
                counsellor_name,
                registration: serde_json::from_str(&payload)?,
            })
        })
        .collect()
}

/// One action on `client_id` as read at `version`: `plan` decides on the locked row, and the
/// change, its history line and its audit entry commit together or not at all.
pub(super) async fn apply(
    database: &Database,
    actor: &Actor,
    client_id: &str,
    version: i64,
    plan: impl FnOnce(&Locked) -> Result<Change, DeskError>,
    now: Timestamp,
) -> Result<(), DeskError> {
    let now_ms = i64::try_from(now.0).unwrap_or(i64::MAX);
    on_pool!(database, pool, begin, lock => {
        let mut tx = pool.begin_with(begin).await?;
        let row: Option<(Option<String>, i64, String, String, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{LOCK}{lock}")))
                .bind(client_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((agency_id, stored_version, status, payload, nin)) = row else {
            return Err(DeskError::NotFound);
        };
        if !actor.scope.contains(agency_id.as_deref()) {
            return Err(DeskError::NotFound);
        }
        if stored_version != version {
            return Err(DeskError::ChangedMeanwhile);
        }
        let locked =
            Locked { agency_id, status: Status::parse(&status), payload, nin };
        let change = plan(&locked)?;
        let (kind, action, field, old, new, note, detail, updated) = match change {
            Change::Confirm { year, on } => {
                let agency = locked.agency_id.clone().ok_or(DeskError::NoAgency)?;
                let sequence: i64 = sqlx::query_scalar(NEXT_NUMBER)
                    .bind(&agency)
                    .bind(i64::from(year))
                    .fetch_one(&mut *tx)
                    .await?;
                let number = registration_number(&agency, year, sequence);
                sqlx::query(INSERT_REGISTRATION)
                    .bind(client_id)
                    .bind(&agency)
                    .bind(&number)
                    .bind(on.to_string())
                    .bind(now_ms)
                    .bind(&actor.staff_id)
                    .bind(&locked.nin)
                    .execute(&mut *tx)
                    .await?;
                let updated = sqlx::query(SET_CONFIRMED)
                    .bind(client_id)
                    .bind(version)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                ("confirm", AuditAction::Confirm, None, None, None, Some(number.clone()),
                 Some(number), updated)
            }
            Change::Correct { field, old, new, payload, nin } => {
                let updated = sqlx::query(SET_CORRECTED)
                    .bind(client_id)
                    .bind(version)
                    .bind(&payload)
                    .bind(&nin)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                ("correct", AuditAction::Correct, Some(field.path()), Some(old), Some(new),
                 None, Some(field.path().to_owned()), updated)
            }
            Change::Reject { reason } => {
                let updated = sqlx::query(SET_REJECTED)
                    .bind(client_id)
                    .bind(version)
                    .bind(&reason)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                ("reject", AuditAction::Reject, None, None, None, Some(reason), None, updated)
            }
            Change::Duplicate { of } => {
                let updated = sqlx::query(SET_DUPLICATE)
                    .bind(client_id)
                    .bind(version)
                    .bind(&of)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                ("duplicate", AuditAction::Duplicate, None, None, None, Some(of.clone()),
                 Some(of), updated)
            }
        };
        if updated != 1 {
            return Err(DeskError::ChangedMeanwhile);
        }
        sqlx::query(INSERT_ACTION)
            .bind(client_id)
            .bind(kind)
            .bind(&actor.staff_id)
            .bind(now_ms)
            .bind(field)
            .bind(old)
            .bind(new)
            .bind(note)
            .execute(&mut *tx)
            .await?;
        let entry = audit::Record {
            action,
            agency_id: locked.agency_id.clone(),
            client_id: Some(client_id.to_owned()),
            detail,
        };
        audit::insert!(&mut *tx, actor, entry, now_ms)?;
        tx.commit().await?;
        Ok(())
    })
}
