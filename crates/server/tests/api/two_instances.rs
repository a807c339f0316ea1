//! Two server instances on one PostgreSQL database, as a national deployment runs them: both
//! migrate at the same moment; the same submission sent through both at once is stored once; a
//! staff session opened on one is valid on the other; the offers feed reads the same from both,
//! and both serve the same offers snapshot, byte for byte, under one name.
//! Each instance is its own router over its own connection pool (issue 13).

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use guichet_protocol::{
    PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER,
    registration::Registration,
    submission::{
        Submission, SubmissionBatch, SubmissionBody, SubmissionResults, SubmissionStatus,
    },
};
use guichet_server::{Database, offers, staff::Role};

use crate::{desk_pages::Office, support::TestDatabase};

macro_rules! two_instance_stories {
    ($($story:ident),+ $(,)?) => {
        mod postgres {
            $(
                #[tokio::test]
                async fn $story() {
                    let (first, second) = crate::support::TestDatabase::postgres_twice().await;
                    crate::support::run_story(first, move |first| super::$story(first, second))
                        .await;
                }
            )+
        }
    };
}

two_instance_stories!(
    both_instances_migrated_the_schema_once,
    the_same_submission_through_both_at_once_is_stored_once,
    a_staff_session_opened_on_one_is_valid_on_the_other,
    the_offers_feed_reads_the_same_from_both,
    both_serve_the_same_offers_snapshot_bytes_under_one_name,
);

fn valid_registration() -> Registration {
    let fixture = include_str!("../../../protocol/fixtures/registration-valid.json");
    serde_json::from_str(fixture).expect("the fixture is a registration")
}

async fn count(database: &Database, sql: &'static str) -> i64 {
    match database {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    }
}

async fn both_instances_migrated_the_schema_once(first: TestDatabase, second: Database) {
    let applied = count(&first.database, "SELECT COUNT(*) FROM _sqlx_migrations").await;
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres"))
        .unwrap()
        .filter(|entry| {
            entry.as_ref().unwrap().path().extension().is_some_and(|extension| extension == "sql")
        })
        .count();
    assert_eq!(usize::try_from(applied).unwrap(), files, "each migration applied once");
    assert_eq!(count(&second, "SELECT COUNT(*) FROM _sqlx_migrations").await, applied);
    // Both see the same schema: a third start finds nothing to do.
    second.migrate().await.unwrap();
}

/// A phone's batch (no credential), through `office`; the one result.
async fn submit(office: &Office, client_id: &str) -> SubmissionStatus {
    let batch = SubmissionBatch {
        registrations: vec![Submission {
            client_id: client_id.to_owned(),
            submitted_at: "2026-11-29T07:30:00Z".into(),
            reference_version: None,
            body: SubmissionBody::Clear(valid_registration()),
        }],
    };
    let request = Request::post("/api/v1/registrations")
        .header(header::CONTENT_TYPE, "application/json")
        .header(PROTOCOL_VERSION_HEADER, PROTOCOL_VERSION.to_string())
        .body(Body::from(serde_json::to_string(&batch).unwrap()))
        .unwrap();
    let response = office.send(request).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let results: SubmissionResults = response.json();
    results.results[0].status
}

async fn the_same_submission_through_both_at_once_is_stored_once(
    first: TestDatabase,
    second: Database,
) {
    let one = Office::new(first).await;
    let two = one.other_instance(second);
    // Twenty rounds, each the same client id through both instances at the same moment.
    for round in 0..20 {
        let client_id = format!("0190f5e2-1234-7abc-9def-{round:012x}");
        let (a, b) = tokio::join!(submit(&one, &client_id), submit(&two, &client_id));
        let mut statuses = [a, b];
        statuses.sort_by_key(|status| format!("{status:?}"));
        assert_eq!(
            statuses,
            [SubmissionStatus::Created, SubmissionStatus::Duplicate],
            "round {round}: one stores it, the other answers with the original"
        );
    }
    let stored = count(&one.database, "SELECT COUNT(*) FROM pre_registrations").await;
    assert_eq!(stored, 20, "each registration stored once");
}

async fn a_staff_session_opened_on_one_is_valid_on_the_other(
    first: TestDatabase,
    second: Database,
) {
    let one = Office::new(first).await;
    let two = one.other_instance(second);
    let amina = one.staff("amina", "Amina Counsellor", Role::Counsellor, "16-01").await;
    let page = two.get("/desk/?lang=fr", Some(&amina)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Amina Counsellor"), "{}", page.text());
    assert_eq!(two.get("/desk/arrivals", Some(&amina)).await.status, StatusCode::OK);
    // Logged out on the second, it is logged out on the first too.
    let logout = two.act(&amina, "/desk/logout?lang=fr", &[]).await;
    assert_eq!(logout.status, StatusCode::OK, "{}", logout.text());
    assert!(logout.text().contains("class=\"notice\""), "the logged-out page");
    let after = one.get("/desk/arrivals", Some(&amina)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.header("location"), "/desk/login");
}

async fn the_offers_feed_reads_the_same_from_both(first: TestDatabase, second: Database) {
    let one = Office::new(first).await;
    let two = one.other_instance(second);
    offers::generate(&one.database, 1_200, 1_795_939_200_000).await.unwrap();
    // Page through the whole feed on both, alternating which instance serves the next page.
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/api/v1/offers/changes?since={cursor}"),
            None => "/api/v1/offers/changes".to_owned(),
        };
        let (a, b) = tokio::join!(one.get(&path, None), two.get(&path, None));
        assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        assert_eq!(a.body, b.body, "page {pages} reads the same from both");
        let body: serde_json::Value = a.json();
        pages += 1;
        let next = body["cursor"].as_str().map(str::to_owned);
        if body["has_more"].as_bool() != Some(true) || next.is_none() || pages > 100 {
            break;
        }
        cursor = next;
    }
    assert!(pages >= 2, "the feed came in several pages ({pages})");
}

async fn both_serve_the_same_offers_snapshot_bytes_under_one_name(
    first: TestDatabase,
    second: Database,
) {
    let one = Office::new(first).await;
    let two = one.other_instance(second);
    offers::generate(&one.database, 1_200, 1_795_939_200_000).await.unwrap();
    // The first instance takes the snapshot; the second, asked for it by name before it ever
    // looked, finds it in the database.
    let pointer = one.get("/api/v1/offers/snapshot", None).await;
    assert_eq!(pointer.status, StatusCode::OK, "{}", pointer.text());
    let pointer: serde_json::Value = pointer.json();
    let url = pointer["url"].as_str().unwrap().to_owned();
    assert_eq!(pointer["offers"], 1_200);
    for encoding in ["br", "gzip"] {
        let from_two = fetch(&two, &url, encoding).await;
        let from_one = fetch(&one, &url, encoding).await;
        assert_eq!(from_two.status, StatusCode::OK, "{}", from_two.text());
        assert_eq!(from_two.header("content-encoding"), encoding);
        assert_eq!(from_two.header("etag"), from_one.header("etag"));
        assert!(from_two.body == from_one.body, "{encoding}: the same bytes from both");
    }
    let second_pointer: serde_json::Value = two.get("/api/v1/offers/snapshot", None).await.json();
    assert_eq!(second_pointer, pointer, "both point at the one snapshot");
}

async fn fetch(office: &Office, url: &str, encoding: &str) -> crate::support::TestResponse {
    let request =
        Request::get(url).header(header::ACCEPT_ENCODING, encoding).body(Body::empty()).unwrap();
    office.send(request).await
}
