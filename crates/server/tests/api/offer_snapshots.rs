//! The offers snapshot a first sync starts from: it holds exactly what the feed replayed from
//! the beginning holds, the feed after its cursor completes it (removals included), it is
//! served precompressed and immutable under its cursor, a new one is taken only when enough
//! changed or it is old, and a new feed epoch never serves an old one. On SQLite and PostgreSQL
//! alike; two instances are in `two_instances.rs`.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::{body::Body, http::Request, http::StatusCode};
use guichet_core::time::Timestamp;
use guichet_protocol::offers::{
    Offer, OfferChanges, OfferSnapshot, OfferSnapshotPointer, SNAPSHOT_HEAD_OFFERS,
};
use guichet_server::{
    Clock, Database,
    infra::offer_snapshots::SnapshotPolicy,
    offers::{demo, store},
};

use crate::support::{TestDatabase, TestResponse, TestSite};

run_against_every_database!(
    a_snapshot_holds_the_feed_replayed_from_scratch_and_the_feed_after_it_completes_it,
    a_snapshots_head_is_its_newest_offers_newest_first,
    a_new_snapshot_comes_after_enough_changes_or_age_and_never_from_another_epoch,
);

/// 2026-11-29T08:00:00Z.
const START: Timestamp = Timestamp(1_795_939_200_000);

fn policy(min_changes: u64) -> SnapshotPolicy {
    SnapshotPolicy {
        min_changes,
        max_age: Duration::from_secs(60),
        // Every request looks at the database: the tests see each decision at once.
        check_every: Duration::ZERO,
    }
}

async fn get(site: &TestSite, path: &str, accept_encoding: &str) -> TestResponse {
    let request =
        Request::get(path).header("accept-encoding", accept_encoding).body(Body::empty()).unwrap();
    site.send(request).await
}

async fn pointer(site: &TestSite) -> OfferSnapshotPointer {
    let response = site.get("/api/v1/offers/snapshot").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.header("cache-control"), "public, max-age=10");
    response.json()
}

/// The snapshot at `url`, checked to read the same in brotli, gzip and plain.
async fn snapshot(site: &TestSite, url: &str) -> OfferSnapshot {
    let brotli = get(site, url, "gzip, deflate, br, zstd").await;
    assert_eq!(brotli.status, StatusCode::OK, "{}", brotli.text());
    assert_eq!(brotli.header("content-encoding"), "br");
    assert_eq!(brotli.header("cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(brotli.header("vary"), "accept-encoding");
    assert_eq!(brotli.header("content-type"), "application/json");
    let mut json = Vec::new();
    brotli::BrotliDecompress(&mut brotli.body.as_slice(), &mut json).unwrap();

    let gzip = get(site, url, "gzip").await;
    assert_eq!(gzip.header("content-encoding"), "gzip");
    assert_ne!(gzip.header("etag"), brotli.header("etag"), "one ETag per representation");
    let mut from_gzip = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(gzip.body.as_slice()),
        &mut from_gzip,
    )
    .unwrap();
    assert_eq!(from_gzip, json);

    let plain = get(site, url, "identity").await;
    assert!(plain.headers.get("content-encoding").is_none());
    assert_eq!(plain.body, json);

    // A cache revalidating gets a bodiless 304.
    let request = Request::get(url)
        .header("accept-encoding", "br")
        .header("if-none-match", brotli.header("etag"))
        .body(Body::empty())
        .unwrap();
    let revalidated = site.send(request).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    assert!(revalidated.body.is_empty());
    serde_json::from_slice(&json).unwrap()
}

/// What a device holds after following the feed from `since` (from nothing when `None`) onto
/// `held`: the offers by id, and the last cursor.
async fn follow(
    site: &TestSite,
    since: Option<String>,
    mut held: BTreeMap<String, Offer>,
) -> (BTreeMap<String, Offer>, String) {
    let mut query = since.map(|cursor| format!("&since={cursor}")).unwrap_or_default();
    loop {
        let response = site.get(&format!("/api/v1/offers/changes?limit=7{query}")).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text());
        let page: OfferChanges = response.json();
        assert!(!page.reset);
        for offer in page.offers {
            held.insert(offer.id.clone(), offer);
        }
        for id in page.removed {
            held.remove(&id);
        }
        query = format!("&since={}", page.cursor);
        if !page.has_more {
            return (held, page.cursor);
        }
    }
}

fn by_id(offers: Vec<Offer>) -> BTreeMap<String, Offer> {
    offers.into_iter().map(|offer| (offer.id.clone(), offer)).collect()
}

async fn seed(
    database: &Database,
    count: usize,
    prefix: &str,
) -> Vec<guichet_core::offers::OfferRecord> {
    let records = demo::generate(count, START.0, prefix);
    store::upsert(database, &records, i64::try_from(START.0).unwrap()).await.unwrap();
    records
}

async fn a_snapshot_holds_the_feed_replayed_from_scratch_and_the_feed_after_it_completes_it(
    db: TestDatabase,
) {
    let database = db.database.clone();
    let records = seed(&database, 30, "S").await;
    // Removals before the snapshot: it leaves them out, as a device starting from nothing would.
    for record in &records[..2] {
        store::withdraw(&database, &record.external_id, 0).await.unwrap();
    }
    let (clock, _) = Clock::manual(START);
    let site = TestSite::with_configured(db, |state| {
        state.with_clock(clock).with_snapshot_policy(policy(1_000))
    });

    let found = pointer(&site).await;
    assert_eq!(found.offers, 28);
    assert_eq!(found.url, format!("/api/v1/offers/snapshots/{}", found.cursor));
    let taken = snapshot(&site, &found.url).await;
    assert_eq!(taken.cursor, found.cursor);
    assert_eq!(taken.offers.len(), 28);
    let (replayed, feed_cursor) = follow(&site, None, BTreeMap::new()).await;
    assert_eq!(taken.cursor, feed_cursor, "named by the cursor the feed ends at");
    let held = by_id(taken.offers);
    assert_eq!(held, replayed, "the snapshot holds what the feed from scratch holds");

    // After the snapshot: one offer added, one changed, one withdrawn.
    let added = demo::generate(1, START.0, "LATE");
    let mut changed = records[5].clone();
    changed.positions += 1;
    store::upsert(&database, &[added[0].clone(), changed], 0).await.unwrap();
    store::withdraw(&database, &records[6].external_id, 0).await.unwrap();
    // Below the threshold: still the same snapshot.
    assert_eq!(pointer(&site).await.cursor, found.cursor);

    let (from_snapshot, cursor) = follow(&site, Some(found.cursor.clone()), held).await;
    let (from_scratch, scratch_cursor) = follow(&site, None, BTreeMap::new()).await;
    assert_eq!(cursor, scratch_cursor);
    assert_eq!(from_snapshot, from_scratch, "the snapshot then the feed = the feed alone");
    assert_eq!(from_snapshot.len(), 28);
    assert!(from_snapshot.values().any(|offer| offer.external_id == added[0].external_id));
    assert!(!from_snapshot.values().any(|offer| offer.external_id == records[6].external_id));

    // A name this server never took, or not a cursor at all: 404, never another snapshot.
    for name in ["0123456789abcdef.3", "garbage", &format!("{}0", found.cursor)] {
        let response = site.get(&format!("/api/v1/offers/snapshots/{name}")).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{name}");
        let body: serde_json::Value = response.json();
        assert_eq!(body["error"]["code"], "snapshot_unknown", "{name}");
        assert_eq!(response.header("cache-control"), "no-store");
    }
}

/// The head at `url`: immutable, JSON (compressed like any API answer when the client asks).
async fn head(site: &TestSite, url: &str) -> OfferSnapshot {
    let response = get(site, url, "identity").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.header("cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(response.header("content-type"), "application/json");
    let compressed = get(site, url, "br").await;
    assert_eq!(compressed.header("content-encoding"), "br");
    let mut json = Vec::new();
    brotli::BrotliDecompress(&mut compressed.body.as_slice(), &mut json).unwrap();
    assert_eq!(json, response.body);
    response.json()
}

async fn a_snapshots_head_is_its_newest_offers_newest_first(db: TestDatabase) {
    let database = db.database.clone();
    // More offers than a head holds, published at different times, some at the same time, and
    // not in the order they are published.
    let mut records = demo::generate(SNAPSHOT_HEAD_OFFERS + 25, START.0, "H");
    for (at, record) in records.iter_mut().enumerate() {
        record.published_at = START.0 - 3_600_000 * ((at * 37 % 50) as u64);
    }
    store::upsert(&database, &records, i64::try_from(START.0).unwrap()).await.unwrap();
    let (clock, _) = Clock::manual(START);
    let site = TestSite::with_configured(db, |state| {
        state.with_clock(clock).with_snapshot_policy(policy(1_000))
    });

    let found = pointer(&site).await;
    let head_url = found.head.clone().expect("a new snapshot names its head");
    assert_eq!(head_url, format!("/api/v1/offers/snapshots/{}/head", found.cursor));
    let taken = snapshot(&site, &found.url).await;
    let first = head(&site, &head_url).await;
    assert_eq!(first.cursor, found.cursor);
    assert_eq!(first.offers.len(), SNAPSHOT_HEAD_OFFERS);
    // The snapshot's offers newest first, equal dates in the snapshot's order: its beginning.
    let mut newest = taken.offers.clone();
    newest.sort_by_key(|offer| std::cmp::Reverse(offer.published_at));
    assert_eq!(first.offers, newest[..SNAPSHOT_HEAD_OFFERS]);
    assert!(first.offers.windows(2).any(|pair| pair[0].published_at == pair[1].published_at));

    // A name this server never took: 404 with the snapshot's error, never another head.
    for name in ["0123456789abcdef.3", "garbage"] {
        let response = site.get(&format!("/api/v1/offers/snapshots/{name}/head")).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{name}");
        let body: serde_json::Value = response.json();
        assert_eq!(body["error"]["code"], "snapshot_unknown", "{name}");
        assert_eq!(response.header("cache-control"), "no-store");
    }
}

async fn a_new_snapshot_comes_after_enough_changes_or_age_and_never_from_another_epoch(
    db: TestDatabase,
) {
    let database = db.database.clone();
    let records = seed(&database, 5, "N").await;
    let (clock, time) = Clock::manual(START);
    let site = TestSite::with_configured(db, |state| {
        state.with_clock(clock).with_snapshot_policy(policy(3))
    });
    let first = pointer(&site).await;

    // Two changes: not enough. The third: a new snapshot, and the one it replaced still served.
    store::withdraw(&database, &records[0].external_id, 0).await.unwrap();
    store::withdraw(&database, &records[1].external_id, 0).await.unwrap();
    assert_eq!(pointer(&site).await.cursor, first.cursor);
    store::withdraw(&database, &records[2].external_id, 0).await.unwrap();
    let second = pointer(&site).await;
    assert_ne!(second.cursor, first.cursor);
    assert_eq!(second.offers, 2);
    assert_eq!(snapshot(&site, &first.url).await.offers.len(), 5);
    assert_eq!(snapshot(&site, &second.url).await.offers.len(), 2);
    // A catalogue smaller than a head: all of it.
    let second_head = head(&site, &second.head.clone().expect("a head")).await;
    assert_eq!(second_head.cursor, second.cursor);
    assert_eq!(second_head.offers.len(), 2);

    // One change, then the snapshot grows old: a new one. Two back is gone.
    let mut changed = records[3].clone();
    changed.positions += 1;
    store::upsert(&database, &[changed], 0).await.unwrap();
    assert_eq!(pointer(&site).await.cursor, second.cursor);
    time.set(Timestamp(START.0 + 61_000));
    let third = pointer(&site).await;
    assert_ne!(third.cursor, second.cursor);
    assert_eq!(get(&site, &first.url, "br").await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&site, &second.url, "br").await.status, StatusCode::OK);
    // Old but unchanged: kept.
    time.set(Timestamp(START.0 + 3_600_000));
    assert_eq!(pointer(&site).await.cursor, third.cursor);

    // A new feed epoch (a restored backup, `offers reset-feed`): the old snapshots are never
    // served again, and a device that applied one is told by the feed to start over.
    let epoch = store::new_epoch(&database).await.unwrap();
    let fourth = pointer(&site).await;
    assert!(fourth.cursor.starts_with(&format!("{epoch}.")), "{}", fourth.cursor);
    assert_eq!(snapshot(&site, &fourth.url).await.offers.len(), 2);
    for old in [&second.url, &third.url] {
        assert_eq!(get(&site, old, "br").await.status, StatusCode::NOT_FOUND, "{old}");
    }
    let response = site.get(&format!("/api/v1/offers/changes?since={}", third.cursor)).await;
    let page: OfferChanges = response.json();
    assert!(page.reset);
}
