//! Sealed submissions (protocol version 3): opened with the key their id names, then judged and
//! stored exactly as clear ones; the published key; rotation.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use guichet_core::sealing::{self, Keyring, PrivateKey, SecureFill};
use guichet_protocol::{
    PROTOCOL_VERSION_HEADER, SEALED_PROTOCOL_VERSION,
    registration::Registration,
    sealing::{Sealed, SealingKey},
    submission::{
        Submission, SubmissionBatch, SubmissionBody, SubmissionResults, SubmissionStatus,
    },
};
use guichet_server::Database;

use crate::support::{TestDatabase, TestSite};

run_against_every_database!(
    a_sealed_submission_is_stored_once_and_judged_as_a_clear_one,
    a_seal_that_does_not_open_is_invalid_on_its_own,
    what_was_sealed_to_a_key_still_opens_after_a_rotation,
    an_instance_started_before_a_rotation_opens_what_was_sealed_to_the_new_key,
);

const CLIENT_A: &str = "0190f5e2-1234-7abc-9def-0123456789ab";
const CLIENT_B: &str = "0190f5e2-1234-7abc-9def-0123456789ac";

fn registration() -> Registration {
    let fixture = include_str!("../../../protocol/fixtures/registration-valid.json");
    serde_json::from_str(fixture).expect("the fixture is a registration")
}

fn rng() -> SecureFill<impl FnMut(&mut [u8])> {
    SecureFill(|buffer: &mut [u8]| getrandom::fill(buffer).unwrap())
}

fn key(id: &str) -> PrivateKey {
    sealing::generate(id, &mut rng())
}

fn sealed(client_id: &str, registration: &Registration, to: &PrivateKey) -> Submission {
    let sealed = sealing::seal(registration, client_id, &to.public_key(), &mut rng());
    with_body(client_id, SubmissionBody::Sealed(sealed))
}

fn with_body(client_id: &str, body: SubmissionBody) -> Submission {
    Submission {
        client_id: client_id.to_owned(),
        submitted_at: "2026-11-29T09:30:00Z".to_owned(),
        reference_version: None,
        body,
    }
}

async fn submit_under(
    site: &TestSite,
    version: u32,
    submissions: Vec<Submission>,
) -> SubmissionResults {
    let body = serde_json::to_string(&SubmissionBatch { registrations: submissions }).unwrap();
    let request = Request::post("/api/v1/registrations")
        .header("content-type", "application/json")
        .header(PROTOCOL_VERSION_HEADER, version.to_string())
        .body(Body::from(body))
        .unwrap();
    let response = site.send(request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()
}

async fn submit(site: &TestSite, submissions: Vec<Submission>) -> SubmissionResults {
    submit_under(site, SEALED_PROTOCOL_VERSION, submissions).await
}

fn site_with(db: TestDatabase, keys: Keyring) -> TestSite {
    TestSite::with_configured(db, |state| state.with_sealing_keys(keys))
}

async fn stored(database: &Database) -> Vec<(String, String)> {
    let sql = "SELECT client_id, payload FROM pre_registrations ORDER BY client_id";
    match database {
        Database::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
        Database::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
    }
}

async fn a_sealed_submission_is_stored_once_and_judged_as_a_clear_one(db: TestDatabase) {
    let database = db.database.clone();
    let current = key("k1");
    let site = site_with(db, Keyring::new(vec![current.clone()]));
    let first = submit(&site, vec![sealed(CLIENT_A, &registration(), &current)]).await;
    assert_eq!(first.results[0].status, SubmissionStatus::Created, "{:?}", first.results[0]);
    // Sealed again, with another ephemeral key: other bytes, the same registration.
    let again = submit(&site, vec![sealed(CLIENT_A, &registration(), &current)]).await;
    assert_eq!(again.results[0].status, SubmissionStatus::Duplicate);
    assert_eq!(again.results[0].reference, first.results[0].reference);
    // The same entry in clear under version 2 (a kiosk that sent before it sealed): the same.
    let clear =
        submit_under(&site, 2, vec![with_body(CLIENT_A, SubmissionBody::Clear(registration()))])
            .await;
    assert_eq!(clear.results[0].status, SubmissionStatus::Duplicate);
    let mut edited = registration();
    edited.contact.address = "3 boulevard Zighoud Youcef".to_owned();
    let conflict = submit(&site, vec![sealed(CLIENT_A, &edited, &current)]).await;
    assert_eq!(conflict.results[0].status, SubmissionStatus::Conflict);
    // Validated after opening, as a clear one.
    let mut broken = registration();
    broken.identity.nin = "12345".to_owned();
    let invalid = submit(&site, vec![sealed(CLIENT_B, &broken, &current)]).await;
    assert_eq!(invalid.results[0].status, SubmissionStatus::Invalid);
    assert!(invalid.results[0].errors.iter().any(|error| error.field == "identity.nin"));
    // Stored once, opened: the payload is the registration, not its seal.
    let rows = stored(&database).await;
    assert_eq!(rows.len(), 1);
    let payload: Registration = serde_json::from_str(&rows[0].1).unwrap();
    assert_eq!(payload, registration());
}

async fn a_seal_that_does_not_open_is_invalid_on_its_own(db: TestDatabase) {
    let database = db.database.clone();
    let current = key("k1");
    let site = site_with(db, Keyring::new(vec![current.clone()]));
    let stranger = key("k-elsewhere");
    let unknown_key = sealed(CLIENT_A, &registration(), &stranger);
    // Lifted from CLIENT_A's entry and replayed under another client id.
    let SubmissionBody::Sealed(body) = sealed(CLIENT_A, &registration(), &current).body else {
        unreachable!()
    };
    let replayed = with_body(CLIENT_B, SubmissionBody::Sealed(body.clone()));
    let forged = with_body(
        "0190f5e2-1234-7abc-9def-0123456789ad",
        SubmissionBody::Sealed(Sealed { ciphertext: format!("A{}", body.ciphertext), ..body }),
    );
    let clear =
        with_body("0190f5e2-1234-7abc-9def-0123456789ae", SubmissionBody::Clear(registration()));
    let good = sealed("0190f5e2-1234-7abc-9def-0123456789af", &registration(), &current);
    let answer = submit(&site, vec![unknown_key, replayed, forged, clear, good]).await;
    let codes: Vec<(SubmissionStatus, Vec<(String, String)>)> = answer
        .results
        .iter()
        .map(|result| {
            let errors = result.errors.iter().map(|e| (e.field.clone(), e.code.clone())).collect();
            (result.status, errors)
        })
        .collect();
    let invalid =
        |code: &str| (SubmissionStatus::Invalid, vec![("sealed".to_owned(), code.to_owned())]);
    assert_eq!(
        codes,
        [
            invalid("sealed_unknown_key"),
            invalid("sealed_refused"),
            invalid("sealed_refused"),
            invalid("sealed_required"),
            (SubmissionStatus::Created, vec![]),
        ]
    );
    assert_eq!(stored(&database).await.len(), 1);
}

async fn what_was_sealed_to_a_key_still_opens_after_a_rotation(db: TestDatabase) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("keys");
    let before = guichet_server::sealing::load_or_create(&dir, 1_796_000_000_000).unwrap();
    let old = before.current().unwrap().clone();
    let queued = sealed(CLIENT_A, &registration(), &old);
    let rotated = guichet_server::sealing::rotate(&dir, 1_796_000_060_000).unwrap();
    let (after, _) = guichet_server::sealing::load(&dir).unwrap();
    let site = site_with(db, after);
    let published: SealingKey = site.get("/api/v1/sealing-key").await.json();
    assert_eq!(published.key_id, rotated.key_id);
    let new = sealed(
        CLIENT_B,
        &registration(),
        &guichet_server::sealing::load(&dir).unwrap().0.current().unwrap().clone(),
    );
    let answer = submit(&site, vec![queued, new]).await;
    assert_eq!(answer.results[0].status, SubmissionStatus::Created);
    assert_eq!(answer.results[1].status, SubmissionStatus::Created);
}

/// A rolling restart after `keys rotate`: a restarted instance publishes the new key, a kiosk
/// seals to it and its batch reaches an instance still running with the ring it loaded at start.
async fn an_instance_started_before_a_rotation_opens_what_was_sealed_to_the_new_key(
    db: TestDatabase,
) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("keys");
    let at_start = guichet_server::sealing::load_or_create(&dir, 1_796_000_000_000).unwrap();
    let site =
        TestSite::with_configured(db, |state| state.with_sealing_keys_from(at_start, dir.clone()));
    let rotated = guichet_server::sealing::rotate(&dir, 1_796_000_060_000).unwrap();
    let (ring, _) = guichet_server::sealing::load(&dir).unwrap();
    let new = ring.current().unwrap().clone();
    assert_eq!(new.id(), rotated.key_id);
    let answer = submit(&site, vec![sealed(CLIENT_A, &registration(), &new)]).await;
    assert_eq!(answer.results[0].status, SubmissionStatus::Created, "{:?}", answer.results[0]);
    // The reloaded ring is the one in force: this instance now publishes the new key too.
    let published: SealingKey = site.get("/api/v1/sealing-key").await.json();
    assert_eq!(published.key_id, rotated.key_id);
    // A key no instance ever had is still refused on its own, with its reason.
    let answer = submit(&site, vec![sealed(CLIENT_B, &registration(), &key("made-up"))]).await;
    assert_eq!(answer.results[0].status, SubmissionStatus::Invalid);
    assert_eq!(answer.results[0].errors[0].code, "sealed_unknown_key");
}

#[tokio::test]
async fn the_current_public_key_is_published_with_its_id_as_etag() {
    let none = TestSite::new().await;
    assert_eq!(none.get("/api/v1/sealing-key").await.status, StatusCode::NOT_FOUND);

    let old = key("k1");
    let current = key("k2");
    let site = site_with(TestDatabase::sqlite().await, Keyring::new(vec![old, current.clone()]));
    let response = site.get("/api/v1/sealing-key").await;
    assert_eq!(response.status, StatusCode::OK);
    let etag = response.header("etag").to_owned();
    let published: SealingKey = response.json();
    assert_eq!(published, current.public_key().to_wire());
    let public = sealing::PublicKey::from_wire(&published).unwrap();
    let sealed = sealing::seal(&registration(), CLIENT_A, &public, &mut rng());
    assert_eq!(Keyring::new(vec![current]).open(&sealed, CLIENT_A).unwrap(), registration());
    let again = Request::get("/api/v1/sealing-key")
        .header(header::IF_NONE_MATCH, etag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(site.send(again).await.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn without_keys_a_sealed_submission_is_invalid_not_a_failure() {
    let site = TestSite::new().await;
    let answer = submit(&site, vec![sealed(CLIENT_A, &registration(), &key("k1"))]).await;
    assert_eq!(answer.results[0].status, SubmissionStatus::Invalid);
    assert_eq!(answer.results[0].errors[0].code, "sealed_unknown_key");
}
