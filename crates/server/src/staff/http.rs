//! The desk's login, activation, logout and landing pages, and `GET /api/v1/staff/me`.
//!
//! Each handler checks what the request may do, calls the domain (`login`, `store`,
//! `password`), and maps its answer to a page; domain errors become pages here and nowhere
//! else. Failures are logged without a login, a name, a password or a token.

use std::{sync::Arc, time::Duration};

use axum::{
    Extension, Form, Json, Router,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, Uri, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use fluent_bundle::FluentArgs;
use maud::{Markup, html};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::{
    Role, csrf,
    extract::{SessionData, StaffSession},
    i18n::Language,
    login::{self, LoginOutcome},
    page::{self, html_response, layout},
    password::{self, PasswordRefusal},
    session_store::{DatabaseSessionStore, SESSION_KEY},
    store::{self, StaffAccount},
    throttle::{ClientAddress, LoginThrottle},
    token,
};
use crate::infra::state::AppState;

/// The desk's pages, at the root (`/desk/…`). Each call has its own login throttle: one per
/// server instance.
pub(crate) fn desk_routes() -> Router<AppState> {
    Router::new()
        .route("/desk", get(|| async { Redirect::permanent("/desk/") }))
        .route("/desk/", get(get_home))
        .route("/desk/login", get(get_login).post(post_login))
        .route("/desk/activate/{token}", get(get_activation).post(post_activation))
        .route("/desk/logout", axum::routing::post(post_logout))
        .route("/desk/assets/{file}", get(page::get_stylesheet))
        .layer(Extension(Arc::new(LoginThrottle::default())))
}

/// The staff API, relative to `/api`.
pub(crate) fn api_routes() -> Router<AppState> {
    Router::new().route("/v1/staff/me", get(get_me))
}

/// This feature's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(get_me))]
pub(crate) struct StaffApi;

/// `GET /api/v1/staff/me`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Me {
    login: String,
    full_name: String,
    role: &'static str,
    agency_id: String,
    /// Send it back as `x-csrf-token` with every state-changing request.
    csrf_token: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/staff/me",
    tag = "staff",
    security(("staff_session" = [])),
    responses(
        (status = 200, description = "The logged-in member of staff and the session's CSRF token",
            body = Me),
        (status = 401, description = "`not_logged_in`", body = crate::infra::api_error::ErrorBody),
        (status = 503, description = "`database_unavailable`", body = crate::infra::api_error::ErrorBody),
    )
)]
async fn get_me(session: StaffSession) -> Json<Me> {
    let StaffSession { staff, login, csrf_token } = session;
    Json(Me {
        login,
        full_name: staff.full_name,
        role: staff.role.as_str(),
        agency_id: staff.agency_id,
        csrf_token,
    })
}

async fn get_home(session: StaffSession, headers: HeaderMap, uri: Uri) -> Response {
    let language = Language::from_headers(&headers, uri.query());
    let staff = &session.staff;
    let mut args = FluentArgs::new();
    args.set("name", staff.full_name.clone());
    let content = html! {
        p { (language.text_with("desk-home-welcome", Some(&args))) }
        dl class="identity" {
            dt { (language.text("desk-home-role")) }
            dd { (language.text(role_message(staff.role))) }
            dt { (language.text("desk-home-agency")) }
            dd { (staff.agency_id) }
        }
        // The counsellors' desk (crate::desk): where the work is.
        nav class="desk-nav" aria-label=(language.text("desk-nav-label")) {
            ul {
                li { a href="/desk/arrivals" { (language.text("desk-nav-arrivals")) } }
                li { a href="/desk/find" { (language.text("desk-nav-find")) } }
                li { a href="/desk/export" { (language.text("desk-nav-export")) } }
                @if matches!(staff.role, Role::Manager | Role::Admin) {
                    li { a href="/desk/kiosks" { (language.text("desk-nav-kiosks")) } }
                    li { a href="/desk/staff" { (language.text("desk-nav-staff")) } }
                    li { a href="/desk/audit" { (language.text("desk-nav-audit")) } }
                }
            }
        }
        form method="post" action="/desk/logout" {
            input type="hidden" name=(csrf::CSRF_FIELD) value=(session.csrf_token);
            button type="submit" class="secondary" { (language.text("desk-logout-submit")) }
        }
    };
    let title = language.text("desk-home-title");
    with_language_cookie(
        html_response(StatusCode::OK, layout(language, &title, "/desk/", content)),
        &uri,
    )
}

fn role_message(role: Role) -> &'static str {
    match role {
        Role::Counsellor => "desk-role-counsellor",
        Role::Manager => "desk-role-manager",
        Role::Admin => "desk-role-admin",
    }
}

/// The pre-session token of the login and activation forms: the cookie's if it has one, else a
/// new one and the cookie to set.
fn form_token(headers: &HeaderMap, secure: bool) -> (String, Option<HeaderValue>) {
    match csrf::cookie_value(headers, csrf::form_cookie_name(secure)).filter(|t| t.len() == 43) {
        Some(token) => (token, None),
        None => {
            let token = token::random_token();
            let cookie = csrf::form_cookie(&token, secure);
            (token, Some(cookie))
        }
    }
}

/// Whether a login or activation form passes the pre-session CSRF checks.
fn form_passes(headers: &HeaderMap, sent: &str, secure: bool) -> bool {
    let expected = csrf::cookie_value(headers, csrf::form_cookie_name(secure)).unwrap_or_default();
    !csrf::is_cross_site(headers) && token::same_secret(sent, &expected)
}

fn with_language_cookie(mut response: Response, uri: &Uri) -> Response {
    if let Some(language) = Language::from_query(uri.query()) {
        response.headers_mut().append(header::SET_COOKIE, language.cookie());
    }
    response
}

fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// What the login page shows above its form.
enum LoginAlert {
    None,
    Failed,
    Throttled(Duration),
    FormExpired,
}

fn login_page(
    language: Language,
    csrf_token: &str,
    alert: &LoginAlert,
    status: StatusCode,
    typed_login: &str,
) -> Response {
    let alert_text = match alert {
        LoginAlert::None => None,
        LoginAlert::Failed => Some(language.text("desk-login-failed")),
        LoginAlert::FormExpired => Some(language.text("desk-form-expired")),
        LoginAlert::Throttled(wait) => {
            let mut args = FluentArgs::new();
            args.set("seconds", wait.as_secs().max(1));
            Some(language.text_with("desk-throttled", Some(&args)))
        }
    };
    let content = html! {
        p { (language.text("desk-login-intro")) }
        div id="login-alert" class="alert" role="alert" { @if let Some(text) = &alert_text { (text) } }
        form method="post" action={ "/desk/login?lang=" (language.tag()) } {
            input type="hidden" name=(csrf::CSRF_FIELD) value=(csrf_token);
            div class="field" {
                label for="login" { (language.text("desk-login-login-label")) }
                // What was typed comes back (escaped), so a refusal costs only the password.
                input type="text" id="login" name="login" autocomplete="username" required
                    value=(typed_login) autocapitalize="none" spellcheck="false" dir="ltr"
                    aria-describedby=[alert_text.as_ref().map(|_| "login-alert")];
            }
            div class="field" {
                label for="password" { (language.text("desk-login-password-label")) }
                input type="password" id="password" name="password" autocomplete="current-password" required;
            }
            button type="submit" { (language.text("desk-login-submit")) }
        }
    };
    let title = language.text("desk-login-title");
    let mut response = html_response(status, layout(language, &title, "/desk/login", content));
    if let LoginAlert::Throttled(wait) = alert {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    }
    response
}

async fn get_login(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let language = Language::from_headers(&headers, uri.query());
    let (token, cookie) = form_token(&headers, state.secure_cookies);
    let response = login_page(language, &token, &LoginAlert::None, StatusCode::OK, "");
    with_language_cookie(with_cookie(response, cookie), &uri)
}

#[derive(Debug, Deserialize)]
struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
}

async fn post_login(
    State(state): State<AppState>,
    Extension(throttle): Extension<Arc<LoginThrottle>>,
    ClientAddress(address): ClientAddress,
    session: Session,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<LoginForm>,
) -> Response {
    let language = Language::from_headers(&headers, uri.query());
    let secure = state.secure_cookies;
    let (token, cookie) = form_token(&headers, secure);
    if let Err(wait) = throttle.check(address) {
        let page = login_page(
            language,
            &token,
            &LoginAlert::Throttled(wait),
            StatusCode::TOO_MANY_REQUESTS,
            &form.login,
        );
        return with_cookie(page, cookie);
    }
    if !form_passes(&headers, &form.csrf_token, secure) {
        let token = token::random_token();
        let expired = LoginAlert::FormExpired;
        let page = login_page(language, &token, &expired, StatusCode::FORBIDDEN, &form.login);
        return with_cookie(page, Some(csrf::form_cookie(&token, secure)));
    }
    let now = state.clock.now_millis();
    let outcome = login::attempt(&state.database, &form.login, form.password, now).await;
    match outcome {
        Ok(LoginOutcome::LoggedIn(account)) => {
            match start_session(&state, &session, &account).await {
                Ok(()) => Redirect::to("/desk/").into_response(),
                Err(()) => page::unavailable_page(language),
            }
        }
        Ok(LoginOutcome::Refused) => {
            let page =
                login_page(language, &token, &LoginAlert::Failed, StatusCode::OK, &form.login);
            with_cookie(page, cookie)
        }
        Err(error) => {
            tracing::warn!(
                error = &error as &dyn std::error::Error,
                "login failed on the database"
            );
            page::unavailable_page(language)
        }
    }
}

/// A new session for `account`: a new id whatever the request came with, a new CSRF token.
async fn start_session(
    state: &AppState,
    session: &Session,
    account: &StaffAccount,
) -> Result<(), ()> {
    let store = DatabaseSessionStore::new(state.database.clone(), state.clock.clone());
    if let Err(error) = store.purge_expired().await {
        tracing::warn!(
            error = &error as &dyn std::error::Error,
            "could not purge expired sessions"
        );
    }
    if session.id().is_some()
        && let Err(error) = session.cycle_id().await
    {
        tracing::warn!(error = &error as &dyn std::error::Error, "could not rotate a session id");
        return Err(());
    }
    let data = SessionData { staff_id: account.id.clone(), csrf_token: token::random_token() };
    session.insert(SESSION_KEY, data).await.map_err(|error| {
        tracing::warn!(error = &error as &dyn std::error::Error, "could not start a session");
    })
}

async fn post_logout(
    session: Session,
    _staff: StaffSession,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let language = Language::from_headers(&headers, uri.query());
    if let Err(error) = session.flush().await {
        tracing::warn!(error = &error as &dyn std::error::Error, "could not end a session");
        return page::unavailable_page(language);
    }
    let title = language.text("desk-logged-out-title");
    let content = html! {
        p class="notice" role="status" { (language.text("desk-logged-out-body")) }
        p { a href="/desk/login" { (language.text("desk-go-to-login")) } }
    };
    html_response(StatusCode::OK, layout(language, &title, "/desk/login", content))
}

fn activation_invalid(language: Language) -> Response {
    page::message_page(
        language,
        StatusCode::NOT_FOUND,
        "desk-activate-invalid-title",
        "desk-activate-invalid-body",
    )
}

fn activation_page(
    language: Language,
    account: &StaffAccount,
    csrf_token: &str,
    errors: &[String],
    path: &str,
) -> Markup {
    let mut args = FluentArgs::new();
    args.set("name", account.full_name.clone());
    args.set("login", account.login.clone());
    let described =
        if errors.is_empty() { "password-hint" } else { "password-hint activate-alert" };
    let content = html! {
        p { (language.text_with("desk-activate-intro", Some(&args))) }
        div id="activate-alert" class="alert" role="alert" {
            @if !errors.is_empty() { ul { @for error in errors { li { (error) } } } }
        }
        form method="post" action={ (path) "?lang=" (language.tag()) } {
            input type="hidden" name=(csrf::CSRF_FIELD) value=(csrf_token);
            input type="text" name="username" value=(account.login) autocomplete="username" hidden;
            div class="field" {
                label for="password" { (language.text("desk-activate-password-label")) }
                p class="hint" id="password-hint" { (language.text("desk-activate-password-hint")) }
                input type="password" id="password" name="password" autocomplete="new-password"
                    required minlength=(password::MIN_PASSWORD_CHARS) aria-describedby=(described)
                    aria-invalid=[(!errors.is_empty()).then_some("true")];
            }
            div class="field" {
                label for="confirm" { (language.text("desk-activate-confirm-label")) }
                input type="password" id="confirm" name="confirm" autocomplete="new-password" required;
            }
            button type="submit" { (language.text("desk-activate-submit")) }
        }
    };
    layout(language, &language.text("desk-activate-title"), path, content)
}

async fn get_activation(
    State(state): State<AppState>,
    Path(activation): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let language = Language::from_headers(&headers, uri.query());
    let now = state.clock.now_millis();
    let account = match store::find_activation(&state.database, &activation, now).await {
        Ok(Some(account)) => account,
        Ok(None) => return activation_invalid(language),
        Err(error) => {
            tracing::warn!(error = &error as &dyn std::error::Error, "activation lookup failed");
            return page::unavailable_page(language);
        }
    };
    let (token, cookie) = form_token(&headers, state.secure_cookies);
    let markup = activation_page(language, &account, &token, &[], uri.path());
    with_language_cookie(with_cookie(html_response(StatusCode::OK, markup), cookie), &uri)
}

#[derive(Debug, Deserialize)]
struct ActivationForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    csrf_token: String,
}

async fn post_activation(
    State(state): State<AppState>,
    Extension(throttle): Extension<Arc<LoginThrottle>>,
    ClientAddress(address): ClientAddress,
    Path(activation): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<ActivationForm>,
) -> Response {
    let language = Language::from_headers(&headers, uri.query());
    let secure = state.secure_cookies;
    if let Err(wait) = throttle.check(address) {
        let (token, _) = form_token(&headers, secure);
        return login_page(
            language,
            &token,
            &LoginAlert::Throttled(wait),
            StatusCode::TOO_MANY_REQUESTS,
            "",
        );
    }
    let now = state.clock.now_millis();
    let account = match store::find_activation(&state.database, &activation, now).await {
        Ok(Some(account)) => account,
        Ok(None) => return activation_invalid(language),
        Err(error) => {
            tracing::warn!(error = &error as &dyn std::error::Error, "activation lookup failed");
            return page::unavailable_page(language);
        }
    };
    let refuse = |errors: &[String], status: StatusCode, token: &str| {
        html_response(status, activation_page(language, &account, token, errors, uri.path()))
    };
    if !form_passes(&headers, &form.csrf_token, secure) {
        let token = token::random_token();
        let page = refuse(&[language.text("desk-form-expired")], StatusCode::FORBIDDEN, &token);
        return with_cookie(page, Some(csrf::form_cookie(&token, secure)));
    }
    let mut errors = Vec::new();
    if let Err(refusal) =
        password::check_strength(&form.password, &[&account.login, &account.full_name])
    {
        errors.push(language.text(PasswordRefusal::message_id(refusal)));
    }
    if form.password != form.confirm {
        errors.push(language.text("desk-activate-mismatch"));
    }
    if !errors.is_empty() {
        return refuse(&errors, StatusCode::UNPROCESSABLE_ENTITY, &form.csrf_token);
    }
    let hash = match password::hash_password(form.password).await {
        Ok(hash) => hash,
        Err(error) => {
            tracing::error!(error = &error as &dyn std::error::Error, "password hashing failed");
            return page::unavailable_page(language);
        }
    };
    match store::activate(&state.database, &activation, &hash, state.clock.now_millis()).await {
        Ok(true) => {
            let title = language.text("desk-activate-done-title");
            let content = html! {
                p class="notice" role="status" { (language.text("desk-activate-done-body")) }
                p { a href="/desk/login" { (language.text("desk-go-to-login")) } }
            };
            html_response(StatusCode::OK, layout(language, &title, "/desk/login", content))
        }
        Ok(false) => activation_invalid(language),
        Err(error) => {
            tracing::warn!(
                error = &error as &dyn std::error::Error,
                "activation failed on the database"
            );
            page::unavailable_page(language)
        }
    }
}
