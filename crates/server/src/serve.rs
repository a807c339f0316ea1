//! Running the server as a process: open and migrate the database, bind, announce the address,
//! serve until Ctrl-C or SIGTERM, then close the database.
//!
//! The one line this crate prints on stdout is [`listening_line`]: end-to-end tests and scripts
//! parse it to learn the port, so its format is fixed. Everything else goes to the log.

use std::{
    io::{self, Write as _},
    net::SocketAddr,
};

use std::{num::NonZeroU32, path::PathBuf};

use clap::Args;
use tokio::net::TcpListener;

use crate::{
    agencies,
    app::app,
    infra::{
        clock::Clock,
        config::{
            ConfigError, DEFAULT_ADDR, DEFAULT_DIST_DIR, DatabaseArgs, parse_database_url,
            parse_listen_addr, parse_metrics_addr, parse_rate,
        },
        db::{Database, DatabaseError, DatabaseUrl},
        rate_limit::{DEFAULT_ANONYMOUS_PER_MINUTE, DEFAULT_DEVICE_PER_MINUTE, RateLimits},
        state::AppState,
    },
    offers,
};

/// The raw arguments of `guichet-server serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on; port 0 picks a free port.
    #[arg(long, env = "GUICHET_ADDR", default_value = DEFAULT_ADDR, value_name = "ADDR")]
    pub addr: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The directory holding the built kiosk (index.html and its assets).
    #[arg(long = "dist", env = "GUICHET_DIST_DIR", default_value = DEFAULT_DIST_DIR)]
    #[arg(value_name = "DIR")]
    pub dist_dir: PathBuf,
    /// Add demonstration job offers when the database has none (what `cargo xtask run` does).
    #[arg(long, env = "GUICHET_DEMO_OFFERS")]
    pub demo_offers: bool,
    /// Import the agency list bundled with the server when the database has no agency (what
    /// `cargo xtask run` and the end-to-end tests do).
    #[arg(long, env = "GUICHET_SEED_AGENCIES")]
    pub seed_agencies: bool,
    /// Submissions per minute accepted from one address without a device credential (phones;
    /// sized for carrier-grade NAT, see the README).
    #[arg(long, env = "GUICHET_ANONYMOUS_RATE", value_name = "PER_MINUTE")]
    #[arg(default_value_t = DEFAULT_ANONYMOUS_PER_MINUTE)]
    pub anonymous_rate: u32,
    /// Serve Prometheus metrics at `/metrics` on this address (for example `127.0.0.1:9090`);
    /// off when absent. Never the public address: the counts are for the operators.
    #[arg(long, env = "GUICHET_METRICS_ADDR", value_name = "ADDR")]
    pub metrics_addr: Option<String>,
    /// Mark staff cookies `Secure` with the `__Host-` prefix: set it whenever people reach the
    /// server over HTTPS (a reverse proxy terminating TLS in front of it).
    #[arg(long, env = "GUICHET_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Submissions per minute accepted from one enrolled kiosk.
    #[arg(long, env = "GUICHET_DEVICE_RATE", value_name = "PER_MINUTE")]
    #[arg(default_value_t = DEFAULT_DEVICE_PER_MINUTE)]
    pub device_rate: u32,
    #[command(flatten)]
    pub sealing: crate::sealing::SealingArgs,
}

/// The raw arguments of `guichet-server migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Everything `serve` needs, parsed.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub addr: SocketAddr,
    pub database_url: DatabaseUrl,
    pub dist_dir: PathBuf,
    pub demo_offers: bool,
    pub seed_agencies: bool,
    pub secure_cookies: bool,
    pub anonymous_rate: NonZeroU32,
    pub device_rate: NonZeroU32,
    /// Where `/metrics` is served, if anywhere.
    pub metrics_addr: Option<SocketAddr>,
    /// The private sealing keys' directory (created with a first key when missing or empty).
    pub sealing_keys: PathBuf,
}

/// Everything `migrate` needs, parsed.
#[derive(Debug, Clone)]
pub struct MigrateConfig {
    pub database_url: DatabaseUrl,
}

impl ServeArgs {
    /// Parses the raw arguments into a [`ServeConfig`].
    pub fn into_config(self) -> Result<ServeConfig, ConfigError> {
        Ok(ServeConfig {
            addr: parse_listen_addr(&self.addr)?,
            database_url: parse_database_url(&self.database.database_url)?,
            dist_dir: self.dist_dir,
            demo_offers: self.demo_offers,
            seed_agencies: self.seed_agencies,
            secure_cookies: self.secure_cookies,
            anonymous_rate: parse_rate(
                self.anonymous_rate,
                "--anonymous-rate",
                "GUICHET_ANONYMOUS_RATE",
            )?,
            device_rate: parse_rate(self.device_rate, "--device-rate", "GUICHET_DEVICE_RATE")?,
            metrics_addr: self.metrics_addr.as_deref().map(parse_metrics_addr).transpose()?,
            sealing_keys: self.sealing.dir(&self.database.database_url),
        })
    }
}

impl MigrateArgs {
    /// Parses the raw arguments into a [`MigrateConfig`].
    pub fn into_config(self) -> Result<MigrateConfig, ConfigError> {
        Ok(MigrateConfig { database_url: parse_database_url(&self.database.database_url)? })
    }
}

/// Why `serve` or `migrate` stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Database(#[from] DatabaseError),
    #[error("could not listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: io::Error,
    },
    #[error("could not write the listening address to stdout")]
    Announce(#[source] io::Error),
    #[error("the HTTP server failed")]
    Serve(#[source] io::Error),
    #[error("could not add the demonstration offers")]
    DemoOffers(#[source] offers::StoreError),
    #[error("could not import the bundled agency list")]
    SeedAgencies(#[source] agencies::ImportError),
    #[error(transparent)]
    SealingKeys(#[from] crate::sealing::KeysError),
}

/// The line printed on stdout once the server accepts connections, for the bound address.
pub fn listening_line(addr: SocketAddr) -> String {
    format!("guichet-server listening on http://{addr}")
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight and returns.
pub async fn serve(config: ServeConfig) -> Result<(), ServeError> {
    let clock = Clock::System;
    // Before the database: a key directory others may read stops the start.
    let sealing_keys = crate::sealing::load_or_create(&config.sealing_keys, clock.now_millis())?;
    let database = Database::connect(&config.database_url).await?;
    database.migrate().await?;
    if config.demo_offers {
        let added = offers::seed_demo_if_empty(&database, clock.now().0)
            .await
            .map_err(ServeError::DemoOffers)?;
        if added > 0 {
            tracing::info!(added, "demonstration offers added to an empty database");
        }
    }
    if config.seed_agencies
        && let Some(report) =
            agencies::seed_bundled_if_empty(&database).await.map_err(ServeError::SeedAgencies)?
    {
        tracing::info!(
            agencies = report.agencies,
            "bundled agency list imported into an empty database"
        );
    }
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind { addr: config.addr, source })?;
    let local_addr = listener.local_addr().map_err(ServeError::Serve)?;
    announce(local_addr).map_err(ServeError::Announce)?;
    tracing::info!(
        %local_addr,
        database = ?database.kind(),
        dist_dir = %config.dist_dir.display(),
        "guichet-server started"
    );

    // Metrics on their own address, stopped with the server.
    let metrics_server = match config.metrics_addr {
        Some(addr) => {
            let listener = TcpListener::bind(addr)
                .await
                .map_err(|source| ServeError::Bind { addr, source })?;
            let bound = listener.local_addr().map_err(ServeError::Serve)?;
            tracing::info!(%bound, "metrics served at /metrics");
            let router = crate::infra::metrics::router(database.clone());
            Some(tokio::spawn(async move { axum::serve(listener, router).await }))
        }
        None => None,
    };
    let state = AppState::new(database.clone(), config.dist_dir)
        .with_clock(clock)
        .with_secure_cookies(config.secure_cookies)
        .with_rate_limits(RateLimits::new(config.anonymous_rate, config.device_rate))
        .with_sealing_keys(sealing_keys);
    // The peer address is what anonymous rate limits are keyed on.
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(ServeError::Serve)?;
    if let Some(metrics_server) = metrics_server {
        metrics_server.abort();
    }
    database.close().await;
    tracing::info!("guichet-server stopped");
    Ok(())
}

/// Creates or migrates the database, then returns.
pub async fn migrate(config: MigrateConfig) -> Result<(), ServeError> {
    let database = Database::connect(&config.database_url).await?;
    database.migrate().await?;
    database.close().await;
    tracing::info!(database = ?database.kind(), "database migrated");
    Ok(())
}

/// Prints the listening line and flushes it, so a parent process reading a pipe sees it now.
#[allow(clippy::print_stdout, reason = "this line on stdout is the interface, not a log")]
fn announce(addr: SocketAddr) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{}", listening_line(addr))?;
    stdout.flush()
}

/// Resolves on Ctrl-C, or on SIGTERM (what systemd and container runtimes send).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(error = &error as &dyn std::error::Error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(error) => {
                tracing::error!(
                    error = &error as &dyn std::error::Error,
                    "cannot listen for SIGTERM"
                );
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listening_line_names_the_bound_address() {
        #[track_caller]
        fn check(addr: &str, expected: &str) {
            assert_eq!(listening_line(addr.parse().expect("an address")), expected);
        }
        check("127.0.0.1:8080", "guichet-server listening on http://127.0.0.1:8080");
        check("[::1]:39001", "guichet-server listening on http://[::1]:39001");
    }
}
