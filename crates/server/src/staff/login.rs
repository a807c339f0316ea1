//! One login attempt, decided: the password checked against the account's Argon2id hash, the
//! failures counted in the database, a short wait after a few failures and a lock after more.
//!
//! Whatever the reason of a refusal (unknown login, wrong password, wait, lock, disabled or not
//! yet activated account), the answer is the same [`LoginOutcome::Refused`] and takes the time of
//! one Argon2id verification: the login form never tells whether a login exists.

use std::time::Duration;

use super::{
    password,
    store::{self, StaffAccount, StaffError, millis},
};
use crate::infra::db::Database;

/// From this many consecutive failures on, each next attempt waits: 1 s, then 2, 4, 8… (at most
/// a minute) after the last failure.
pub const SLOW_DOWN_AFTER_FAILURES: i32 = 3;
/// From this many consecutive failures on, the account is locked for [`LOCK_DURATION`] after
/// each failure.
pub const LOCK_AFTER_FAILURES: i32 = 10;
/// How long a locked account refuses every password, the right one included.
pub const LOCK_DURATION: Duration = Duration::from_secs(15 * 60);

/// What an attempt came to.
#[derive(Debug)]
pub enum LoginOutcome {
    LoggedIn(StaffAccount),
    /// The same for every reason, on purpose.
    Refused,
}

/// Until when an account that has failed `failures` times in a row refuses attempts.
pub(super) fn locked_until(failures: i32, now_ms: i64) -> Option<i64> {
    let wait = if failures >= LOCK_AFTER_FAILURES {
        LOCK_DURATION
    } else if failures >= SLOW_DOWN_AFTER_FAILURES {
        let doublings = u32::try_from(failures - SLOW_DOWN_AFTER_FAILURES).unwrap_or(0).min(6);
        Duration::from_secs(1 << doublings)
    } else {
        return None;
    };
    Some(now_ms.saturating_add(millis(wait)))
}

/// Decides one attempt at `now_ms`.
pub(super) async fn attempt(
    database: &Database,
    login: &str,
    password: String,
    now_ms: i64,
) -> Result<LoginOutcome, StaffError> {
    let row = match store::normalize_login(login) {
        Ok(login) => store::find_for_login(database, &login).await?,
        Err(_) => None,
    };
    let Some(row) = row else {
        password::verify_password(password, None).await;
        return Ok(LoginOutcome::Refused);
    };
    let waiting = row.locked_until_ms.is_some_and(|until| until > now_ms);
    if waiting || row.disabled || row.password_hash.is_none() {
        // Not counted as a failure: nothing was tried against the password.
        password::verify_password(password, None).await;
        return Ok(LoginOutcome::Refused);
    }
    if !password::verify_password(password, row.password_hash).await {
        store::record_failure(database, &row.id, |failures| locked_until(failures, now_ms)).await?;
        return Ok(LoginOutcome::Refused);
    }
    store::record_success(database, &row.id, now_ms).await?;
    match store::find_active(database, &row.id).await? {
        Some(account) => Ok(LoginOutcome::LoggedIn(account)),
        None => Ok(LoginOutcome::Refused),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_first_slow_down_then_lock() {
        #[track_caller]
        fn check(failures: i32, wait_ms: Option<i64>) {
            assert_eq!(locked_until(failures, 1_000).map(|until| until - 1_000), wait_ms);
        }
        check(1, None);
        check(2, None);
        check(3, Some(1_000));
        check(4, Some(2_000));
        check(9, Some(64_000));
        check(10, Some(15 * 60_000));
        check(25, Some(15 * 60_000));
    }
}
