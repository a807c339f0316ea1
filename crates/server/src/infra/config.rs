//! Configuration values shared by the subcommands, parsed into typed configuration.
//!
//! Clap only collects strings; the plain functions [`parse_listen_addr`] and
//! [`parse_database_url`] parse them, so every error names both the flag and the environment
//! variable, and tests call the parsers directly. The subcommands' own arguments live with their
//! features (`offers::cli`, `serve`, …).
//!
//! This module must never echo a database URL back, in an error or a `Debug` output: it may
//! carry a password.

use std::{fmt, net::SocketAddr, str::FromStr};

use clap::Args;
use sqlx::{postgres::PgConnectOptions, sqlite::SqliteConnectOptions};

use super::{
    db::{Database, DatabaseUrl},
    tls::TlsError,
};

/// Where the server listens when neither `--addr` nor `GUICHET_ADDR` says otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// The database used when neither `--database-url` nor `GUICHET_DATABASE_URL` says otherwise.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/guichet.sqlite3";
/// Where the built kiosk (Trunk's output) is read from by default.
pub const DEFAULT_DIST_DIR: &str = "dist";

/// The database URL argument, shared by every subcommand that opens the database.
#[derive(Args)]
pub struct DatabaseArgs {
    /// sqlite://PATH, postgres://… or postgresql://…
    // The value is hidden from --help because it may carry a password.
    #[arg(long, env = "GUICHET_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    #[arg(value_name = "URL", hide_env_values = true)]
    pub database_url: String,
}

/// A configuration value that cannot be used. Each message names the flag and the variable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "invalid listen address `{value}` (from --addr or GUICHET_ADDR): expected an IP address \
         and a port, such as 127.0.0.1:8080 or [::1]:8080"
    )]
    InvalidListenAddr {
        value: String,
        #[source]
        source: std::net::AddrParseError,
    },
    #[error(
        "invalid metrics address `{value}` (from --metrics-addr or GUICHET_METRICS_ADDR): \
         expected an IP address and a port, such as 127.0.0.1:9090"
    )]
    InvalidMetricsAddr {
        value: String,
        #[source]
        source: std::net::AddrParseError,
    },
    #[error(
        "unknown database URL scheme `{scheme}` (from --database-url or GUICHET_DATABASE_URL): \
         expected sqlite://, postgres:// or postgresql://"
    )]
    UnknownDatabaseScheme { scheme: String },
    #[error(
        "the database URL has no scheme (from --database-url or GUICHET_DATABASE_URL): expected \
         sqlite://PATH, postgres://… or postgresql://…"
    )]
    MissingDatabaseScheme,
    #[error(
        "invalid rate `{value}` (from {flag} or {variable}): expected a whole number of requests per minute, at least 1"
    )]
    InvalidRate { value: u32, flag: &'static str, variable: &'static str },
    #[error(
        "invalid redirect address `{value}` (from --http-redirect-addr or \
         GUICHET_HTTP_REDIRECT_ADDR): expected an IP address and a port, such as 0.0.0.0:80"
    )]
    InvalidRedirectAddr {
        value: String,
        #[source]
        source: std::net::AddrParseError,
    },
    #[error(
        "--http-redirect-addr (GUICHET_HTTP_REDIRECT_ADDR) redirects to HTTPS, which needs \
         --tls-cert and --tls-key (GUICHET_TLS_CERT and GUICHET_TLS_KEY)"
    )]
    RedirectWithoutTls,
    #[error("invalid --trusted-proxies (GUICHET_TRUSTED_PROXIES): {0}")]
    InvalidTrustedProxy(#[source] super::client_address::InvalidProxy),
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error("invalid {engine} database URL (from --database-url or GUICHET_DATABASE_URL)")]
    InvalidDatabaseUrl {
        engine: &'static str,
        #[source]
        source: sqlx::Error,
    },
}

impl DatabaseArgs {
    /// Connects to and migrates the database these arguments name (what every CLI command that
    /// touches the database does first).
    pub async fn open(&self) -> anyhow::Result<Database> {
        let url = parse_database_url(&self.database_url)?;
        let database = Database::connect(&url).await?;
        database.migrate().await?;
        Ok(database)
    }
}

/// Checks a rate limit (requests per minute): zero would refuse everyone.
pub fn parse_rate(
    value: u32,
    flag: &'static str,
    variable: &'static str,
) -> Result<std::num::NonZeroU32, ConfigError> {
    std::num::NonZeroU32::new(value).ok_or(ConfigError::InvalidRate { value, flag, variable })
}

/// Parses `--addr` / `GUICHET_ADDR`. Host names are refused on purpose: the server binds exactly
/// the address the operator wrote, never whatever a resolver answers.
pub fn parse_listen_addr(value: &str) -> Result<SocketAddr, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|source| ConfigError::InvalidListenAddr { value: value.to_owned(), source })
}

/// Parses `--metrics-addr` / `GUICHET_METRICS_ADDR`.
pub fn parse_metrics_addr(value: &str) -> Result<SocketAddr, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|source| ConfigError::InvalidMetricsAddr { value: value.to_owned(), source })
}

/// Parses `--http-redirect-addr` / `GUICHET_HTTP_REDIRECT_ADDR`, as strictly as `--addr`.
pub fn parse_redirect_addr(value: &str) -> Result<SocketAddr, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|source| ConfigError::InvalidRedirectAddr { value: value.to_owned(), source })
}

/// Parses `--database-url` / `GUICHET_DATABASE_URL` into the engine's connection options.
pub fn parse_database_url(value: &str) -> Result<DatabaseUrl, ConfigError> {
    let value = value.trim();
    let Some((scheme, _)) = value.split_once(':') else {
        return Err(ConfigError::MissingDatabaseScheme);
    };
    // Only a plausible scheme is echoed: text before a colon could be a user name or worse.
    let looks_like_scheme = !scheme.is_empty()
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !looks_like_scheme {
        return Err(ConfigError::MissingDatabaseScheme);
    }
    match scheme.to_ascii_lowercase().as_str() {
        "sqlite" => SqliteConnectOptions::from_str(value)
            .map(DatabaseUrl::Sqlite)
            .map_err(|source| ConfigError::InvalidDatabaseUrl { engine: "SQLite", source }),
        "postgres" | "postgresql" => PgConnectOptions::from_str(value)
            .map(DatabaseUrl::Postgres)
            .map_err(|source| ConfigError::InvalidDatabaseUrl { engine: "PostgreSQL", source }),
        _ => Err(ConfigError::UnknownDatabaseScheme { scheme: scheme.to_owned() }),
    }
}

impl fmt::Debug for DatabaseArgs {
    // Hand-written so a debug print of the command line cannot leak a database password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseArgs").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use guichet_protocol::health::DatabaseKind;

    use super::*;

    #[test]
    fn listen_addresses() {
        #[track_caller]
        fn check(input: &str, expected: Option<&str>) {
            let actual = parse_listen_addr(input).map(|addr| addr.to_string()).ok();
            assert_eq!(actual.as_deref(), expected, "input {input:?}");
        }
        check("127.0.0.1:8080", Some("127.0.0.1:8080"));
        check("0.0.0.0:0", Some("0.0.0.0:0"));
        check(" [::1]:443 ", Some("[::1]:443"));
        check("localhost:8080", None);
        check("127.0.0.1", None);
        check("127.0.0.1:99999", None);
        check("", None);
    }

    #[test]
    fn a_bad_listen_address_names_the_flag_and_the_variable() {
        let message = parse_listen_addr("nowhere").expect_err("not an address").to_string();
        assert!(message.contains("`nowhere`"), "{message}");
        assert!(message.contains("--addr"), "{message}");
        assert!(message.contains("GUICHET_ADDR"), "{message}");
    }

    #[test]
    fn database_urls() {
        #[track_caller]
        fn check(input: &str, expected: Result<DatabaseKind, &str>) {
            let actual = parse_database_url(input).map(|url| url.kind()).map_err(|e| e.to_string());
            match (&actual, expected) {
                (Ok(kind), Ok(expected_kind)) => assert_eq!(*kind, expected_kind, "{input}"),
                (Err(message), Err(fragment)) => {
                    assert!(message.contains(fragment), "{input}: {message}");
                    assert!(message.contains("GUICHET_DATABASE_URL"), "{input}: {message}");
                    assert!(message.contains("--database-url"), "{input}: {message}");
                }
                _ => panic!("{input}: expected {expected:?}, got {actual:?}"),
            }
        }
        check(DEFAULT_DATABASE_URL, Ok(DatabaseKind::Sqlite));
        check("sqlite::memory:", Ok(DatabaseKind::Sqlite));
        check("sqlite:///var/lib/guichet/db.sqlite3", Ok(DatabaseKind::Sqlite));
        check("postgres://postgres@127.0.0.1:5432/test", Ok(DatabaseKind::Postgres));
        check("postgresql://guichet:secret@db.example/guichet", Ok(DatabaseKind::Postgres));
        check("mysql://root@localhost/guichet", Err("unknown database URL scheme `mysql`"));
        check("data/guichet.sqlite3", Err("has no scheme"));
        check("", Err("has no scheme"));
        check("postgres://[bad", Err("invalid PostgreSQL database URL"));
    }

    #[test]
    fn database_url_errors_never_echo_a_password() {
        for input in [
            "mysql://root:hunter2@localhost/x",
            "root:hunter2@localhost",
            "postgres://u:hunter2@[x",
        ] {
            let message = parse_database_url(input).expect_err("refused").to_string();
            assert!(!message.contains("hunter2"), "{input}: {message}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_database_url() {
        let args = DatabaseArgs { database_url: "postgres://u:hunter2@db/x".to_owned() };
        assert!(!format!("{args:?}").contains("hunter2"));
        let url = parse_database_url("postgres://u:hunter2@db/x").expect("valid");
        assert!(!format!("{url:?}").contains("hunter2"));
    }
}
