//! The server's database: one type over SQLite and PostgreSQL, and its embedded migrations.
//!
//! Every query lives in a method here, written once per engine where their SQL differs, so the
//! HTTP layer never sees a pool. Queries are plain strings checked by the tests that run against
//! both engines, never by compile-time macros, so building never needs a live database.
//!
//! This module never logs: it returns [`DatabaseError`] and the caller at the boundary decides.

mod url;

use std::{io, path::PathBuf, time::Duration};

use guichet_protocol::health::DatabaseKind;
use sqlx::{
    PgPool, SqlitePool,
    migrate::{MigrateError, Migrator},
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

pub use url::DatabaseUrl;

/// How long a SQLite connection waits for another writer before giving up: long enough to ride
/// out a checkpoint, short enough that a kiosk request fails visibly instead of hanging.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("migrations/postgres");

/// Runs `$body` once per engine with `$pool` bound to that engine's pool, so a query written
/// with `$n` placeholders (which both engines accept) is written once. The second form also
/// binds `$begin` to the statement that opens a write transaction: SQLite's `BEGIN IMMEDIATE`
/// takes the write lock up front (a deferred transaction that reads then writes fails at once
/// with "database is locked" when another writer holds it), PostgreSQL's plain `BEGIN`.
macro_rules! on_pool {
    ($database:expr, $pool:ident => $body:expr) => {
        match $database {
            $crate::infra::db::Database::Sqlite($pool) => $body,
            $crate::infra::db::Database::Postgres($pool) => $body,
        }
    };
    ($database:expr, $pool:ident, $begin:ident => $body:expr) => {
        match $database {
            $crate::infra::db::Database::Sqlite($pool) => {
                let $begin = "BEGIN IMMEDIATE";
                $body
            }
            $crate::infra::db::Database::Postgres($pool) => {
                let $begin = "BEGIN";
                $body
            }
        }
    };
}
pub(crate) use on_pool;

/// A connection pool to the server's database. Cloning is cheap and shares the pool.
#[derive(Debug, Clone)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A database operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    /// Permanent until the operator fixes the file system.
    #[error("could not create the database directory {path}")]
    CreateDirectory {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Usually transient: the database server is down or unreachable.
    #[error("could not connect to the {engine} database")]
    Connect {
        engine: &'static str,
        #[source]
        source: sqlx::Error,
    },
    /// Permanent: an applied migration was edited, or the schema is in an unexpected state.
    #[error("could not migrate the database")]
    Migrate(#[source] MigrateError),
    /// A query failed; often transient (a closed pool, a lost connection).
    #[error("a database query failed")]
    Query(#[source] sqlx::Error),
}

impl Database {
    /// Opens a pool. For SQLite, creates the file and its directory if they are missing.
    ///
    /// SQLite is opened in WAL mode with `synchronous = FULL` (a registration acknowledged to a
    /// kiosk must survive a power cut), a busy timeout and foreign keys enforced.
    pub async fn connect(url: &DatabaseUrl) -> Result<Self, DatabaseError> {
        match url {
            DatabaseUrl::Sqlite(options) => Self::connect_sqlite(options.clone()).await,
            DatabaseUrl::Postgres(options) => Self::connect_postgres(options.clone()).await,
        }
    }

    /// Runs the pending migrations of this engine; a no-op when the schema is current.
    pub async fn migrate(&self) -> Result<(), DatabaseError> {
        let result = match self {
            Self::Sqlite(pool) => SQLITE_MIGRATOR.run(pool).await,
            Self::Postgres(pool) => POSTGRES_MIGRATOR.run(pool).await,
        };
        result.map_err(DatabaseError::Migrate)
    }

    /// Which engine this is.
    pub fn kind(&self) -> DatabaseKind {
        match self {
            Self::Sqlite(_) => DatabaseKind::Sqlite,
            Self::Postgres(_) => DatabaseKind::Postgres,
        }
    }

    /// Checks that a query can run right now.
    pub async fn ping(&self) -> Result<(), DatabaseError> {
        let result = match self {
            Self::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
            Self::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
        };
        result.map_err(DatabaseError::Query)
    }

    /// Commits a small write (the `ready_probe` row of `server_meta`, the time of the probe), to
    /// learn that the database accepts writes right now.
    pub async fn probe_write(&self, now_ms: i64) -> Result<(), DatabaseError> {
        const SQL: &str = "INSERT INTO server_meta (key, value) VALUES ('ready_probe', $1) \
                           ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        let value = now_ms.to_string();
        let result = match self {
            Self::Sqlite(pool) => sqlx::query(SQL).bind(&value).execute(pool).await.map(drop),
            Self::Postgres(pool) => sqlx::query(SQL).bind(&value).execute(pool).await.map(drop),
        };
        result.map_err(DatabaseError::Query)
    }

    /// Reads one value of the `server_meta` table, such as `schema_created_at`.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, DatabaseError> {
        let result = match self {
            Self::Sqlite(pool) => {
                sqlx::query_scalar("SELECT value FROM server_meta WHERE key = ?")
                    .bind(key)
                    .fetch_optional(pool)
                    .await
            }
            Self::Postgres(pool) => {
                sqlx::query_scalar("SELECT value FROM server_meta WHERE key = $1")
                    .bind(key)
                    .fetch_optional(pool)
                    .await
            }
        };
        result.map_err(DatabaseError::Query)
    }

    /// Closes every connection; later queries fail. Called on shutdown so SQLite checkpoints.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool) => pool.close().await,
        }
    }

    async fn connect_sqlite(options: SqliteConnectOptions) -> Result<Self, DatabaseError> {
        // An in-memory database has a `file:` name with no parent, so nothing is created for it.
        if let Some(parent) = options.get_filename().parent()
            && !parent.as_os_str().is_empty()
        {
            tokio::fs::create_dir_all(parent).await.map_err(|source| {
                DatabaseError::CreateDirectory { path: parent.to_owned(), source }
            })?;
        }
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .connect_with(options)
            .await
            .map_err(|source| DatabaseError::Connect { engine: "SQLite", source })?;
        Ok(Self::Sqlite(pool))
    }

    async fn connect_postgres(options: PgConnectOptions) -> Result<Self, DatabaseError> {
        let pool = PgPoolOptions::new()
            .connect_with(options)
            .await
            .map_err(|source| DatabaseError::Connect { engine: "PostgreSQL", source })?;
        Ok(Self::Postgres(pool))
    }
}
