//! `guichet-server devices …`: enrolment codes for operators, the list of kiosks, revocation.

use clap::{Args, Subcommand};

use super::{Revocation, create_code, list, revoke, rfc3339};
use crate::infra::{clock::Clock, config::DatabaseArgs};

/// `guichet-server devices …`.
#[derive(Debug, Subcommand)]
pub enum DevicesCommand {
    /// Create a one-time enrolment code for an agency's kiosk (valid 15 minutes); the code is
    /// the last word of the line printed
    Code(CodeArgs),
    /// List enrolled kiosks: agency, name, enrolled, last seen, revoked, id
    List(ListArgs),
    /// Revoke a kiosk: its credential is refused (401) from now on
    Revoke(RevokeArgs),
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// The agency the kiosk will belong to (`16-05`)
    #[arg(long, value_name = "ID")]
    pub agency: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this agency's kiosks
    #[arg(long, value_name = "ID")]
    pub agency: Option<String>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The device id, as `devices list` shows it
    pub device_id: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Runs a `devices` subcommand, writing its report to `out`.
pub async fn run(
    command: DevicesCommand,
    clock: &Clock,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    match command {
        DevicesCommand::Code(args) => {
            let database = args.database.open().await?;
            let result = create_code(&database, clock.now(), &args.agency, None).await;
            database.close().await;
            let issued = result?;
            let expires_at = rfc3339(i64::try_from(issued.expires_at.0).unwrap_or(i64::MAX));
            // End-to-end tests read the code as the last word of this line.
            writeln!(
                out,
                "enrolment code for agency {}, valid until {expires_at}: {}",
                args.agency,
                issued.code.as_str()
            )?;
        }
        DevicesCommand::List(args) => {
            let database = args.database.open().await?;
            let result = list(&database, args.agency.as_deref()).await;
            database.close().await;
            let devices = result?;
            let when = |at: Option<i64>| at.map_or_else(|| "-".to_owned(), rfc3339);
            writeln!(out, "agency\tname\tenrolled\tlast seen\trevoked\tid")?;
            for device in &devices {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    device.agency_id,
                    device.name,
                    rfc3339(device.enrolled_at_ms),
                    when(device.last_seen_at_ms),
                    when(device.revoked_at_ms),
                    device.id
                )?;
            }
            writeln!(out, "{} device(s)", devices.len())?;
        }
        DevicesCommand::Revoke(args) => {
            let database = args.database.open().await?;
            let result = revoke(&database, clock.now(), &args.device_id).await;
            database.close().await;
            match result? {
                Revocation::Revoked => writeln!(out, "device {} revoked", args.device_id)?,
                Revocation::AlreadyRevoked => {
                    writeln!(out, "device {} was already revoked", args.device_id)?;
                }
                Revocation::NotFound => anyhow::bail!("no device has the id {}", args.device_id),
            }
        }
    }
    Ok(())
}
