//! The SQL of the registrations ingest, the same statements on SQLite and PostgreSQL (`$n`
//! placeholders work on both), in one transaction per batch.

use guichet_core::time::Timestamp;
use guichet_protocol::submission::{SubmissionResult, SubmissionStatus};
use sqlx::Row;

use super::ingest::{Checked, Verdict, new_row, result};
use crate::infra::db::Database;

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
/// New registrations go in with one multi-row statement per batch; a submission that did not
/// (a unique key clashed) is inserted again on its own, and only then are lookups made:
/// a known client id (duplicate or conflict), a known NIN (already registered) or a taken
/// reference (try the next variant).
macro_rules! store_in_transaction {
    ($database:ty, $transaction:ident, $checked:expr, $now:expr) => {{
        let received_at_ms = i64::try_from($now.0).unwrap_or(i64::MAX);
        // The common case first: every valid submission, in one multi-row insert under its
        // offline reference. RETURNING names the rows that went in; anything else (a replay, a
        // known NIN, a taken reference, a client id repeated in this batch) takes the
        // statement-by-statement path below, which finds out why.
        let mut seen = std::collections::HashSet::new();
        let fresh: Vec<NewRow<'_>> = $checked
            .iter()
            .filter(|checked| seen.insert(checked.client_id.as_str()))
            .filter_map(|checked| new_row(checked, 0))
            .collect();
        let mut inserted = std::collections::HashSet::new();
        if !fresh.is_empty() {
            let mut insert = sqlx::QueryBuilder::<$database>::new(
                "INSERT INTO registrations \
                 (client_id, reference, nin, payload_sha256, payload, submitted_at, received_at_ms) ",
            );
            insert.push_values(&fresh, |mut values, row| {
                values
                    .push_bind(row.client_id)
                    .push_bind(&row.reference)
                    .push_bind(row.nin)
                    .push_bind(row.payload_sha256)
                    .push_bind(row.payload)
                    .push_bind(row.submitted_at)
                    .push_bind(received_at_ms);
            });
            insert.push(" ON CONFLICT DO NOTHING RETURNING client_id");
            for row in insert.build().fetch_all(&mut *$transaction).await? {
                inserted.insert(row.try_get::<String, _>("client_id")?);
            }
        }
        let mut results = Vec::with_capacity($checked.len());
        for checked in $checked {
            if inserted.remove(&checked.client_id) {
                let reference = new_row(checked, 0).map(|row| row.reference);
                results.push(result(checked, SubmissionStatus::Created, reference));
                continue;
            }
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
                .bind(received_at_ms)
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
                    // Interim (layout commit): the pre-registrations commit drops the unique NIN.
                    let _: String = registered.try_get("reference")?;
                    answer = Some(result(checked, SubmissionStatus::Conflict, None));
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
            store_in_transaction!(sqlx::Sqlite, transaction, checked, now)
        }
        Database::Postgres(pool) => {
            let mut transaction = pool.begin().await?;
            store_in_transaction!(sqlx::Postgres, transaction, checked, now)
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
