//! What every handler can reach: the database, the clock, the built kiosk's folder, the rate
//! limits and the parsed reference lists.
//!
//! It lives below the features so that a feature's handlers can name it without importing the
//! app that composes their routers.

use std::{path::PathBuf, sync::Arc};

use guichet_core::sealing::Keyring;

use super::{
    client_address::TrustedProxies,
    clock::Clock,
    db::Database,
    offer_snapshots::{SnapshotCache, SnapshotPolicy},
    rate_limit::RateLimits,
    reference_cache::ReferenceCache,
    sealing_keys::SealingKeys,
};

/// The state of the router, cloned into every request (each field is cheap to clone).
#[derive(Debug, Clone)]
pub struct AppState {
    pub database: Database,
    /// Trunk's output: `index.html` and the hashed assets next to it.
    pub dist_dir: PathBuf,
    pub clock: Clock,
    /// The public endpoints' rate limits, shared by every request of this instance.
    pub rate_limits: Arc<RateLimits>,
    /// Whether people reach the server over HTTPS (its own TLS, or a proxy's): staff cookies are
    /// then `Secure` and `__Host-` prefixed.
    pub secure_cookies: bool,
    /// Whether this server terminates TLS itself: every response then carries
    /// `Strict-Transport-Security`.
    pub strict_transport_security: bool,
    /// The versions of the reference lists parsed so far, for this database.
    pub reference_cache: Arc<ReferenceCache>,
    /// The private keys that open sealed registrations, the current one last (empty: sealed
    /// submissions are answered `invalid`, and `GET /api/v1/sealing-key` is a 404).
    pub sealing_keys: Arc<SealingKeys>,
    /// The reverse proxies whose `X-Forwarded-For` names the client (none by default).
    pub trusted_proxies: Arc<TrustedProxies>,
    /// The offers snapshot this instance serves, and when to take a newer one.
    pub offer_snapshots: Arc<SnapshotCache>,
}

impl AppState {
    /// State on the system clock.
    pub fn new(database: Database, dist_dir: impl Into<PathBuf>) -> Self {
        Self {
            database,
            dist_dir: dist_dir.into(),
            clock: Clock::System,
            rate_limits: Arc::new(RateLimits::default()),
            secure_cookies: false,
            strict_transport_security: false,
            reference_cache: Arc::default(),
            sealing_keys: Arc::default(),
            trusted_proxies: Arc::default(),
            offer_snapshots: Arc::default(),
        }
    }

    /// The same state on another clock (tests).
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The same state behind these reverse proxies.
    #[must_use]
    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> Self {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    /// The same state with staff cookies `Secure` (served over TLS) or not.
    #[must_use]
    pub fn with_secure_cookies(mut self, secure: bool) -> Self {
        self.secure_cookies = secure;
        self
    }

    /// The same state with these sealing keys, given in memory (tests): never reloaded.
    #[must_use]
    pub fn with_sealing_keys(mut self, keys: Keyring) -> Self {
        self.sealing_keys = Arc::new(SealingKeys::new(keys, None));
        self
    }

    /// The same state with the sealing keys loaded from `dir` at start, reloaded from it when a
    /// submission names a key this instance does not hold yet.
    #[must_use]
    pub fn with_sealing_keys_from(mut self, keys: Keyring, dir: PathBuf) -> Self {
        self.sealing_keys = Arc::new(SealingKeys::new(keys, Some(dir)));
        self
    }

    /// The same state served over this server's own TLS or not: `Strict-Transport-Security` on
    /// every response, and staff cookies `Secure` (TLS implies them).
    #[must_use]
    pub fn with_tls(mut self, tls: bool) -> Self {
        self.strict_transport_security = tls;
        self.secure_cookies |= tls;
        self
    }

    /// The same state taking offers snapshots by `policy` (configuration, tests).
    #[must_use]
    pub fn with_snapshot_policy(mut self, policy: SnapshotPolicy) -> Self {
        self.offer_snapshots = Arc::new(SnapshotCache::new(policy));
        self
    }

    /// The same state with other rate limits (configuration, tests).
    #[must_use]
    pub fn with_rate_limits(mut self, rate_limits: RateLimits) -> Self {
        self.rate_limits = Arc::new(rate_limits);
        self
    }
}
