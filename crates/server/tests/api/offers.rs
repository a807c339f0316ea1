//! Job offers: the change feed (pages, removals, resuming, bad cursors), imports (bad rows,
//! idempotent re-import, nothing written on error) and the reference lists, on SQLite and
//! PostgreSQL alike.

use std::collections::BTreeSet;

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use guichet_core::offers::cursor::FeedCursor;
use guichet_protocol::{offers::OfferChanges, reference::Reference};
use guichet_server::{
    Database,
    offers::{self, ImportError, demo, store},
};

use crate::support::{TestDatabase, TestSite};

run_against_every_database!(
    the_feed_pages_through_every_offer_then_answers_an_up_to_date_client_tiny,
    updates_withdrawals_and_expiries_come_after_the_cursor,
    a_malformed_cursor_or_limit_is_refused_and_a_foreign_cursor_starts_over,
    an_import_is_all_or_nothing_and_idempotent,
    demonstration_offers_are_added_once,
    a_reader_following_the_feed_during_concurrent_imports_misses_nothing,
);

const DAY: u64 = 24 * 60 * 60 * 1000;

fn now() -> u64 {
    u64::try_from(guichet_server::Clock::System.now_millis()).unwrap()
}

async fn seed(database: &Database, count: usize) {
    let records = demo::generate(count, now(), "T");
    store::upsert(database, &records, guichet_server::Clock::System.now_millis()).await.unwrap();
}

async fn page(site: &TestSite, query: &str) -> OfferChanges {
    let response = site.get(&format!("/api/v1/offers/changes{query}")).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.header("cache-control"), "no-store");
    response.json()
}

async fn the_feed_pages_through_every_offer_then_answers_an_up_to_date_client_tiny(
    db: TestDatabase,
) {
    let database = db.database.clone();
    seed(&database, 25).await;
    let site = TestSite::with_database(db);

    let mut seen = BTreeSet::new();
    let mut query = "?limit=10".to_owned();
    let mut sizes = Vec::new();
    loop {
        let changes = page(&site, &query).await;
        sizes.push(changes.offers.len());
        assert!(changes.removed.is_empty());
        assert!(!changes.reset);
        seen.extend(changes.offers.iter().map(|offer| offer.id.clone()));
        query = format!("?limit=10&since={}", changes.cursor);
        if !changes.has_more {
            break;
        }
    }
    assert_eq!(sizes, [10, 10, 5]);
    assert_eq!(seen.len(), 25);

    // Up to date: an empty page, the same cursor, and very few bytes.
    let response = site.get(&format!("/api/v1/offers/changes{query}")).await;
    let changes: OfferChanges = response.json();
    assert_eq!((changes.offers.len(), changes.removed.len(), changes.has_more), (0, 0, false));
    assert_eq!(format!("?limit=10&since={}", changes.cursor), query);
    assert!(response.body.len() < 100, "{} bytes: {}", response.body.len(), response.text());

    // A large page is compressed for a client that accepts it.
    let request = Request::get("/api/v1/offers/changes")
        .header("accept-encoding", "gzip")
        .body(Body::empty())
        .unwrap();
    let response = site.send(request).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("content-encoding"), "gzip");
}

async fn updates_withdrawals_and_expiries_come_after_the_cursor(db: TestDatabase) {
    let database = db.database.clone();
    let records = demo::generate(6, now(), "T");
    store::upsert(&database, &records, guichet_server::Clock::System.now_millis()).await.unwrap();
    let site = TestSite::with_database(db);
    let first = page(&site, "").await;
    assert_eq!(first.offers.len(), 6);
    let id_of = |external: &str| {
        first.offers.iter().find(|offer| offer.external_id == external).unwrap().id.clone()
    };

    // One changed, one withdrawn by external id, one expired (its date moved into the past).
    let mut changed = records[0].clone();
    changed.positions += 3;
    let mut expired = records[2].clone();
    expired.published_at = now() - 40 * DAY;
    expired.expires_at = now() - DAY;
    let counts = store::upsert(
        &database,
        &[changed, records[1].clone(), expired],
        guichet_server::Clock::System.now_millis(),
    )
    .await
    .unwrap();
    assert_eq!((counts.inserted, counts.updated, counts.unchanged), (0, 2, 1));
    let withdrawal = store::withdraw(
        &database,
        &records[1].external_id,
        guichet_server::Clock::System.now_millis(),
    );
    assert_eq!(withdrawal.await.unwrap(), store::Withdrawal::Withdrawn);
    let again = store::withdraw(
        &database,
        &records[1].external_id,
        guichet_server::Clock::System.now_millis(),
    );
    assert_eq!(again.await.unwrap(), store::Withdrawal::AlreadyWithdrawn);
    let missing =
        store::withdraw(&database, "NO-SUCH-OFFER", guichet_server::Clock::System.now_millis());
    assert_eq!(missing.await.unwrap(), store::Withdrawal::NotFound);

    let next = page(&site, &format!("?since={}", first.cursor)).await;
    assert_eq!(next.offers.len(), 1);
    assert_eq!(next.offers[0].id, id_of(&records[0].external_id));
    assert_eq!(next.offers[0].positions, records[0].positions + 3);
    let removed: BTreeSet<String> = next.removed.iter().cloned().collect();
    let expected: BTreeSet<String> =
        [id_of(&records[1].external_id), id_of(&records[2].external_id)].into();
    assert_eq!(removed, expected);
    assert!(!next.has_more);

    // Resuming from the new cursor: nothing more, and the expiry is recorded only once.
    let last = page(&site, &format!("?since={}", next.cursor)).await;
    assert!(last.offers.is_empty() && last.removed.is_empty());
    assert_eq!(last.cursor, next.cursor);

    // Resuming from the old cursor again gives the same changes: a client that lost the
    // answer loses nothing.
    let replay = page(&site, &format!("?since={}", first.cursor)).await;
    assert_eq!(replay, next);
}

async fn a_malformed_cursor_or_limit_is_refused_and_a_foreign_cursor_starts_over(db: TestDatabase) {
    let database = db.database.clone();
    seed(&database, 3).await;
    let site = TestSite::with_database(db);
    for (query, code) in [
        ("?since=42", "invalid_cursor"),
        ("?since=", "invalid_cursor"),
        ("?since=0123456789abcdef.-1", "invalid_cursor"),
        ("?limit=0", "invalid_limit"),
        ("?limit=many", "invalid_limit"),
    ] {
        let response = site.get(&format!("/api/v1/offers/changes{query}")).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{query}");
        let body: serde_json::Value = response.json();
        assert_eq!(body["error"]["code"], code, "{query}: {body}");
        assert!(body["error"]["message"].as_str().unwrap().len() > 20, "{body}");
    }

    let foreign = FeedCursor { epoch: "0000000000000000".to_owned(), sequence: 2 }.encode();
    let changes = page(&site, &format!("?since={foreign}")).await;
    assert!(changes.reset);
    assert_eq!(changes.offers.len(), 3);
    let changes = page(&site, &format!("?since={}", changes.cursor)).await;
    assert!(!changes.reset);
    assert!(changes.offers.is_empty());

    // A cursor ahead of every change here (a restored backup): start over.
    let (epoch, last) = store::feed_state(&database).await.unwrap();
    let ahead = FeedCursor { epoch: epoch.clone(), sequence: u64::try_from(last).unwrap() + 1 };
    let changes = page(&site, &format!("?since={}", ahead.encode())).await;
    assert!(changes.reset);
    assert_eq!(changes.offers.len(), 3);

    // After `offers reset-feed`, every earlier cursor starts over too.
    let old_cursor = changes.cursor;
    let new_epoch = store::new_epoch(&database).await.unwrap();
    assert_ne!(new_epoch, epoch);
    assert!(FeedCursor::decode(&format!("{new_epoch}.0")).is_ok(), "{new_epoch}");
    let changes = page(&site, &format!("?since={old_cursor}")).await;
    assert!(changes.reset);
    assert_eq!(changes.offers.len(), 3);
}

const CSV_HEADER: &str = "external_id,status,title_fr,title_ar,description_fr,employer,wilaya,commune,occupation,sector,contract,positions,salary_min_dzd,salary_max_dzd,published_at,expires_at";

fn csv_row(external_id: &str, status: &str, wilaya: &str, positions: &str) -> String {
    format!(
        "{external_id},{status},Maçon qualifié,بنّاء مؤهل,\"Chantier, équipe de 10\",SARL Bâtir,{wilaya},{wilaya}01,7112,btph,cdd,{positions},40000,55000,2026-11-01,2099-12-31"
    )
}

async fn an_import_is_all_or_nothing_and_idempotent(db: TestDatabase) {
    let database = db.database.clone();
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("offres.csv");
    let rows = [
        csv_row("IMP-1", "open", "16", "1"),
        csv_row("IMP-2", "open", "31", "2"),
        csv_row("IMP-3", "open", "25", "3"),
    ];
    std::fs::write(&good, format!("{CSV_HEADER}\n{}\n", rows.join("\n"))).unwrap();

    let report = offers::import_file(&database, &good, now()).await.unwrap();
    assert_eq!((report.rows, report.counts.inserted, report.counts.unchanged), (3, 3, 0));
    let (_, sequence_after_first) = store::feed_state(&database).await.unwrap();

    // The same file again changes nothing, not even the feed's sequence.
    let report = offers::import_file(&database, &good, now()).await.unwrap();
    assert_eq!((report.counts.inserted, report.counts.updated, report.counts.unchanged), (0, 0, 3));
    assert_eq!(store::feed_state(&database).await.unwrap().1, sequence_after_first);

    // A file with one changed row and two bad ones: every error with its line, nothing written.
    let bad = dir.path().join("bad.csv");
    let rows = [
        csv_row("IMP-1", "open", "16", "9"),
        csv_row("IMP-4", "open", "70", "1"),
        csv_row("IMP-5", "closed", "16", "0"),
    ];
    std::fs::write(&bad, format!("{CSV_HEADER}\n{}\n", rows.join("\n"))).unwrap();
    let error = offers::import_file(&database, &bad, now()).await.unwrap_err();
    let ImportError::Invalid { errors } = &error else { panic!("{error}") };
    let found: Vec<(usize, &str)> =
        errors.iter().map(|e| (e.line, e.message.split(':').next().unwrap())).collect();
    assert_eq!(found, [(3, "wilaya"), (3, "commune"), (4, "status"), (4, "positions")]);
    assert!(error.to_string().contains("line 3: wilaya: `70` is not valid"), "{error}");
    assert_eq!(store::feed_state(&database).await.unwrap().1, sequence_after_first);

    // A JSON file that withdraws one: the feed lists it as removed.
    let site = TestSite::with_database(db);
    let before = page(&site, "").await;
    let withdrawn_id =
        before.offers.iter().find(|offer| offer.external_id == "IMP-2").unwrap().id.clone();
    let json = dir.path().join("retraits.json");
    let text = serde_json::json!([{
        "external_id": "IMP-2", "status": "withdrawn", "title_fr": "Maçon qualifié",
        "title_ar": "بنّاء مؤهل", "description_fr": "Chantier, équipe de 10",
        "employer": "SARL Bâtir", "wilaya": 31, "commune": "3101", "occupation": "7112",
        "sector": "btph", "contract": "cdd", "positions": 2, "salary_min_dzd": 40000,
        "salary_max_dzd": 55000, "published_at": "2026-11-01", "expires_at": "2099-12-31"
    }]);
    std::fs::write(&json, serde_json::to_string_pretty(&text).unwrap()).unwrap();
    let report = offers::import_file(&database, &json, now()).await.unwrap();
    assert_eq!((report.counts.updated, report.withdrawn), (1, 1));
    let after = page(&site, &format!("?since={}", before.cursor)).await;
    assert_eq!(after.removed, [withdrawn_id]);
    assert!(after.offers.is_empty());

    let unknown = dir.path().join("offres.xlsx");
    std::fs::write(&unknown, "x").unwrap();
    let error = offers::import_file(&database, &unknown, now()).await.unwrap_err();
    assert!(matches!(error, ImportError::UnknownFormat { .. }), "{error}");
}

async fn demonstration_offers_are_added_once(db: TestDatabase) {
    let database = db.database.clone();
    assert_eq!(offers::seed_demo_if_empty(&database, now()).await.unwrap(), demo::DEMO_COUNT);
    assert_eq!(offers::seed_demo_if_empty(&database, now()).await.unwrap(), 0);
    let site = TestSite::with_database(db);
    let changes = page(&site, "?limit=2000").await;
    assert_eq!(changes.offers.len(), demo::DEMO_COUNT);
    let wilayas: BTreeSet<u8> = changes.offers.iter().map(|offer| offer.wilaya).collect();
    assert_eq!(wilayas.len(), 69);
}

#[tokio::test]
async fn the_reference_lists_are_served_with_their_version_as_etag() {
    let site = TestSite::new().await;
    let response = site.get("/api/v1/reference").await;
    assert_eq!(response.status, StatusCode::OK);
    let reference: Reference = response.json();
    assert_eq!(reference.wilayas.len(), 69);
    let etag = response.header("etag").to_owned();
    assert_eq!(etag, format!("\"reference-{}\"", reference.version));

    let request = Request::get("/api/v1/reference")
        .header("if-none-match", &etag)
        .body(Body::empty())
        .unwrap();
    let response = site.send(request).await;
    assert_eq!(response.status, StatusCode::NOT_MODIFIED);
    assert!(response.body.is_empty());
}

async fn a_reader_following_the_feed_during_concurrent_imports_misses_nothing(db: TestDatabase) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    let records = demo::generate(200, now(), "C");
    let writers: Vec<_> = records
        .chunks(10)
        .map(|chunk| {
            let database = database.clone();
            let chunk = chunk.to_vec();
            tokio::spawn(async move {
                store::upsert(&database, &chunk, guichet_server::Clock::System.now_millis())
                    .await
                    .unwrap();
            })
        })
        .collect();
    // Follow the feed while the writers commit, then once more after the last one: a change
    // number handed out before a later one must never become visible after it.
    let mut seen = BTreeSet::new();
    let mut query = "?limit=7".to_owned();
    loop {
        let writers_done = writers.iter().all(tokio::task::JoinHandle::is_finished);
        let changes = page(&site, &query).await;
        seen.extend(changes.offers.iter().map(|offer| offer.external_id.clone()));
        query = format!("?limit=7&since={}", changes.cursor);
        if writers_done && !changes.has_more {
            break;
        }
    }
    for writer in writers {
        writer.await.unwrap();
    }
    assert_eq!(seen.len(), 200);
}
