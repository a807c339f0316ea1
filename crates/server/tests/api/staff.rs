//! Staff accounts through the router: activation, login, lockout, throttling, CSRF, session
//! expiry and revocation, on SQLite and PostgreSQL alike. Cookies are carried by hand.

use std::{net::SocketAddr, time::Duration};

use axum::{
    Router,
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode, header},
};
use guichet_core::time::Timestamp;
use guichet_server::{
    AppState, Clock, Database, ManualClock, app,
    staff::{NewStaff, Role, add_staff, disable_staff},
};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use crate::support::{TestDatabase, TestResponse};

run_against_every_database!(
    an_activation_link_works_once_refuses_weak_passwords_and_expires_after_a_day,
    a_wrong_password_and_an_unknown_login_get_the_same_answer,
    repeated_failures_slow_down_then_lock_the_account_for_a_while,
    one_address_trying_many_logins_is_throttled,
    a_state_changing_request_without_its_csrf_token_or_from_another_site_changes_nothing,
    a_session_ends_after_30_idle_minutes_and_after_10_hours_in_any_case,
    logout_and_disabling_the_account_revoke_the_session,
    a_session_made_on_one_instance_is_valid_on_another,
    over_tls_cookies_are_secure_and_host_prefixed,
    logging_in_again_rotates_the_session_id,
);

/// 2026-11-29T08:00:00Z.
const START: Timestamp = Timestamp(1_795_939_200_000);
const PASSWORD: &str = "Tramway-Oran-cerise-17";
const AGENCY: &str = "16-05";

/// The router over a database and a manual clock, speaking from one address by default.
struct Desk {
    router: Router,
    clock: ManualClock,
    database: Database,
    address: SocketAddr,
    _db: Option<TestDatabase>,
}

impl Desk {
    async fn new(db: TestDatabase) -> Self {
        Self::with_tls(db, false).await
    }

    async fn with_tls(db: TestDatabase, secure: bool) -> Self {
        let database = db.database.clone();
        insert_agency(&database).await;
        let (clock, handle) = Clock::manual(START);
        let state = AppState::new(database.clone(), "/nonexistent-dist")
            .with_clock(clock)
            .with_secure_cookies(secure);
        let address = "192.0.2.10:50000".parse().unwrap();
        Self { router: app(state), clock: handle, database, address, _db: Some(db) }
    }

    /// A second instance over the same database (its own router, throttle and state).
    fn second_instance(&self, clock: Clock) -> Self {
        let state = AppState::new(self.database.clone(), "/nonexistent-dist").with_clock(clock);
        Self {
            router: app(state),
            clock: self.clock.clone(),
            database: self.database.clone(),
            address: self.address,
            _db: None,
        }
    }

    async fn send(&self, mut request: Request<Body>) -> TestResponse {
        request.extensions_mut().insert(ConnectInfo(self.address));
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes().to_vec();
        TestResponse { status: parts.status, headers: parts.headers, body }
    }

    async fn get(&self, path: &str, cookies: &[&str]) -> TestResponse {
        let mut request = Request::get(path);
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies.join("; "));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    async fn post_form(
        &self,
        path: &str,
        cookies: &[&str],
        fields: &[(&str, &str)],
    ) -> TestResponse {
        self.post_form_with(path, cookies, fields, &[]).await
    }

    async fn post_form_with(
        &self,
        path: &str,
        cookies: &[&str],
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let body: Vec<String> =
            fields.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect();
        let mut request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "desk.example");
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies.join("; "));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body.join("&"))).unwrap()).await
    }

    async fn add(&self, login: &str, role: Role) -> String {
        let new = NewStaff {
            login: login.into(),
            full_name: "Amina Benali".into(),
            role,
            agency_id: AGENCY.into(),
        };
        add_staff(&self.database, self.clock_now(), &new).await.unwrap()
    }

    fn clock_now(&self) -> i64 {
        Clock::Manual(self.clock.clone()).now_millis()
    }

    /// Opens the activation page and sends `password` twice.
    async fn activate(&self, token: &str, password: &str, confirm: &str) -> TestResponse {
        let path = format!("/desk/activate/{token}");
        let page = self.get(&path, &[]).await;
        if page.status != StatusCode::OK {
            return page;
        }
        let cookie = set_cookie(&page, "guichet-form");
        let csrf = hidden_token(&page.text());
        let fields = [("password", password), ("confirm", confirm), ("csrf_token", csrf.as_str())];
        self.post_form(&path, &[&cookie], &fields).await
    }

    /// Creates and activates an account.
    async fn active_account(&self, login: &str) {
        let token = self.add(login, Role::Counsellor).await;
        let done = self.activate(&token, PASSWORD, PASSWORD).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    }

    /// Opens the login page and sends the form.
    async fn try_login(&self, login: &str, password: &str) -> TestResponse {
        let page = self.get("/desk/login", &[]).await;
        let cookie = set_cookie(&page, "guichet-form");
        let csrf = hidden_token(&page.text());
        let fields = [("login", login), ("password", password), ("csrf_token", csrf.as_str())];
        self.post_form("/desk/login", &[&cookie], &fields).await
    }

    /// Logs in and answers the session cookie (`name=value`).
    async fn login(&self, login: &str) -> String {
        let response = self.try_login(login, PASSWORD).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.text());
        assert_eq!(response.header("location"), "/desk/");
        set_cookie(&response, "guichet-session")
    }

    async fn me(&self, session: &str) -> TestResponse {
        self.get("/api/v1/staff/me", &[session]).await
    }
}

async fn insert_agency(database: &Database) {
    let sql = format!(
        "INSERT INTO agencies (id, kind, anem_wilaya_code, name, address, phone, email) \
         VALUES ('{AGENCY}', 'local', 16, 'ALEM Alger Centre', '1 rue Didouche Mourad', \
         '021000000', 'alem.16-05@anem.dz')"
    );
    match database {
        Database::Sqlite(pool) => {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.unwrap();
        }
        Database::Postgres(pool) => {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.unwrap();
        }
    }
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                (byte as char).to_string()
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

fn full_set_cookie(response: &TestResponse, name: &str) -> String {
    response
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .find(|value| value.split('=').next().is_some_and(|cookie| cookie.ends_with(name)))
        .unwrap_or_else(|| panic!("no {name} cookie in {:?}", response.headers))
}

#[track_caller]
fn hidden_token(html: &str) -> String {
    let start = html.find("name=\"csrf_token\" value=\"").expect("a csrf_token field")
        + "name=\"csrf_token\" value=\"".len();
    html[start..start + 43].to_owned()
}

/// Form fields or headers, as name and value.
type Fields<'a> = Vec<(&'a str, &'a str)>;

fn csrf_of(me: &TestResponse) -> String {
    me.json::<serde_json::Value>()["csrf_token"].as_str().unwrap().to_owned()
}

async fn an_activation_link_works_once_refuses_weak_passwords_and_expires_after_a_day(
    db: TestDatabase,
) {
    let desk = Desk::new(db).await;
    let token = desk.add("amina.benali", Role::Counsellor).await;

    let short = desk.activate(&token, "short", "short").await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.text().contains("role=\"alert\""), "{}", short.text());
    assert!(short.text().contains("at least 12 characters") || short.text().contains("12"));
    let common = desk.activate(&token, "password1234", "password1234").await;
    assert_eq!(common.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mismatch = desk.activate(&token, PASSWORD, "Tramway-Oran-cerise-18").await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The refusals were in Arabic (no language asked for); in English they read:
    let page = desk.get(&format!("/desk/activate/{token}?lang=en"), &[]).await;
    let cookie = set_cookie(&page, "guichet-form");
    let fields = [
        ("password", "password1234"),
        ("confirm", "password1234"),
        ("csrf_token", &hidden_token(&page.text())),
    ];
    let english =
        desk.post_form(&format!("/desk/activate/{token}?lang=en"), &[&cookie], &fields).await;
    assert!(english.text().contains("among the most used"), "{}", english.text());

    let done = desk.activate(&token, PASSWORD, PASSWORD).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    let again = desk.activate(&token, "Another-long-phrase-42", "Another-long-phrase-42").await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "a link works once");
    desk.login("amina.benali").await;

    let late = desk.add("karim.saidi", Role::Manager).await;
    desk.clock.advance(Duration::from_secs(24 * 3600) - Duration::from_millis(1));
    assert_eq!(desk.get(&format!("/desk/activate/{late}"), &[]).await.status, StatusCode::OK);
    desk.clock.advance(Duration::from_millis(1));
    assert_eq!(
        desk.get(&format!("/desk/activate/{late}"), &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(desk.get("/desk/activate/not-a-token", &[]).await.status, StatusCode::NOT_FOUND);
}

async fn a_wrong_password_and_an_unknown_login_get_the_same_answer(db: TestDatabase) {
    let desk = Desk::new(db).await;
    desk.active_account("amina.benali").await;
    let page = desk.get("/desk/login?lang=fr", &[]).await;
    assert_eq!(page.header("cache-control"), "no-store");
    assert!(!page.header("content-security-policy").contains("unsafe-inline"));
    let cookie = set_cookie(&page, "guichet-form");
    let csrf = hidden_token(&page.text());
    let attempt = |login: &'static str, password: &'static str| {
        let fields = [("login", login), ("password", password), ("csrf_token", csrf.as_str())];
        let cookie = cookie.clone();
        let desk = &desk;
        async move { desk.post_form("/desk/login?lang=fr", &[&cookie], &fields).await }
    };
    let wrong = attempt("amina.benali", "Not-the-password-99").await;
    let unknown = attempt("nobody.here", "Not-the-password-99").await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(wrong.text().contains("Identifiant ou mot de passe incorrect"), "{}", wrong.text());
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(
        wrong.text().replace("amina.benali", "LOGIN"),
        unknown.text().replace("nobody.here", "LOGIN"),
        "the answer never tells whether a login exists"
    );
    assert!(wrong.text().contains("value=\"amina.benali\""), "the typed login comes back");
    assert!(wrong.headers.get(header::SET_COOKIE).is_none());

    let session = desk.login("Amina.Benali").await;
    let home = desk.get("/desk/", &[&session]).await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.header("cache-control"), "no-store");
    assert!(
        home.text().contains("Amina Benali") && home.text().contains(AGENCY),
        "{}",
        home.text()
    );
    let me = desk.me(&session).await;
    assert_eq!(me.status, StatusCode::OK);
    let me: serde_json::Value = me.json();
    assert_eq!(me["login"], "amina.benali");
    assert_eq!(me["role"], "counsellor");
    assert_eq!(me["agency_id"], AGENCY);
    assert_eq!(me["csrf_token"].as_str().unwrap().len(), 43);
}

async fn repeated_failures_slow_down_then_lock_the_account_for_a_while(db: TestDatabase) {
    let desk = Desk::new(db).await;
    desk.active_account("amina.benali").await;
    for _ in 0..3 {
        let refused = desk.try_login("amina.benali", "Not-the-password-99").await;
        assert_eq!(refused.status, StatusCode::OK);
    }
    // Slowed down: right after the third failure even the right password is refused…
    assert_eq!(desk.try_login("amina.benali", PASSWORD).await.status, StatusCode::OK);
    // …and a second later it works (and the count starts again).
    desk.clock.advance(Duration::from_secs(1));
    desk.login("amina.benali").await;

    for _ in 0..10 {
        desk.clock.advance(Duration::from_secs(65));
        let refused = desk.try_login("amina.benali", "Not-the-password-99").await;
        assert_eq!(refused.status, StatusCode::OK);
    }
    desk.clock.advance(Duration::from_secs(14 * 60));
    let locked = desk.try_login("amina.benali", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::OK, "locked: the right password is refused too");
    desk.clock.advance(Duration::from_secs(60));
    desk.login("amina.benali").await;
}

async fn one_address_trying_many_logins_is_throttled(db: TestDatabase) {
    let mut desk = Desk::new(db).await;
    let page = desk.get("/desk/login", &[]).await;
    let cookie = set_cookie(&page, "guichet-form");
    let csrf = hidden_token(&page.text());
    for attempt in 0..guichet_server::staff::LOGIN_ATTEMPTS_PER_MINUTE {
        let login = format!("someone.{attempt}");
        let fields =
            [("login", login.as_str()), ("password", "Whatever-password-1"), ("csrf_token", &csrf)];
        let refused = desk.post_form("/desk/login", &[&cookie], &fields).await;
        assert_eq!(refused.status, StatusCode::OK, "attempt {attempt}");
    }
    let fields =
        [("login", "someone.else"), ("password", "Whatever-password-1"), ("csrf_token", &csrf)];
    let throttled = desk.post_form("/desk/login", &[&cookie], &fields).await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = throttled.header("retry-after").parse().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    desk.address = "198.51.100.7:40000".parse().unwrap();
    assert_eq!(desk.post_form("/desk/login", &[&cookie], &fields).await.status, StatusCode::OK);
}

async fn a_state_changing_request_without_its_csrf_token_or_from_another_site_changes_nothing(
    db: TestDatabase,
) {
    let desk = Desk::new(db).await;
    desk.active_account("amina.benali").await;

    // The login form itself: without the pre-session token, or from another site, no session.
    let page = desk.get("/desk/login", &[]).await;
    let cookie = set_cookie(&page, "guichet-form");
    let csrf = hidden_token(&page.text());
    let fields = [("login", "amina.benali"), ("password", PASSWORD)];
    let no_token = desk.post_form("/desk/login", &[&cookie], &fields).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let with_token = [("login", "amina.benali"), ("password", PASSWORD), ("csrf_token", &csrf)];
    let cross = desk
        .post_form_with(
            "/desk/login",
            &[&cookie],
            &with_token,
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    assert!(
        no_token
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .all(|c| !c.to_str().unwrap().contains("session"))
    );

    let session = desk.login("amina.benali").await;
    let token = csrf_of(&desk.me(&session).await);
    let refusals: [(&str, Fields<'_>, Fields<'_>); 4] = [
        ("no token", vec![], vec![]),
        ("wrong token", vec![("csrf_token", "A".repeat(43).leak())], vec![]),
        (
            "cross-site origin",
            vec![("csrf_token", token.as_str())],
            vec![("origin", "https://evil.example")],
        ),
        (
            "cross-site fetch",
            vec![("csrf_token", token.as_str())],
            vec![("sec-fetch-site", "cross-site")],
        ),
    ];
    for (what, fields, headers) in refusals {
        let refused = desk.post_form_with("/desk/logout", &[&session], &fields, &headers).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{what}");
        assert_eq!(desk.me(&session).await.status, StatusCode::OK, "{what}: still logged in");
    }
    // The API: the header token.
    let api = desk
        .send(
            Request::post("/desk/logout")
                .header(header::COOKIE, &session)
                .header("x-csrf-token", "wrong")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    let api = desk
        .send(
            Request::post("/desk/logout")
                .header(header::COOKIE, &session)
                .header("x-csrf-token", &token)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text());
    assert_eq!(desk.me(&session).await.status, StatusCode::UNAUTHORIZED);
}

async fn a_session_ends_after_30_idle_minutes_and_after_10_hours_in_any_case(db: TestDatabase) {
    let desk = Desk::new(db).await;
    desk.active_account("amina.benali").await;
    let session = desk.login("amina.benali").await;
    desk.clock.advance(Duration::from_secs(29 * 60));
    assert_eq!(desk.me(&session).await.status, StatusCode::OK);
    desk.clock.advance(Duration::from_secs(29 * 60));
    assert_eq!(
        desk.me(&session).await.status,
        StatusCode::OK,
        "each request restarts the idle time"
    );
    desk.clock.advance(Duration::from_secs(30 * 60));
    let expired = desk.me(&session).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.json::<serde_json::Value>()["error"]["code"], "not_logged_in");
    let page = desk.get("/desk/", &[&session]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), "/desk/login");

    let session = desk.login("amina.benali").await;
    for _ in 0..23 {
        desk.clock.advance(Duration::from_secs(25 * 60));
        assert_eq!(desk.me(&session).await.status, StatusCode::OK);
    }
    // 24 × 25 min = 10 h after the login: over, however active.
    desk.clock.advance(Duration::from_secs(25 * 60));
    assert_eq!(desk.me(&session).await.status, StatusCode::UNAUTHORIZED);
}

async fn logout_and_disabling_the_account_revoke_the_session(db: TestDatabase) {
    let desk = Desk::new(db).await;
    desk.active_account("amina.benali").await;
    let session = desk.login("amina.benali").await;
    let home = desk.get("/desk/", &[&session]).await;
    let token = hidden_token(&home.text());
    let out = desk.post_form("/desk/logout", &[&session], &[("csrf_token", &token)]).await;
    assert_eq!(out.status, StatusCode::OK);
    assert_eq!(desk.me(&session).await.status, StatusCode::UNAUTHORIZED, "the old cookie is dead");
    assert_eq!(desk.get("/desk/", &[&session]).await.status, StatusCode::SEE_OTHER);

    let session = desk.login("amina.benali").await;
    let revoked = disable_staff(&desk.database, desk.clock_now(), "amina.benali").await.unwrap();
    assert_eq!(revoked, 1);
    assert_eq!(desk.me(&session).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(desk.try_login("amina.benali", PASSWORD).await.status, StatusCode::OK, "refused");
}

async fn a_session_made_on_one_instance_is_valid_on_another(db: TestDatabase) {
    let desk = Desk::new(db).await;
    desk.active_account("amina.benali").await;
    let session = desk.login("amina.benali").await;
    let other = desk.second_instance(Clock::Manual(desk.clock.clone()));
    let me = other.me(&session).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text());
    assert_eq!(csrf_of(&me), csrf_of(&desk.me(&session).await));
}

async fn over_tls_cookies_are_secure_and_host_prefixed(db: TestDatabase) {
    let desk = Desk::with_tls(db, true).await;
    let token = desk.add("amina.benali", Role::Admin).await;
    let page = desk.get(&format!("/desk/activate/{token}"), &[]).await;
    let form_cookie = full_set_cookie(&page, "guichet-form");
    assert!(form_cookie.starts_with("__Host-guichet-form="), "{form_cookie}");
    assert!(
        form_cookie.contains("; Secure") && form_cookie.contains("; HttpOnly"),
        "{form_cookie}"
    );
    let fields = [
        ("password", PASSWORD),
        ("confirm", PASSWORD),
        ("csrf_token", &hidden_token(&page.text())),
    ];
    let cookie = set_cookie(&page, "guichet-form");
    let done = desk.post_form(&format!("/desk/activate/{token}"), &[&cookie], &fields).await;
    assert_eq!(done.status, StatusCode::OK);

    let response = desk.try_login("amina.benali", PASSWORD).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let session = full_set_cookie(&response, "guichet-session");
    assert!(session.starts_with("__Host-guichet-session="), "{session}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(session.contains(attribute), "{attribute} in {session}");
    }
    assert!(!session.contains("Domain"), "{session}");
    let cookie = set_cookie(&response, "guichet-session");
    assert_eq!(desk.me(&cookie).await.json::<serde_json::Value>()["role"], "admin");
}

async fn logging_in_again_rotates_the_session_id(db: TestDatabase) {
    let desk = Desk::new(db).await;
    desk.active_account("amina.benali").await;
    let first = desk.login("amina.benali").await;
    let page = desk.get("/desk/login", &[&first]).await;
    let form_cookie = set_cookie(&page, "guichet-form");
    let csrf = hidden_token(&page.text());
    let fields = [("login", "amina.benali"), ("password", PASSWORD), ("csrf_token", csrf.as_str())];
    let again = desk.post_form("/desk/login", &[&first, &form_cookie], &fields).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.text());
    let second = set_cookie(&again, "guichet-session");
    assert_ne!(first, second, "a new id at every login");
    assert_eq!(desk.me(&first).await.status, StatusCode::UNAUTHORIZED, "the old id is gone");
    assert_eq!(desk.me(&second).await.status, StatusCode::OK);
}
