//! Which database to open, already parsed into the engine's connection options.
//!
//! Its `Debug` output must never include a password: it is written by hand for that reason.

use std::fmt;

use guichet_protocol::health::DatabaseKind;
use sqlx::{postgres::PgConnectOptions, sqlite::SqliteConnectOptions};

/// A parsed database URL: `sqlite://…`, or `postgres://…` / `postgresql://…`.
///
/// Tests build the variants directly to point at a temporary file or a private schema.
#[derive(Clone)]
pub enum DatabaseUrl {
    Sqlite(SqliteConnectOptions),
    Postgres(PgConnectOptions),
}

impl DatabaseUrl {
    /// The engine this URL points at.
    pub fn kind(&self) -> DatabaseKind {
        match self {
            Self::Sqlite(_) => DatabaseKind::Sqlite,
            Self::Postgres(_) => DatabaseKind::Postgres,
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(options) => {
                f.debug_tuple("Sqlite").field(&options.get_filename()).finish()
            }
            Self::Postgres(options) => f
                .debug_struct("Postgres")
                .field("host", &options.get_host())
                .field("port", &options.get_port())
                .field("database", &options.get_database())
                .finish_non_exhaustive(),
        }
    }
}
