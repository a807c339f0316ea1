//! The reference lists (wilayas, communes, occupations, contract types, sectors) that offers and
//! registrations refer to by code: the versions the agency imports (`cli`, with the core's
//! `reference::file` reader), where they
//! are kept (`store`), and how kiosks fetch the one in force (`http`).
//!
//! The version in force is the highest imported one, or the lists built into the server when
//! none was imported. Registrations are checked against the versions a server has had
//! ([`known_versions`]): each stored version is read and parsed once into the caller's
//! [`ReferenceCache`] (the one in `AppState`, per database: never a process-wide memo, which
//! tests running several databases in one process would share), since a version never changes
//! once imported. The CLI's imports, rare, parse what they need each time ([`current`],
//! [`version_of`]). An import is all or nothing: every row of every file is checked by
//! `guichet_core::reference::import` before anything is written.

mod cli;
mod http;
pub mod store;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use guichet_core::reference::file;
use guichet_core::reference::import::{self, RowError};
use guichet_core::reference::{BUILTIN_VERSION, ReferenceData};
use guichet_protocol::reference::{ContractType, OccupationGroup, Reference, Sector};

use crate::infra::db::Database;
pub use crate::infra::reference_cache::ReferenceCache;

pub use cli::{ReferenceCommand, run};
pub(crate) use http::{ReferenceApi, routes};
pub use store::StoreError;

/// The lists in force: the highest imported version, or the built-in lists.
pub async fn current(database: &Database) -> Result<Arc<ReferenceData>, StoreError> {
    match store::latest_version(database).await? {
        None => Ok(builtin()),
        Some(version) => Ok(version_of(database, version).await?.unwrap_or_else(builtin)),
    }
}

/// One version of the lists: the built-in one, or an imported one; `None` for a version this
/// server never had.
pub async fn version_of(
    database: &Database,
    version: u32,
) -> Result<Option<Arc<ReferenceData>>, StoreError> {
    if version == BUILTIN_VERSION {
        return Ok(Some(builtin()));
    }
    let Some(document) = store::document(database, version).await? else { return Ok(None) };
    Ok(parse(&document).map(Arc::new))
}

/// A stored document, indexed. One that was checked before it was written yet no longer reads
/// is a damaged database: `None`, and the callers fall back on the built-in lists or skip it.
fn parse(document: &str) -> Option<ReferenceData> {
    serde_json::from_str::<Reference>(document)
        .ok()
        .and_then(|reference| ReferenceData::new(reference).ok())
}

/// The lists compiled into the server, parsed once.
pub fn builtin() -> Arc<ReferenceData> {
    static BUILTIN: std::sync::OnceLock<Arc<ReferenceData>> = std::sync::OnceLock::new();
    Arc::clone(BUILTIN.get_or_init(|| Arc::new(ReferenceData::builtin().clone())))
}

/// Every version of the lists a server has had, and the one in force.
#[derive(Debug, Clone)]
pub struct KnownVersions {
    /// The built-in version first, then the stored ones, oldest first.
    all: Vec<Arc<ReferenceData>>,
    current: Arc<ReferenceData>,
}

impl KnownVersions {
    /// Every version, the built-in one first: what a registration that names no version (or one
    /// this server never had) is checked against (`guichet_core::registration::AnyVersion`).
    pub fn all(&self) -> Vec<&ReferenceData> {
        self.all.iter().map(AsRef::as_ref).collect()
    }

    /// The version in force: the highest stored one, or the built-in lists.
    pub fn current(&self) -> &ReferenceData {
        &self.current
    }

    /// Versions given directly, the built-in one first, the last in force (tests).
    #[cfg(test)]
    pub(crate) fn from_versions(all: Vec<Arc<ReferenceData>>) -> Self {
        let current = all.last().cloned().unwrap_or_else(builtin);
        Self { all, current }
    }

    /// The version numbered `version`, if this server had it.
    pub fn get(&self, version: u32) -> Option<&ReferenceData> {
        self.all.iter().find(|known| known.version() == version).map(AsRef::as_ref)
    }
}

/// Every version of the lists this server has had. One query reads the stored version numbers;
/// only a number `cache` lacks is read and parsed (then kept), so a version another instance
/// just imported is seen at once and the others cost nothing.
pub async fn known_versions(
    database: &Database,
    cache: &ReferenceCache,
) -> Result<KnownVersions, StoreError> {
    let mut all = vec![builtin()];
    let mut current = None;
    for version in store::versions(database).await? {
        let parsed = match cache.get(version) {
            Some(parsed) => Some(parsed),
            None => store::document(database, version)
                .await?
                .and_then(|document| parse(&document))
                .map(|parsed| cache.insert(version, parsed)),
        };
        // The highest stored version is in force; if it is damaged, the built-in lists are,
        // as `current` decides.
        current = parsed.clone();
        all.extend(parsed);
    }
    let current = current.unwrap_or_else(builtin);
    Ok(KnownVersions { all, current })
}

/// The files of one import; a list without a file keeps its current content.
#[derive(Debug, Clone, Default)]
pub struct ImportFiles {
    pub wilayas: Option<PathBuf>,
    pub communes: Option<PathBuf>,
    pub occupation_groups: Option<PathBuf>,
    pub occupations: Option<PathBuf>,
    pub contract_types: Option<PathBuf>,
    pub sectors: Option<PathBuf>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    /// A new version is in force.
    Stored { version: u32 },
    /// The files hold what is in force already: nothing was written.
    Unchanged { version: u32 },
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("no file given: name at least one list (--wilayas FILE, --communes FILE…)")]
    NothingToImport,
    #[error("could not read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} error(s), nothing imported:\n{}", .0.len(), .0.join("\n"))]
    Invalid(Vec<String>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Checks every file, then stores the lists as the next version (unless nothing changed).
pub async fn import_files(
    database: &Database,
    files: &ImportFiles,
    now_ms: i64,
) -> Result<ImportOutcome, ImportError> {
    let given = [
        &files.wilayas,
        &files.communes,
        &files.occupation_groups,
        &files.occupations,
        &files.contract_types,
        &files.sectors,
    ];
    if given.iter().all(|file| file.is_none()) {
        return Err(ImportError::NothingToImport);
    }
    let current = current(database).await?;
    let mut errors = Vec::new();
    let mut next = current.reference().clone();
    if let Some(rows) = rows_of(files.wilayas.as_deref(), &mut errors)?
        && let Some(wilayas) = collect(&mut errors, &files.wilayas, import::parse_wilayas(&rows))
    {
        next.wilayas = wilayas;
    }
    if let Some(rows) = rows_of(files.communes.as_deref(), &mut errors)?
        && let Some(communes) =
            collect(&mut errors, &files.communes, import::parse_communes(&rows, &next.wilayas))
    {
        next.communes = communes;
    }
    if let Some(rows) = rows_of(files.occupation_groups.as_deref(), &mut errors)?
        && let Some(named) =
            collect(&mut errors, &files.occupation_groups, import::parse_named(&rows))
    {
        next.occupation_groups =
            named.into_iter().map(|n| OccupationGroup { code: n.code, name: n.name }).collect();
    }
    if let Some(rows) = rows_of(files.occupations.as_deref(), &mut errors)? {
        let groups: Vec<String> = next.occupation_groups.iter().map(|g| g.code.clone()).collect();
        let parsed = import::parse_occupations(&rows, &groups);
        if let Some(occupations) = collect(&mut errors, &files.occupations, parsed) {
            next.occupations = occupations;
        }
    }
    if let Some(rows) = rows_of(files.contract_types.as_deref(), &mut errors)?
        && let Some(named) = collect(&mut errors, &files.contract_types, import::parse_named(&rows))
    {
        next.contract_types =
            named.into_iter().map(|n| ContractType { code: n.code, name: n.name }).collect();
    }
    if let Some(rows) = rows_of(files.sectors.as_deref(), &mut errors)?
        && let Some(named) = collect(&mut errors, &files.sectors, import::parse_named(&rows))
    {
        next.sectors = named.into_iter().map(|n| Sector { code: n.code, name: n.name }).collect();
    }
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    next.version = current.version();
    if &next == current.reference() {
        return Ok(ImportOutcome::Unchanged { version: current.version() });
    }
    let stored = store::latest_version(database).await?.unwrap_or(0);
    next.version = stored.max(current.version()).max(BUILTIN_VERSION) + 1;
    // The lists must hold together: kept lists may name what an imported one dropped.
    let checked =
        ReferenceData::new(next).map_err(|error| ImportError::Invalid(vec![error.to_string()]))?;
    let document = serde_json::to_string(checked.reference())
        .map_err(|error| ImportError::Invalid(vec![error.to_string()]))?;
    store::insert(database, checked.version(), now_ms, &document).await?;
    Ok(ImportOutcome::Stored { version: checked.version() })
}

/// The rows of `file`, or `None` when no file was given or it could not be parsed as CSV (the
/// reason then joins `errors`).
fn rows_of(
    file: Option<&Path>,
    errors: &mut Vec<String>,
) -> Result<Option<Vec<(usize, import::Row)>>, ImportError> {
    let Some(path) = file else { return Ok(None) };
    let text = std::fs::read_to_string(path)
        .map_err(|source| ImportError::Read { path: path.to_owned(), source })?;
    match file::read_csv(&text) {
        Ok(rows) => Ok(Some(rows)),
        Err(error) => {
            errors.push(format!("{}: {error}", path.display()));
            Ok(None)
        }
    }
}

/// The parsed list, or `None` with every error, prefixed by its file, added to `errors`.
fn collect<T>(
    errors: &mut Vec<String>,
    file: &Option<PathBuf>,
    parsed: Result<T, Vec<RowError>>,
) -> Option<T> {
    match parsed {
        Ok(value) => Some(value),
        Err(found) => {
            let name = file.as_deref().map(|path| path.display().to_string()).unwrap_or_default();
            errors.extend(found.iter().map(|error| format!("{name}: {error}")));
            None
        }
    }
}
