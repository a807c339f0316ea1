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
macro_rules! store_in_transaction {
    ($transaction:ident, $checked:expr, $now:expr) => {{
        let mut results = Vec::with_capacity($checked.len());
        for checked in $checked {
            let existing = sqlx::query(
                "SELECT reference, payload_sha256 FROM registrations WHERE client_id = $1",
            )
            .bind(&checked.client_id)
            .fetch_optional(&mut *$transaction)
            .await?;
            if let Some(row) = existing {
                let reference: String = row.try_get("reference")?;
                let stored_hash: String = row.try_get("payload_sha256")?;
                results.push(if stored_hash == checked.payload_sha256 {
                    result(checked, SubmissionStatus::Duplicate, Some(reference))
                } else {
                    result(checked, SubmissionStatus::Conflict, None)
                });
                continue;
            }
            let Verdict::Valid { nin, .. } = &checked.verdict else {
                results.push(result(checked, SubmissionStatus::Invalid, None));
                continue;
            };
            let registered = sqlx::query("SELECT reference FROM registrations WHERE nin = $1")
                .bind(nin.as_str())
                .fetch_optional(&mut *$transaction)
                .await?;
            if let Some(row) = registered {
                let reference: String = row.try_get("reference")?;
                results.push(result(checked, SubmissionStatus::AlreadyRegistered, Some(reference)));
                continue;
            }
            let mut inserted = None;
            for variant in 0..MAX_REFERENCE_VARIANTS {
                let Some(row) = new_row(checked, variant) else { break };
                let taken = sqlx::query("SELECT 1 FROM registrations WHERE reference = $1")
                    .bind(&row.reference)
                    .fetch_optional(&mut *$transaction)
                    .await?;
                if taken.is_some() {
                    continue;
                }
                let outcome = sqlx::query(
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
                if outcome.rows_affected() == 0 {
                    return Err(StoreError::Race);
                }
                inserted = Some(row.reference);
                break;
            }
            match inserted {
                Some(reference) => {
                    results.push(result(checked, SubmissionStatus::Created, Some(reference)))
                }
                None => return Err(StoreError::Race),
            }
        }
        $transaction.commit().await?;
        Ok(results)
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
