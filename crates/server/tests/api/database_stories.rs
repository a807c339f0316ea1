//! What the server promises about its database, run against SQLite and PostgreSQL alike.

use axum::http::StatusCode;
use guichet_protocol::{
    PROTOCOL_VERSION,
    health::{Health, HealthStatus},
};

use crate::support::{TestDatabase, TestSite};

run_against_every_database!(
    health_is_ok_then_degraded_when_the_database_goes_away,
    migrations_record_when_the_schema_was_created_and_run_once,
    liveness_and_readiness_answer_while_the_database_takes_writes,
);

async fn liveness_and_readiness_answer_while_the_database_takes_writes(db: TestDatabase) {
    let database = db.database.clone();
    let site = TestSite::with_database(db);
    for path in ["/api/v1/health/live", "/api/v1/health/ready"] {
        let response = site.get(path).await;
        assert_eq!(response.status, StatusCode::OK, "{path}: {}", response.text());
        assert_eq!(response.json::<serde_json::Value>()["status"], "ok", "{path}");
    }
    assert!(database.meta("ready_probe").await.unwrap().is_some(), "the probe wrote its row");
    database.close().await;
    assert_eq!(site.get("/api/v1/health/ready").await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(site.get("/api/v1/health/live").await.status, StatusCode::OK);
}

/// A database that answers reads but refuses writes (a full disk behaves alike for writes): the
/// kiosks' health check still says ok, readiness does not.
#[tokio::test]
async fn a_database_that_refuses_writes_is_not_ready() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("guichet.sqlite3");
    let writable = guichet_server::Database::connect(&guichet_server::DatabaseUrl::Sqlite(
        sqlx::sqlite::SqliteConnectOptions::new().filename(&path),
    ))
    .await
    .unwrap();
    writable.migrate().await.unwrap();
    writable.close().await;
    let read_only = guichet_server::Database::connect(&guichet_server::DatabaseUrl::Sqlite(
        sqlx::sqlite::SqliteConnectOptions::new().filename(&path).read_only(true),
    ))
    .await
    .unwrap();
    let site = TestSite::with_database(TestDatabase::wrapping(read_only));
    assert_eq!(site.get("/api/v1/health").await.status, StatusCode::OK);
    assert_eq!(site.get("/api/v1/health/ready").await.status, StatusCode::SERVICE_UNAVAILABLE);
}

async fn health_is_ok_then_degraded_when_the_database_goes_away(db: TestDatabase) {
    let kind = db.kind();
    let database = db.database.clone();
    let site = TestSite::with_database(db);

    let response = site.get("/api/v1/health").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.header("content-type"), "application/json");
    assert_eq!(response.header("cache-control"), "no-store");
    let expected = Health {
        status: HealthStatus::Ok,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        protocol: PROTOCOL_VERSION,
        database: kind,
    };
    assert_eq!(response.json::<Health>(), expected);

    database.close().await;
    let response = site.get("/api/v1/health").await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.header("cache-control"), "no-store");
    assert_eq!(response.json::<Health>(), Health { status: HealthStatus::Degraded, ..expected });
}

async fn migrations_record_when_the_schema_was_created_and_run_once(db: TestDatabase) {
    let created_at = db.database.meta("schema_created_at").await.expect("readable");
    let created_at = created_at.expect("the first migration records schema_created_at");
    // RFC 3339 in UTC to the second, identical on both engines: 2026-11-29T00:20:00Z.
    let shape: String =
        created_at.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect();
    assert_eq!(shape, "9999-99-99T99:99:99Z", "{created_at}");

    // Running the migrations again changes nothing: they are recorded as applied.
    db.database.migrate().await.expect("a second migration run is a no-op");
    assert_eq!(db.database.meta("schema_created_at").await.unwrap(), Some(created_at));
    assert_eq!(db.database.meta("no_such_key").await.unwrap(), None);
    db.database.ping().await.expect("still usable");
}
