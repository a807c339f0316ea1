//! The `devices` and `enrolment_codes` tables, for both engines. Secrets arrive here already
//! hashed (see `secrets`); nothing here logs.

use crate::infra::db::Database;

use crate::infra::db::on_pool;

const INSERT_CODE: &str = "INSERT INTO enrolment_codes \
     (code_sha256, agency_id, created_by, created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4, $5)";
// The consumption is this one conditional UPDATE: of two requests racing with one code, the
// second finds used_at_ms set (PostgreSQL re-checks the condition after the first commits;
// SQLite serialises writers) and changes no row.
const CONSUME_CODE: &str = "UPDATE enrolment_codes SET used_at_ms = $2 \
     WHERE code_sha256 = $1 AND used_at_ms IS NULL AND expires_at_ms > $2 RETURNING agency_id";
const LINK_CODE: &str = "UPDATE enrolment_codes SET device_id = $2 WHERE code_sha256 = $1";
const INSERT_DEVICE: &str = "INSERT INTO devices \
     (id, agency_id, name, credential_sha256, enrolled_at_ms) VALUES ($1, $2, $3, $4, $5)";
const DEVICE_BY_CREDENTIAL: &str = "SELECT id, agency_id, name, enrolled_at_ms, last_seen_at_ms, \
     revoked_at_ms FROM devices WHERE credential_sha256 = $1";
const DEVICE_BY_ID: &str = "SELECT id, agency_id, name, enrolled_at_ms, last_seen_at_ms, \
     revoked_at_ms FROM devices WHERE id = $1";
const DEVICES: &str = "SELECT id, agency_id, name, enrolled_at_ms, last_seen_at_ms, \
     revoked_at_ms FROM devices ORDER BY agency_id, enrolled_at_ms, id";
const DEVICES_OF_AGENCY: &str = "SELECT id, agency_id, name, enrolled_at_ms, last_seen_at_ms, \
     revoked_at_ms FROM devices WHERE agency_id = $1 ORDER BY enrolled_at_ms, id";
// At most one write a minute per device, whatever its traffic: the condition makes a second
// request in the same minute (even a concurrent one) change nothing.
const TOUCH: &str = "UPDATE devices SET last_seen_at_ms = $2 \
     WHERE id = $1 AND (last_seen_at_ms IS NULL OR last_seen_at_ms <= $3)";
const REVOKE: &str =
    "UPDATE devices SET revoked_at_ms = $2 WHERE id = $1 AND revoked_at_ms IS NULL";

/// A device as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeviceRow {
    pub id: String,
    pub agency_id: String,
    pub name: String,
    pub enrolled_at_ms: i64,
    pub last_seen_at_ms: Option<i64>,
    pub revoked_at_ms: Option<i64>,
}

/// A new enrolment code, hashed.
#[derive(Debug, Clone, Copy)]
pub struct NewCode<'a> {
    pub digest: &'a str,
    pub agency_id: &'a str,
    pub created_by: Option<&'a str>,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
}

/// A device to insert once its code is consumed.
#[derive(Debug, Clone, Copy)]
pub struct NewDevice<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub credential_digest: &'a str,
}

/// Stores a code; `false` when a code with the same digest exists (draw another).
pub async fn insert_code(database: &Database, code: NewCode<'_>) -> Result<bool, sqlx::Error> {
    let result = on_pool!(database, pool => {
        sqlx::query(INSERT_CODE)
            .bind(code.digest)
            .bind(code.agency_id)
            .bind(code.created_by)
            .bind(code.created_at_ms)
            .bind(code.expires_at_ms)
            .execute(pool)
            .await
            .map(drop)
    });
    match result {
        Ok(_) => Ok(true),
        Err(error) if is_unique_violation(&error) => Ok(false),
        Err(error) => Err(error),
    }
}

/// Consumes the code with `code_digest` if it is unused and unexpired at `now_ms`, and enrols
/// `device` in the code's agency, in one transaction. `None` when the code cannot be used
/// (unknown, used or expired: the caller must not tell which).
pub async fn enrol(
    database: &Database,
    code_digest: &str,
    device: NewDevice<'_>,
    now_ms: i64,
) -> Result<Option<String>, sqlx::Error> {
    on_pool!(database, pool, begin => {
        let mut tx = pool.begin_with(begin).await?;
        let agency_id: Option<String> = sqlx::query_scalar(CONSUME_CODE)
            .bind(code_digest)
            .bind(now_ms)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(agency_id) = agency_id else {
            tx.rollback().await?;
            return Ok(None);
        };
        sqlx::query(INSERT_DEVICE)
            .bind(device.id)
            .bind(&agency_id)
            .bind(device.name)
            .bind(device.credential_digest)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        sqlx::query(LINK_CODE).bind(code_digest).bind(device.id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Some(agency_id))
    })
}

/// The device holding the credential with `digest`, revoked or not.
pub async fn device_by_credential(
    database: &Database,
    digest: &str,
) -> Result<Option<DeviceRow>, sqlx::Error> {
    on_pool!(database, pool => {
        sqlx::query_as(DEVICE_BY_CREDENTIAL).bind(digest).fetch_optional(pool).await
    })
}

/// The device `id`, revoked or not.
pub async fn device(database: &Database, id: &str) -> Result<Option<DeviceRow>, sqlx::Error> {
    on_pool!(database, pool => {
        sqlx::query_as(DEVICE_BY_ID).bind(id).fetch_optional(pool).await
    })
}

/// Every device, or those of one agency, in enrolment order.
pub async fn devices(
    database: &Database,
    agency_id: Option<&str>,
) -> Result<Vec<DeviceRow>, sqlx::Error> {
    on_pool!(database, pool => match agency_id {
        Some(agency_id) => {
            sqlx::query_as(DEVICES_OF_AGENCY).bind(agency_id).fetch_all(pool).await
        }
        None => sqlx::query_as(DEVICES).fetch_all(pool).await,
    })
}

/// Records that the device was seen at `now_ms`, unless it was seen after `stale_before_ms`.
pub async fn touch(
    database: &Database,
    id: &str,
    now_ms: i64,
    stale_before_ms: i64,
) -> Result<(), sqlx::Error> {
    on_pool!(database, pool => {
        sqlx::query(TOUCH).bind(id).bind(now_ms).bind(stale_before_ms).execute(pool).await?;
    });
    Ok(())
}

/// Revokes the device `id` at `now_ms`; `false` when it was already revoked or does not exist.
pub async fn revoke(database: &Database, id: &str, now_ms: i64) -> Result<bool, sqlx::Error> {
    let changed = on_pool!(database, pool => {
        sqlx::query(REVOKE).bind(id).bind(now_ms).execute(pool).await?.rows_affected()
    });
    Ok(changed == 1)
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    error.as_database_error().is_some_and(|error| error.is_unique_violation())
}
