//! Snapshots of the offers catalogue: every live offer at one feed cursor, as one JSON document
//! compressed with brotli and gzip once, stored in the database, and served as it is by every
//! instance until a newer one is due (see [`SnapshotPolicy`]).
//!
//! A snapshot is the feed replayed from the beginning in one page, minus the removals a device
//! starting from nothing has no use for: the same query, the same order, the cursor of the last
//! row read. So the feed after its cursor delivers everything it lacks, removals included, with
//! the feed's own guarantees (writers commit in sequence order; the epoch in the cursor makes a
//! device that applied a snapshot of another epoch start over).
//!
//! Stored rather than kept per instance: instances on one database serve the same bytes under
//! one name, and one of them builds while the others load it. Never built by a request that
//! finds a current snapshot: a request checks the database at most once per `check_every` per
//! instance, and builds only when the policy says one is due. Nothing here logs.

pub(crate) mod http;

use std::sync::Arc;

use axum::body::Bytes;
use guichet_core::offers::cursor::FeedCursor;
use guichet_protocol::offers::{Offer, OfferSnapshot, SNAPSHOT_HEAD_OFFERS};

use super::store::{self, FeedEntry, StoreError};
use crate::infra::db::{Database, on_pool};
use crate::infra::offer_snapshots::{SnapshotPolicy, StoredSnapshot};
use crate::infra::state::AppState;

/// Brotli's quality for snapshots: 9 takes about a second for 20,000 offers on one core and
/// is within a few percent of 11, which takes ten times longer.
const BROTLI_QUALITY: i32 = 9;
/// Brotli's window: 4 MiB, so repeated employers and titles far apart still match.
const BROTLI_WINDOW: i32 = 22;

const LATEST: &str = "SELECT name, sequence, created_at FROM offer_snapshots \
     WHERE epoch = $1 ORDER BY sequence DESC LIMIT 1";
const LOAD: &str = "SELECT name, epoch, sequence, offers, created_at, brotli, gzip, head \
     FROM offer_snapshots WHERE name = $1";
const INSERT: &str = "INSERT INTO offer_snapshots \
     (name, epoch, sequence, offers, created_at, brotli, gzip, head) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name) DO NOTHING";
/// Keeps this epoch's snapshots from `$2` to `$3`: the new one and the one it replaces (one ahead
/// of the new one is from a restored backup whose feed went back).
const PRUNE: &str =
    "DELETE FROM offer_snapshots WHERE epoch <> $1 OR sequence < $2 OR sequence > $3";

/// Why no snapshot could be served.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the snapshot could not be compressed")]
    Compress(#[source] std::io::Error),
    #[error("the snapshot's compression was interrupted")]
    Join(#[from] tokio::task::JoinError),
}

impl From<sqlx::Error> for SnapshotError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(StoreError::Query(error))
    }
}

/// The newest stored snapshot of an epoch, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotMeta {
    pub name: String,
    pub sequence: i64,
    pub created_at: i64,
}

/// Whether a new snapshot is due, the newest of this epoch being `latest` (none: due), the feed
/// having handed out `last_sequence`, at `now`.
pub fn due(
    policy: SnapshotPolicy,
    latest: Option<&SnapshotMeta>,
    last_sequence: i64,
    now: i64,
) -> bool {
    let Some(latest) = latest else { return true };
    if last_sequence < latest.sequence {
        // Ahead of the feed: a backup restored without a new epoch. It is not what is stored.
        return true;
    }
    let changes = u64::try_from(last_sequence.saturating_sub(latest.sequence)).unwrap_or(0);
    let max_age = i64::try_from(policy.max_age.as_millis()).unwrap_or(i64::MAX);
    changes >= policy.min_changes.max(1)
        || (changes > 0 && now.saturating_sub(latest.created_at) >= max_age)
}

/// The snapshot to serve now: this instance's while it is fresh; otherwise, after a look at the
/// database, the newest stored one of the current epoch, or a new one when one is due.
pub async fn current(state: &AppState) -> Result<Arc<StoredSnapshot>, SnapshotError> {
    let cache = &state.offer_snapshots;
    if let Some(snapshot) = cache.fresh(state.clock.now_millis()) {
        return Ok(snapshot);
    }
    // One request at a time looks at the database; meanwhile the others serve what this
    // instance holds (still correct: the feed after it completes it), or wait for the first.
    let _one_at_a_time = match cache.refresh.try_lock() {
        Ok(guard) => guard,
        Err(_) => match cache.current() {
            Some(held) => return Ok(held),
            None => cache.refresh.lock().await,
        },
    };
    let now = state.clock.now_millis();
    if let Some(snapshot) = cache.fresh(now) {
        return Ok(snapshot);
    }
    let database = &state.database;
    let (epoch, last_sequence) = store::feed_state(database).await?;
    let latest = latest(database, &epoch).await?;
    let snapshot = match latest {
        Some(latest) if !due(cache.policy(), Some(&latest), last_sequence, now) => {
            match cache.current() {
                Some(held) if held.name == latest.name => held,
                _ => match load(database, &latest.name).await? {
                    Some(stored) => Arc::new(stored),
                    // Pruned by another instance meanwhile: take one of our own.
                    None => Arc::new(take(database, None, now).await?),
                },
            }
        }
        latest => Arc::new(take(database, latest.as_ref(), now).await?),
    };
    cache.set(Arc::clone(&snapshot), now);
    Ok(snapshot)
}

/// The stored snapshot called `name`, if it is of the current epoch.
pub async fn by_name(
    state: &AppState,
    name: &str,
) -> Result<Option<Arc<StoredSnapshot>>, SnapshotError> {
    let current = current(state).await?;
    if current.name == name {
        return Ok(Some(current));
    }
    // Rare: the one just replaced (a client discovered it a moment ago), or one another
    // instance took since this one last looked.
    Ok(load(&state.database, name)
        .await?
        .filter(|stored| stored.epoch == current.epoch)
        .map(Arc::new))
}

/// Builds a snapshot of the offers as they are, stores it unless it is `previous` again, and
/// prunes what it replaces.
async fn take(
    database: &Database,
    previous: Option<&SnapshotMeta>,
    now: i64,
) -> Result<StoredSnapshot, SnapshotError> {
    let snapshot = build(database, now).await?;
    if previous.is_some_and(|previous| previous.name == snapshot.name) {
        return Ok(snapshot);
    }
    let keep_from =
        previous.map_or(snapshot.sequence, |previous| previous.sequence.min(snapshot.sequence));
    on_pool!(database, pool => {
        sqlx::query(INSERT)
            .bind(&snapshot.name)
            .bind(&snapshot.epoch)
            .bind(snapshot.sequence)
            .bind(i64::try_from(snapshot.offers).unwrap_or(i64::MAX))
            .bind(snapshot.created_at)
            .bind(snapshot.brotli.as_ref())
            .bind(snapshot.gzip.as_ref())
            .bind(snapshot.head.as_deref())
            .execute(pool)
            .await?;
        sqlx::query(PRUNE)
            .bind(&snapshot.epoch)
            .bind(keep_from)
            .bind(snapshot.sequence)
            .execute(pool)
            .await?;
    });
    Ok(snapshot)
}

/// Every live offer now, as the feed from the beginning gives them, compressed both ways.
/// Deterministic: the same rows give the same bytes on any instance.
pub async fn build(database: &Database, now: i64) -> Result<StoredSnapshot, SnapshotError> {
    // As a feed request would: offers past their date leave before the snapshot is taken.
    store::expire_due(database, now).await?;
    let (epoch, _) = store::feed_state(database).await?;
    let entries = store::changes_after(database, 0, i64::MAX).await?;
    let sequence = entries.last().map_or(0, |(sequence, _)| *sequence);
    let offers: Vec<_> = entries
        .into_iter()
        .filter_map(|(_, entry)| match entry {
            FeedEntry::Upserted(offer) => Some(*offer),
            FeedEntry::Removed(_) => None,
        })
        .collect();
    let count = u64::try_from(offers.len()).unwrap_or(u64::MAX);
    let cursor =
        FeedCursor { epoch: epoch.clone(), sequence: u64::try_from(sequence).unwrap_or(0) }
            .encode();
    let head = head(&cursor, &offers).map_err(|error| SnapshotError::Compress(error.into()))?;
    let document = OfferSnapshot { cursor: cursor.clone(), offers };
    let (brotli, gzip) = tokio::task::spawn_blocking(move || compress(&document)).await??;
    Ok(StoredSnapshot {
        name: cursor,
        epoch,
        sequence,
        offers: count,
        created_at: now,
        brotli: Bytes::from(brotli),
        gzip: Bytes::from(gzip),
        head: Some(Bytes::from(head)),
    })
}

/// The head of a snapshot named `cursor` holding `offers` (in change order): its newest
/// [`SNAPSHOT_HEAD_OFFERS`] by `published_at`, newest first, offers published at the same time
/// in change order (a stable sort), as a JSON [`OfferSnapshot`]. The kiosk stores a snapshot in
/// the same order (`sync::newest_first` in the app), so the head is the beginning of its list
/// and of the snapshot's first stored part.
pub fn head(cursor: &str, offers: &[Offer]) -> serde_json::Result<Vec<u8>> {
    let mut newest: Vec<&Offer> = offers.iter().collect();
    newest.sort_by_key(|offer| std::cmp::Reverse(offer.published_at));
    let offers = newest.into_iter().take(SNAPSHOT_HEAD_OFFERS).cloned().collect();
    serde_json::to_vec(&OfferSnapshot { cursor: cursor.to_owned(), offers })
}

fn compress(document: &OfferSnapshot) -> Result<(Vec<u8>, Vec<u8>), SnapshotError> {
    let json = serde_json::to_vec(document)
        .map_err(|error| SnapshotError::Compress(std::io::Error::other(error)))?;
    let mut brotli = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_WINDOW,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut json.as_slice(), &mut brotli, &params)
        .map_err(SnapshotError::Compress)?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gzip, &json).map_err(SnapshotError::Compress)?;
    let gzip = gzip.finish().map_err(SnapshotError::Compress)?;
    Ok((brotli, gzip))
}

/// The document itself, for a client that accepts neither compression (rare: browsers and
/// HTTP libraries all take gzip).
pub fn decompressed(snapshot: &StoredSnapshot) -> std::io::Result<Vec<u8>> {
    let mut json = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(snapshot.gzip.as_ref()),
        &mut json,
    )?;
    Ok(json)
}

async fn latest(database: &Database, epoch: &str) -> Result<Option<SnapshotMeta>, SnapshotError> {
    let row = on_pool!(database, pool => {
        sqlx::query_as::<_, (String, i64, i64)>(LATEST).bind(epoch).fetch_optional(pool).await?
    });
    Ok(row.map(|(name, sequence, created_at)| SnapshotMeta { name, sequence, created_at }))
}

type SnapshotRow = (String, String, i64, i64, i64, Vec<u8>, Vec<u8>, Option<Vec<u8>>);

async fn load(database: &Database, name: &str) -> Result<Option<StoredSnapshot>, SnapshotError> {
    let row = on_pool!(database, pool => {
        sqlx::query_as::<_, SnapshotRow>(LOAD).bind(name).fetch_optional(pool).await?
    });
    Ok(row.map(|(name, epoch, sequence, offers, created_at, brotli, gzip, head)| StoredSnapshot {
        name,
        epoch,
        sequence,
        offers: u64::try_from(offers).unwrap_or(0),
        created_at,
        brotli: Bytes::from(brotli),
        gzip: Bytes::from(gzip),
        head: head.map(Bytes::from),
    }))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_snapshot_is_due_after_enough_changes_or_once_old_and_changed() {
        let policy = SnapshotPolicy {
            min_changes: 100,
            max_age: Duration::from_secs(60),
            check_every: Duration::from_secs(10),
        };
        let latest = SnapshotMeta { name: "e.500".to_owned(), sequence: 500, created_at: 1_000 };
        #[track_caller]
        fn check(
            policy: SnapshotPolicy,
            latest: Option<&SnapshotMeta>,
            last: i64,
            now: i64,
            expected: bool,
        ) {
            assert_eq!(due(policy, latest, last, now), expected, "{latest:?} {last} {now}");
        }
        check(policy, None, 0, 0, true);
        check(policy, Some(&latest), 500, 1_000_000, false);
        check(policy, Some(&latest), 599, 1_000, false);
        check(policy, Some(&latest), 600, 1_000, true);
        check(policy, Some(&latest), 501, 60_999, false);
        check(policy, Some(&latest), 501, 61_000, true);
        // A backup restored without a new epoch: its feed is behind the newest snapshot.
        check(policy, Some(&latest), 10, 1_000, true);
    }
}
