//! `guichet-server staff …`: add an account (printing its one-time activation link), list the
//! accounts, disable one. Reports go to `out`; the activation link is printed once and never
//! logged.

use clap::{Args, Subcommand, ValueEnum};

use super::{
    Role,
    store::{ACTIVATION_VALIDITY, NewStaff, add_staff, disable_staff, list_staff},
};
use crate::infra::{clock::Clock, config::DatabaseArgs};

/// `guichet-server staff …`.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Create an account and print its activation link (valid 24 hours, single use), where the
    /// person chooses their password
    Add(AddArgs),
    /// List the accounts: login, name, role, agency and state (never a password hash)
    List(ListArgs),
    /// Disable an account: it can no longer log in and its sessions end at once
    Disable(DisableArgs),
}

/// A role, as typed.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Counsellor,
    Manager,
    Admin,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Counsellor => Role::Counsellor,
            RoleArg::Manager => Role::Manager,
            RoleArg::Admin => Role::Admin,
        }
    }
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The agency's id (`16-05`), as imported by `agencies import`
    #[arg(long, value_name = "ID")]
    pub agency: String,
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// What the person types to log in: 3 to 64 lower-case letters, digits, '.', '_' or '-'
    #[arg(long)]
    pub login: String,
    /// The person's full name, as the desk shows it
    #[arg(long, value_name = "FULL NAME")]
    pub name: String,
    /// Where staff reach the server, for the printed link
    #[arg(
        long,
        env = "GUICHET_BASE_URL",
        default_value = "http://127.0.0.1:8080",
        value_name = "URL"
    )]
    pub base_url: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct DisableArgs {
    pub login: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Runs a `staff` subcommand.
pub async fn run(
    command: StaffCommand,
    clock: &Clock,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    match command {
        StaffCommand::Add(args) => {
            let database = args.database.open().await?;
            let new = NewStaff {
                login: args.login,
                full_name: args.name,
                role: args.role.into(),
                agency_id: args.agency,
            };
            let result = add_staff(&database, clock.now_millis(), &new).await;
            database.close().await;
            let token = result?;
            let hours = ACTIVATION_VALIDITY.as_secs() / 3600;
            writeln!(
                out,
                "Activation link for {} (valid {hours} hours, once; give it to them only):\n{}/desk/activate/{token}",
                new.login.trim().to_lowercase(),
                args.base_url.trim_end_matches('/'),
            )?;
        }
        StaffCommand::List(args) => {
            let database = args.database.open().await?;
            let result = list_staff(&database).await;
            database.close().await;
            writeln!(out, "login\tname\trole\tagency\tstate")?;
            for entry in result? {
                let state = match (entry.disabled, entry.activated) {
                    (true, _) => "disabled",
                    (false, true) => "active",
                    (false, false) => "awaiting activation",
                };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{state}",
                    entry.login,
                    entry.full_name,
                    entry.role.as_str(),
                    entry.agency_id
                )?;
            }
        }
        StaffCommand::Disable(args) => {
            let database = args.database.open().await?;
            let result = disable_staff(&database, clock.now_millis(), &args.login).await;
            database.close().await;
            let revoked = result?;
            writeln!(
                out,
                "{} disabled; {revoked} session(s) ended",
                args.login.trim().to_lowercase()
            )?;
        }
    }
    Ok(())
}
