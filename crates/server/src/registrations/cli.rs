//! `guichet-server registration …`: checking an exported registration, opening a sealed one,
//! listing stored ones.

use anyhow::Context as _;
use clap::{Args, Subcommand};
use guichet_protocol::sealing::SealedExport;

use super::{
    check::{CheckArgs, run_check, run_check_text},
    store,
};
use crate::{
    infra::{
        clock::Clock,
        config::{DEFAULT_DATABASE_URL, DatabaseArgs},
        db::Database,
    },
    reference::{self, ReferenceCache},
    sealing::{self, SealingArgs},
};

/// `guichet-server registration …`.
#[derive(Debug, Subcommand)]
pub enum RegistrationCommand {
    /// Validate a registration file (JSON) and print each field error; exit 0 only when valid.
    Check(CheckArgs),
    /// Open a sealed entry a kiosk exported (JSON: `{"client_id": …, "sealed": {…}}`) with the
    /// agency's keys and print the registration; with --validate, check it instead, as `check`
    /// does.
    Open(OpenArgs),
    /// List the stored registrations: client id and reference, one per line (no personal data)
    List(DatabaseArgs),
}

/// The arguments of `guichet-server registration open`.
#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The sealed entry; `--on` and `--database-url` serve --validate (and the URL finds the
    /// default key directory).
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub sealing: SealingArgs,
    /// Validate the opened registration (a report as `registration check` writes) instead of
    /// printing it.
    #[arg(long)]
    pub validate: bool,
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

/// `registration open`: the opened registration's JSON, or (with `--validate`) whether it is
/// valid against the lists of `database` (the built-in lists without one).
pub async fn open_against<Out: std::io::Write>(
    args: &OpenArgs,
    database: Option<&Database>,
    clock: &Clock,
    mut out: Out,
) -> anyhow::Result<bool> {
    let file = &args.check.file;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let export: SealedExport = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a sealed entry as a kiosk exports one ({{\"client_id\": …, \"sealed\": \
             {{\"key_id\", \"enc\", \"ciphertext\"}}}})",
            file.display()
        )
    })?;
    let url = args.check.database_url.as_deref().unwrap_or(DEFAULT_DATABASE_URL);
    let dir = args.sealing.dir(url);
    let (keys, _) = sealing::load(&dir)?;
    let registration = keys.open(&export.sealed, &export.client_id).with_context(|| {
        format!("cannot open {} with the keys in {}", file.display(), dir.display())
    })?;
    let json = serde_json::to_string_pretty(&registration)?;
    if !args.validate {
        writeln!(out, "{json}")?;
        return Ok(true);
    }
    let known = match database {
        Some(database) => {
            Some(reference::known_versions(database, &ReferenceCache::default()).await?)
        }
        None => None,
    };
    let versions = known.as_ref().map(reference::KnownVersions::all).unwrap_or_default();
    run_check_text(&args.check, &json, &versions, clock.now(), &mut out)
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
        RegistrationCommand::Open(args) => {
            let database = match (&args.check.database_url, args.validate) {
                (Some(url), true) => Some(DatabaseArgs { database_url: url.clone() }.open().await?),
                _ => None,
            };
            let valid = open_against(&args, database.as_ref(), clock, &mut *out).await;
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
