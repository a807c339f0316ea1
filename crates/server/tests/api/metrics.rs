//! `/metrics` (issue 13): requests by matched route and status, submissions by outcome, batch
//! sizes, ingest time and the pool, in the Prometheus text format; on the metrics router only,
//! never on the public one. The recorder is the process's, shared by the tests of this binary,
//! so values are compared before and after.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use guichet_protocol::{
    PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER,
    registration::Registration,
    submission::{Submission, SubmissionBatch, SubmissionBody},
};
use guichet_server::{agencies, infra::metrics};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use crate::support::{AGENCIES, TestDatabase, TestSite};

/// The value of the sample named exactly `series` (name and labels), 0 when absent.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or(0.0)
}

async fn scrape(database: guichet_server::Database) -> String {
    let response = metrics::router(database)
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let body = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(body.to_vec()).unwrap()
}

#[tokio::test]
async fn requests_submissions_and_the_pool_are_counted_on_the_metrics_router_only() {
    let db = TestDatabase::sqlite().await;
    let database = db.database.clone();
    agencies::import(&database, AGENCIES, true).await.unwrap();
    let site = TestSite::with_database(db);
    let feed = "guichet_http_requests_total{method=\"GET\",route=\"/api/v1/offers/changes\",status=\"200\"}";
    let created = "guichet_submissions_total{outcome=\"created\"}";
    let invalid = "guichet_submissions_total{outcome=\"invalid\"}";
    let batches = "guichet_submission_batch_size_count";
    let before = scrape(database.clone()).await;

    for _ in 0..3 {
        assert_eq!(site.get("/api/v1/offers/changes").await.status, StatusCode::OK);
    }
    let fixture = include_str!("../../../protocol/fixtures/registration-valid.json");
    let valid: Registration = serde_json::from_str(fixture).unwrap();
    let mut broken = valid.clone();
    broken.identity.nin = "12".to_owned();
    let batch = SubmissionBatch {
        registrations: [
            ("0190f5e2-1234-7abc-9def-00000000aa01", valid),
            ("0190f5e2-1234-7abc-9def-00000000aa02", broken),
        ]
        .into_iter()
        .map(|(client_id, registration)| Submission {
            client_id: client_id.to_owned(),
            submitted_at: "2026-11-29T09:30:00Z".to_owned(),
            reference_version: None,
            body: SubmissionBody::Clear(registration),
        })
        .collect(),
    };
    let request = Request::post("/api/v1/registrations")
        .header(header::CONTENT_TYPE, "application/json")
        .header(PROTOCOL_VERSION_HEADER, PROTOCOL_VERSION.to_string())
        .body(Body::from(serde_json::to_string(&batch).unwrap()))
        .unwrap();
    assert_eq!(site.send(request).await.status, StatusCode::OK);

    let after = scrape(database).await;
    assert!(sample(&after, feed) >= sample(&before, feed) + 3.0, "{after}");
    assert!(sample(&after, created) >= sample(&before, created) + 1.0, "{after}");
    assert!(sample(&after, invalid) >= sample(&before, invalid) + 1.0, "{after}");
    assert!(sample(&after, batches) >= sample(&before, batches) + 1.0, "{after}");
    assert!(after.contains("guichet_ingest_duration_seconds_bucket"), "{after}");
    assert!(after.contains("guichet_db_pool_connections{state=\"idle\"}"), "{after}");
    // A path with an identifier is counted under its route's pattern, never the identifier.
    assert!(!after.contains("0190f5e2-1234-7abc-9def-00000000aa01"));

    // The public router has no metrics: /metrics there is the kiosk's page, not the counts.
    let public = site.get("/metrics").await;
    assert!(!public.text().contains("guichet_http_requests_total"));
}
