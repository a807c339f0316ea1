//! `guichet-server backup --to FILE` and `guichet-server restore --from FILE`: a consistent copy
//! of a live SQLite database, and putting one back.
//!
//! The backup is SQLite's `VACUUM INTO`, which reads one snapshot of the database inside a read
//! transaction: the server keeps serving and writing meanwhile (WAL mode), and the copy is a
//! compact, self-contained database file. It holds personal data, so the file is created empty
//! with owner-only permissions first, and an existing file is never overwritten.
//!
//! A restore puts a backup in place of a lost database while the server is stopped: the file is
//! checked (SQLite's integrity check, and the schema is guichet's), copied beside the target, moved
//! over it (rename: no half-written database), stale `-wal`/`-shm` files are removed, pending
//! migrations run, and the offers feed gets a new epoch so every kiosk downloads the catalogue
//! again instead of trusting a cursor ahead of the restored changes.
//!
//! PostgreSQL deployments use PostgreSQL's own tools (`pg_dump`/`pg_restore`, or base backups with
//! WAL archiving for point-in-time recovery): both commands say so rather than half-work.

use std::path::{Path, PathBuf};

use clap::Args;
use sqlx::sqlite::SqliteConnectOptions;

use crate::{
    infra::{
        config::{DatabaseArgs, parse_database_url},
        db::{Database, DatabaseUrl},
    },
    offers,
};

/// `guichet-server backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet
    #[arg(long = "to", value_name = "FILE")]
    pub to: PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// `guichet-server restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file written by `guichet-server backup`
    #[arg(long = "from", value_name = "FILE")]
    pub from: PathBuf,
    /// Replace the database file if one exists (the server must be stopped)
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// What can go wrong, each with what to do.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "backup and restore are for SQLite; for PostgreSQL use pg_dump and pg_restore (or base \
         backups with WAL archiving): see the README"
    )]
    Postgres,
    #[error("{0} exists already: a backup never overwrites a file, choose another name")]
    TargetExists(PathBuf),
    #[error("could not create {path}")]
    Create {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the backup of the database failed")]
    Vacuum(#[source] sqlx::Error),
    #[error("{0} is not a guichet backup: {1}")]
    NotABackup(PathBuf, String),
    #[error(
        "a database exists at {0}: stop the server, then run restore again with --replace to put \
         the backup in its place"
    )]
    DatabaseExists(PathBuf),
    #[error("could not put the backup in place at {path}")]
    Place {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Config(#[from] crate::infra::config::ConfigError),
    #[error(transparent)]
    Database(#[from] crate::infra::db::DatabaseError),
    #[error("could not give the offers feed a new epoch")]
    Feed(#[source] offers::StoreError),
}

/// Writes a consistent copy of the live database at `url` to `to`; returns its size in bytes.
pub async fn backup(url: &DatabaseUrl, to: &Path) -> Result<u64, BackupError> {
    let DatabaseUrl::Sqlite(_) = url else { return Err(BackupError::Postgres) };
    create_private_file(to)?;
    let database = Database::connect(url).await?;
    let target = to.to_string_lossy().into_owned();
    let result = match &database {
        Database::Sqlite(pool) => {
            sqlx::query("VACUUM INTO ?").bind(&target).execute(pool).await.map(drop)
        }
        Database::Postgres(_) => Ok(()),
    };
    database.close().await;
    if let Err(error) = result {
        // Leave no partial file behind to be mistaken for a backup.
        let _ = std::fs::remove_file(to);
        return Err(BackupError::Vacuum(error));
    }
    std::fs::metadata(to)
        .map(|metadata| metadata.len())
        .map_err(|source| BackupError::Create { path: to.to_owned(), source })
}

/// An empty file at `path`, readable by its owner only; an existing file is an error.
fn create_private_file(path: &Path) -> Result<(), BackupError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(BackupError::TargetExists(path.to_owned()))
        }
        Err(source) => Err(BackupError::Create { path: path.to_owned(), source }),
    }
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub path: PathBuf,
    pub epoch: String,
}

/// Puts the backup `from` in place of the SQLite database of `url` (the server stopped).
pub async fn restore(
    url: &DatabaseUrl,
    from: &Path,
    replace: bool,
) -> Result<Restored, BackupError> {
    let DatabaseUrl::Sqlite(options) = url else { return Err(BackupError::Postgres) };
    let target = options.get_filename().to_owned();
    check_backup(from).await?;
    if target.exists() && !replace {
        return Err(BackupError::DatabaseExists(target));
    }
    let place_error = |source| BackupError::Place { path: target.clone(), source };
    if let Some(parent) = target.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(place_error)?;
    }
    // Copied beside the target, then renamed over it: the database is the old one or the
    // restored one, never half of each.
    let staging = target.with_extension("restoring");
    let _ = std::fs::remove_file(&staging);
    create_private_file(&staging)?;
    std::fs::copy(from, &staging).map_err(place_error)?;
    for suffix in ["-wal", "-shm"] {
        let mut stale = target.clone().into_os_string();
        stale.push(suffix);
        match std::fs::remove_file(&stale) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(place_error(source)),
        }
    }
    std::fs::rename(&staging, &target).map_err(place_error)?;
    let database = Database::connect(url).await?;
    database.migrate().await?;
    let epoch = offers::store::new_epoch(&database).await.map_err(BackupError::Feed);
    database.close().await;
    Ok(Restored { path: target, epoch: epoch? })
}

/// Opens `from` read-only: SQLite's integrity check passes and guichet's migrations ran on it.
async fn check_backup(from: &Path) -> Result<(), BackupError> {
    let not_a_backup = |why: String| BackupError::NotABackup(from.to_owned(), why);
    if !from.is_file() {
        return Err(not_a_backup("no such file".to_owned()));
    }
    let options = SqliteConnectOptions::new().filename(from).read_only(true);
    let mut connection = <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&options)
        .await
        .map_err(|error| not_a_backup(error.to_string()))?;
    let integrity: Result<String, _> =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut connection).await;
    let migrations: Result<i64, _> =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut connection)
            .await;
    let _ = sqlx::Connection::close(connection).await;
    match (integrity, migrations) {
        (Ok(ok), Ok(count)) if ok == "ok" && count > 0 => Ok(()),
        (Ok(ok), _) if ok != "ok" => Err(not_a_backup(format!("integrity check: {ok}"))),
        _ => Err(not_a_backup("not a database of guichet-server".to_owned())),
    }
}

/// Runs `backup`, reporting to `out`.
pub async fn run_backup(args: BackupArgs, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let url = parse_database_url(&args.database.database_url)?;
    let bytes = backup(&url, &args.to).await?;
    writeln!(
        out,
        "backup written to {} ({bytes} bytes, readable by its owner only)",
        args.to.display()
    )?;
    Ok(())
}

/// Runs `restore`, reporting to `out`.
pub async fn run_restore(args: RestoreArgs, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let url = parse_database_url(&args.database.database_url)?;
    let restored = restore(&url, &args.from, args.replace).await?;
    writeln!(
        out,
        "restored {} from {}; new offers feed epoch {}: kiosks will download every offer again",
        restored.path.display(),
        args.from.display(),
        restored.epoch
    )?;
    Ok(())
}
