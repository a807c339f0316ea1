//! Browser tests of the offers storage, in headless Chromium: a synced page and its cursor are
//! written together or not at all, a snapshot written in parts holds its cursor only with its
//! last part, offers survive a schema upgrade, and the index is rebuilt from storage in batches
//! and slices, every stored offer in it and undecodable ones skipped.
#![cfg(target_arch = "wasm32")]

use guichet::offers::engine::{apply_to_index, kept_index};
use guichet::offers::sync::Applied;
use guichet::scheduler::Slicer;
use guichet::storage::offers::{self as store, SyncState};
use guichet::storage::{Database, SCHEMA, stores, to_js};
use guichet_core::reference::ReferenceData;
use guichet_core::search::{Query, SearchIndex, SearchIndexBuilder};
use guichet_core::time::Timestamp;
use guichet_protocol::offers::{
    EducationLevel, HowToApply, LocalizedText, Offer, OfferChanges, WorkingTime,
};
use idb::TransactionMode;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: Timestamp = Timestamp(1_800_000_000_000);

fn offer(id: &str) -> Offer {
    Offer {
        id: id.to_owned(),
        external_id: format!("EXT-{id}"),
        title: LocalizedText {
            fr: Some("Maçon qualifié".to_owned()), ar: Some("بنّاء".to_owned())
        },
        description: LocalizedText::default(),
        employer: "SARL Bâtir".to_owned(),
        wilaya: 16,
        commune: "1601".to_owned(),
        occupation: "7112".to_owned(),
        sector: "btph".to_owned(),
        contract: "cdd".to_owned(),
        working_time: WorkingTime::FullTime,
        experience_years: 0,
        education: EducationLevel::None,
        positions: 1,
        salary: None,
        driving_licence: None,
        open_to_disabled: false,
        how_to_apply: HowToApply::AtAgency,
        published_at: NOW.0 - 1_000,
        expires_at: NOW.0 + 1_000_000,
        updated_at: NOW.0 - 1_000,
    }
}

fn page(offers: &[&str], removed: &[&str], cursor: &str) -> OfferChanges {
    OfferChanges {
        offers: offers.iter().map(|id| offer(id)).collect(),
        removed: removed.iter().map(|id| (*id).to_owned()).collect(),
        cursor: cursor.to_owned(),
        has_more: false,
        reset: false,
    }
}

async fn fresh(name: &str) -> Database {
    Database::delete_named(name).await.expect("delete old test database");
    Database::open_named(name).await.expect("open test database")
}

async fn stored_ids(database: &Database) -> Vec<String> {
    let mut ids = Vec::new();
    store::for_each_offer(database, |offer| ids.push(offer.id.clone())).await.expect("read");
    ids
}

#[wasm_bindgen_test]
async fn each_page_is_applied_with_its_cursor() {
    let database = fresh("guichet-test-offers-pages").await;
    assert_eq!(store::read_sync_state(&database).await.expect("read"), SyncState::default());

    store::apply_page(&database, &page(&["a", "b"], &[], "e.2"), NOW).await.expect("page 1");
    assert_eq!(stored_ids(&database).await, ["a", "b"]);
    let state = store::read_sync_state(&database).await.expect("read");
    assert_eq!(state, SyncState { cursor: Some("e.2".to_owned()), synced_at: Some(NOW) });

    let later = Timestamp(NOW.0 + 60_000);
    store::apply_page(&database, &page(&["c"], &["a", "never-stored"], "e.5"), later)
        .await
        .expect("page 2");
    assert_eq!(stored_ids(&database).await, ["b", "c"]);
    let state = store::read_sync_state(&database).await.expect("read");
    assert_eq!(state, SyncState { cursor: Some("e.5".to_owned()), synced_at: Some(later) });

    let mut reset = page(&["z"], &[], "f.1");
    reset.reset = true;
    store::apply_page(&database, &reset, later).await.expect("reset page");
    assert_eq!(stored_ids(&database).await, ["z"]);
    let offers = store::offers_by_id(&database, &["z".to_owned(), "b".to_owned()]).await;
    assert_eq!(offers.expect("read").len(), 1, "b went with the reset");
    database.close();
}

#[wasm_bindgen_test]
async fn an_interrupted_page_leaves_neither_its_offers_nor_its_cursor() {
    let database = fresh("guichet-test-offers-abort").await;
    store::apply_page(&database, &page(&["a"], &[], "e.1"), NOW).await.expect("page 1");

    let second = page(&["b", "c"], &["a"], "e.3");
    let values = js_values(&second.offers);
    let write = store::Write {
        clear: false,
        offers: &values,
        removed: &second.removed,
        cursor: Some(&second.cursor),
        synced_at: Timestamp(NOW.0 + 1),
    };
    write_then_abort(&database, &write).await;

    assert_eq!(stored_ids(&database).await, ["a"]);
    let state = store::read_sync_state(&database).await.expect("read");
    assert_eq!(state, SyncState { cursor: Some("e.1".to_owned()), synced_at: Some(NOW) });
    database.close();
}

fn js_values(offers: &[Offer]) -> Vec<wasm_bindgen::JsValue> {
    offers.iter().map(|offer| to_js(offer).expect("js")).collect()
}

/// Makes every request of `write`, then aborts: the tab closes, the power goes.
async fn write_then_abort(database: &Database, write: &store::Write<'_>) {
    let transaction = database
        .transaction(&[stores::OFFERS, stores::OFFERS_SYNC], TransactionMode::ReadWrite)
        .expect("transaction");
    store::write_requests(&transaction, write).expect("write");
    // Requests run in order: once a later one is answered, every request of the write has run.
    let offers = transaction.object_store(stores::OFFERS).expect("store");
    offers.count(None).expect("count").await.expect("counted");
    let aborted = transaction.abort().expect("abort").await.expect("aborted");
    assert!(aborted.is_aborted());
}

/// A snapshot's parts as the sync writes them: the first clears, only the last has the cursor.
fn snapshot_part<'a>(
    values: &'a [wasm_bindgen::JsValue],
    first: bool,
    cursor: Option<&'a str>,
) -> store::Write<'a> {
    store::Write { clear: first, offers: values, removed: &[], cursor, synced_at: NOW }
}

#[wasm_bindgen_test]
async fn a_snapshot_in_parts_holds_no_cursor_until_its_last_part() {
    let database = fresh("guichet-test-offers-parts").await;
    // A device that synced before, then starts over from a snapshot of another epoch.
    store::apply_page(&database, &page(&["old-1", "old-2"], &[], "e.9"), NOW).await.expect("page");

    let first = js_values(&[offer("s1"), offer("s2")]);
    store::apply(&database, &snapshot_part(&first, true, None)).await.expect("part 1");
    assert_eq!(stored_ids(&database).await, ["s1", "s2"]);
    let state = store::read_sync_state(&database).await.expect("read");
    assert_eq!(state.cursor, None, "the old cursor went with the old offers");

    // The second part is cut short: its offers are not kept, and still no cursor, so the next
    // sync starts over from the snapshot instead of resuming after it with offers missing.
    let second = js_values(&[offer("s3")]);
    write_then_abort(&database, &snapshot_part(&second, false, Some("f.4"))).await;
    assert_eq!(stored_ids(&database).await, ["s1", "s2"]);
    assert_eq!(store::read_sync_state(&database).await.expect("read").cursor, None);

    store::apply(&database, &snapshot_part(&second, false, Some("f.4"))).await.expect("part 2");
    assert_eq!(stored_ids(&database).await, ["s1", "s2", "s3"]);
    let state = store::read_sync_state(&database).await.expect("read");
    assert_eq!(state, SyncState { cursor: Some("f.4".to_owned()), synced_at: Some(NOW) });
    database.close();
}

#[wasm_bindgen_test]
async fn offers_and_cursor_survive_an_upgrade_from_every_older_schema() {
    let name = "guichet-test-offers-upgrade";
    let current = SCHEMA.last().expect("a schema").version;
    for older in SCHEMA.iter().map(|schema| schema.version).filter(|version| *version < current) {
        Database::delete_named(name).await.expect("delete");
        let old = Database::open_at_version(name, older).await.expect("open older version");
        store::apply_page(&old, &page(&["kept-1", "kept-2"], &[], "e.9"), NOW)
            .await
            .expect("write");
        old.close();

        let upgraded = Database::open_named(name).await.expect("upgrade");
        assert_eq!(upgraded.version().expect("version"), current);
        assert_eq!(stored_ids(&upgraded).await, ["kept-1", "kept-2"], "from version {older}");
        let state = store::read_sync_state(&upgraded).await.expect("read");
        assert_eq!(state.cursor.as_deref(), Some("e.9"), "from version {older}");
        upgraded.close();
    }
}

/// Stores offers with these ids, a feed page of 1,000 at a time.
async fn store_in_pages(database: &Database, ids: &[String]) {
    for chunk in ids.chunks(1_000) {
        let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
        store::apply_page(database, &page(&refs, &[], "e.1"), NOW).await.expect("page");
    }
}

#[wasm_bindgen_test]
async fn every_stored_offer_is_read_back_across_batches() {
    let database = fresh("guichet-test-offers-batches").await;
    let ids: Vec<String> = (0..4_500).map(|n| format!("offer-{n:05}")).collect();
    store_in_pages(&database, &ids).await;
    assert_eq!(stored_ids(&database).await, ids);
    database.close();
}

#[wasm_bindgen_test]
async fn the_start_indexes_every_stored_offer_in_slices_and_skips_undecodable_ones() {
    let database = fresh("guichet-test-offers-start").await;
    let ids: Vec<String> = (0..2_500).map(|n| format!("offer-{n:05}")).collect();
    store_in_pages(&database, &ids).await;
    // Records an older or broken version left: an id, but not an offer. One sorts among the
    // first chunk of offers, one between batches, one after every offer.
    for id in ["offer-00010x", "offer-01000x", "zzz"] {
        let broken = serde_json::json!({ "id": id, "title": 7 });
        database.put_json(stores::OFFERS, None, &broken).await.expect("write a broken record");
    }
    let reference = ReferenceData::builtin();
    let mut builder = SearchIndexBuilder::new(reference);
    let mut visited = Vec::new();
    // A budget of nothing: the work yields after every chunk of offers.
    let mut slicer = Slicer::new(0.0);
    let undecodable = store::for_each_indexed_offer(&database, &mut slicer, |offer| {
        visited.push(offer.id.to_string());
        builder.add(offer);
    })
    .await
    .expect("read");
    assert_eq!(undecodable, 3);
    assert_eq!(visited, ids, "every offer once, in storage order");
    assert!(slicer.yields() >= 2_500 / 64, "yielded {} times", slicer.yields());
    let index = builder.finish();
    assert_eq!(index.len(), 2_500);
    let query = Query { text: "macon".to_owned(), limit: 5, ..Query::default() };
    assert_eq!(index.search(&query, NOW).total, 2_500);
    database.close();
}

#[wasm_bindgen_test]
fn the_index_follows_the_pages_and_searches_arabic_and_french_in_the_browser() {
    let reference = ReferenceData::builtin();
    let mut index = SearchIndex::default();
    let mut first = page(&["a", "b"], &[], "e.2");
    first.offers[1].title = LocalizedText {
        fr: Some("Électricien".to_owned()),
        ar: Some("كهربائي".to_owned()),
    };
    first.offers[1].occupation = "7411".to_owned();
    apply_to_index(&mut index, &Applied::from(&first), reference);
    let search = |index: &SearchIndex, text: &str| {
        index.search(&Query { text: text.to_owned(), limit: 10, ..Query::default() }, NOW).ids
    };
    assert_eq!(search(&index, "electri"), ["b"]);
    assert_eq!(search(&index, "كهرباء"), Vec::<String>::new());
    assert_eq!(search(&index, "كهربا"), ["b"]);
    assert_eq!(search(&index, "بناء"), ["a"]);

    apply_to_index(&mut index, &Applied::from(&page(&[], &["b"], "e.3")), reference);
    assert_eq!(search(&index, "electri"), Vec::<String>::new());
    let mut reset = page(&["c"], &[], "f.1");
    reset.reset = true;
    apply_to_index(&mut index, &Applied::from(&reset), reference);
    assert_eq!(index.len(), 1);
}

#[wasm_bindgen_test]
async fn a_kept_index_is_used_only_at_the_cursor_and_reference_it_was_made_at() {
    let database = fresh("guichet-test-offers-kept-index").await;
    let reference = ReferenceData::builtin();
    let first = page(&["a", "b"], &[], "e.2");
    store::apply_page(&database, &first, NOW).await.expect("page");
    assert_eq!(store::read_kept_index(&database).await.expect("read"), None);
    let mut index = SearchIndex::default();
    apply_to_index(&mut index, &Applied::from(&first), reference);
    let keep = |cursor: &str, reference_version: u32, bytes: Vec<u8>| store::KeptIndex {
        cursor: cursor.to_owned(),
        reference_version,
        bytes,
    };
    let kept = keep("e.2", reference.version(), index.to_bytes());
    store::keep_index(&database, &kept).await.expect("keep");
    assert_eq!(store::read_kept_index(&database).await.expect("read"), Some(kept.clone()));

    let used = kept_index(&database, reference, Some("e.2")).await.expect("used at its cursor");
    let query = Query { text: "macon".to_owned(), limit: 10, ..Query::default() };
    assert_eq!(used.search(&query, NOW), index.search(&query, NOW));
    assert!(kept_index(&database, reference, Some("e.3")).await.is_none(), "another cursor");
    assert!(kept_index(&database, reference, None).await.is_none(), "no cursor");

    let other = keep("e.2", reference.version() + 1, index.to_bytes());
    store::keep_index(&database, &other).await.expect("keep");
    assert!(kept_index(&database, reference, Some("e.2")).await.is_none(), "other lists");
    let damaged = keep("e.2", reference.version(), vec![1, 2, 3]);
    store::keep_index(&database, &damaged).await.expect("keep");
    assert!(kept_index(&database, reference, Some("e.2")).await.is_none(), "damaged");

    // Replacing what the device holds (a snapshot's first part, the feed starting over) drops
    // the kept index with the offers.
    store::keep_index(&database, &kept).await.expect("keep");
    let mut reset = page(&["z"], &[], "f.1");
    reset.reset = true;
    store::apply_page(&database, &reset, NOW).await.expect("reset");
    assert_eq!(store::read_kept_index(&database).await.expect("read"), None);
    database.close();
}
