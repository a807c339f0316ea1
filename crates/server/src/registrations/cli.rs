//! `guichet-server registration …`: checking an exported registration, listing stored ones.

use clap::Subcommand;

use super::{
    check::{CheckArgs, run_check},
    store,
};
use crate::{
    infra::{clock::Clock, config::DatabaseArgs, db::Database},
    reference::{self, ReferenceCache},
};

/// `guichet-server registration …`.
#[derive(Debug, Subcommand)]
pub enum RegistrationCommand {
    /// Validate a registration file (JSON) and print each field error; exit 0 only when valid.
    Check(CheckArgs),
    /// List the stored registrations: client id and reference, one per line (no personal data)
    List(DatabaseArgs),
}

/// `registration check` against every version of the lists `database` has had, or the built-in
/// lists without a database: whether the registration is valid.
/// (Generic over `out` so that a caller holding a `Send` writer gets a `Send` future.)
pub async fn check_against<Out: std::io::Write>(
    args: &CheckArgs,
    database: Option<&Database>,
    clock: &Clock,
    mut out: Out,
) -> anyhow::Result<bool> {
    let known = match database {
        Some(database) => {
            Some(reference::known_versions(database, &ReferenceCache::default()).await?)
        }
        None => None,
    };
    let versions = known.as_ref().map(reference::KnownVersions::all).unwrap_or_default();
    run_check(args, &versions, clock.now(), &mut out)
}

/// Runs a `registration` subcommand, writing its report to `out`.
pub async fn run(
    command: RegistrationCommand,
    clock: &Clock,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    match command {
        RegistrationCommand::Check(args) => {
            let database = match &args.database_url {
                Some(url) => Some(DatabaseArgs { database_url: url.clone() }.open().await?),
                None => None,
            };
            let valid = check_against(&args, database.as_ref(), clock, &mut *out).await;
            if let Some(database) = database {
                database.close().await;
            }
            anyhow::ensure!(valid?, "the registration is not valid");
        }
        RegistrationCommand::List(args) => {
            // Every stored registration's client id and reference, ordered by client id: for
            // operators and tests checking "each once"; no personal data.
            let database = args.open().await?;
            let listed = store::list(&database).await;
            database.close().await;
            for (client_id, reference) in listed? {
                writeln!(out, "{client_id} {reference}")?;
            }
        }
    }
    Ok(())
}
