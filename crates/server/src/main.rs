//! `guichet-server`: parses the command line, sets up logging, and calls the library.

use std::{io::IsTerminal as _, process::ExitCode};

use clap::Parser as _;
use guichet_server::cli::{Cli, run};
use tracing_subscriber::EnvFilter;

/// Used when `RUST_LOG` is unset: sqlx logs every statement at info, which is noise here.
const DEFAULT_LOG_FILTER: &str = "info,sqlx=warn";

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    match run(cli.command, &mut std::io::stdout()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The whole cause chain on one line, and no backtrace even under RUST_BACKTRACE:
            // an operator fixing a typo in GUICHET_ADDR needs the message, not the frames.
            eprintln!("guichet-server: {error:#}");
            ExitCode::FAILURE
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
