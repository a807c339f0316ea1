//! `guichet-server`: parses the command line, sets up logging, and calls the library.

use std::{io::IsTerminal as _, process::ExitCode};

use anyhow::Context as _;
use clap::Parser as _;
use guichet_server::{Cli, Command, RegistrationCommand};
use tracing_subscriber::EnvFilter;

/// Used when `RUST_LOG` is unset: sqlx logs every statement at info, which is noise here.
const DEFAULT_LOG_FILTER: &str = "info,sqlx=warn";

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    match run(cli.command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The whole cause chain on one line, and no backtrace even under RUST_BACKTRACE:
            // an operator fixing a typo in GUICHET_ADDR needs the message, not the frames.
            eprintln!("guichet-server: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => {
            let config = args.into_config()?;
            guichet_server::serve(config).await.context("serve failed")
        }
        Command::Migrate(args) => {
            let config = args.into_config()?;
            guichet_server::migrate(config).await.context("migrate failed")
        }
        Command::Offers(command) => {
            guichet_server::offers::run(command, &mut std::io::stdout().lock()).await
        }
        Command::Registration(RegistrationCommand::List(args)) => {
            let config = args.into_config()?;
            guichet_server::list_registrations(config, &mut std::io::stdout().lock()).await
        }
        Command::Registration(RegistrationCommand::Check(args)) => {
            let now = guichet_server::clock::now();
            let valid = guichet_server::run_check(&args, now, &mut std::io::stdout().lock())?;
            anyhow::ensure!(valid, "the registration is not valid");
            Ok(())
        }
    }
}

/// Logs go to stderr, leaving stdout to the one listening line. Colours only on a terminal:
/// escape codes would garble journald and any file the log is redirected to.
fn init_tracing() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOG_FILTER));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}
