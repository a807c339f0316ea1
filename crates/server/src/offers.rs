//! Job offers on the agency backend: importing them from the source system's files, withdrawing
//! them, demonstration data, and the change feed kiosks follow (`http`).
//!
//! Imports are all or nothing: every row is validated by `guichet_core::offers::import` first,
//! and the database is touched only when every row of the file is valid. Messages name lines and
//! columns and never repeat more of a row than a short excerpt of the faulty value.

pub mod demo;
pub mod file;
pub(crate) mod http;
pub mod store;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use guichet_core::offers::{OfferRecord, OfferStatus, import};
use guichet_core::reference::ReferenceData;

use crate::config::DatabaseArgs;
use crate::db::{Database, DatabaseError};

pub use file::LineError;
pub use store::{StoreError, UpsertCounts, Withdrawal};

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

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: unknown format, expected a .csv or .json file")]
    UnknownFormat { path: PathBuf },
    #[error("{} invalid row(s), nothing imported:\n{}", .errors.len(), format_errors(.errors))]
    Invalid { errors: Vec<LineError> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub rows: usize,
    pub counts: UpsertCounts,
    pub withdrawn: usize,
}

fn format_errors(errors: &[LineError]) -> String {
    errors
        .iter()
        .map(|error| format!("  line {}: {}", error.line, error.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Validates every row of an import file: the records, or every error with its line.
pub fn validate_file(
    format: file::Format,
    text: &str,
    reference: &ReferenceData,
) -> Result<Vec<OfferRecord>, Vec<LineError>> {
    let rows = file::read_rows(format, text)?;
    let mut records = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    for (line, row) in rows {
        match import::parse_row(&row, reference) {
            Ok(record) => {
                if let Some(first) = first_line_of.get(&record.external_id) {
                    errors.push(LineError {
                        line,
                        message: format!(
                            "external_id: {} is already on line {first}",
                            record.external_id
                        ),
                    });
                } else {
                    first_line_of.insert(record.external_id.clone(), line);
                    records.push(record);
                }
            }
            Err(field_errors) => errors.extend(
                field_errors
                    .into_iter()
                    .map(|error| LineError { line, message: error.to_string() }),
            ),
        }
    }
    if errors.is_empty() { Ok(records) } else { Err(errors) }
}

/// Imports a file into `database`, all or nothing.
pub async fn import_file(
    database: &Database,
    path: &Path,
    now: u64,
) -> Result<ImportReport, ImportError> {
    let format = file::Format::from_file_name(&path.to_string_lossy())
        .ok_or_else(|| ImportError::UnknownFormat { path: path.to_owned() })?;
    let text = tokio::fs::read_to_string(path)
        .await
        .map_err(|source| ImportError::Read { path: path.to_owned(), source })?;
    let records = validate_file(format, &text, ReferenceData::builtin())
        .map_err(|errors| ImportError::Invalid { errors })?;
    let withdrawn = records.iter().filter(|record| record.status == OfferStatus::Withdrawn).count();
    let counts = store::upsert(database, &records, millis(now)).await?;
    Ok(ImportReport { rows: records.len(), counts, withdrawn })
}

/// Seeds the demonstration offers when the database holds no offer at all.
pub async fn seed_demo_if_empty(database: &Database, now: u64) -> Result<usize, StoreError> {
    let stored: i64 = store::count_by_status(database).await?.iter().map(|(_, n)| n).sum();
    if stored > 0 {
        return Ok(0);
    }
    let records = demo::generate(demo::DEMO_COUNT, now, "DEMO");
    store::upsert(database, &records, millis(now)).await?;
    Ok(records.len())
}

/// Adds `count` synthetic offers (external ids `SYN-…`).
pub async fn generate(
    database: &Database,
    count: usize,
    now: u64,
) -> Result<UpsertCounts, StoreError> {
    let records = demo::generate(count.min(demo::MAX_GENERATED), now, "SYN");
    store::upsert(database, &records, millis(now)).await
}

/// Connects to and migrates the database named by `args`.
pub async fn open(args: &DatabaseArgs) -> anyhow::Result<Database> {
    let url = crate::config::parse_database_url(&args.database_url)?;
    let database = Database::connect(&url).await?;
    database.migrate().await.map_err(|error: DatabaseError| anyhow::anyhow!(error))?;
    Ok(database)
}

fn millis(now: u64) -> i64 {
    i64::try_from(now).unwrap_or(i64::MAX)
}

/// Milliseconds since the Unix epoch, from the system clock: the server's one source of `now`.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
}

/// Runs an `offers` subcommand, writing its one-line report to `out`.
pub async fn run(command: OffersCommand, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let now = u64::try_from(now_millis()).unwrap_or(0);
    match command {
        OffersCommand::Import(args) => {
            let database = open(&args.database).await?;
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
            let database = open(&args.database).await?;
            let result = store::withdraw(&database, &args.id, millis(now)).await;
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
            let database = open(&args.database).await?;
            let result = store::new_epoch(&database).await;
            database.close().await;
            writeln!(out, "new feed epoch {}: kiosks will download every offer again", result?)?;
        }
        OffersCommand::Generate(args) => {
            let database = open(&args.database).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "external_id,title_fr,employer,wilaya,commune,occupation,sector,contract,published_at,expires_at";

    fn row(external_id: &str, wilaya: &str) -> String {
        format!(
            "{external_id},Maçon,SARL Bâtir,{wilaya},{wilaya}01,7112,btph,cdd,2026-11-01,2026-12-31"
        )
    }

    #[test]
    fn every_error_of_a_file_comes_with_its_line_and_duplicates_are_refused() {
        let text = [
            HEADER.to_owned(),
            row("A-1", "16"),
            row("A-2", "31"),
            row("A-1", "25"),
            row("A-3", "99"),
        ]
        .join("\n");
        let errors = validate_file(file::Format::Csv, &text, ReferenceData::builtin())
            .expect_err("a duplicate and a bad wilaya");
        let messages: Vec<String> =
            errors.iter().map(|error| format!("{}: {}", error.line, error.message)).collect();
        assert_eq!(
            messages,
            [
                "4: external_id: A-1 is already on line 2",
                "5: wilaya: `99` is not valid: expected a wilaya code (1 to 58)",
                "5: commune: 9901 is not a commune code of the reference list",
            ]
        );
    }

    #[test]
    fn a_valid_file_gives_one_record_per_row() {
        let text = [HEADER.to_owned(), row("A-1", "16"), row("A-2", "31")].join("\n");
        let records =
            validate_file(file::Format::Csv, &text, ReferenceData::builtin()).expect("valid");
        let ids: Vec<&str> = records.iter().map(|record| record.external_id.as_str()).collect();
        assert_eq!(ids, ["A-1", "A-2"]);
    }
}
