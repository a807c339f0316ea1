//! `guichet-server agencies …`: import ANEM's list, check it, list what is stored.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use guichet_core::reference::ReferenceData;

use super::{BUNDLED_LIST, ImportReport, Plan, import, plan_list, store};
use crate::infra::config::DatabaseArgs;

/// `guichet-server agencies …`.
#[derive(Debug, Subcommand)]
pub enum AgenciesCommand {
    /// Import ANEM's agencies and the communes each serves (FILE has the columns of
    /// reference/anem-agencies.csv; without FILE, the list bundled with the server). Nothing is
    /// written unless every commune name matches one commune; importing again changes nothing
    Import(ImportArgs),
    /// Check a list without importing it: names that match no commune, communes listed by no
    /// local agency or by several and the one agency the rule gives each. Exits non-zero when a
    /// name matches no commune or several, or a commune would be served by no agency
    Check(CheckArgs),
    /// List the stored agencies: id, kind, communes served, kiosk delays, name
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file; the bundled list when absent
    pub file: Option<PathBuf>,
    /// Import even if some commune names match no commune or several (they are listed)
    #[arg(long)]
    pub allow_unmatched: bool,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The CSV file; the bundled list when absent
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Runs an `agencies` subcommand, writing its report to `out`.
pub async fn run(command: AgenciesCommand, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    match command {
        AgenciesCommand::Import(args) => {
            let (name, text) = read_list(args.file.as_ref()).await?;
            let database = args.database.open().await?;
            let result = import(&database, &text, args.allow_unmatched).await;
            database.close().await;
            let report = result?;
            write_import_report(out, &name, &report)?;
        }
        AgenciesCommand::Check(args) => {
            let (name, text) = read_list(args.file.as_ref()).await?;
            let (agencies, plan) =
                plan_list(&text).map_err(|errors| super::ImportError::Invalid { errors })?;
            writeln!(out, "{name}: {} agencies", agencies.len())?;
            let problems = write_plan(out, &plan)?;
            if problems > 0 {
                anyhow::bail!(
                    "{problems} problem(s) in {name}: names matching no commune or several, or \
                     communes no agency would serve"
                );
            }
        }
        AgenciesCommand::List(args) => {
            let database = args.database.open().await?;
            let result = async {
                Ok::<_, sqlx::Error>((
                    store::list(&database).await?,
                    store::communes_per_agency(&database).await?,
                ))
            }
            .await;
            database.close().await;
            let (agencies, communes) = result?;
            for agency in &agencies {
                writeln!(
                    out,
                    "{:<6} {:<6} {:>3} communes  idle {:>4} s  countdown {:>3} s  {}",
                    agency.id,
                    agency.kind.as_str(),
                    communes.get(&agency.id).copied().unwrap_or(0),
                    agency.kiosk.idle_seconds,
                    agency.kiosk.countdown_seconds,
                    agency.name
                )?;
            }
            writeln!(out, "{} agencies", agencies.len())?;
        }
    }
    Ok(())
}

/// The list's name for messages and its text: FILE, or the bundled list.
async fn read_list(file: Option<&PathBuf>) -> anyhow::Result<(String, String)> {
    match file {
        None => Ok(("the bundled list".to_owned(), BUNDLED_LIST.to_owned())),
        Some(path) => {
            let text = tokio::fs::read_to_string(path)
                .await
                .with_context(|| format!("could not read {}", path.display()))?;
            Ok((path.display().to_string(), text))
        }
    }
}

fn write_import_report(
    out: &mut dyn std::io::Write,
    name: &str,
    report: &ImportReport,
) -> std::io::Result<()> {
    let counts = &report.counts;
    writeln!(out, "{name}: {} agencies", report.agencies)?;
    write_plan(out, &report.plan)?;
    writeln!(
        out,
        "agencies: {} new, {} updated, {} unchanged; communes: {} new, {} changed, {} unchanged, \
         {} removed",
        counts.agencies_inserted,
        counts.agencies_updated,
        counts.agencies_unchanged,
        counts.communes_inserted,
        counts.communes_updated,
        counts.communes_unchanged,
        counts.communes_removed
    )
}

/// Writes what the matching and the rule did; returns how many problems `check` reports.
fn write_plan(out: &mut dyn std::io::Write, plan: &Plan) -> std::io::Result<usize> {
    let reference = ReferenceData::builtin();
    let commune_name = |code: &str| reference.commune(code).map_or("?", |c| c.name.fr.as_str());
    writeln!(
        out,
        "served names: {} matched by folding, {} by alias, {} unmatched",
        plan.matched_by_folding,
        plan.matched_by_alias,
        plan.unmatched.len()
    )?;
    for name in &plan.unmatched {
        writeln!(out, "  {name}")?;
    }
    let several: Vec<_> = plan.listed_by_several().collect();
    let none: Vec<_> = plan.listed_by_none().collect();
    writeln!(
        out,
        "communes: {} of {}, {} listed by one local agency, {} by several, {} by none",
        plan.assignments.len(),
        reference.reference().communes.len(),
        plan.listed_by.len() - several.len(),
        several.len(),
        none.len()
    )?;
    if !several.is_empty() {
        writeln!(out, "listed by several (the first by agency id keeps it):")?;
        for (code, agencies) in &several {
            let kept = plan.assignments.get(*code).map_or("?", |a| a.agency_id.as_str());
            let name = commune_name(code);
            writeln!(out, "  {code} {name}: {} -> {kept}", agencies.join(", "))?;
        }
    }
    if !none.is_empty() {
        writeln!(out, "listed by none (the agency serving the chef-lieu of its wilaya):")?;
        for (code, assignment) in &none {
            let name = commune_name(code);
            match assignment {
                Some(assignment) => writeln!(out, "  {code} {name} -> {}", assignment.agency_id)?,
                None => writeln!(out, "  {code} {name} -> no agency (its chef-lieu has none)")?,
            }
        }
    }
    // Listed by several or by none is ANEM's data as it is; the rule gives each such commune one
    // agency, shown above. A problem is what the rule cannot mend: a name matching no commune or
    // several, or a commune left with no agency at all.
    Ok(plan.unmatched.len() + plan.unassigned.len())
}
