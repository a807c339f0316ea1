//! Enrolled kiosks: enrolment with a one-time code (reused, expired and wrong codes refused
//! alike, racing kiosks), `GET /devices/me`, authentication of other features' callers,
//! revocation (401), `last_seen_at` and the enrolment throttle, on SQLite and PostgreSQL alike.

use axum::{
    body::Body,
    http::{HeaderValue, Request, StatusCode},
};
use guichet_core::time::Timestamp;
use guichet_protocol::devices::{DeviceStatus, Enrolment, KioskSettings};
use guichet_server::{
    Clock, Database, ManualClock,
    agencies::{self, CheckedKioskSettings},
    devices::{self, AuthError, Caller, CodeError},
};
use serde_json::{Value, json};

use crate::support::{AGENCIES, TestDatabase, TestResponse, TestSite};

run_against_every_database!(
    a_kiosk_enrolled_with_a_code_is_known_by_its_credential,
    used_expired_and_wrong_codes_get_one_and_the_same_refusal,
    of_two_kiosks_racing_with_one_code_one_is_enrolled,
    a_bad_name_is_refused_without_using_the_code,
    a_revoked_kiosk_gets_401_everywhere,
    last_seen_is_written_at_most_once_a_minute,
    the_agency_kiosk_settings_reach_its_kiosks,
    enrolment_attempts_are_throttled_per_address,
);

/// 2026-11-29T13:45:00Z.
const START: Timestamp = Timestamp(1_795_959_900_000);
const MINUTE: std::time::Duration = std::time::Duration::from_secs(60);

struct Kiosks {
    site: TestSite,
    database: Database,
    clock: ManualClock,
}

impl Kiosks {
    async fn new(db: TestDatabase) -> Self {
        let database = db.database.clone();
        agencies::import(&database, AGENCIES, true).await.unwrap();
        let (clock, handle) = Clock::manual(START);
        let site = TestSite::with_configured(db, |state| state.with_clock(clock));
        Self { site, database, clock: handle }
    }

    fn now(&self) -> Timestamp {
        Clock::Manual(self.clock.clone()).now()
    }

    async fn code(&self, agency: &str) -> String {
        let issued = devices::create_code(&self.database, self.now(), agency, None).await.unwrap();
        issued.code.as_str().to_owned()
    }

    async fn enrol(&self, code: &str, name: &str) -> TestResponse {
        let body = json!({ "code": code, "name": name }).to_string();
        let request = Request::post("/api/v1/devices/enrol")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap();
        self.site.send(request).await
    }

    async fn enrolled(&self, agency: &str, name: &str) -> Enrolment {
        let code = self.code(agency).await;
        let response = self.enrol(&code, name).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
        response.json()
    }

    async fn me(&self, authorization: Option<&str>) -> TestResponse {
        let mut request = Request::get("/api/v1/devices/me");
        if let Some(authorization) = authorization {
            request = request.header("authorization", authorization);
        }
        self.site.send(request.body(Body::empty()).unwrap()).await
    }

    async fn authenticate(&self, credential: &str) -> Result<Caller, AuthError> {
        let header = HeaderValue::from_str(&format!("Bearer {credential}")).unwrap();
        devices::authenticate(&self.database, self.now(), Some(&header)).await
    }
}

fn bearer(enrolment: &Enrolment) -> String {
    format!("Bearer {}", enrolment.credential)
}

async fn a_kiosk_enrolled_with_a_code_is_known_by_its_credential(db: TestDatabase) {
    let kiosks = Kiosks::new(db).await;
    let code = kiosks.code("16-05").await;
    assert_eq!(code.len(), 8);
    // Typed in lower case with a hyphen, as staff might.
    let typed = format!("{}-{}", &code[..4], &code[4..]).to_lowercase();
    let response = kiosks.enrol(&typed, "  Accueil 1 ").await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    assert_eq!(response.header("cache-control"), "no-store");
    let enrolment: Enrolment = response.json();
    assert_eq!(enrolment.agency.id, "16-05");
    assert_eq!(enrolment.agency.name, "ALEM BAB EZZOUAR");
    assert_eq!(enrolment.settings, KioskSettings::default());
    assert_eq!(enrolment.credential.len(), 43);
    assert!(uuid::Uuid::parse_str(&enrolment.device_id).is_ok());

    let me = kiosks.me(Some(&bearer(&enrolment))).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text());
    let status: DeviceStatus = me.json();
    assert_eq!(status.device_id, enrolment.device_id);
    assert_eq!(status.name, "Accueil 1");
    assert_eq!(status.agency, enrolment.agency);

    let caller = kiosks.authenticate(&enrolment.credential).await.unwrap();
    let expected =
        Caller::Device { device_id: enrolment.device_id.clone(), agency_id: "16-05".to_owned() };
    assert_eq!(caller, expected);
    let anonymous = devices::authenticate(&kiosks.database, kiosks.now(), None).await.unwrap();
    assert_eq!(anonymous, Caller::Anonymous);

    // The database holds the hash of the credential, never the credential.
    let listed = devices::list(&kiosks.database, Some("16-05")).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].name.as_str(), listed[0].enrolled_at_ms),
        ("Accueil 1", 1_795_959_900_000)
    );
    assert_eq!(devices::list(&kiosks.database, Some("16-01")).await.unwrap(), []);

    let error = devices::create_code(&kiosks.database, kiosks.now(), "99-99", None).await;
    assert!(matches!(error, Err(CodeError::UnknownAgency(_))), "{error:?}");
}

async fn used_expired_and_wrong_codes_get_one_and_the_same_refusal(db: TestDatabase) {
    let kiosks = Kiosks::new(db).await;
    let used = kiosks.code("16-05").await;
    assert_eq!(kiosks.enrol(&used, "Accueil 1").await.status, StatusCode::CREATED);
    let expiring = kiosks.code("16-05").await;
    kiosks.clock.advance(14 * MINUTE);
    let still_valid = kiosks.code("16-01").await;
    kiosks.clock.advance(MINUTE);

    let mut refusals = Vec::new();
    for code in [used.as_str(), expiring.as_str(), "ZZZZZZZZ", "short", "0000000U"] {
        let response = kiosks.enrol(code, "Accueil 2").await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{code}: {}", response.text());
        refusals.push(response.json::<Value>());
    }
    assert_eq!(refusals[0]["error"]["code"], "enrolment_code_invalid");
    assert!(refusals.iter().all(|refusal| *refusal == refusals[0]), "{refusals:?}");
    // 14 minutes old: still good.
    assert_eq!(kiosks.enrol(&still_valid, "Accueil 3").await.status, StatusCode::CREATED);
    assert_eq!(devices::list(&kiosks.database, None).await.unwrap().len(), 2);
}

async fn of_two_kiosks_racing_with_one_code_one_is_enrolled(db: TestDatabase) {
    let kiosks = Kiosks::new(db).await;
    let code = kiosks.code("16-05").await;
    let (first, second) =
        tokio::join!(kiosks.enrol(&code, "Accueil 1"), kiosks.enrol(&code, "Accueil 2"));
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::BAD_REQUEST],
        "{} / {}",
        first.text(),
        second.text()
    );
    assert_eq!(devices::list(&kiosks.database, None).await.unwrap().len(), 1);
}

async fn a_bad_name_is_refused_without_using_the_code(db: TestDatabase) {
    let kiosks = Kiosks::new(db).await;
    let code = kiosks.code("16-05").await;
    for name in ["", "   ", &"x".repeat(81), "Accueil\n1", "Accueil\u{202e}1"] {
        let response = kiosks.enrol(&code, name).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{name:?}");
        assert_eq!(response.json::<Value>()["error"]["code"], "invalid_name", "{name:?}");
    }
    let response = kiosks.enrol(&code, &"é".repeat(80)).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    // Not JSON of the right shape: refused without echoing it.
    let request = Request::post("/api/v1/devices/enrol")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"code": 12345678, "name": "secret-ish"}"#))
        .unwrap();
    let response = kiosks.site.send(request).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.json::<Value>()["error"]["code"], "invalid_body");
    assert!(!response.text().contains("12345678"), "{}", response.text());
}

async fn a_revoked_kiosk_gets_401_everywhere(db: TestDatabase) {
    let kiosks = Kiosks::new(db).await;
    let kept = kiosks.enrolled("16-05", "Accueil 1").await;
    let revoked = kiosks.enrolled("16-05", "Accueil 2").await;
    kiosks.clock.advance(MINUTE);
    let outcome =
        devices::revoke(&kiosks.database, kiosks.now(), &revoked.device_id).await.unwrap();
    assert_eq!(outcome, devices::Revocation::Revoked);
    let again = devices::revoke(&kiosks.database, kiosks.now(), &revoked.device_id).await.unwrap();
    assert_eq!(again, devices::Revocation::AlreadyRevoked);
    let unknown = devices::revoke(&kiosks.database, kiosks.now(), "no-such-device").await.unwrap();
    assert_eq!(unknown, devices::Revocation::NotFound);

    assert!(matches!(kiosks.authenticate(&revoked.credential).await, Err(AuthError::Unauthorized)));
    let me = kiosks.me(Some(&bearer(&revoked))).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me.header("www-authenticate"), "Bearer");
    assert_eq!(me.json::<Value>()["error"]["code"], "unauthorized");
    // The other kiosk of the agency is untouched.
    assert_eq!(kiosks.me(Some(&bearer(&kept))).await.status, StatusCode::OK);

    // Unknown, malformed and missing credentials get the same 401 from /me.
    let unknown_credential = format!("Bearer {}", "A".repeat(43));
    for authorization in
        [Some(unknown_credential.as_str()), Some("Bearer nope"), Some("Basic eDp5"), None]
    {
        let response = kiosks.me(authorization).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{authorization:?}");
        assert_eq!(response.header("www-authenticate"), "Bearer");
    }
    assert!(matches!(kiosks.authenticate("nope").await, Err(AuthError::Unauthorized)));

    let listed = devices::list(&kiosks.database, Some("16-05")).await.unwrap();
    let revoked_at = |id: &str| listed.iter().find(|device| device.id == id).unwrap().revoked_at_ms;
    assert_eq!(revoked_at(&kept.device_id), None);
    assert_eq!(revoked_at(&revoked.device_id), Some(1_795_959_960_000));
}

async fn last_seen_is_written_at_most_once_a_minute(db: TestDatabase) {
    let kiosks = Kiosks::new(db).await;
    let enrolment = kiosks.enrolled("16-05", "Accueil 1").await;
    let last_seen = async || {
        devices::find(&kiosks.database, &enrolment.device_id)
            .await
            .unwrap()
            .unwrap()
            .last_seen_at_ms
    };
    assert_eq!(last_seen().await, None);
    kiosks.authenticate(&enrolment.credential).await.unwrap();
    assert_eq!(last_seen().await, Some(1_795_959_900_000));
    kiosks.clock.advance(std::time::Duration::from_secs(59));
    kiosks.authenticate(&enrolment.credential).await.unwrap();
    assert_eq!(last_seen().await, Some(1_795_959_900_000));
    kiosks.clock.advance(std::time::Duration::from_secs(1));
    kiosks.authenticate(&enrolment.credential).await.unwrap();
    assert_eq!(last_seen().await, Some(1_795_959_960_000));
}

async fn the_agency_kiosk_settings_reach_its_kiosks(db: TestDatabase) {
    let kiosks = Kiosks::new(db).await;
    let settings =
        KioskSettings { idle_seconds: 300, countdown_seconds: 60, rejected_retention_days: 30 };
    let checked = CheckedKioskSettings::new(settings).unwrap();
    assert!(agencies::set_kiosk_settings(&kiosks.database, "16-05", checked).await.unwrap());
    let enrolment = kiosks.enrolled("16-05", "Accueil 1").await;
    assert_eq!(enrolment.settings, settings);
    let other = kiosks.enrolled("16-01", "Accueil 1").await;
    assert_eq!(other.settings, KioskSettings::default());

    let changed =
        KioskSettings { idle_seconds: 45, countdown_seconds: 20, rejected_retention_days: 1 };
    let checked = CheckedKioskSettings::new(changed).unwrap();
    assert!(agencies::set_kiosk_settings(&kiosks.database, "16-05", checked).await.unwrap());
    let status: DeviceStatus = kiosks.me(Some(&bearer(&enrolment))).await.json();
    assert_eq!(status.settings, changed);
}

async fn enrolment_attempts_are_throttled_per_address(db: TestDatabase) {
    let kiosks = Kiosks::new(db).await;
    let code = kiosks.code("16-05").await;
    for attempt in 0..10 {
        let response = kiosks.enrol("ZZZZZZZZ", "Accueil 1").await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "attempt {attempt}");
    }
    // Even the right code waits: the throttle comes before any look at the code.
    let response = kiosks.enrol(&code, "Accueil 1").await;
    assert_eq!(response.status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.header("retry-after").parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
}

#[tokio::test]
async fn the_devices_commands_print_a_code_as_their_last_word_list_and_revoke() {
    use clap::Parser as _;
    use guichet_server::cli::{Cli, run};

    async fn command(args: &[&str], url: &str) -> anyhow::Result<String> {
        let mut argv = vec!["guichet-server"];
        argv.extend_from_slice(args);
        argv.extend_from_slice(&["--database-url", url]);
        let mut out = Vec::new();
        run(Cli::try_parse_from(argv)?.command, &mut out).await?;
        Ok(String::from_utf8(out)?)
    }

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("agencies.csv");
    std::fs::write(&file, AGENCIES).unwrap();
    let url = format!("sqlite://{}", dir.path().join("guichet.sqlite3").display());
    let file = file.display().to_string();
    command(&["agencies", "import", &file, "--allow-unmatched"], &url).await.unwrap();

    let printed = command(&["devices", "code", "--agency", "16-05"], &url).await.unwrap();
    assert!(printed.starts_with("enrolment code for agency 16-05, valid until 20"), "{printed}");
    let code = printed.split_whitespace().last().unwrap();
    assert!(devices::EnrolmentCode::parse(code).is_some_and(|parsed| parsed.as_str() == code));
    let unknown = command(&["devices", "code", "--agency", "99-99"], &url).await;
    assert_eq!(unknown.unwrap_err().to_string(), "there is no agency 99-99");

    let database =
        Database::connect(&guichet_server::parse_database_url(&url).unwrap()).await.unwrap();
    let name = devices::DeviceName::parse("Accueil 1").unwrap();
    let enrolled = devices::enrol(&database, Clock::System.now(), code, &name).await.unwrap();
    database.close().await;

    let listing = command(&["devices", "list", "--agency", "16-05"], &url).await.unwrap();
    let line = listing.lines().nth(1).unwrap();
    assert!(line.starts_with("16-05\tAccueil 1\t20"), "{listing}");
    assert!(line.ends_with(&format!("\t-\t-\t{}", enrolled.device_id)), "{listing}");
    let revoke = ["devices", "revoke", enrolled.device_id.as_str()];
    let revoked = command(&revoke, &url).await.unwrap();
    assert_eq!(revoked, format!("device {} revoked\n", enrolled.device_id));
    let again = command(&revoke, &url).await.unwrap();
    assert_eq!(again, format!("device {} was already revoked\n", enrolled.device_id));
    let listing = command(&["devices", "list"], &url).await.unwrap();
    assert!(!listing.lines().nth(1).unwrap().contains("\t-\t-\t"), "{listing}");
    assert!(listing.ends_with("1 device(s)\n"), "{listing}");
}
