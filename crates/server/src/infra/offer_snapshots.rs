//! The offers snapshot one instance serves, held in memory so that serving it costs no database
//! query, and the policy that says when a newer one is due.
//!
//! The `offers` feature builds, stores and chooses snapshots (it alone reads offers); this module
//! only holds the current one, so the state every handler receives can carry it. It lives in
//! `AppState`, never in a process-wide static: tests run several databases in one process.

use std::{
    sync::{Arc, PoisonError, RwLock},
    time::Duration,
};

use axum::body::Bytes;

/// When an instance takes a new snapshot of the offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotPolicy {
    /// A new snapshot once this many changes (imports, withdrawals, expiries) came after the
    /// current one: what a first sync then pages through in the feed after the snapshot.
    pub min_changes: u64,
    /// A new snapshot once the current one is this old and anything changed since.
    pub max_age: Duration,
    /// How long an instance serves its in-memory snapshot before it looks at the database
    /// again (for a newer one, another instance's, or a new epoch).
    pub check_every: Duration,
}

impl Default for SnapshotPolicy {
    fn default() -> Self {
        Self {
            min_changes: 1_000,
            max_age: Duration::from_secs(15 * 60),
            check_every: Duration::from_secs(10),
        }
    }
}

/// One snapshot as stored: the JSON document compressed twice, once and for all, and its head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSnapshot {
    /// The feed cursor it was taken at (`<epoch>.<sequence>`): its name in URLs.
    pub name: String,
    pub epoch: String,
    pub sequence: i64,
    pub offers: u64,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub brotli: Bytes,
    pub gzip: Bytes,
    /// The head's JSON document (its newest offers; see `offers::snapshot::head`), sent as it
    /// is: a few kilobytes, compressed per response like the other API answers. `None` for a
    /// snapshot stored before heads were.
    pub head: Option<Bytes>,
}

/// The current snapshot of this instance, when it was last checked against the database, and
/// the lock that makes one request at a time do that check (or a build).
#[derive(Debug, Default)]
pub struct SnapshotCache {
    policy: SnapshotPolicy,
    current: RwLock<Option<(Arc<StoredSnapshot>, i64)>>,
    /// Held while checking the database or building: other requests wait, then find it fresh.
    pub refresh: tokio::sync::Mutex<()>,
}

impl SnapshotCache {
    pub fn new(policy: SnapshotPolicy) -> Self {
        Self { policy, ..Self::default() }
    }

    pub fn policy(&self) -> SnapshotPolicy {
        self.policy
    }

    /// The current snapshot, whether or not it is due for a check.
    pub fn current(&self) -> Option<Arc<StoredSnapshot>> {
        // A poisoned lock only means a panic elsewhere while holding it; the value is always
        // whole (a write is one assignment).
        self.current.read().unwrap_or_else(PoisonError::into_inner).as_ref().map(|(s, _)| s.clone())
    }

    /// The current snapshot if it was checked less than `check_every` before `now`.
    pub fn fresh(&self, now: i64) -> Option<Arc<StoredSnapshot>> {
        let current = self.current.read().unwrap_or_else(PoisonError::into_inner);
        let check_every = i64::try_from(self.policy.check_every.as_millis()).unwrap_or(i64::MAX);
        match current.as_ref() {
            Some((snapshot, checked_at))
                if now >= *checked_at && now - checked_at < check_every =>
            {
                Some(Arc::clone(snapshot))
            }
            _ => None,
        }
    }

    /// Keeps `snapshot` as current, checked at `now`.
    pub fn set(&self, snapshot: Arc<StoredSnapshot>, now: i64) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Some((snapshot, now));
    }
}
