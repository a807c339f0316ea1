//! Job offers on the agency backend: importing them from the source system's files, withdrawing
//! them, demonstration data (`demo`), the change feed kiosks follow (`http`), the snapshot a
//! first sync starts from (`snapshot`), and the
//! `guichet-server offers …` commands (`cli`).
//!
//! Imports are all or nothing: the file is read and every row validated by
//! `guichet_core::offers::file` (with `guichet_core::offers::import`) first,
//! and the database is touched only when every row of the file is valid. Messages name lines and
//! columns and never repeat more of a row than a short excerpt of the faulty value.

mod cli;
pub mod demo;
mod http;
pub mod snapshot;
pub mod store;

use std::path::{Path, PathBuf};

use guichet_core::offers::OfferStatus;
use guichet_core::offers::file::{self, validate_file};

use crate::infra::db::Database;

pub use cli::{OffersCommand, run};
pub use file::LineError;
pub(crate) use http::{OffersApi, routes};
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
