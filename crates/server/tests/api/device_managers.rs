//! The managers' kiosk administration through the router, with real staff sessions: enrolment
//! codes, the list of kiosks, revocation and kiosk settings for their own agency; 404 for
//! another agency's, exactly as for one that does not exist; CSRF refusal. On SQLite and
//! PostgreSQL alike. Cookies are carried by hand.

use std::net::SocketAddr;

use axum::{
    Router,
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode, header},
};
use guichet_core::time::Timestamp;
use guichet_protocol::devices::{
    DeviceList, DeviceStatus, Enrolment, IssuedEnrolmentCode, KioskSettings,
};
use guichet_server::{
    AppState, Clock, Database, ManualClock, agencies, app,
    staff::{NewStaff, Role, add_staff},
};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use tower::ServiceExt as _;

use crate::support::{AGENCIES, TestDatabase, TestResponse};

run_against_every_database!(
    a_manager_enrols_lists_configures_and_revokes_their_agencys_kiosks,
    another_agencys_kiosks_answer_exactly_like_nothing_at_all,
);

/// 2026-11-29T08:00:00Z.
const START: Timestamp = Timestamp(1_795_939_200_000);
const PASSWORD: &str = "Tramway-Oran-cerise-17";

struct Office {
    router: Router,
    database: Database,
    clock: ManualClock,
    _db: TestDatabase,
}

/// A logged-in member of staff: the session cookie and its CSRF token.
struct Session {
    cookie: String,
    csrf: String,
}

impl Office {
    async fn new(db: TestDatabase) -> Self {
        let database = db.database.clone();
        agencies::import(&database, AGENCIES, true).await.unwrap();
        let (clock, handle) = Clock::manual(START);
        let state = AppState::new(database.clone(), "/nonexistent-dist").with_clock(clock);
        Self { router: app(state), database, clock: handle, _db: db }
    }

    async fn send(&self, mut request: Request<Body>) -> TestResponse {
        let address: SocketAddr = "192.0.2.20:50000".parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(address));
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes().to_vec();
        TestResponse { status: parts.status, headers: parts.headers, body }
    }

    async fn form(&self, path: &str, cookie: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body: Vec<String> =
            fields.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect();
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "desk.example")
            .header(header::COOKIE, cookie)
            .body(Body::from(body.join("&")))
            .unwrap();
        self.send(request).await
    }

    /// Creates, activates and logs in an account.
    async fn staff(&self, login: &str, role: Role, agency: &str) -> Session {
        let now = Clock::Manual(self.clock.clone()).now_millis();
        let new = NewStaff {
            login: login.into(),
            full_name: "Nadia Ferhat".into(),
            role,
            agency_id: agency.into(),
        };
        let token = add_staff(&self.database, now, &new).await.unwrap();
        let path = format!("/desk/activate/{token}");
        let page = self.send(Request::get(&path).body(Body::empty()).unwrap()).await;
        let fields = [("password", PASSWORD), ("confirm", PASSWORD)];
        let done = self.form_from(&path, &page, &fields).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.text());
        let page = self.send(Request::get("/desk/login").body(Body::empty()).unwrap()).await;
        let fields = [("login", login), ("password", PASSWORD)];
        let response = self.form_from("/desk/login", &page, &fields).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.text());
        let cookie = set_cookie(&response, "guichet-session");
        let me = self.api("GET", "/api/v1/staff/me", Some(&cookie), None, None).await;
        let csrf = me.json::<Value>()["csrf_token"].as_str().unwrap().to_owned();
        Session { cookie, csrf }
    }

    /// Sends a form read from `page` (its form cookie and hidden CSRF token) with `fields`.
    async fn form_from(
        &self,
        path: &str,
        page: &TestResponse,
        fields: &[(&str, &str)],
    ) -> TestResponse {
        let cookie = set_cookie(page, "guichet-form");
        let csrf = hidden_token(&page.text());
        let mut fields = fields.to_vec();
        fields.push(("csrf_token", &csrf));
        self.form(path, &cookie, &fields).await
    }

    async fn api(
        &self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        csrf: Option<&str>,
        body: Option<Value>,
    ) -> TestResponse {
        let mut request =
            Request::builder().method(method).uri(path).header(header::HOST, "desk.example");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if let Some(csrf) = csrf {
            request = request.header("x-csrf-token", csrf).header("sec-fetch-site", "same-origin");
        }
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).unwrap()).await
    }

    /// A state-changing call made by `session`, with its CSRF token.
    async fn act(
        &self,
        session: &Session,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> TestResponse {
        self.api(method, path, Some(&session.cookie), Some(&session.csrf), body).await
    }

    async fn look(&self, session: &Session, path: &str) -> TestResponse {
        self.api("GET", path, Some(&session.cookie), None, None).await
    }

    async fn enrol(&self, code: &str, name: &str) -> Enrolment {
        let body = json!({ "code": code, "name": name });
        let response = self.api("POST", "/api/v1/devices/enrol", None, None, Some(body)).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
        response.json()
    }

    async fn me(&self, enrolment: &Enrolment) -> TestResponse {
        let request = Request::get("/api/v1/devices/me")
            .header(header::AUTHORIZATION, format!("Bearer {}", enrolment.credential))
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }
}

async fn a_manager_enrols_lists_configures_and_revokes_their_agencys_kiosks(db: TestDatabase) {
    let office = Office::new(db).await;
    let manager = office.staff("nadia", Role::Manager, "16-05").await;

    let response =
        office.act(&manager, "POST", "/api/v1/agencies/16-05/enrolment-codes", None).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let issued: IssuedEnrolmentCode = response.json();
    assert_eq!(issued.expires_at, "2026-11-29T08:15:00Z");
    let enrolment = office.enrol(&issued.code, "Accueil 1").await;
    assert_eq!(enrolment.agency.id, "16-05");

    let response = office.look(&manager, "/api/v1/agencies/16-05/devices").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let list: DeviceList = response.json();
    assert_eq!(list.devices.len(), 1);
    assert_eq!(list.devices[0].name, "Accueil 1");
    assert_eq!(list.devices[0].enrolled_at, "2026-11-29T08:00:00Z");
    assert_eq!(
        (list.devices[0].last_seen_at.as_deref(), list.devices[0].revoked_at.as_deref()),
        (None, None)
    );

    office.clock.advance(std::time::Duration::from_secs(120));
    assert_eq!(office.me(&enrolment).await.status, StatusCode::OK);
    let list: DeviceList = office.look(&manager, "/api/v1/agencies/16-05/devices").await.json();
    assert_eq!(list.devices[0].last_seen_at.as_deref(), Some("2026-11-29T08:02:00Z"));

    let settings =
        json!({ "idle_seconds": 120, "countdown_seconds": 40, "rejected_retention_days": 14 });
    let path = "/api/v1/agencies/16-05/kiosk-settings";
    let response = office.act(&manager, "PUT", path, Some(settings)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let stored =
        KioskSettings { idle_seconds: 120, countdown_seconds: 40, rejected_retention_days: 14 };
    assert_eq!(response.json::<KioskSettings>(), stored);
    assert_eq!(office.me(&enrolment).await.json::<DeviceStatus>().settings, stored);
    for (idle, countdown, days) in
        [(29, 40, 7), (3601, 40, 7), (120, 19, 7), (120, 301, 7), (120, 40, 0), (120, 40, 91)]
    {
        let body = json!({
            "idle_seconds": idle, "countdown_seconds": countdown, "rejected_retention_days": days
        });
        let response = office.act(&manager, "PUT", path, Some(body)).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{idle} {countdown} {days}");
        assert_eq!(response.json::<Value>()["error"]["code"], "invalid_kiosk_settings");
    }
    assert_eq!(agencies::kiosk_settings(&office.database, "16-05").await.unwrap(), Some(stored));

    // Without its CSRF token a state-changing request changes nothing; without a session, 401.
    let no_csrf = office
        .api(
            "POST",
            &format!("/api/v1/devices/{}/revoke", enrolment.device_id),
            Some(&manager.cookie),
            None,
            None,
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    assert_eq!(office.me(&enrolment).await.status, StatusCode::OK);
    let anonymous = office.api("GET", "/api/v1/agencies/16-05/devices", None, None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let revoke = format!("/api/v1/devices/{}/revoke", enrolment.device_id);
    assert_eq!(office.act(&manager, "POST", &revoke, None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(office.act(&manager, "POST", &revoke, None).await.status, StatusCode::NO_CONTENT);
    assert_eq!(office.me(&enrolment).await.status, StatusCode::UNAUTHORIZED);
    let list: DeviceList = office.look(&manager, "/api/v1/agencies/16-05/devices").await.json();
    assert_eq!(list.devices[0].revoked_at.as_deref(), Some("2026-11-29T08:02:00Z"));
}

async fn another_agencys_kiosks_answer_exactly_like_nothing_at_all(db: TestDatabase) {
    let office = Office::new(db).await;
    let mine = office.staff("nadia", Role::Manager, "16-05").await;
    let other = office.staff("karim", Role::Manager, "16-01").await;
    let counsellor = office.staff("amina", Role::Counsellor, "16-05").await;
    let admin = office.staff("yacine", Role::Admin, "16-01").await;
    let issued: IssuedEnrolmentCode =
        office.act(&mine, "POST", "/api/v1/agencies/16-05/enrolment-codes", None).await.json();
    let enrolment = office.enrol(&issued.code, "Accueil 1").await;

    let settings = json!({ "idle_seconds": 300, "countdown_seconds": 60 });
    let calls = |agency: &str, device: &str| {
        [
            ("POST", format!("/api/v1/agencies/{agency}/enrolment-codes"), None),
            ("GET", format!("/api/v1/agencies/{agency}/devices"), None),
            ("PUT", format!("/api/v1/agencies/{agency}/kiosk-settings"), Some(settings.clone())),
            ("POST", format!("/api/v1/devices/{device}/revoke"), None),
        ]
    };
    let nonexistent = calls("99-99", "0190f5e2-0000-4000-8000-000000000000");
    for (session, who) in [(&other, "another agency's manager"), (&counsellor, "a counsellor")] {
        for ((method, path, body), (_, missing, missing_body)) in
            calls("16-05", &enrolment.device_id).into_iter().zip(nonexistent.clone())
        {
            let refused = office.act(session, method, &path, body).await;
            let nothing = office.act(session, method, &missing, missing_body).await;
            assert_eq!(refused.status, StatusCode::NOT_FOUND, "{who}: {method} {path}");
            assert_eq!(
                (refused.status, refused.body),
                (nothing.status, nothing.body),
                "{who}: {method} {path}"
            );
        }
    }
    // Nothing changed: the kiosk still works with its agency's default settings.
    let status: DeviceStatus = office.me(&enrolment).await.json();
    assert_eq!(status.settings, KioskSettings::default());

    // An admin manages every agency.
    let list = office.look(&admin, "/api/v1/agencies/16-05/devices").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json::<DeviceList>().devices.len(), 1);
    let created = office.act(&admin, "POST", "/api/v1/agencies/16-05/enrolment-codes", None).await;
    assert_eq!(created.status, StatusCode::CREATED);
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// The `name=value` of the cookie the response sets whose name ends with `name`.
#[track_caller]
fn set_cookie(response: &TestResponse, name: &str) -> String {
    response
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap())
        .find(|value| value.split('=').next().is_some_and(|cookie| cookie.ends_with(name)))
        .map(|value| value.split(';').next().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no {name} cookie in {:?}", response.headers))
}

#[track_caller]
fn hidden_token(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("a csrf_token field") + marker.len();
    html[start..start + 43].to_owned()
}
