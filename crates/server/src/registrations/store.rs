//! The SQL of the registrations ingest, the same statements on SQLite and PostgreSQL (`$n`
//! placeholders work on both), in one transaction per batch.

use guichet_core::time::Timestamp;
use guichet_protocol::submission::{SubmissionResult, SubmissionStatus};
use sqlx::Row;

use super::ingest::{Checked, Verdict, new_row, result};
use crate::db::Database;

/// References tried for one registration before giving up: 40 random bits make even a second
/// variant rare, so reaching this many means something else is wrong.
const MAX_REFERENCE_VARIANTS: u32 = 64;

#[derive(Debug)]
pub(crate) struct NewRow<'a> {
    pub client_id: &'a str,
    pub reference: String,
    pub nin: &'a str,
    pub payload_sha256: &'a str,
    pub payload: &'a str,
    pub submitted_at: &'a str,
}

#[derive(Debug)]
pub(crate) enum StoreError {
    Database(sqlx::Error),
    /// Another writer stored the same client id, NIN or reference between our read and our
    /// insert (several server instances on one PostgreSQL): nothing was committed, retry.
    Race,
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        StoreError::Database(error)
    }
}

/// The same body for both engines: each arm has its own transaction type.
///
/// A valid submission is inserted first (`ON CONFLICT DO NOTHING`): the common case, a new
/// registration, costs one statement. Only when a unique key clashed does it look up which one:
/// a known client id (duplicate or conflict), a known NIN (already registered) or a taken
/// reference (try the next variant).
macro_rules! store_in_transaction {
    ($transaction:ident, $checked:expr, $now:expr) => {{
        let mut results = Vec::with_capacity($checked.len());
        for checked in $checked {
            if !matches!(checked.verdict, Verdict::Valid { .. }) {
                let answer = match known_client!($transaction, checked) {
                    Some(answer) => answer,
                    None => result(checked, SubmissionStatus::Invalid, None),
                };
                results.push(answer);
                continue;
            }
            let mut answer = None;
            for variant in 0..MAX_REFERENCE_VARIANTS {
                let Some(row) = new_row(checked, variant) else { break };
                let inserted = sqlx::query(
                    "INSERT INTO registrations \
                     (client_id, reference, nin, payload_sha256, payload, submitted_at, received_at_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                )
                .bind(row.client_id)
                .bind(&row.reference)
                .bind(row.nin)
                .bind(row.payload_sha256)
                .bind(row.payload)
                .bind(row.submitted_at)
                .bind(i64::try_from($now.0).unwrap_or(i64::MAX))
                .execute(&mut *$transaction)
                .await?;
                if inserted.rows_affected() == 1 {
                    answer = Some(result(checked, SubmissionStatus::Created, Some(row.reference)));
                    break;
                }
                if let Some(known) = known_client!($transaction, checked) {
                    answer = Some(known);
                    break;
                }
                let registered = sqlx::query("SELECT reference FROM registrations WHERE nin = $1")
                    .bind(row.nin)
                    .fetch_optional(&mut *$transaction)
                    .await?;
                if let Some(registered) = registered {
                    let reference: String = registered.try_get("reference")?;
                    answer = Some(result(checked, SubmissionStatus::AlreadyRegistered, Some(reference)));
                    break;
                }
                let taken = sqlx::query("SELECT 1 FROM registrations WHERE reference = $1")
                    .bind(&row.reference)
                    .fetch_optional(&mut *$transaction)
                    .await?;
                if taken.is_none() {
                    // Nothing we can see clashed: a concurrent writer's row came and went.
                    return Err(StoreError::Race);
                }
            }
            match answer {
                Some(answer) => results.push(answer),
                None => return Err(StoreError::Race),
            }
        }
        $transaction.commit().await?;
        Ok(results)
    }};
}

/// The answer for a client id already stored: `duplicate` with the original reference when the
/// content is the same, `conflict` otherwise; `None` for an unknown client id.
macro_rules! known_client {
    ($transaction:ident, $checked:expr) => {{
        let existing =
            sqlx::query("SELECT reference, payload_sha256 FROM registrations WHERE client_id = $1")
                .bind(&$checked.client_id)
                .fetch_optional(&mut *$transaction)
                .await?;
        match existing {
            Some(row) => {
                let reference: String = row.try_get("reference")?;
                let stored_hash: String = row.try_get("payload_sha256")?;
                Some(if stored_hash == $checked.payload_sha256 {
                    result($checked, SubmissionStatus::Duplicate, Some(reference))
                } else {
                    result($checked, SubmissionStatus::Conflict, None)
                })
            }
            None => None,
        }
    }};
}

/// Decides and stores a whole batch in one transaction; nothing is answered before it commits.
pub(crate) async fn store_batch(
    database: &Database,
    checked: &[Checked],
    now: Timestamp,
) -> Result<Vec<SubmissionResult>, StoreError> {
    match database {
        Database::Sqlite(pool) => {
            // IMMEDIATE takes the write lock up front: a deferred transaction that reads and
            // then writes can fail with SQLITE_BUSY when another writer got there in between.
            let mut transaction = pool.begin_with("BEGIN IMMEDIATE").await?;
            store_in_transaction!(transaction, checked, now)
        }
        Database::Postgres(pool) => {
            let mut transaction = pool.begin().await?;
            store_in_transaction!(transaction, checked, now)
        }
    }
}

/// Every stored (client id, reference), ordered by client id.
pub(crate) async fn list(database: &Database) -> Result<Vec<(String, String)>, sqlx::Error> {
    let sql = "SELECT client_id, reference FROM registrations ORDER BY client_id";
    match database {
        Database::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        Database::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
}
