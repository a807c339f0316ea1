//! The desk's pages through the router with real staff sessions, on SQLite and PostgreSQL: a
//! phone's registration reaches its agency's arrivals, is found by QR text and reference,
//! corrected and confirmed (a stale version is 409), certified and exported; another agency's
//! counsellor gets 404 everywhere; logged out is the login page; no CSRF token changes nothing;
//! the audit log is the managers'. Cookies are carried by hand.

use std::net::SocketAddr;

use axum::{
    Router,
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode, header},
};
use guichet_core::{receipt::Reference, time::Timestamp};
use guichet_protocol::{
    PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER,
    registration::Registration,
    submission::{Submission, SubmissionBatch, SubmissionBody},
};
use guichet_server::{
    AppState, Clock, Database, ManualClock, agencies, app,
    desk::{self, Scope},
    staff::{NewStaff, Role, add_staff},
};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use crate::support::{AGENCIES, TestDatabase, TestResponse};

run_against_every_database!(
    a_phone_registration_goes_from_arrival_to_export_at_its_agency_only,
    an_admin_picks_the_agency_a_manager_cannot,
);

/// 2026-11-29T08:00:00Z.
const START: Timestamp = Timestamp(1_795_939_200_000);
const PASSWORD: &str = "Tramway-Oran-cerise-17";
const CLIENT: &str = "0190f5e2-1234-7abc-9def-0123456789ab";

/// A server instance over its database, with the agencies imported and a manual clock. Also
/// used by the two-instance stories (`two_instances.rs`).
pub(crate) struct Office {
    router: Router,
    pub(crate) database: Database,
    clock: ManualClock,
    _db: Option<TestDatabase>,
}

/// A logged-in member of staff: the session cookie and its CSRF token.
pub(crate) struct Session {
    pub(crate) cookie: String,
    csrf: String,
}

impl Office {
    pub(crate) async fn new(db: TestDatabase) -> Self {
        let database = db.database.clone();
        agencies::import(&database, AGENCIES, true).await.unwrap();
        let (clock, handle) = Clock::manual(START);
        let state = AppState::new(database.clone(), "/nonexistent-dist").with_clock(clock);
        Self { router: app(state), database, clock: handle, _db: Some(db) }
    }

    /// A second instance on another connection pool to the same database, with the same clock.
    pub(crate) fn other_instance(&self, database: Database) -> Self {
        let clock = Clock::Manual(self.clock.clone());
        let state = AppState::new(database.clone(), "/nonexistent-dist").with_clock(clock);
        Self { router: app(state), database, clock: self.clock.clone(), _db: None }
    }

    pub(crate) async fn send(&self, mut request: Request<Body>) -> TestResponse {
        let address: SocketAddr = "192.0.2.20:50000".parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(address));
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes().to_vec();
        TestResponse { status: parts.status, headers: parts.headers, body }
    }

    pub(crate) async fn get(&self, path: &str, session: Option<&Session>) -> TestResponse {
        let mut request = Request::get(path).header(header::HOST, "desk.example");
        if let Some(session) = session {
            request = request.header(header::COOKIE, &session.cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
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

    /// A desk action with the session's token.
    pub(crate) async fn act(
        &self,
        session: &Session,
        path: &str,
        fields: &[(&str, &str)],
    ) -> TestResponse {
        let mut fields = fields.to_vec();
        fields.push(("csrf_token", &session.csrf));
        self.form(path, &session.cookie, &fields).await
    }

    /// Creates, activates and logs in an account.
    pub(crate) async fn staff(&self, login: &str, name: &str, role: Role, agency: &str) -> Session {
        let now = Clock::Manual(self.clock.clone()).now_millis();
        let new = NewStaff {
            login: login.into(),
            full_name: name.into(),
            role,
            agency_id: agency.into(),
        };
        let token = add_staff(&self.database, now, &new).await.unwrap();
        let path = format!("/desk/activate/{token}");
        let page = self.send(Request::get(&path).body(Body::empty()).unwrap()).await;
        let done = self.form_from(&path, &page, &[("password", PASSWORD), ("confirm", PASSWORD)]);
        assert_eq!(done.await.status, StatusCode::OK);
        let page = self.send(Request::get("/desk/login").body(Body::empty()).unwrap()).await;
        let fields = [("login", login), ("password", PASSWORD)];
        let response = self.form_from("/desk/login", &page, &fields).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.text());
        let cookie = set_cookie(&response, "guichet-session");
        let mut session = Session { cookie, csrf: String::new() };
        session.csrf = hidden_token(&self.get("/desk/", Some(&session)).await.text());
        session
    }

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

    /// A phone's submission (no credential): routed by its commune of residence, 1601.
    pub(crate) async fn submit_from_a_phone(&self, registration: Registration) {
        let batch = SubmissionBatch {
            registrations: vec![Submission {
                client_id: CLIENT.into(),
                submitted_at: "2026-11-29T07:30:00Z".into(),
                reference_version: None,
                body: SubmissionBody::Clear(registration),
            }],
        };
        let request = Request::post("/api/v1/registrations")
            .header(header::CONTENT_TYPE, "application/json")
            .header(PROTOCOL_VERSION_HEADER, PROTOCOL_VERSION.to_string())
            .body(Body::from(serde_json::to_string(&batch).unwrap()))
            .unwrap();
        let response = self.send(request).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    }
}

fn valid_registration() -> Registration {
    let fixture = include_str!("../../../protocol/fixtures/registration-valid.json");
    serde_json::from_str(fixture).expect("the fixture is a registration")
}

async fn a_phone_registration_goes_from_arrival_to_export_at_its_agency_only(db: TestDatabase) {
    let office = Office::new(db).await;
    let amina = office.staff("amina", "Amina Counsellor", Role::Counsellor, "16-01").await;
    let omar = office.staff("omar", "Omar Elsewhere", Role::Counsellor, "16-05").await;
    let nadia = office.staff("nadia", "Nadia Manager", Role::Manager, "16-01").await;
    office.submit_from_a_phone(valid_registration()).await;
    let dossier = format!("/desk/dossiers/{CLIENT}");

    // Arrivals: mine, with the page's refresh script; no-store.
    let arrivals = office.get("/desk/arrivals?lang=fr", Some(&amina)).await;
    assert_eq!(arrivals.status, StatusCode::OK);
    assert_eq!(arrivals.header("cache-control"), "no-store");
    let html = arrivals.text();
    assert!(html.contains(&format!("href=\"{dossier}\"")), "{html}");
    assert!(html.contains("Benali Karim"));
    let script = html.split("script src=\"").nth(1).unwrap().split('"').next().unwrap();
    let served = office.get(script, None).await;
    assert_eq!(served.status, StatusCode::OK);
    assert!(served.text().contains("setInterval(refresh"));
    let list = office.get("/desk/arrivals/list?filter=today", Some(&amina)).await;
    assert!(list.text().starts_with("<section id=\"arrivals\""), "{}", list.text());
    assert!(list.text().contains(&dossier));
    let elsewhere = office.get("/desk/arrivals?filter=all", Some(&omar)).await.text();
    assert!(!elsewhere.contains(&dossier));
    assert_eq!(arrivals.header("permissions-policy"), "camera=(), microphone=(), geolocation=()");

    // The find page may use the camera (this site only), and serves its scan script.
    let find = office.get("/desk/find?lang=fr", Some(&amina)).await;
    assert_eq!(find.header("permissions-policy"), "camera=(self), microphone=(), geolocation=()");
    let html = find.text();
    assert!(
        html.contains("id=\"scanner\" class=\"scanner\" hidden"),
        "hidden until the script finds a detector"
    );
    let scan = html.split("script src=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(scan.starts_with("/desk/scripts/scan-"), "{scan}");
    let served = office.get(scan, None).await;
    assert_eq!(served.status, StatusCode::OK);
    assert!(served.text().contains("BarcodeDetector"));

    // Find by the receipt's QR text and by the reference; another agency finds nothing.
    let qr = format!("GUICHET:{}", CLIENT.to_ascii_uppercase());
    let reference =
        Reference::derive(uuid::Uuid::parse_str(CLIENT).unwrap().into_bytes(), 0).to_string();
    for text in [qr.as_str(), reference.as_str()] {
        let path = format!("/desk/find?q={}", encode(text));
        assert!(office.get(&path, Some(&amina)).await.text().contains(&dossier), "{text}");
        assert!(!office.get(&path, Some(&omar)).await.text().contains(&dossier), "{text}");
    }

    // Logged out: the login page. Another agency: 404 on the dossier and every action.
    let logged_out = office.get(&dossier, None).await;
    assert_eq!(logged_out.status, StatusCode::SEE_OTHER);
    assert_eq!(logged_out.header("location"), "/desk/login");
    assert_eq!(office.get(&dossier, Some(&omar)).await.status, StatusCode::NOT_FOUND);
    let nowhere = format!("/desk/dossiers/{}", "0190f5e2-0000-7abc-9def-0123456789ab");
    assert_eq!(office.get(&nowhere, Some(&amina)).await.status, StatusCode::NOT_FOUND);
    for action in ["confirm", "reject", "duplicate", "correct"] {
        let fields =
            [("version", "1"), ("reason", "x"), ("field", "contact.address"), ("value", "x")];
        let refused = office.act(&omar, &format!("{dossier}/{action}"), &fields).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{action}");
    }

    // Without the CSRF token nothing changes.
    let fields = [("version", "1"), ("field", "contact.address"), ("value", "3 rue Ben M'hidi")];
    let forged = office.form(&format!("{dossier}/correct"), &amina.cookie, &fields).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let page = office.get(&dossier, Some(&amina)).await.text();
    assert!(page.contains("name=\"version\" value=\"1\""));
    // Places by their names in the counsellor's language, with the code.
    let french = office.get(&format!("{dossier}?lang=fr"), Some(&amina)).await.text();
    assert!(french.contains("Alger Centre (1601), Alger"), "{french}");
    let arabic = office.get(&format!("{dossier}?lang=ar"), Some(&amina)).await.text();
    assert!(arabic.contains("الجزائر الوسطى (1601)"), "{arabic}");
    assert!(page.contains("12 rue Didouche Mourad"));

    // Correct, then a confirmation on the stale version is refused, then on the new one.
    let corrected = office.act(&amina, &format!("{dossier}/correct"), &fields).await;
    assert_eq!(corrected.status, StatusCode::SEE_OTHER, "{}", corrected.text());
    let invalid = [("version", "2"), ("field", "identity.nin"), ("value", "12")];
    let refused = office.act(&amina, &format!("{dossier}/correct?lang=fr"), &invalid).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("18 chiffres") || refused.text().contains("NIN"));
    let stale = office.act(&amina, &format!("{dossier}/confirm"), &[("version", "1")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let confirmed = office.act(&amina, &format!("{dossier}/confirm"), &[("version", "2")]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let page = office.get(&format!("{dossier}?lang=fr"), Some(&amina)).await.text();
    assert!(page.contains("16-01/2026/000001"));
    assert!(page.contains("3 rue Ben M&#39;hidi") || page.contains("3 rue Ben M'hidi"));

    // The attestation, in Arabic and French, with its QR code.
    let attestation = office.get(&format!("{dossier}/attestation"), Some(&amina)).await;
    assert_eq!(attestation.status, StatusCode::OK);
    let html = attestation.text();
    assert!(html.contains("16-01/2026/000001") && html.contains("<svg"));
    assert!(html.contains("lang=\"ar\" dir=\"rtl\"") && html.contains("lang=\"fr\" dir=\"ltr\""));
    let other = office.get(&format!("{dossier}/attestation"), Some(&omar)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);

    // The export: BOM, the row; another agency's export has no row.
    let path = "/desk/export?from=2026-11-29&to=2026-11-29";
    let export = office.get(path, Some(&amina)).await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(export.header("cache-control"), "no-store");
    assert!(export.body.starts_with(b"\xEF\xBB\xBFregistration_number"));
    assert!(export.text().contains("16-01/2026/000001"));
    assert!(export.text().contains("بن علي"));
    assert_eq!(office.get(path, Some(&omar)).await.text().lines().count(), 1);

    // The audit log: the manager's, with each step and the counsellor's name.
    assert_eq!(office.get("/desk/audit", Some(&amina)).await.status, StatusCode::NOT_FOUND);
    let audit = office.get("/desk/audit?lang=fr", Some(&nadia)).await;
    assert_eq!(audit.status, StatusCode::OK);
    let html = audit.text();
    for step in [
        "Recherche",
        "Ouverture du dossier",
        "Correction",
        "Confirmation",
        "Attestation imprimée",
        "Export",
    ] {
        assert!(html.contains(step), "{step} in {html}");
    }
    assert!(html.contains("Amina Counsellor"));
    assert!(html.contains("192.0.2.20"));
    assert!(!html.contains("Omar Elsewhere"), "Omar's export concerns his agency");

    // Kiosks: a code as text and QR, a kiosk enrolled with it, listed, revoked.
    assert_eq!(office.get("/desk/kiosks", Some(&amina)).await.status, StatusCode::NOT_FOUND);
    let issued = office.act(&nadia, "/desk/kiosks/code", &[]).await;
    assert_eq!(issued.status, StatusCode::OK);
    let html = issued.text();
    assert!(html.contains("<svg"));
    let code = html.split("class=\"enrolment-code\" dir=\"ltr\">").nth(1).unwrap();
    let code = &code[..code.find('<').unwrap()];
    let enrol = Request::post("/api/v1/devices/enrol")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!(r#"{{"code":"{code}","name":"Accueil 1"}}"#)))
        .unwrap();
    let enrolled = office.send(enrol).await;
    assert_eq!(enrolled.status, StatusCode::CREATED, "{}", enrolled.text());
    let device: serde_json::Value = enrolled.json();
    let device_id = device["device_id"].as_str().unwrap();
    assert!(office.get("/desk/kiosks", Some(&nadia)).await.text().contains("Accueil 1"));
    let revoke = format!("/desk/kiosks/{device_id}/revoke");
    assert_eq!(office.act(&omar, &revoke, &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(office.act(&nadia, &revoke, &[]).await.status, StatusCode::SEE_OTHER);

    // Staff: added with the activation link shown once, then disabled.
    let added = office
        .act(
            &nadia,
            "/desk/staff",
            &[("full_name", "Karim Nouveau"), ("login", "karim"), ("role", "counsellor")],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK);
    assert!(added.text().contains("http://desk.example/desk/activate/"));
    let disable = "/desk/staff/omar/disable";
    assert_eq!(office.act(&nadia, disable, &[]).await.status, StatusCode::NOT_FOUND);
    let disabled = office.act(&nadia, "/desk/staff/karim/disable", &[]).await;
    assert_eq!(disabled.status, StatusCode::SEE_OTHER);
    let html = office.get("/desk/audit?lang=fr", Some(&nadia)).await.text();
    for step in ["Code d'enrôlement créé", "Borne révoquée", "Agent ajouté", "Agent désactivé"]
    {
        assert!(html.contains(step) || html.contains(&step.replace('\'', "&#39;")), "{step}");
    }
}

async fn an_admin_picks_the_agency_a_manager_cannot(db: TestDatabase) {
    let office = Office::new(db).await;
    let root = office.staff("root", "Admin National", Role::Admin, "16").await;
    let nadia = office.staff("nadia", "Nadia Manager", Role::Manager, "16-01").await;
    let in_agency = |agency: &str| Scope::Agency(agency.to_owned());

    // A manager has no picker, and naming another agency changes nothing: her own is used.
    let page = office.get("/desk/kiosks?agency=16-05", Some(&nadia)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text().contains("id=\"agency\""));
    let issued = office.act(&nadia, "/desk/kiosks/code?agency=16-05", &[]).await;
    assert_eq!(issued.status, StatusCode::OK);
    let log = desk::audit_log(&office.database, &in_agency("16-05"), None).await.unwrap();
    assert!(log.entries.is_empty(), "{log:?}");
    let log = desk::audit_log(&office.database, &in_agency("16-01"), None).await.unwrap();
    assert_eq!(log.entries[0].action, "create_enrolment_code");
    let audit = office.get("/desk/audit?agency=16-05&lang=fr", Some(&nadia)).await.text();
    assert!(audit.contains("Nadia Manager"), "her agency's log, whatever the URL says");

    // An admin picks: the list of agencies, the chosen one selected, its kiosks and staff.
    let page = office.get("/desk/kiosks?lang=fr", Some(&root)).await.text();
    assert!(page.contains("select id=\"agency\" name=\"agency\""), "{page}");
    assert!(page.contains("<option value=\"16-05\">16-05 · ALEM BAB EZZOUAR</option>"), "{page}");
    let page = office.get("/desk/kiosks?agency=16-05&lang=fr", Some(&root)).await.text();
    assert!(page.contains("<option value=\"16-05\" selected>"), "{page}");
    assert!(page.contains("action=\"/desk/kiosks/code?lang=fr&amp;agency=16-05\""), "{page}");
    let issued = office.act(&root, "/desk/kiosks/code?agency=16-05", &[]).await;
    assert_eq!(issued.status, StatusCode::OK);
    let log = desk::audit_log(&office.database, &in_agency("16-05"), None).await.unwrap();
    assert_eq!(log.entries.len(), 1);
    assert_eq!(log.entries[0].staff_name, "Admin National");
    let fields = [("full_name", "Karim Nouveau"), ("login", "karim"), ("role", "counsellor")];
    let added = office.act(&root, "/desk/staff?agency=16-05", &fields).await;
    assert_eq!(added.status, StatusCode::OK);
    let staff = office.get("/desk/staff?agency=16-05", Some(&root)).await.text();
    assert!(staff.contains("Karim Nouveau"));
    assert!(!office.get("/desk/staff?agency=16-01", Some(&root)).await.text().contains("Karim"));
    assert_eq!(
        office.get("/desk/kiosks?agency=99-99", Some(&root)).await.status,
        StatusCode::NOT_FOUND
    );

    // The admin's audit log: every agency, or the one picked.
    let every = office.get("/desk/audit?lang=fr", Some(&root)).await.text();
    assert!(every.contains("Toutes les agences"));
    assert!(every.contains("Nadia Manager") && every.contains("Admin National"));
    let one = office.get("/desk/audit?lang=fr&agency=16-01", Some(&root)).await.text();
    assert!(one.contains("Nadia Manager") && !one.contains("Admin National"));
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
