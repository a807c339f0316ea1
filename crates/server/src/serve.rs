//! Running the server as a process: open and migrate the database, bind, announce the address,
//! serve until Ctrl-C or SIGTERM, then close the database.
//!
//! With `--tls-cert` and `--tls-key` the server speaks HTTPS itself (axum-server's rustls
//! acceptor, see ARCHITECTURE.md), and `--http-redirect-addr` adds a plain-HTTP listener that
//! only redirects to it ([`https_redirect`]).
//!
//! The one line this crate prints on stdout is [`listening_line`]: end-to-end tests and scripts
//! parse it to learn the port, so its format is fixed. With a redirect listener,
//! [`redirect_line`] comes just before it. Everything else goes to the log.

pub mod https_redirect;

use std::{
    io::{self, Write as _},
    net::SocketAddr,
};

use std::{num::NonZeroU32, path::PathBuf};

use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use clap::Args;
use tokio::{net::TcpListener, sync::watch};

use crate::{
    agencies,
    app::app,
    infra::{
        client_address::TrustedProxies,
        clock::Clock,
        config::{
            ConfigError, DEFAULT_ADDR, DEFAULT_DIST_DIR, DatabaseArgs, parse_database_url,
            parse_listen_addr, parse_metrics_addr, parse_rate, parse_redirect_addr,
        },
        db::{Database, DatabaseError, DatabaseUrl},
        offer_snapshots::SnapshotPolicy,
        rate_limit::{DEFAULT_ANONYMOUS_PER_MINUTE, DEFAULT_DEVICE_PER_MINUTE, RateLimits},
        state::AppState,
        tls::{TlsConfig, load_tls},
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
    /// Mark staff cookies `Secure` with the `__Host-` prefix: set it when a reverse proxy
    /// terminates TLS in front of the server (--tls-cert implies it).
    #[arg(long, env = "GUICHET_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Serve HTTPS with this PEM certificate chain (the server's certificate first, then any
    /// intermediates); needs --tls-key.
    #[arg(long, env = "GUICHET_TLS_CERT", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert's certificate (PKCS#8, PKCS#1 or SEC1, unencrypted).
    #[arg(long, env = "GUICHET_TLS_KEY", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
    /// With TLS, also listen on this address in plain HTTP and answer every request there with a
    /// redirect to the same path over HTTPS (typically 0.0.0.0:80).
    #[arg(long, env = "GUICHET_HTTP_REDIRECT_ADDR", value_name = "ADDR")]
    pub http_redirect_addr: Option<String>,
    /// Submissions per minute accepted from one enrolled kiosk.
    #[arg(long, env = "GUICHET_DEVICE_RATE", value_name = "PER_MINUTE")]
    #[arg(default_value_t = DEFAULT_DEVICE_PER_MINUTE)]
    pub device_rate: u32,
    /// Reverse proxies or load balancers in front of the server, comma-separated addresses or
    /// CIDR ranges (for example `10.0.0.0/8`): for requests from them, the client address (rate
    /// limits, login throttle, audit log) is taken from `X-Forwarded-For`. Empty: trust no
    /// header.
    #[arg(long, env = "GUICHET_TRUSTED_PROXIES", value_name = "LIST", default_value = "")]
    pub trusted_proxies: String,
    /// Take a new offers snapshot once this many offer changes came after the current one.
    #[arg(long, env = "GUICHET_SNAPSHOT_CHANGES", value_name = "CHANGES", default_value_t = 1_000)]
    pub snapshot_changes: u64,
    /// Take a new offers snapshot once the current one is this many seconds old and any offer
    /// changed since.
    #[arg(long, env = "GUICHET_SNAPSHOT_MAX_AGE", value_name = "SECONDS", default_value_t = 900)]
    pub snapshot_max_age: u64,
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
    /// Always true when `tls` is set.
    pub secure_cookies: bool,
    /// HTTPS: the checked certificate and key; `None` serves plain HTTP.
    pub tls: Option<TlsConfig>,
    /// The plain-HTTP listener that redirects to HTTPS (only with `tls`).
    pub http_redirect_addr: Option<SocketAddr>,
    pub anonymous_rate: NonZeroU32,
    pub device_rate: NonZeroU32,
    /// Where `/metrics` is served, if anywhere.
    pub metrics_addr: Option<SocketAddr>,
    /// The private sealing keys' directory (created with a first key when missing or empty).
    pub sealing_keys: PathBuf,
    pub trusted_proxies: TrustedProxies,
    /// When a new offers snapshot is taken.
    pub snapshot_policy: SnapshotPolicy,
}

/// Everything `migrate` needs, parsed.
#[derive(Debug, Clone)]
pub struct MigrateConfig {
    pub database_url: DatabaseUrl,
}

impl ServeArgs {
    /// Parses the raw arguments into a [`ServeConfig`].
    /// The TLS files are read and checked here, so a bad one stops the server before it opens the
    /// database or binds a port.
    pub fn into_config(self) -> Result<ServeConfig, ConfigError> {
        let tls = load_tls(self.tls_cert.as_deref(), self.tls_key.as_deref())?;
        let http_redirect_addr =
            self.http_redirect_addr.as_deref().map(parse_redirect_addr).transpose()?;
        if http_redirect_addr.is_some() && tls.is_none() {
            return Err(ConfigError::RedirectWithoutTls);
        }
        Ok(ServeConfig {
            addr: parse_listen_addr(&self.addr)?,
            database_url: parse_database_url(&self.database.database_url)?,
            dist_dir: self.dist_dir,
            demo_offers: self.demo_offers,
            seed_agencies: self.seed_agencies,
            secure_cookies: self.secure_cookies || tls.is_some(),
            tls,
            http_redirect_addr,
            anonymous_rate: parse_rate(
                self.anonymous_rate,
                "--anonymous-rate",
                "GUICHET_ANONYMOUS_RATE",
            )?,
            device_rate: parse_rate(self.device_rate, "--device-rate", "GUICHET_DEVICE_RATE")?,
            metrics_addr: self.metrics_addr.as_deref().map(parse_metrics_addr).transpose()?,
            sealing_keys: self.sealing.dir(&self.database.database_url),
            trusted_proxies: TrustedProxies::parse(&self.trusted_proxies)
                .map_err(ConfigError::InvalidTrustedProxy)?,
            snapshot_policy: SnapshotPolicy {
                min_changes: self.snapshot_changes.max(1),
                max_age: std::time::Duration::from_secs(self.snapshot_max_age),
                ..SnapshotPolicy::default()
            },
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
pub fn listening_line(addr: SocketAddr, https: bool) -> String {
    let scheme = if https { "https" } else { "http" };
    format!("guichet-server listening on {scheme}://{addr}")
}

/// The line printed on stdout just before [`listening_line`] when a redirect listener is bound.
pub fn redirect_line(addr: SocketAddr) -> String {
    format!("guichet-server redirecting http://{addr} to https")
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
    let (listener, local_addr) = bind(config.addr).await?;
    let redirect = match config.http_redirect_addr {
        Some(addr) => Some(bind(addr).await?),
        None => None,
    };
    let https = config.tls.is_some();
    announce(redirect.as_ref().map(|(_, addr)| *addr), local_addr, https)
        .map_err(ServeError::Announce)?;
    tracing::info!(
        %local_addr,
        https,
        tls_cert = config.tls.as_ref().map(|tls| tls.cert_path.display().to_string()),
        http_redirect_addr = redirect.as_ref().map(|(_, addr)| addr.to_string()),
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
        .with_tls(https)
        .with_rate_limits(RateLimits::new(config.anonymous_rate, config.device_rate))
        .with_sealing_keys_from(sealing_keys, config.sealing_keys.clone())
        .with_trusted_proxies(config.trusted_proxies)
        .with_snapshot_policy(config.snapshot_policy);
    // The peer address is what anonymous rate limits are keyed on.
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();

    // One signal stops every listener: each waits on this channel.
    let (stop_sender, stop) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        // Nobody left to tell only when every listener has already stopped.
        let _ = stop_sender.send(true);
    });
    let redirect_task = redirect.map(|(listener, _)| {
        let router = https_redirect::router(local_addr.port());
        let stop = stop.clone();
        tokio::spawn(async move {
            axum::serve(listener, router).with_graceful_shutdown(stopped(stop)).await
        })
    });
    match config.tls {
        None => axum::serve(listener, service)
            .with_graceful_shutdown(stopped(stop))
            .await
            .map_err(ServeError::Serve)?,
        Some(tls) => {
            let handle = axum_server::Handle::new();
            let on_stop = handle.clone();
            tokio::spawn(async move {
                stopped(stop).await;
                // Like `axum::serve`: finish the requests in flight, however long they take
                // (the request timeout bounds them).
                on_stop.graceful_shutdown(None);
            });
            let acceptor = RustlsAcceptor::new(RustlsConfig::from_config(tls.server_config));
            axum_server::Server::<SocketAddr>::from_listener(listener)
                .acceptor(acceptor)
                .handle(handle)
                .serve(service)
                .await
                .map_err(ServeError::Serve)?;
        }
    }
    if let Some(task) = redirect_task {
        task.await
            .map_err(|join| ServeError::Serve(io::Error::other(join)))?
            .map_err(ServeError::Serve)?;
    }
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

/// Binds `addr`; the listener and the address it is bound to (the port, when 0 was asked).
async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), ServeError> {
    let listener =
        TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })?;
    let local_addr = listener.local_addr().map_err(ServeError::Serve)?;
    Ok((listener, local_addr))
}

/// Prints the redirect line, if any, then the listening line, and flushes them, so a parent
/// process reading a pipe sees them now (and sees both once it sees the listening line).
#[allow(clippy::print_stdout, reason = "these lines on stdout are the interface, not a log")]
fn announce(redirect: Option<SocketAddr>, addr: SocketAddr, https: bool) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    if let Some(redirect) = redirect {
        writeln!(stdout, "{}", redirect_line(redirect))?;
    }
    writeln!(stdout, "{}", listening_line(addr, https))?;
    stdout.flush()
}

/// Resolves once the shutdown signal has been received.
async fn stopped(mut stop: watch::Receiver<bool>) {
    // An error means the sender is gone, which it only is after sending.
    let _ = stop.wait_for(|&stop| stop).await;
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
        fn check(addr: &str, https: bool, expected: &str) {
            assert_eq!(listening_line(addr.parse().expect("an address"), https), expected);
        }
        check("127.0.0.1:8080", false, "guichet-server listening on http://127.0.0.1:8080");
        check("[::1]:39001", false, "guichet-server listening on http://[::1]:39001");
        check("0.0.0.0:443", true, "guichet-server listening on https://0.0.0.0:443");
        assert_eq!(
            redirect_line("0.0.0.0:80".parse().expect("an address")),
            "guichet-server redirecting http://0.0.0.0:80 to https"
        );
    }
}
