//! `POST /api/v1/registrations`: each registration stored exactly once, whatever the replays,
//! on SQLite and PostgreSQL alike.

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode},
};
use guichet_core::receipt::Reference;
use guichet_protocol::{
    PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER,
    registration::Registration,
    submission::{
        Submission, SubmissionBatch, SubmissionBody, SubmissionResults, SubmissionStatus,
    },
};
use std::{net::SocketAddr, num::NonZeroU32};

use guichet_protocol::devices::Enrolment;
use guichet_server::{
    Clock, Database, agencies, devices,
    infra::{client_address::TrustedProxies, rate_limit::RateLimits},
    registrations,
};
use serde_json::json;

use crate::support::{AGENCIES, TestDatabase, TestResponse, TestSite};

run_against_every_database!(
    a_replay_is_a_duplicate_and_changed_content_a_conflict,
    an_invalid_registration_is_answered_with_field_errors_and_not_stored,
    two_senders_of_the_same_nin_both_get_their_own_reference,
    a_batch_is_answered_in_order_and_sees_its_own_rows,
    a_reference_shared_by_chance_stays_each_submissions_own,
    an_entry_that_cannot_be_read_is_invalid_on_its_own,
    the_same_nin_from_two_senders_is_flagged_for_staff,
    a_kiosk_submission_belongs_to_its_agency_and_a_phone_one_to_its_commune,
);

const CLIENT_A: &str = "0190f5e2-1234-7abc-9def-0123456789ab";
const CLIENT_B: &str = "0190f5e2-1234-7abc-9def-0123456789ac";
const CLIENT_C: &str = "0190f5e2-1234-7abc-9def-0123456789ad";

fn valid_registration() -> Registration {
    let fixture = include_str!("../../../protocol/fixtures/registration-valid.json");
    serde_json::from_str(fixture).expect("the fixture is a registration")
}

fn submission(client_id: &str, registration: Registration) -> Submission {
    Submission {
        client_id: client_id.to_owned(),
        submitted_at: "2026-11-29T09:30:00Z".to_owned(),
        reference_version: None,
        body: SubmissionBody::Clear(registration),
    }
}

fn offline_reference(client_id: &str) -> String {
    let bytes = uuid::Uuid::parse_str(client_id).expect("a UUID").into_bytes();
    Reference::derive(bytes, 0).as_str().to_owned()
}

async fn post(site: &TestSite, body: String, protocol: Option<&str>) -> TestResponse {
    let mut request =
        Request::post("/api/v1/registrations").header("content-type", "application/json");
    if let Some(version) = protocol {
        request = request.header(PROTOCOL_VERSION_HEADER, version);
    }
    site.send(request.body(Body::from(body)).expect("a request")).await
}

async fn submit(site: &TestSite, submissions: Vec<Submission>) -> SubmissionResults {
    let body =
        serde_json::to_string(&SubmissionBatch { registrations: submissions }).expect("json");
    let response = post(site, body, Some(&PROTOCOL_VERSION.to_string())).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()
}

async fn stored_rows(database: &Database) -> i64 {
    let sql = "SELECT COUNT(*) FROM pre_registrations";
    match database {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("count"),
        Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("count"),
    }
}

async fn a_replay_is_a_duplicate_and_changed_content_a_conflict(db: TestDatabase) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    let first = submit(&site, vec![submission(CLIENT_A, valid_registration())]).await;
    assert_eq!(first.results.len(), 1);
    assert_eq!(first.results[0].status, SubmissionStatus::Created);
    assert_eq!(first.results[0].reference.as_deref(), Some(offline_reference(CLIENT_A).as_str()));

    let replay = submit(&site, vec![submission(CLIENT_A, valid_registration())]).await;
    assert_eq!(replay.results[0].status, SubmissionStatus::Duplicate);
    assert_eq!(replay.results[0].reference, first.results[0].reference);

    let mut edited = valid_registration();
    edited.contact.address = "3 boulevard Zighoud Youcef".to_owned();
    let conflict = submit(&site, vec![submission(CLIENT_A, edited)]).await;
    assert_eq!(conflict.results[0].status, SubmissionStatus::Conflict);
    assert_eq!(conflict.results[0].reference, None);
    assert_eq!(stored_rows(&database).await, 1);
}

async fn an_invalid_registration_is_answered_with_field_errors_and_not_stored(db: TestDatabase) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    let mut broken = valid_registration();
    broken.identity.nin = "12345".to_owned();
    let answer = submit(
        &site,
        vec![submission(CLIENT_A, broken), submission("not-a-uuid", valid_registration())],
    )
    .await;
    assert_eq!(answer.results[0].status, SubmissionStatus::Invalid);
    assert!(
        answer.results[0].errors.iter().any(|error| error.field == "identity.nin"),
        "{:?}",
        answer.results[0].errors
    );
    assert_eq!(answer.results[1].status, SubmissionStatus::Invalid);
    assert_eq!(answer.results[1].errors[0].field, "client_id");
    assert_eq!(stored_rows(&database).await, 0);
}

async fn two_senders_of_the_same_nin_both_get_their_own_reference(db: TestDatabase) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    let first = submit(&site, vec![submission(CLIENT_A, valid_registration())]).await;
    let again = submit(&site, vec![submission(CLIENT_B, valid_registration())]).await;
    // The answer tells the second sender nothing about the first: its own reference, created.
    assert_eq!(first.results[0].status, SubmissionStatus::Created);
    assert_eq!(again.results[0].status, SubmissionStatus::Created);
    assert_ne!(again.results[0].reference, first.results[0].reference);
    assert_eq!(stored_rows(&database).await, 2);
}

async fn a_batch_is_answered_in_order_and_sees_its_own_rows(db: TestDatabase) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    let mut other_person = valid_registration();
    other_person.identity.nin = "209950123456789012".to_owned();
    let answer = submit(
        &site,
        vec![
            submission(CLIENT_A, valid_registration()),
            submission(CLIENT_B, other_person),
            submission(CLIENT_A, valid_registration()),
            submission(CLIENT_C, valid_registration()),
        ],
    )
    .await;
    let statuses: Vec<_> = answer.results.iter().map(|result| result.status).collect();
    assert_eq!(
        statuses,
        [
            SubmissionStatus::Created,
            SubmissionStatus::Created,
            SubmissionStatus::Duplicate,
            SubmissionStatus::Created,
        ]
    );
    let client_ids: Vec<_> =
        answer.results.iter().map(|result| result.client_id.as_str()).collect();
    assert_eq!(client_ids, [CLIENT_A, CLIENT_B, CLIENT_A, CLIENT_C]);
    assert_eq!(stored_rows(&database).await, 3);
}

async fn a_reference_shared_by_chance_stays_each_submissions_own(db: TestDatabase) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    // Same last five bytes, so the same offline reference: both keep it (the desk lists every
    // match of a typed reference, and the QR code carries the full client id).
    let first_id = "0190f5e2-0000-7000-8000-00aabbccddee";
    let second_id = "0190f5e2-1111-7111-9111-11aabbccddee";
    assert_eq!(offline_reference(first_id), offline_reference(second_id));
    let mut other_person = valid_registration();
    other_person.identity.nin = "309950123456789012".to_owned();
    let answer = submit(
        &site,
        vec![submission(first_id, valid_registration()), submission(second_id, other_person)],
    )
    .await;
    assert_eq!(answer.results[0].status, SubmissionStatus::Created);
    assert_eq!(answer.results[1].status, SubmissionStatus::Created);
    assert_eq!(answer.results[0].reference.as_deref(), Some(offline_reference(first_id).as_str()));
    assert_eq!(answer.results[1].reference.as_deref(), Some(offline_reference(second_id).as_str()));
    assert_eq!(stored_rows(&database).await, 2);
}

async fn an_entry_that_cannot_be_read_is_invalid_on_its_own(db: TestDatabase) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    let good = serde_json::to_value(submission(CLIENT_A, valid_registration())).expect("json");
    let mut wrong_type =
        serde_json::to_value(submission(CLIENT_B, valid_registration())).expect("json");
    wrong_type["registration"]["civil_status"]["sex"] = json!(12);
    // A version of the lists that is not a version number names that field.
    let mut wrong_version =
        serde_json::to_value(submission(CLIENT_C, valid_registration())).expect("json");
    wrong_version["reference_version"] = json!("three");
    let body =
        json!({ "registrations": [good, wrong_type, {"client_id": 5}, wrong_version] }).to_string();
    let response = post(&site, body, Some("2")).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let answer: SubmissionResults = response.json();
    let statuses: Vec<_> = answer.results.iter().map(|result| result.status).collect();
    assert_eq!(
        statuses,
        [
            SubmissionStatus::Created,
            SubmissionStatus::Invalid,
            SubmissionStatus::Invalid,
            SubmissionStatus::Invalid
        ]
    );
    let fields: Vec<(&str, &str)> = answer.results[3]
        .errors
        .iter()
        .map(|error| (error.field.as_str(), error.code.as_str()))
        .collect();
    assert_eq!(fields, [("reference_version", "unreadable")]);
    assert_eq!(answer.results[1].client_id, CLIENT_B);
    assert_eq!(answer.results[1].errors[0].field, "registration.civil_status.sex");
    assert_eq!(answer.results[1].errors[0].code, "unreadable");
    // Not even an object of the expected shape: no client id either.
    let fields: Vec<&str> =
        answer.results[2].errors.iter().map(|error| error.field.as_str()).collect();
    assert_eq!(fields, ["client_id", "submitted_at", "."]);
    assert_eq!(stored_rows(&database).await, 1);
}

async fn the_same_nin_from_two_senders_is_flagged_for_staff(db: TestDatabase) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    let mut other_person = valid_registration();
    other_person.identity.nin = "309950123456789012".to_owned();
    submit(
        &site,
        vec![
            submission(CLIENT_A, valid_registration()),
            submission(CLIENT_B, valid_registration()),
            submission(CLIENT_C, other_person),
        ],
    )
    .await;
    for (client_id, expected) in [(CLIENT_A, 1), (CLIENT_B, 1), (CLIENT_C, 0)] {
        let summary = registrations::summary_by_client_id(&database, client_id)
            .await
            .expect("a query")
            .expect("stored");
        assert_eq!(summary.same_nin, expected, "{client_id}");
        assert_eq!(summary.status, "pending");
    }
}

#[tokio::test]
async fn a_client_must_speak_this_protocol_version() {
    let site = TestSite::new().await;
    let body = json!({ "registrations": [] }).to_string();
    for announced in [None, Some("0"), Some("4"), Some("two")] {
        let response = post(&site, body.clone(), announced).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{announced:?}");
        let error: serde_json::Value = response.json();
        assert_eq!(error["error"]["code"], "unsupported_protocol");
        assert!(error["error"]["message"].as_str().unwrap().contains("protocol version 2"));
    }
    // This version, the ones before (kiosks not yet updated keep delivering) and the sealed one.
    for accepted in ["1", "2", "3"] {
        let response = post(&site, body.clone(), Some(accepted)).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.json::<SubmissionResults>().results, []);
    }
}

#[tokio::test]
async fn malformed_bodies_and_oversized_batches_are_refused_with_a_reason() {
    let site = TestSite::new().await;
    let version = Some("1");
    let malformed = post(&site, "{\"registrations\": {}}".to_owned(), version).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    let error: serde_json::Value = malformed.json();
    assert_eq!(error["error"]["code"], "invalid_body");

    let too_many: Vec<Submission> = (0..101)
        .map(|index| {
            submission(&format!("0190f5e2-1234-7abc-9def-{index:012}"), Registration::default())
        })
        .collect();
    let body = serde_json::to_string(&SubmissionBatch { registrations: too_many }).expect("json");
    let response = post(&site, body, version).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    let error: serde_json::Value = response.json();
    assert_eq!(error["error"]["code"], "batch_too_large");
}

#[tokio::test]
async fn past_the_anonymous_limit_the_answer_is_429_with_retry_after() {
    let db = TestDatabase::sqlite().await;
    let limits = RateLimits::new(NonZeroU32::new(2).unwrap(), NonZeroU32::new(2).unwrap());
    let site = TestSite::with_configured(db, |state| state.with_rate_limits(limits));
    let body = json!({ "registrations": [] }).to_string();
    for _ in 0..2 {
        assert_eq!(post(&site, body.clone(), Some("2")).await.status, StatusCode::OK);
    }
    let refused = post(&site, body, Some("2")).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let seconds: u64 = refused.header("retry-after").parse().expect("whole seconds");
    assert!((1..=30).contains(&seconds), "{seconds}");
    let error: serde_json::Value = refused.json();
    assert_eq!(error["error"]["code"], "too_many_requests");
}

/// A phone's empty batch as a reverse proxy at `peer` forwards it, `X-Forwarded-For` as given.
async fn post_through(site: &TestSite, peer: [u8; 4], forwarded: &str) -> StatusCode {
    let mut request = Request::post("/api/v1/registrations")
        .header("content-type", "application/json")
        .header(PROTOCOL_VERSION_HEADER, "2")
        .header("x-forwarded-for", forwarded)
        .body(Body::from(json!({ "registrations": [] }).to_string()))
        .expect("a request");
    request.extensions_mut().insert(ConnectInfo(SocketAddr::from((peer, 40_000))));
    site.send(request).await.status
}

#[tokio::test]
async fn behind_trusted_proxies_each_phone_has_its_own_limit_and_cannot_choose_it() {
    let db = TestDatabase::sqlite().await;
    let limits = RateLimits::new(NonZeroU32::MIN, NonZeroU32::MIN);
    let proxies = TrustedProxies::parse("10.0.0.0/8").expect("a list");
    let site = TestSite::with_configured(db, |state| {
        state.with_rate_limits(limits).with_trusted_proxies(proxies)
    });
    let proxy = [10, 0, 0, 1];
    // Two phones behind the one proxy: each has its own one a minute.
    assert_eq!(post_through(&site, proxy, "203.0.113.1").await, StatusCode::OK);
    assert_eq!(post_through(&site, proxy, "203.0.113.2").await, StatusCode::OK);
    // The first one again, naming another address before the proxy's entry: still itself.
    assert_eq!(
        post_through(&site, proxy, "198.51.100.9, 203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // A peer that is not a trusted proxy is limited by its own address, whatever it forwards.
    let stranger = [192, 0, 2, 5];
    assert_eq!(post_through(&site, stranger, "203.0.113.3").await, StatusCode::OK);
    assert_eq!(post_through(&site, stranger, "203.0.113.4").await, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_address_is_not_believed() {
    let db = TestDatabase::sqlite().await;
    let limits = RateLimits::new(NonZeroU32::MIN, NonZeroU32::MIN);
    let site = TestSite::with_configured(db, |state| state.with_rate_limits(limits));
    assert_eq!(post_through(&site, [10, 0, 0, 1], "203.0.113.1").await, StatusCode::OK);
    assert_eq!(
        post_through(&site, [10, 0, 0, 1], "203.0.113.2").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn an_unknown_device_credential_is_401_and_stores_nothing() {
    let db = TestDatabase::sqlite().await;
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    let body = serde_json::to_string(&SubmissionBatch {
        registrations: vec![submission(CLIENT_A, valid_registration())],
    })
    .expect("json");
    let request = Request::post("/api/v1/registrations")
        .header("content-type", "application/json")
        .header(PROTOCOL_VERSION_HEADER, "2")
        .header("authorization", "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        .body(Body::from(body))
        .expect("a request");
    let response = site.send(request).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(response.header("www-authenticate"), "Bearer");
    assert_eq!(stored_rows(&database).await, 0);
}

/// Enrols a kiosk of `agency` through the API, with a code made as an operator would.
async fn enrol_kiosk(site: &TestSite, database: &Database, agency: &str) -> Enrolment {
    let issued =
        devices::create_code(database, Clock::System.now(), agency, None).await.expect("a code");
    let body = json!({ "code": issued.code.as_str(), "name": "Accueil 1" }).to_string();
    let request = Request::post("/api/v1/devices/enrol")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("a request");
    let response = site.send(request).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

async fn submit_as(
    site: &TestSite,
    credential: &str,
    submissions: Vec<Submission>,
) -> TestResponse {
    let body =
        serde_json::to_string(&SubmissionBatch { registrations: submissions }).expect("json");
    let request = Request::post("/api/v1/registrations")
        .header("content-type", "application/json")
        .header(PROTOCOL_VERSION_HEADER, "2")
        .header("authorization", format!("Bearer {credential}"))
        .body(Body::from(body))
        .expect("a request");
    site.send(request).await
}

async fn a_kiosk_submission_belongs_to_its_agency_and_a_phone_one_to_its_commune(db: TestDatabase) {
    let database = db.database.clone();
    agencies::import(&database, AGENCIES, true).await.expect("agencies");
    let site = TestSite::with_database(db);
    // A kiosk of Bab Ezzouar's agency receives someone living in Alger Centre: the
    // pre-registration is for the agency where the person stands.
    let kiosk = enrol_kiosk(&site, &database, "16-05").await;
    let response =
        submit_as(&site, &kiosk.credential, vec![submission(CLIENT_A, valid_registration())]).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    // A phone (no credential) sends someone of Bab Ezzouar, and someone of Alger Centre.
    let mut bab_ezzouar = valid_registration();
    bab_ezzouar.identity.nin = "309950123456789012".to_owned();
    bab_ezzouar.contact.residence_commune = "1621".to_owned();
    submit(
        &site,
        vec![submission(CLIENT_B, bab_ezzouar), submission(CLIENT_C, valid_registration())],
    )
    .await;
    let stored = |client_id| {
        let database = database.clone();
        async move {
            registrations::summary_by_client_id(&database, client_id)
                .await
                .expect("a query")
                .expect("stored")
        }
    };
    let from_kiosk = stored(CLIENT_A).await;
    assert_eq!(from_kiosk.agency_id.as_deref(), Some("16-05"));
    assert_eq!(from_kiosk.device_id.as_deref(), Some(kiosk.device_id.as_str()));
    let from_phone = stored(CLIENT_B).await;
    assert_eq!(from_phone.agency_id.as_deref(), Some("16-05"));
    assert_eq!(from_phone.device_id, None);
    assert_eq!(stored(CLIENT_C).await.agency_id.as_deref(), Some("16-01"));
}

#[tokio::test]
async fn a_flood_from_one_address_never_blocks_an_enrolled_kiosk() {
    let db = TestDatabase::sqlite().await;
    let database = db.database.clone();
    agencies::import(&database, AGENCIES, true).await.expect("agencies");
    let limits = RateLimits::new(NonZeroU32::new(3).unwrap(), NonZeroU32::new(5).unwrap());
    let site = TestSite::with_configured(db, |state| state.with_rate_limits(limits));
    // The kiosk and the flood share an address (every oneshot request has the same one).
    let kiosk = enrol_kiosk(&site, &database, "16-01").await;
    let empty = json!({ "registrations": [] }).to_string();
    let mut refused = 0;
    for _ in 0..20 {
        if post(&site, empty.clone(), Some("2")).await.status == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    assert!(refused >= 16, "only {refused} of 20 anonymous requests refused");
    let response =
        submit_as(&site, &kiosk.credential, vec![submission(CLIENT_A, valid_registration())]).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let answer: SubmissionResults = response.json();
    assert_eq!(answer.results[0].status, SubmissionStatus::Created);
}
