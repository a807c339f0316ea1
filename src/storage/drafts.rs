//! The drafts store: the one place that reads, writes and deletes registration drafts. Nothing
//! here sends a draft anywhere (`registration::drafts` saves them; only a submit turns one into an
//! outbox entry, in [`super::outbox::submit`]).

use guichet_core::draft::Draft;

use super::{Database, StorageError, from_js, stores};

/// Every stored draft, newest change first.
pub async fn all(database: &Database) -> Result<Vec<Draft>, StorageError> {
    let values = database.get_all(stores::DRAFTS).await?;
    let mut drafts = values.into_iter().map(from_js).collect::<Result<Vec<Draft>, _>>()?;
    drafts.sort_by_key(|draft| std::cmp::Reverse(draft.updated_at));
    Ok(drafts)
}

/// The most recently changed draft, if any.
pub async fn latest(database: &Database) -> Result<Option<Draft>, StorageError> {
    Ok(all(database).await?.into_iter().next())
}

/// Whether any draft is stored, counted without reading them.
pub async fn any(database: &Database) -> Result<bool, StorageError> {
    Ok(database.count(stores::DRAFTS).await? > 0)
}

pub async fn save(database: &Database, draft: &Draft) -> Result<(), StorageError> {
    database.put_json(stores::DRAFTS, None, draft).await
}

pub async fn delete(database: &Database, client_id: &str) -> Result<(), StorageError> {
    database.delete(stores::DRAFTS, client_id).await
}
