//! `guichet-server registration …`: checking an exported registration, listing stored ones.

use clap::Subcommand;

use super::{
    check::{CheckArgs, run_check},
    store,
};
use crate::infra::{clock::Clock, config::DatabaseArgs};

/// `guichet-server registration …`.
#[derive(Debug, Subcommand)]
pub enum RegistrationCommand {
    /// Validate a registration file (JSON) and print each field error; exit 0 only when valid.
    Check(CheckArgs),
    /// List the stored registrations: client id and reference, one per line (no personal data)
    List(DatabaseArgs),
}

/// Runs a `registration` subcommand, writing its report to `out`.
pub async fn run(
    command: RegistrationCommand,
    clock: &Clock,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    match command {
        RegistrationCommand::Check(args) => {
            let valid = run_check(&args, clock.now(), out)?;
            anyhow::ensure!(valid, "the registration is not valid");
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
