//! Staff sessions in our database, for tower-sessions, on both engines; and the cookie that
//! carries their id.
//!
//! tower-sessions handles the cookie, the lazy load and the id rotation; this store decides
//! expiry against `state.clock` (tower-sessions would read the system time): a session lives
//! [`IDLE_TIMEOUT`] after its last request and never more than [`ABSOLUTE_TIMEOUT`] after the
//! login. Each load that finds a live session moves `last_seen_ms`, in the same statement. The
//! row's key is the SHA-256 of the id in the cookie. Nothing here logs.

use std::time::Duration;

use async_trait::async_trait;
use time::OffsetDateTime;
use tower_sessions::{
    SessionManagerLayer, SessionStore,
    cookie::SameSite,
    session::{Id, Record},
    session_store,
};

use super::{store::millis, token};
use crate::infra::{
    clock::Clock,
    db::{Database, on_pool},
    state::AppState,
};

/// A session not used for this long is over.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// A session is over this long after the login, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(10 * 60 * 60);

/// The key of the session's data that holds who is logged in (see `extract::SessionData`).
pub(super) const SESSION_KEY: &str = "staff";

const INSERT: &str = "INSERT INTO staff_sessions (id_sha256, staff_id, data, created_at_ms, \
     last_seen_ms) VALUES ($1, $2, $3, $4, $4)";
const UPDATE: &str = "UPDATE staff_sessions SET data = $2, staff_id = $3 WHERE id_sha256 = $1";
const TOUCH: &str = "UPDATE staff_sessions SET last_seen_ms = $2 WHERE id_sha256 = $1 \
     AND last_seen_ms > $3 AND created_at_ms > $4 RETURNING data";
const DELETE: &str = "DELETE FROM staff_sessions WHERE id_sha256 = $1";
const PURGE: &str = "DELETE FROM staff_sessions WHERE last_seen_ms <= $1 OR created_at_ms <= $2";

/// The session cookie's name: with the `__Host-` prefix when served over TLS, which makes the
/// browser refuse it unless it is `Secure`, has `Path=/` and no `Domain`.
pub(crate) fn session_cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-guichet-session" } else { "guichet-session" }
}

/// The session layer every route that may take a `CurrentStaff` sits under: an `HttpOnly`,
/// `SameSite=Strict`, `Path=/` cookie that ends with the browser session (the server enforces
/// the timeouts), `Secure` and `__Host-` prefixed when `state.secure_cookies`.
pub fn session_layer(state: &AppState) -> SessionManagerLayer<DatabaseSessionStore> {
    let secure = state.secure_cookies;
    let store =
        DatabaseSessionStore { database: state.database.clone(), clock: state.clock.clone() };
    SessionManagerLayer::new(store)
        .with_name(session_cookie_name(secure))
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_path("/")
}

/// tower-sessions' store over our [`Database`].
#[derive(Debug, Clone)]
pub struct DatabaseSessionStore {
    database: Database,
    clock: Clock,
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn staff_id_of(record: &Record) -> session_store::Result<String> {
    record
        .data
        .get(SESSION_KEY)
        .and_then(|value| value.get("staff_id"))
        .and_then(|value| value.as_str())
        .map(str::to_owned)
        .ok_or_else(|| backend("a staff session must name its member of staff"))
}

fn encode(record: &Record) -> session_store::Result<String> {
    serde_json::to_string(&record.data)
        .map_err(|error| session_store::Error::Encode(error.to_string()))
}

impl DatabaseSessionStore {
    fn expiry_date(&self, last_seen_ms: i64) -> OffsetDateTime {
        let at = i128::from(last_seen_ms.saturating_add(millis(IDLE_TIMEOUT))) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(at).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// Deletes every session past its idle or absolute limit (called at each login).
    pub(super) async fn purge_expired(&self) -> Result<u64, sqlx::Error> {
        let now = self.clock.now_millis();
        let idle_limit = now.saturating_sub(millis(IDLE_TIMEOUT));
        let absolute_limit = now.saturating_sub(millis(ABSOLUTE_TIMEOUT));
        let purged = on_pool!(&self.database, pool => {
            sqlx::query(PURGE).bind(idle_limit).bind(absolute_limit).execute(pool).await?.rows_affected()
        });
        Ok(purged)
    }

    pub(super) fn new(database: Database, clock: Clock) -> Self {
        Self { database, clock }
    }
}

#[async_trait]
impl SessionStore for DatabaseSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let staff_id = staff_id_of(record)?;
        let data = encode(record)?;
        let now = self.clock.now_millis();
        // A 128-bit id colliding is astronomically unlikely; a fresh one is drawn if it does.
        for _ in 0..3 {
            let inserted = on_pool!(&self.database, pool => {
                sqlx::query(INSERT)
                    .bind(token::digest(&record.id.to_string()))
                    .bind(&staff_id)
                    .bind(&data)
                    .bind(now)
                    .execute(pool)
                    .await
                    .map(drop)
            });
            match inserted {
                Ok(_) => return Ok(()),
                Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                    record.id = Id::default();
                }
                Err(error) => return Err(backend(error)),
            }
        }
        Err(backend("could not draw an unused session id"))
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        // An update only: a session revoked meanwhile (logout, disabled account) stays revoked.
        let staff_id = staff_id_of(record)?;
        let data = encode(record)?;
        on_pool!(&self.database, pool => {
            sqlx::query(UPDATE)
                .bind(token::digest(&record.id.to_string()))
                .bind(&data)
                .bind(&staff_id)
                .execute(pool)
                .await
                .map_err(backend)?;
        });
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let key = token::digest(&session_id.to_string());
        let now = self.clock.now_millis();
        let idle_limit = now.saturating_sub(millis(IDLE_TIMEOUT));
        let absolute_limit = now.saturating_sub(millis(ABSOLUTE_TIMEOUT));
        let data: Option<String> = on_pool!(&self.database, pool => {
            let data = sqlx::query_scalar(TOUCH)
                .bind(&key)
                .bind(now)
                .bind(idle_limit)
                .bind(absolute_limit)
                .fetch_optional(pool)
                .await
                .map_err(backend)?;
            if data.is_none() {
                // Expired (or never there): gone for good, whatever the clock does next.
                sqlx::query(DELETE).bind(&key).execute(pool).await.map_err(backend)?;
            }
            data
        });
        let Some(data) = data else { return Ok(None) };
        let data = serde_json::from_str(&data)
            .map_err(|error| session_store::Error::Decode(error.to_string()))?;
        Ok(Some(Record { id: *session_id, data, expiry_date: self.expiry_date(now) }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        let key = token::digest(&session_id.to_string());
        on_pool!(&self.database, pool => {
            sqlx::query(DELETE).bind(&key).execute(pool).await.map_err(backend)?;
        });
        Ok(())
    }
}
