//! `guichet-server`'s command line: the subcommands of every feature, and the one function that
//! runs them. `main.rs` parses, sets up logging and calls [`run`]; nothing here is a handler.

use clap::{Parser, Subcommand};

use crate::{
    infra::clock::Clock,
    offers::OffersCommand,
    registrations::RegistrationCommand,
    serve::{self, MigrateArgs, ServeArgs},
};

/// `guichet-server`'s command line.
#[derive(Debug, Parser)]
#[command(name = "guichet-server", version, about = "The agency backend of guichet")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What `guichet-server` was asked to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database, then serve the kiosk and the API until Ctrl-C or SIGTERM.
    Serve(ServeArgs),
    /// Create or migrate the database, then exit.
    Migrate(MigrateArgs),
    /// Import, withdraw or generate job offers (`offers import FILE`, `offers withdraw ID`).
    #[command(subcommand)]
    Offers(OffersCommand),
    /// Import a new version of the reference lists, or show the one in force
    /// (`reference import --wilayas FILE --communes FILE`, `reference show`).
    #[command(subcommand)]
    Reference(crate::reference::ReferenceCommand),
    /// Work with registrations (`registration check FILE`, `registration list`).
    #[command(subcommand)]
    Registration(RegistrationCommand),
    /// ANEM's agencies and the communes they serve (`agencies import [FILE]`, `agencies check`).
    #[command(subcommand)]
    Agencies(crate::agencies::AgenciesCommand),
    /// Enrolled kiosks (`devices code --agency ID`, `devices list`, `devices revoke DEVICE_ID`).
    #[command(subcommand)]
    Devices(crate::devices::DevicesCommand),
    /// A consistent copy of the live SQLite database (`backup --to FILE`).
    Backup(crate::backup::BackupArgs),
    /// Put a backup in place of a lost SQLite database, the server stopped
    /// (`restore --from FILE [--replace]`).
    Restore(crate::backup::RestoreArgs),
    /// Staff accounts (`staff add --agency ID --role ROLE --login LOGIN --name NAME`, `staff list`,
    /// `staff disable LOGIN`).
    #[command(subcommand)]
    Staff(crate::staff::StaffCommand),
    /// The private keys that open sealed registrations (`keys rotate`, `keys list`).
    #[command(subcommand)]
    Keys(crate::sealing::KeysCommand),
}

/// Runs one subcommand; reports go to `out` (stdout in the binary).
pub async fn run(command: Command, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let clock = Clock::System;
    match command {
        Command::Serve(args) => {
            let config = args.into_config()?;
            Ok(serve::serve(config).await?)
        }
        Command::Migrate(args) => {
            let config = args.into_config()?;
            Ok(serve::migrate(config).await?)
        }
        Command::Offers(command) => crate::offers::run(command, &clock, out).await,
        Command::Reference(command) => crate::reference::run(command, &clock, out).await,
        Command::Registration(command) => crate::registrations::run(command, &clock, out).await,
        Command::Agencies(command) => crate::agencies::run(command, out).await,
        Command::Devices(command) => crate::devices::run(command, &clock, out).await,
        Command::Staff(command) => crate::staff::run(command, &clock, out).await,
        Command::Keys(command) => crate::sealing::run(&command, &clock, out),
        Command::Backup(args) => crate::backup::run_backup(args, out).await,
        Command::Restore(args) => crate::backup::run_restore(args, out).await,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use guichet_protocol::health::DatabaseKind;

    use super::*;
    use crate::infra::config::ConfigError;

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_reach_the_serve_config() {
        let cli = Cli::try_parse_from([
            "guichet-server",
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            "postgres://postgres@127.0.0.1/test",
            "--dist",
            "/srv/kiosk",
        ])
        .expect("valid flags");
        let Command::Serve(args) = cli.command else { panic!("expected the serve subcommand") };
        let config = args.into_config().expect("valid values");
        assert_eq!(config.addr.to_string(), "127.0.0.1:0");
        assert_eq!(config.database_url.kind(), DatabaseKind::Postgres);
        assert_eq!(config.dist_dir, PathBuf::from("/srv/kiosk"));
        assert!(!config.secure_cookies, "plain HTTP unless told");
        let behind_tls = Cli::try_parse_from(["guichet-server", "serve", "--secure-cookies"])
            .expect("valid flags");
        let Command::Serve(args) = behind_tls.command else { panic!("expected serve") };
        assert!(args.into_config().expect("valid values").secure_cookies);
    }

    /// The `serve` configuration for these flags after `serve`, or the error's message.
    fn serve_config(flags: &[&str]) -> Result<serve::ServeConfig, String> {
        let cli = Cli::try_parse_from(["guichet-server", "serve"].iter().chain(flags))
            .map_err(|error| error.to_string())?;
        let Command::Serve(args) = cli.command else { panic!("expected the serve subcommand") };
        args.into_config().map_err(|error| error.to_string())
    }

    #[test]
    fn tls_flags_reach_the_serve_config_and_imply_secure_cookies() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let certified = rcgen::generate_simple_self_signed(vec!["guichet.lan".to_owned()])
            .expect("a certificate");
        let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
        std::fs::write(&cert, certified.cert.pem()).expect("write the certificate");
        std::fs::write(&key, certified.signing_key.serialize_pem()).expect("write the key");
        let (cert, key) = (cert.to_str().expect("UTF-8"), key.to_str().expect("UTF-8"));

        let config = serve_config(&[
            "--tls-cert",
            cert,
            "--tls-key",
            key,
            "--http-redirect-addr",
            "0.0.0.0:80",
        ])
        .expect("valid flags");
        assert!(config.tls.is_some());
        assert!(config.secure_cookies, "TLS implies Secure cookies");
        assert_eq!(config.http_redirect_addr, Some("0.0.0.0:80".parse().expect("an address")));
        assert!(serve_config(&[]).expect("valid").tls.is_none(), "plain HTTP unless told");

        #[track_caller]
        fn check(flags: &[&str], expected: &str) {
            let message = serve_config(flags).expect_err("refused");
            assert!(message.contains(expected), "{flags:?}: {message}");
        }
        check(&["--http-redirect-addr", "0.0.0.0:80"], "needs --tls-cert and --tls-key");
        check(
            &["--tls-cert", cert, "--tls-key", key, "--http-redirect-addr", "guichet.lan:80"],
            "invalid redirect address `guichet.lan:80` (from --http-redirect-addr or \
             GUICHET_HTTP_REDIRECT_ADDR)",
        );
        check(&["--tls-key", key], "--tls-cert (GUICHET_TLS_CERT) is not");
    }

    #[test]
    fn a_bad_flag_value_is_an_error_not_a_panic() {
        let cli = Cli::try_parse_from(["guichet-server", "migrate", "--database-url", "redis://x"])
            .expect("clap accepts any string");
        let Command::Migrate(args) = cli.command else { panic!("expected the migrate subcommand") };
        let error = args.into_config().expect_err("redis is not a supported database");
        assert!(
            matches!(error, ConfigError::UnknownDatabaseScheme { ref scheme } if scheme == "redis")
        );
    }
}
