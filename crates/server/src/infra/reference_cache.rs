//! Parsed versions of the reference lists, kept in memory by version number.
//!
//! A stored version never changes once imported (a change is a new number), so a version parsed
//! once is good for as long as the process runs against the same database. The cache belongs to
//! one database: it lives in `AppState` (and is made afresh by a command that opens a database),
//! never in a process-wide static, which tests running several databases in one process would
//! share. Several server instances on one database each keep their own; none is ever stale,
//! since a version imported by another instance is a number this one has not cached yet.
//!
//! The `reference` feature fills it (it alone reads and parses documents); this module only
//! holds them, so the state that every handler receives can carry it.

use std::{
    collections::HashMap,
    sync::{
        Arc, PoisonError, RwLock,
        atomic::{AtomicUsize, Ordering},
    },
};

use guichet_core::reference::ReferenceData;

/// Versions of the lists already parsed, by version number.
#[derive(Debug, Default)]
pub struct ReferenceCache {
    versions: RwLock<HashMap<u32, Arc<ReferenceData>>>,
    parsed: AtomicUsize,
}

impl ReferenceCache {
    /// The version `version`, if it was parsed before.
    pub fn get(&self, version: u32) -> Option<Arc<ReferenceData>> {
        // A poisoned lock only means a panic elsewhere while holding it; the map itself is
        // always whole (an insert is one call), so reading on is safe.
        self.versions.read().unwrap_or_else(PoisonError::into_inner).get(&version).cloned()
    }

    /// Keeps the version just parsed from the row `version`, and counts the parse. When two
    /// requests parsed the same version at once, the first one kept wins and is returned, so
    /// every caller shares one.
    pub fn insert(&self, version: u32, parsed: ReferenceData) -> Arc<ReferenceData> {
        self.parsed.fetch_add(1, Ordering::Relaxed);
        let mut versions = self.versions.write().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(versions.entry(version).or_insert_with(|| Arc::new(parsed)))
    }

    /// How many documents were parsed into this cache: what its tests count.
    pub fn parsed(&self) -> usize {
        self.parsed.load(Ordering::Relaxed)
    }
}
