//! Browser tests of the outbox's IO: the strict submit transaction and the one-sender lock. They
//! run in a dedicated worker, as the app runs them (in the offers worker: `outbox::background`),
//! where there is no `window` to reach IndexedDB or the Web Locks through.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use futures::channel::oneshot;
use guichet::outbox::{lock, submit};
use guichet::storage::{self, Database, stores, strict, to_js};
use guichet_core::outbox::{EntryState, OutboxEntry};
use guichet_core::receipt::Reference;
use guichet_protocol::registration::Registration;
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct DraftStub {
    client_id: String,
    step: String,
}

async fn put_draft(client_id: &str) {
    let database = Database::open().await.expect("open");
    let draft = DraftStub { client_id: client_id.to_owned(), step: "consent".to_owned() };
    database.put_json(stores::DRAFTS, None, &draft).await.expect("put draft");
    database.close();
}

async fn read<T: serde::de::DeserializeOwned>(store: &str, key: &str) -> Option<T> {
    let database = Database::open().await.expect("open");
    let value = database.get_json(store, key).await.expect("read");
    database.close();
    value
}

#[wasm_bindgen_test]
async fn submitting_turns_the_draft_into_a_queued_entry_with_its_offline_reference() {
    let client_id = "0190f5e2-1234-7abc-9def-00000000a001";
    put_draft(client_id).await;
    let entry = submit(client_id, Registration::default(), Some(3), true).await.expect("submit");

    assert_eq!(read::<DraftStub>(stores::DRAFTS, client_id).await, None, "the draft is gone");
    let stored: OutboxEntry = read(stores::OUTBOX, client_id).await.expect("the entry is stored");
    assert_eq!(stored, entry);
    assert!(matches!(stored.state, EntryState::Queued { attempts: 0, .. }));
    let bytes = uuid::Uuid::parse_str(client_id).expect("uuid").into_bytes();
    assert_eq!(stored.reference, Reference::derive(bytes, 0).as_str());
    assert!(stored.submitted_on_kiosk);
    assert_eq!(stored.submission().reference_version, Some(3), "kept with the entry");
}

#[wasm_bindgen_test]
async fn a_failed_submit_leaves_the_draft_where_it_was() {
    let client_id = "0190f5e2-1234-7abc-9def-00000000a002";
    put_draft(client_id).await;
    // An entry without the outbox's key path: the put fails, so the whole transaction must.
    let not_an_entry = to_js(&serde_json::json!({ "reference": "00000000" })).expect("js");
    let error = strict::move_draft_to_outbox(client_id, &not_an_entry).await;
    assert!(error.is_err(), "the write was refused");
    let draft: Option<DraftStub> = read(stores::DRAFTS, client_id).await;
    assert_eq!(draft.map(|draft| draft.client_id), Some(client_id.to_owned()), "never neither");
}

#[wasm_bindgen_test]
async fn a_submit_with_a_malformed_client_id_is_refused_before_touching_storage() {
    let client_id = "not-a-uuid";
    put_draft(client_id).await;
    assert!(submit(client_id, Registration::default(), None, false).await.is_err());
    assert!(read::<DraftStub>(stores::DRAFTS, client_id).await.is_some());
}

#[wasm_bindgen_test]
async fn the_sender_lock_lets_one_holder_run_at_a_time() {
    let name = "guichet-test-lock";
    let (release_first, first_released) = oneshot::channel::<()>();
    let (first_started, first_running) = oneshot::channel::<()>();
    let (second_done, second_finished) = oneshot::channel::<()>();
    let second_ran = Rc::new(Cell::new(false));

    assert!(lock::run_holding(name, move || async move {
        let _ = first_started.send(());
        let _ = first_released.await;
    }));
    first_running.await.expect("the first holder starts");
    let flag = Rc::clone(&second_ran);
    assert!(lock::run_holding(name, move || async move {
        flag.set(true);
        let _ = second_done.send(());
    }));
    // Let the browser run whatever it would: the second holder must still be waiting.
    for _ in 0..20 {
        gloo::timers::future::TimeoutFuture::new(0).await;
    }
    assert!(!second_ran.get(), "the second holder waits while the first holds the lock");
    release_first.send(()).expect("release");
    second_finished.await.expect("the second holder runs once the first is done");
    assert!(second_ran.get());
}

#[wasm_bindgen_test]
async fn reading_migrates_old_entries_and_sets_unreadable_ones_aside_with_their_raw_json() {
    let database = Database::open().await.expect("open");
    let old_id = "0190f5e2-1234-7abc-9def-00000000b001";
    let bad_id = "0190f5e2-1234-7abc-9def-00000000b002";
    // Version 1: no `schema` field.
    let old = serde_json::json!({
        "client_id": old_id,
        "submitted_at": "2026-11-29T09:30:00Z",
        "submitted_at_ms": 1_000,
        "registration": {},
        "reference": "ABCD2345",
        "state": { "state": "queued", "attempts": 0, "next_attempt_at": 1_000, "last_error": null },
        "submitted_on_kiosk": false
    });
    let bad = serde_json::json!({ "client_id": bad_id, "state": "teleported", "name": "Karim" });
    database.put_json(stores::OUTBOX, None, &old).await.expect("put old");
    database.put_json(stores::OUTBOX, None, &bad).await.expect("put bad");

    let now = guichet_core::time::Timestamp(5_000);
    let entries = storage::outbox::load(&database, now).await.expect("load");
    let read = entries.iter().find(|entry| entry.client_id == old_id).expect("old entry read");
    assert_eq!(read.schema, guichet_core::outbox::stored::ENTRY_SCHEMA);
    assert!(entries.iter().all(|entry| entry.client_id != bad_id));
    let stored: serde_json::Value =
        database.get_json(stores::OUTBOX, old_id).await.expect("read").expect("still there");
    assert_eq!(stored["schema"], serde_json::json!(guichet_core::outbox::stored::ENTRY_SCHEMA));
    let gone: Option<serde_json::Value> =
        database.get_json(stores::OUTBOX, bad_id).await.expect("read");
    assert_eq!(gone, None, "the unreadable record left the outbox");
    let quarantined = storage::quarantine::all(&database).await.expect("quarantine");
    let record = quarantined.iter().find(|record| record.key == bad_id).expect("set aside");
    let raw: serde_json::Value = serde_json::from_str(&record.raw).expect("raw JSON");
    assert_eq!(raw, bad);
    assert_eq!(record.quarantined_at, now);

    // The kiosk wipe keeps it, like the entries still waiting: it was submitted.
    storage::wipe_visitor().await.expect("wipe");
    let kept = storage::quarantine::all(&database).await.expect("quarantine");
    assert!(kept.iter().any(|record| record.key == bad_id), "the wipe keeps it");
    assert!(
        database
            .get_json::<serde_json::Value>(stores::OUTBOX, old_id)
            .await
            .expect("read")
            .is_some()
    );
    database.delete(stores::OUTBOX, old_id).await.expect("clean up");
    database.delete(stores::QUARANTINE, bad_id).await.expect("clean up");
    database.close();
}

#[wasm_bindgen_test]
async fn the_screens_listing_is_newest_first_and_only_a_phones_refused_entry_carries_its_file() {
    use guichet::outbox::background::{find, list};
    use guichet::outbox::{FailureView, RejectionView, StateView};
    use guichet_core::outbox::{Rejection, SendFailure};
    use guichet_core::time::Timestamp;

    let phone = "0190f5e2-1234-7abc-9def-00000000c001";
    let kiosk = "0190f5e2-1234-7abc-9def-00000000c002";
    let waiting = "0190f5e2-1234-7abc-9def-00000000c003";
    for (client_id, on_kiosk) in [(phone, false), (kiosk, true), (waiting, false)] {
        put_draft(client_id).await;
        submit(client_id, Registration::default(), None, on_kiosk).await.expect("submit");
    }
    let database = Database::open().await.expect("open");
    let refused = Rejection::Invalid { fields: vec!["nin".to_owned()] };
    for (client_id, at) in [(phone, 3_000_000_000_000), (kiosk, 2_000_000_000_000)] {
        let refused = refused.clone();
        storage::outbox::update(&database, client_id, move |entry| {
            entry.submitted_at_ms = Timestamp(at);
            entry.state = EntryState::Rejected { rejection: refused, rejected_at: Timestamp(at) };
            true
        })
        .await
        .expect("refuse");
    }
    storage::outbox::update(&database, waiting, |entry| {
        entry.submitted_at_ms = Timestamp(1_000_000_000_000);
        entry.state = EntryState::Queued {
            attempts: 2,
            next_attempt_at: Timestamp(4_000_000_000_000),
            last_error: Some(SendFailure::Status { status: 503 }),
        };
        true
    })
    .await
    .expect("queue");
    database.close();

    let listing = list().await.expect("listing");
    let ours: Vec<_> = listing
        .entries
        .iter()
        .filter(|entry| [phone, kiosk, waiting].contains(&entry.client_id.as_str()))
        .collect();
    let order: Vec<_> = ours.iter().map(|entry| entry.client_id.as_str()).collect();
    assert_eq!(order, [phone, kiosk, waiting], "newest submission first");
    assert_eq!(ours[0].state, StateView::Rejected(RejectionView::Invalid(vec!["nin".to_owned()])));
    assert_eq!(ours[0].state_name(), "rejected");
    assert_eq!(
        ours[2].state,
        StateView::Queued {
            next_attempt_at: Timestamp(4_000_000_000_000),
            last_error: Some(FailureView::Status(503)),
        }
    );
    // The phone's refused entry carries its submission as an indented file; the kiosk's and a
    // waiting one carry nothing.
    let file = ours[0].export.as_deref().expect("the phone's file");
    assert!(file.contains("\n  \"client_id\": \"0190f5e2-1234-7abc-9def-00000000c001\""), "{file}");
    assert_eq!(ours[1].export, None);
    assert_eq!(ours[2].export, None);

    let found = find(kiosk).await.expect("find");
    assert_eq!(found.entry.map(|entry| entry.reference), Some(ours[1].reference.clone()));
    assert_eq!(found.receipt, None);
    let missing = find("0190f5e2-1234-7abc-9def-00000000c0ff").await.expect("find");
    assert_eq!((missing.entry, missing.receipt), (None, None));

    let database = Database::open().await.expect("open");
    for client_id in [phone, kiosk, waiting] {
        database.delete(stores::OUTBOX, client_id).await.expect("clean up");
    }
    database.close();
}
