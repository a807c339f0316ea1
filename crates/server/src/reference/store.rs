//! The `reference_versions` table, for both engines: each row one whole version of the lists as
//! JSON. Each query is written once with `$n` placeholders, which both engines accept. Nothing
//! here logs.

use crate::infra::db::Database;

use crate::infra::db::on_pool;

const VERSIONS: &str = "SELECT version FROM reference_versions ORDER BY version";
const LATEST_VERSION: &str = "SELECT MAX(version) FROM reference_versions";
const LATEST: &str =
    "SELECT version, document FROM reference_versions ORDER BY version DESC LIMIT 1";
const BY_VERSION: &str = "SELECT document FROM reference_versions WHERE version = $1";
const INSERT: &str =
    "INSERT INTO reference_versions (version, imported_at_ms, document) VALUES ($1, $2, $3)";

/// A query failed; the caller decides whether that is a 503 or an exit.
#[derive(Debug, thiserror::Error)]
#[error("a reference-lists query failed")]
pub struct StoreError(#[source] pub sqlx::Error);

/// The highest imported version, if any.
pub async fn latest_version(database: &Database) -> Result<Option<u32>, StoreError> {
    let version: Option<i64> = on_pool!(database, pool => {
        sqlx::query_scalar(LATEST_VERSION).fetch_one(pool).await
    })
    .map_err(StoreError)?;
    Ok(version.and_then(|version| u32::try_from(version).ok()))
}

/// Every imported version, oldest first.
pub async fn versions(database: &Database) -> Result<Vec<u32>, StoreError> {
    let versions: Vec<i64> = on_pool!(database, pool => {
        sqlx::query_scalar(VERSIONS).fetch_all(pool).await
    })
    .map_err(StoreError)?;
    Ok(versions.into_iter().filter_map(|version| u32::try_from(version).ok()).collect())
}

/// The highest imported version and its JSON document, if any.
pub async fn latest(database: &Database) -> Result<Option<(u32, String)>, StoreError> {
    let row: Option<(i64, String)> = on_pool!(database, pool => {
        sqlx::query_as(LATEST).fetch_optional(pool).await
    })
    .map_err(StoreError)?;
    Ok(row.and_then(|(version, document)| Some((u32::try_from(version).ok()?, document))))
}

/// The JSON document of one imported version.
pub async fn document(database: &Database, version: u32) -> Result<Option<String>, StoreError> {
    on_pool!(database, pool => {
        sqlx::query_scalar(BY_VERSION).bind(i64::from(version)).fetch_optional(pool).await
    })
    .map_err(StoreError)
}

/// Stores a new version. Two imports racing for the same number: the second fails on the key.
pub async fn insert(
    database: &Database,
    version: u32,
    imported_at_ms: i64,
    document: &str,
) -> Result<(), StoreError> {
    on_pool!(database, pool => {
        sqlx::query(INSERT)
            .bind(i64::from(version))
            .bind(imported_at_ms)
            .bind(document)
            .execute(pool)
            .await
            .map(drop)
    })
    .map_err(StoreError)
}
