//! The audit log: who opened, found, changed or exported whose data, when, and from where.
//!
//! Rows are only ever inserted: no statement in this crate updates or deletes `audit_log`
//! (`tests/append_only.rs` reads the source), and the migration's triggers refuse it on both
//! engines. An action's entry is written in the action's own transaction (`store::apply`); a
//! look (opening, search, export) is recorded before its data is shown, so a failed record
//! shows nothing. The searched value is never recorded: only its kind and the count of rows.

use guichet_core::time::Timestamp;

use super::{Actor, DeskError, Scope};
use crate::infra::db::Database;

/// The rows one page of the log shows; older ones are a link away.
pub const AUDIT_PAGE_ROWS: usize = 100;

pub(super) const INSERT: &str = "INSERT INTO audit_log (at_ms, staff_id, staff_name, agency_id, action, \
     client_id, detail, address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const READ: &str = "SELECT id, at_ms, staff_name, agency_id, action, client_id, detail, address \
     FROM audit_log WHERE ($1 IS NULL OR agency_id = $1) AND ($2 IS NULL OR id < $2) \
     ORDER BY id DESC LIMIT $3";

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    OpenDossier,
    Search,
    Confirm,
    Correct,
    Reject,
    Duplicate,
    Export,
    PrintAttestation,
    CreateEnrolmentCode,
    RevokeDevice,
    AddStaff,
    DisableStaff,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::OpenDossier => "open_dossier",
            AuditAction::Search => "search",
            AuditAction::Confirm => "confirm",
            AuditAction::Correct => "correct",
            AuditAction::Reject => "reject",
            AuditAction::Duplicate => "duplicate",
            AuditAction::Export => "export",
            AuditAction::PrintAttestation => "print_attestation",
            AuditAction::CreateEnrolmentCode => "create_enrolment_code",
            AuditAction::RevokeDevice => "revoke_device",
            AuditAction::AddStaff => "add_staff",
            AuditAction::DisableStaff => "disable_staff",
        }
    }
}

/// One row of the log, as read.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at_ms: i64,
    pub staff_name: String,
    pub agency_id: Option<String>,
    pub action: String,
    pub client_id: Option<String>,
    pub detail: Option<String>,
    pub address: Option<String>,
}

/// What one entry says besides who, when and from where.
#[derive(Debug, Clone)]
pub struct Record {
    pub action: AuditAction,
    pub agency_id: Option<String>,
    pub client_id: Option<String>,
    pub detail: Option<String>,
}

/// Inserts one entry through `$executor` (a pool or a transaction of either engine). A macro:
/// a function generic over sqlx's `Executor` makes the callers' futures lose `Send`.
macro_rules! insert {
    ($executor:expr, $actor:expr, $record:expr, $now_ms:expr) => {
        sqlx::query($crate::desk::audit::INSERT)
            .bind($now_ms)
            .bind($actor.staff_id.as_str())
            .bind($actor.staff_name.as_str())
            .bind($record.agency_id.as_deref())
            .bind($record.action.as_str())
            .bind($record.client_id.as_deref())
            .bind($record.detail.as_deref())
            .bind($actor.address.as_deref())
            .execute($executor)
            .await
    };
}
pub(super) use insert;

/// Records a look or a management act on its own.
pub async fn record(
    database: &Database,
    actor: &Actor,
    record: Record,
    now: Timestamp,
) -> Result<(), DeskError> {
    let now_ms = i64::try_from(now.0).unwrap_or(i64::MAX);
    match database {
        Database::Sqlite(pool) => {
            insert!(pool, actor, record, now_ms)?;
        }
        Database::Postgres(pool) => {
            insert!(pool, actor, record, now_ms)?;
        }
    }
    Ok(())
}

/// One page of the log, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    /// The `before` this page was read with: `None` for the newest page.
    pub before: Option<i64>,
    pub entries: Vec<AuditEntry>,
    /// What to pass as `before` for the next (older) page; `None` on the last page.
    pub older: Option<i64>,
}

/// The entries concerning `scope` older than entry `before` (the newest when `None`), newest
/// first, [`AUDIT_PAGE_ROWS`] at most. Entry ids only grow, so a page never shifts while entries
/// are added at the top.
pub async fn audit_log(
    database: &Database,
    scope: &Scope,
    before: Option<i64>,
) -> Result<AuditPage, DeskError> {
    let agency = scope.agency();
    // One more than a page, to know whether an older page exists.
    let limit = i64::try_from(AUDIT_PAGE_ROWS + 1).unwrap_or(i64::MAX);
    let mut entries: Vec<AuditEntry> = match database {
        Database::Sqlite(pool) => {
            sqlx::query_as(READ).bind(agency).bind(before).bind(limit).fetch_all(pool).await?
        }
        Database::Postgres(pool) => {
            sqlx::query_as(READ).bind(agency).bind(before).bind(limit).fetch_all(pool).await?
        }
    };
    let older = if entries.len() > AUDIT_PAGE_ROWS {
        entries.truncate(AUDIT_PAGE_ROWS);
        entries.last().map(|last| last.id)
    } else {
        None
    };
    Ok(AuditPage { before, entries, older })
}
