//! `guichet-server keys rotate|list`, and where the keys live (`--sealing-keys`).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::keys;
use crate::infra::{clock::Clock, config::DatabaseArgs};

/// Where the private sealing keys live.
#[derive(Debug, Clone, Args)]
pub struct SealingArgs {
    /// The directory of the private keys that open sealed registrations (default: `keys/` beside
    /// the SQLite database file, `data/keys` with PostgreSQL). Back it up: without it, entries
    /// sealed to its keys can never be read.
    #[arg(long = "sealing-keys", env = "GUICHET_SEALING_KEYS", value_name = "DIR")]
    pub sealing_keys: Option<PathBuf>,
}

impl SealingArgs {
    /// The directory named, or the default for `database_url`.
    pub fn dir(&self, database_url: &str) -> PathBuf {
        self.sealing_keys.clone().unwrap_or_else(|| default_dir(database_url))
    }
}

/// `keys/` beside a SQLite database file; `data/keys` otherwise (PostgreSQL).
pub fn default_dir(database_url: &str) -> PathBuf {
    let url = database_url.trim();
    let Some(rest) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) else {
        return PathBuf::from("data/keys");
    };
    let file = rest.split('?').next().unwrap_or_default();
    Path::new(file).parent().unwrap_or_else(|| Path::new("")).join("keys")
}

/// `guichet-server keys …`.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Add a new current sealing key; older keys stay to open what was sealed to them.
    Rotate(KeysArgs),
    /// Print each sealing key's id and creation date, oldest first (never the key).
    List(KeysArgs),
}

#[derive(Debug, Args)]
pub struct KeysArgs {
    #[command(flatten)]
    pub sealing: SealingArgs,
    /// Only to find the default key directory; the database is not opened.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Runs a `keys` subcommand, writing its report to `out`.
pub fn run(
    command: &KeysCommand,
    clock: &Clock,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    match command {
        KeysCommand::Rotate(args) => {
            let dir = args.sealing.dir(&args.database.database_url);
            let created = keys::rotate(&dir, clock.now_millis())?;
            writeln!(
                out,
                "new current sealing key {} ({}) in {}; older keys kept",
                created.key_id,
                created.created_at,
                dir.display()
            )?;
        }
        KeysCommand::List(args) => {
            let dir = args.sealing.dir(&args.database.database_url);
            let listed = keys::list(&dir)?;
            let count = listed.len();
            for (index, key) in listed.into_iter().enumerate() {
                let current = if index + 1 == count { " current" } else { "" };
                writeln!(out, "{} {}{current}", key.key_id, key.created_at)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_directory_follows_the_database() {
        assert_eq!(default_dir("sqlite://data/guichet.sqlite3"), PathBuf::from("data/keys"));
        assert_eq!(
            default_dir("sqlite:///srv/g/db.sqlite3?mode=rwc"),
            PathBuf::from("/srv/g/keys")
        );
        assert_eq!(default_dir("postgres://postgres@127.0.0.1/test"), PathBuf::from("data/keys"));
    }
}
