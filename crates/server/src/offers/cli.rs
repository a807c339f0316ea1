//! `guichet-server offers …`: import, withdraw, generate, reset the feed.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{UpsertCounts, Withdrawal, generate, import_file, store};
use crate::infra::{clock::Clock, config::DatabaseArgs};

/// `guichet-server offers …`.
#[derive(Debug, Subcommand)]
pub enum OffersCommand {
    /// Import offers from a CSV or JSON file: all rows valid or nothing written; upserts by
    /// external_id, so importing the same file again changes nothing
    Import(ImportArgs),
    /// Withdraw an offer by its id or external id; kiosks delete it at their next sync
    Withdraw(WithdrawArgs),
    /// Add COUNT generated offers (demonstrations, benchmarks); at most 100,000
    Generate(GenerateArgs),
    /// Make every kiosk download all offers again at its next sync (run after restoring a
    /// backup: kiosks may hold changes the restored database never had)
    ResetFeed(ResetFeedArgs),
}

#[derive(Debug, Args)]
pub struct ResetFeedArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file; its extension (.csv or .json) says its format
    pub file: PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// The offer's id (UUID) or its external id
    pub id: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many offers
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub count: u32,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Runs an `offers` subcommand, writing its one-line report to `out`.
pub async fn run(
    command: OffersCommand,
    clock: &Clock,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let now = clock.now().0;
    match command {
        OffersCommand::Import(args) => {
            let database = args.database.open().await?;
            let result = import_file(&database, &args.file, now).await;
            database.close().await;
            let report = result?;
            let UpsertCounts { inserted, updated, unchanged } = report.counts;
            writeln!(
                out,
                "{}: {} rows, {inserted} new, {updated} updated, {unchanged} unchanged ({} withdrawn)",
                args.file.display(),
                report.rows,
                report.withdrawn
            )?;
        }
        OffersCommand::Withdraw(args) => {
            let database = args.database.open().await?;
            let result = store::withdraw(&database, &args.id, clock.now_millis()).await;
            database.close().await;
            match result? {
                Withdrawal::Withdrawn => writeln!(out, "offer {} withdrawn", args.id)?,
                Withdrawal::AlreadyWithdrawn => {
                    writeln!(out, "offer {} was already withdrawn", args.id)?;
                }
                Withdrawal::NotFound => {
                    anyhow::bail!("no offer has the id or external id {}", args.id)
                }
            }
        }
        OffersCommand::ResetFeed(args) => {
            let database = args.database.open().await?;
            let result = store::new_epoch(&database).await;
            database.close().await;
            writeln!(out, "new feed epoch {}: kiosks will download every offer again", result?)?;
        }
        OffersCommand::Generate(args) => {
            let database = args.database.open().await?;
            let result = generate(&database, args.count as usize, now).await;
            database.close().await;
            let counts = result?;
            writeln!(
                out,
                "{} offers generated: {} new, {} updated, {} unchanged",
                args.count, counts.inserted, counts.updated, counts.unchanged
            )?;
        }
    }
    Ok(())
}
