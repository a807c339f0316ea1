//! Job offers on the agency backend: importing them from the source system's files, withdrawing
//! them, demonstration data (`demo`), the change feed kiosks follow (`http`), the snapshot a
//! first sync starts from (`snapshot`), and the
//! `guichet-server offers …` commands (`cli`).
//!
//! Imports are all or nothing: every row is validated by `guichet_core::offers::import` first,
//! and the database is touched only when every row of the file is valid. Messages name lines and
//! columns and never repeat more of a row than a short excerpt of the faulty value.

mod cli;
pub mod demo;
pub mod file;
mod http;
pub mod snapshot;
pub mod store;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use guichet_core::offers::{OfferRecord, OfferStatus, import};
use guichet_core::reference::ReferenceData;

use crate::infra::db::Database;

pub use cli::{OffersCommand, run};
pub use file::LineError;
pub(crate) use http::routes;
pub use store::{StoreError, UpsertCounts, Withdrawal};

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
    #[error(transparent)]
    Reference(#[from] crate::reference::StoreError),
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
    // Checked against the lists in force: the agency may have imported newer ones.
    let reference = crate::reference::current(database).await?;
    let records = validate_file(format, &text, &reference)
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

fn millis(now: u64) -> i64 {
    i64::try_from(now).unwrap_or(i64::MAX)
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
                "5: wilaya: `99` is not valid: expected a wilaya code (1 to 69)",
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
