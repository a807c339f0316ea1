//! The staff tables, for both engines: accounts, activation links and the login counters.
//!
//! Each query is written once with `$n` placeholders, which SQLite and PostgreSQL both accept;
//! [`on_pool!`] expands the same code for each engine's pool. Nothing here logs.

use std::time::Duration;

use super::{Role, token};
use crate::infra::db::Database;

use crate::infra::db::on_pool;

/// How long an activation link works.
pub const ACTIVATION_VALIDITY: Duration = Duration::from_secs(24 * 60 * 60);

const INSERT_STAFF: &str = "INSERT INTO staff (id, login, full_name, role, agency_id, \
     created_at_ms) VALUES ($1, $2, $3, $4, $5, $6)";
const INSERT_ACTIVATION: &str = "INSERT INTO staff_activations (token_sha256, staff_id, \
     created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4)";
const LIST: &str = "SELECT login, full_name, role, agency_id, password_hash IS NOT NULL, \
     disabled_at_ms IS NOT NULL FROM staff ORDER BY agency_id, login";
const FIND_ID_BY_LOGIN: &str = "SELECT id FROM staff WHERE login = $1";
const DISABLE: &str =
    "UPDATE staff SET disabled_at_ms = $2 WHERE id = $1 AND disabled_at_ms IS NULL";
const DELETE_SESSIONS: &str = "DELETE FROM staff_sessions WHERE staff_id = $1";
const EXPIRE_ACTIVATIONS: &str =
    "UPDATE staff_activations SET used_at_ms = $2 WHERE staff_id = $1 AND used_at_ms IS NULL";
const FIND_FOR_LOGIN: &str = "SELECT id, password_hash, locked_until_ms, \
     disabled_at_ms IS NOT NULL FROM staff WHERE login = $1";
const ADD_FAILURE: &str =
    "UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins";
const SET_LOCK: &str = "UPDATE staff SET locked_until_ms = $2 WHERE id = $1";
const RECORD_SUCCESS: &str = "UPDATE staff SET failed_logins = 0, locked_until_ms = NULL, \
     last_login_at_ms = $2 WHERE id = $1";
const FIND_ACTIVE: &str = "SELECT id, login, full_name, role, agency_id FROM staff \
     WHERE id = $1 AND disabled_at_ms IS NULL AND password_hash IS NOT NULL";
const FIND_ACTIVATION: &str = "SELECT s.id, s.login, s.full_name, s.role, s.agency_id \
     FROM staff_activations a JOIN staff s ON s.id = a.staff_id \
     WHERE a.token_sha256 = $1 AND a.used_at_ms IS NULL AND a.expires_at_ms > $2 \
     AND s.disabled_at_ms IS NULL";
const USE_ACTIVATION: &str = "UPDATE staff_activations SET used_at_ms = $2 \
     WHERE token_sha256 = $1 AND used_at_ms IS NULL AND expires_at_ms > $2 RETURNING staff_id";
const SET_PASSWORD: &str = "UPDATE staff SET password_hash = $2, activated_at_ms = $3, \
     failed_logins = 0, locked_until_ms = NULL WHERE id = $1 AND disabled_at_ms IS NULL";

/// A failure of the staff tables, or a request they refuse.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("a login is 3 to 64 characters: lower-case letters, digits, '.', '_' or '-'")]
    InvalidLogin,
    #[error("a full name is 1 to 120 characters")]
    InvalidName,
    #[error("this login is already taken")]
    LoginTaken,
    #[error("no agency has this id")]
    UnknownAgency,
    #[error("no member of staff has this login")]
    UnknownLogin,
    /// Permanent: a row holds a value no version of guichet writes.
    #[error("a staff row holds an invalid {column}")]
    Corrupt { column: &'static str },
    /// Often transient: a lost connection, a busy database.
    #[error("a database query on staff failed")]
    Query(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StaffError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(inner) if inner.is_unique_violation() => Self::LoginTaken,
            sqlx::Error::Database(inner) if inner.is_foreign_key_violation() => Self::UnknownAgency,
            _ => Self::Query(error),
        }
    }
}

/// A member of staff to create.
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub login: String,
    pub full_name: String,
    pub role: Role,
    pub agency_id: String,
}

/// An active account (activated, not disabled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAccount {
    pub id: String,
    pub login: String,
    pub full_name: String,
    pub role: Role,
    pub agency_id: String,
}

/// One line of `staff list`: never a hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffListEntry {
    pub login: String,
    pub full_name: String,
    pub role: Role,
    pub agency_id: String,
    pub activated: bool,
    pub disabled: bool,
}

/// What the login decision needs of an account.
#[derive(Debug, Clone)]
pub(super) struct LoginRow {
    pub id: String,
    pub password_hash: Option<String>,
    pub locked_until_ms: Option<i64>,
    pub disabled: bool,
}

/// The login as stored and typed: trimmed, lower case, from a small alphabet.
pub(super) fn normalize_login(login: &str) -> Result<String, StaffError> {
    let login = login.trim().to_lowercase();
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
    if (3..=64).contains(&login.len()) && login.chars().all(allowed) {
        Ok(login)
    } else {
        Err(StaffError::InvalidLogin)
    }
}

/// Creates an account without a password and its activation link: the token, to be shown once.
pub async fn add_staff(
    database: &Database,
    now_ms: i64,
    new: &NewStaff,
) -> Result<String, StaffError> {
    let login = normalize_login(&new.login)?;
    let full_name = new.full_name.trim();
    if full_name.is_empty() || full_name.chars().count() > 120 {
        return Err(StaffError::InvalidName);
    }
    let id = uuid::Uuid::new_v4().to_string();
    let token = token::random_token();
    let expires = now_ms.saturating_add(millis(ACTIVATION_VALIDITY));
    on_pool!(database, pool, begin => {
        let mut tx = pool.begin_with(begin).await?;
        sqlx::query(INSERT_STAFF)
            .bind(&id)
            .bind(&login)
            .bind(full_name)
            .bind(new.role.as_str())
            .bind(new.agency_id.trim())
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        sqlx::query(INSERT_ACTIVATION)
            .bind(token::digest(&token))
            .bind(&id)
            .bind(now_ms)
            .bind(expires)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    });
    Ok(token)
}

/// Every account, by agency then login.
pub async fn list_staff(database: &Database) -> Result<Vec<StaffListEntry>, StaffError> {
    type Row = (String, String, String, String, bool, bool);
    let rows: Vec<Row> = on_pool!(database, pool => sqlx::query_as(LIST).fetch_all(pool).await?);
    rows.into_iter()
        .map(|(login, full_name, role, agency_id, activated, disabled)| {
            Ok(StaffListEntry {
                login,
                full_name,
                role: parse_role(&role)?,
                agency_id,
                activated,
                disabled,
            })
        })
        .collect()
}

/// Disables an account: it can no longer log in, its sessions are deleted and its unused
/// activation links stop working. Answers how many sessions were revoked.
pub async fn disable_staff(
    database: &Database,
    now_ms: i64,
    login: &str,
) -> Result<u64, StaffError> {
    let login = normalize_login(login).map_err(|_| StaffError::UnknownLogin)?;
    on_pool!(database, pool, begin => {
        let mut tx = pool.begin_with(begin).await?;
        let id: Option<String> =
            sqlx::query_scalar(FIND_ID_BY_LOGIN).bind(&login).fetch_optional(&mut *tx).await?;
        let Some(id) = id else { return Err(StaffError::UnknownLogin) };
        sqlx::query(DISABLE).bind(&id).bind(now_ms).execute(&mut *tx).await?;
        sqlx::query(EXPIRE_ACTIVATIONS).bind(&id).bind(now_ms).execute(&mut *tx).await?;
        let revoked = sqlx::query(DELETE_SESSIONS).bind(&id).execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        Ok(revoked)
    })
}

pub(super) async fn find_for_login(
    database: &Database,
    login: &str,
) -> Result<Option<LoginRow>, StaffError> {
    type Row = (String, Option<String>, Option<i64>, bool);
    let row: Option<Row> = on_pool!(database, pool => {
        sqlx::query_as(FIND_FOR_LOGIN).bind(login).fetch_optional(pool).await?
    });
    Ok(row.map(|(id, password_hash, locked_until_ms, disabled)| LoginRow {
        id,
        password_hash,
        locked_until_ms,
        disabled,
    }))
}

/// Counts one more failure and sets the lock the new count calls for (`lock_for(count)`).
pub(super) async fn record_failure(
    database: &Database,
    id: &str,
    lock_until: impl Fn(i32) -> Option<i64>,
) -> Result<i32, StaffError> {
    on_pool!(database, pool => {
        let failures: i32 = sqlx::query_scalar(ADD_FAILURE).bind(id).fetch_one(pool).await?;
        sqlx::query(SET_LOCK).bind(id).bind(lock_until(failures)).execute(pool).await?;
        Ok(failures)
    })
}

pub(super) async fn record_success(
    database: &Database,
    id: &str,
    now_ms: i64,
) -> Result<(), StaffError> {
    on_pool!(database, pool => {
        sqlx::query(RECORD_SUCCESS).bind(id).bind(now_ms).execute(pool).await?;
    });
    Ok(())
}

type AccountRow = (String, String, String, String, String);

fn account(
    (id, login, full_name, role, agency_id): AccountRow,
) -> Result<StaffAccount, StaffError> {
    Ok(StaffAccount { id, login, full_name, role: parse_role(&role)?, agency_id })
}

/// The account behind a session, if it may still act: activated and not disabled.
pub(super) async fn find_active(
    database: &Database,
    id: &str,
) -> Result<Option<StaffAccount>, StaffError> {
    let row: Option<AccountRow> = on_pool!(database, pool => {
        sqlx::query_as(FIND_ACTIVE).bind(id).fetch_optional(pool).await?
    });
    row.map(account).transpose()
}

/// The account an activation token opens, if the token is unused and unexpired.
pub(super) async fn find_activation(
    database: &Database,
    token: &str,
    now_ms: i64,
) -> Result<Option<StaffAccount>, StaffError> {
    let row: Option<AccountRow> = on_pool!(database, pool => {
        sqlx::query_as(FIND_ACTIVATION)
            .bind(token::digest(token))
            .bind(now_ms)
            .fetch_optional(pool)
            .await?
    });
    row.map(account).transpose()
}

/// Uses an activation token to set the password (a PHC string), in one transaction; any
/// session of the account is revoked. False when the token is unknown, used or expired.
pub(super) async fn activate(
    database: &Database,
    token: &str,
    password_hash: &str,
    now_ms: i64,
) -> Result<bool, StaffError> {
    on_pool!(database, pool, begin => {
        let mut tx = pool.begin_with(begin).await?;
        let staff_id: Option<String> = sqlx::query_scalar(USE_ACTIVATION)
            .bind(token::digest(token))
            .bind(now_ms)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(staff_id) = staff_id else { return Ok(false) };
        let updated = sqlx::query(SET_PASSWORD)
            .bind(&staff_id)
            .bind(password_hash)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if updated != 1 {
            return Ok(false);
        }
        sqlx::query(DELETE_SESSIONS).bind(&staff_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    })
}

fn parse_role(text: &str) -> Result<Role, StaffError> {
    Role::parse(text).ok_or(StaffError::Corrupt { column: "role" })
}

pub(super) fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_normalised_or_refused() {
        #[track_caller]
        fn check(input: &str, expected: Option<&str>) {
            assert_eq!(normalize_login(input).ok().as_deref(), expected, "{input}");
        }
        check("  Amina.Benali ", Some("amina.benali"));
        check("k_16-05", Some("k_16-05"));
        check("ab", None);
        check("amina benali", None);
        check("amina@anem.dz", None);
        check("أمينة", None);
    }
}
