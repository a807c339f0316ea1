//! `guichet-server reference …`: import a new version of the lists, show the one in force.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{ImportFiles, ImportOutcome, current, import_files};
use crate::infra::{clock::Clock, config::DatabaseArgs};

/// `guichet-server reference …`.
#[derive(Debug, Subcommand)]
pub enum ReferenceCommand {
    /// Import new lists from CSV files (header line; see the README): every row of every file
    /// valid or nothing written; the lists not given stay as they are; kiosks take the new
    /// version at their next sync
    Import(ImportArgs),
    /// Print the version in force and how many entries each list holds
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Wilayas: code, name_fr, name_ar[, name_en]
    #[arg(long, value_name = "FILE")]
    pub wilayas: Option<PathBuf>,
    /// Communes: code (official), wilaya_code, daira, name_fr, name_ar[, postal_code, name_en]
    #[arg(long, value_name = "FILE")]
    pub communes: Option<PathBuf>,
    /// Occupation groups: code, name_fr, name_ar[, name_en]
    #[arg(long, value_name = "FILE")]
    pub occupation_groups: Option<PathBuf>,
    /// Occupations: code (ISCO-08), group, name_fr, name_ar[, name_en]
    #[arg(long, value_name = "FILE")]
    pub occupations: Option<PathBuf>,
    /// Contract types: code, name_fr, name_ar[, name_en]
    #[arg(long, value_name = "FILE")]
    pub contract_types: Option<PathBuf>,
    /// Sectors: code, name_fr, name_ar[, name_en]
    #[arg(long, value_name = "FILE")]
    pub sectors: Option<PathBuf>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Runs a `reference` subcommand, writing its report to `out`.
pub async fn run(
    command: ReferenceCommand,
    clock: &Clock,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    match command {
        ReferenceCommand::Import(args) => {
            let files = ImportFiles {
                wilayas: args.wilayas,
                communes: args.communes,
                occupation_groups: args.occupation_groups,
                occupations: args.occupations,
                contract_types: args.contract_types,
                sectors: args.sectors,
            };
            let database = args.database.open().await?;
            let result = import_files(&database, &files, clock.now_millis()).await;
            database.close().await;
            match result? {
                ImportOutcome::Stored { version } => {
                    writeln!(
                        out,
                        "reference version {version} stored: kiosks take it at their next sync"
                    )?;
                }
                ImportOutcome::Unchanged { version } => {
                    writeln!(out, "nothing changed: version {version} stays in force")?;
                }
            }
        }
        ReferenceCommand::Show(args) => {
            let database = args.database.open().await?;
            let result = current(&database).await;
            database.close().await;
            let reference = result?;
            let lists = reference.reference();
            writeln!(out, "reference version {}", reference.version())?;
            writeln!(out, "wilayas\t{}", lists.wilayas.len())?;
            writeln!(out, "communes\t{}", lists.communes.len())?;
            writeln!(out, "occupation groups\t{}", lists.occupation_groups.len())?;
            writeln!(out, "occupations\t{}", lists.occupations.len())?;
            writeln!(out, "contract types\t{}", lists.contract_types.len())?;
            writeln!(out, "sectors\t{}", lists.sectors.len())?;
        }
    }
    Ok(())
}
