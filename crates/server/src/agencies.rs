//! ANEM's agencies. (Skeleton holding the interface registrations codes against; the agencies
//! work replaces the body.)

use crate::infra::db::Database;

/// The local agency serving `commune_code`, if any.
pub async fn serving_commune(
    _database: &Database,
    _commune_code: &str,
) -> Result<Option<String>, sqlx::Error> {
    Ok(None)
}
