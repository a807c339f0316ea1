//! The SQL of the pre-registrations ingest, the same statements on SQLite and PostgreSQL (`$n`
//! placeholders work on both), in one transaction per batch.

use guichet_core::time::Timestamp;
use guichet_protocol::submission::{SubmissionResult, SubmissionStatus};
use sqlx::Row;

use super::ingest::{Checked, Verdict, result};
use crate::infra::db::Database;

/// A valid submission's row, routed to its agency.
#[derive(Debug)]
pub(crate) struct NewRow<'a> {
    pub client_id: &'a str,
    pub reference: String,
    pub nin: &'a str,
    pub payload_sha256: &'a str,
    pub payload: &'a str,
    pub submitted_at: &'a str,
    pub agency_id: Option<String>,
    pub device_id: Option<&'a str>,
    pub protocol: i64,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum StoreError {
    #[error("a database query failed")]
    Database(#[from] sqlx::Error),
    /// A row the insert clashed with was gone when looked up (another writer's transaction
    /// rolled back in between): nothing was committed, retry.
    #[error("the batch raced another writer")]
    Race,
}

/// A pre-registration as staff see it in lists: no personal data beyond what the desk shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub client_id: String,
    pub reference: String,
    pub agency_id: Option<String>,
    pub device_id: Option<String>,
    pub received_at_ms: i64,
    pub status: String,
    /// How many other pre-registrations carry the same NIN: flagged for staff.
    pub same_nin: i64,
}

/// The same body for both engines: each arm has its own transaction type.
///
/// New pre-registrations go in with one multi-row statement per batch; only the client id is
/// unique, so a row that did not go in is a replay (duplicate) or a conflict, looked up after.
macro_rules! store_in_transaction {
    ($database:ty, $transaction:ident, $checked:expr, $rows:expr, $now:expr) => {{
        let received_at_ms = i64::try_from($now.0).unwrap_or(i64::MAX);
        let mut inserted = std::collections::HashSet::new();
        if !$rows.is_empty() {
            let mut insert = sqlx::QueryBuilder::<$database>::new(
                "INSERT INTO pre_registrations (client_id, reference, nin, payload_sha256, \
                 payload, submitted_at, received_at_ms, agency_id, device_id, protocol) ",
            );
            insert.push_values($rows, |mut values, row| {
                values
                    .push_bind(row.client_id)
                    .push_bind(&row.reference)
                    .push_bind(row.nin)
                    .push_bind(row.payload_sha256)
                    .push_bind(row.payload)
                    .push_bind(row.submitted_at)
                    .push_bind(received_at_ms)
                    .push_bind(row.agency_id.as_deref())
                    .push_bind(row.device_id)
                    .push_bind(row.protocol);
            });
            insert.push(" ON CONFLICT (client_id) DO NOTHING RETURNING client_id");
            for row in insert.build().fetch_all(&mut *$transaction).await? {
                inserted.insert(row.try_get::<String, _>("client_id")?);
            }
        }
        let mut results = Vec::with_capacity($checked.len());
        for checked in $checked {
            if inserted.remove(&checked.client_id) {
                let Verdict::Valid { reference, .. } = &checked.verdict else {
                    return Err(StoreError::Race);
                };
                results.push(result(checked, SubmissionStatus::Created, Some(reference.clone())));
                continue;
            }
            let existing = sqlx::query(
                "SELECT reference, payload_sha256 FROM pre_registrations WHERE client_id = $1",
            )
            .bind(&checked.client_id)
            .fetch_optional(&mut *$transaction)
            .await?;
            let answer = match (existing, &checked.verdict) {
                (Some(row), _) => {
                    let reference: String = row.try_get("reference")?;
                    let stored_hash: String = row.try_get("payload_sha256")?;
                    if stored_hash == checked.payload_sha256 {
                        result(checked, SubmissionStatus::Duplicate, Some(reference))
                    } else {
                        result(checked, SubmissionStatus::Conflict, None)
                    }
                }
                (None, Verdict::Invalid(_)) => result(checked, SubmissionStatus::Invalid, None),
                // Valid, not inserted, and not there: the clashing row was rolled back.
                (None, Verdict::Valid { .. }) => return Err(StoreError::Race),
            };
            results.push(answer);
        }
        $transaction.commit().await?;
        Ok(results)
    }};
}

/// Decides and stores a whole batch in one transaction; nothing is answered before it commits.
pub(crate) async fn store_batch(
    database: &Database,
    checked: &[Checked],
    rows: &[NewRow<'_>],
    now: Timestamp,
) -> Result<Vec<SubmissionResult>, StoreError> {
    match database {
        Database::Sqlite(pool) => {
            // IMMEDIATE takes the write lock up front: a deferred transaction that reads and
            // then writes can fail with SQLITE_BUSY when another writer got there in between.
            let mut transaction = pool.begin_with("BEGIN IMMEDIATE").await?;
            store_in_transaction!(sqlx::Sqlite, transaction, checked, rows, now)
        }
        Database::Postgres(pool) => {
            let mut transaction = pool.begin().await?;
            store_in_transaction!(sqlx::Postgres, transaction, checked, rows, now)
        }
    }
}

/// Every stored (client id, reference), ordered by client id.
pub(crate) async fn list(database: &Database) -> Result<Vec<(String, String)>, sqlx::Error> {
    let sql = "SELECT client_id, reference FROM pre_registrations ORDER BY client_id";
    match database {
        Database::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        Database::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
}

/// The columns of a [`Summary`], with the count of other pre-registrations of the same NIN.
macro_rules! summary_select {
    ($rest:literal) => {
        concat!(
            "SELECT p.client_id, p.reference, p.agency_id, p.device_id, p.received_at_ms, \
             p.status, (SELECT COUNT(*) FROM pre_registrations o \
             WHERE o.nin = p.nin AND o.client_id <> p.client_id) AS same_nin \
             FROM pre_registrations p ",
            $rest
        )
    };
}

/// The pre-registrations routed to `agency_id`, oldest first.
pub async fn summaries_of_agency(
    database: &Database,
    agency_id: &str,
) -> Result<Vec<Summary>, sqlx::Error> {
    let sql = summary_select!("WHERE p.agency_id = $1 ORDER BY p.received_at_ms, p.client_id");
    match database {
        Database::Sqlite(pool) => {
            sqlx::query(sql).bind(agency_id).fetch_all(pool).await?.iter().map(summary).collect()
        }
        Database::Postgres(pool) => {
            sqlx::query(sql).bind(agency_id).fetch_all(pool).await?.iter().map(summary).collect()
        }
    }
}

/// One pre-registration by its client id (what the receipt's QR code carries).
pub async fn summary_by_client_id(
    database: &Database,
    client_id: &str,
) -> Result<Option<Summary>, sqlx::Error> {
    let sql = summary_select!("WHERE p.client_id = $1");
    match database {
        Database::Sqlite(pool) => sqlx::query(sql)
            .bind(client_id)
            .fetch_optional(pool)
            .await?
            .as_ref()
            .map(summary)
            .transpose(),
        Database::Postgres(pool) => sqlx::query(sql)
            .bind(client_id)
            .fetch_optional(pool)
            .await?
            .as_ref()
            .map(summary)
            .transpose(),
    }
}

fn summary<R: Row>(row: &R) -> Result<Summary, sqlx::Error>
where
    for<'r> &'r str: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(Summary {
        client_id: row.try_get("client_id")?,
        reference: row.try_get("reference")?,
        agency_id: row.try_get("agency_id")?,
        device_id: row.try_get("device_id")?,
        received_at_ms: row.try_get("received_at_ms")?,
        status: row.try_get("status")?,
        same_nin: row.try_get("same_nin")?,
    })
}
