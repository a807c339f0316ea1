//! The desk's pages under `/desk/`: arrivals, find, dossier and its actions, attestation,
//! export and the audit log. Server-rendered HTML through `staff::page`'s frame, every answer
//! `Cache-Control: no-store`, every state change a form POST that [`StaffSession`] checks for
//! its CSRF token before the handler runs.
//!
//! Each handler reads who is asking, calls the domain with their [`Actor`], and maps
//! [`DeskError`] to a page here and nowhere else. Failures are logged without personal data.

use axum::{
    Form, Router,
    extract::{FromRequestParts, Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, Uri, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use guichet_core::validation::CivilDate;
use serde::Deserialize;

use super::{
    Action, Actor, ArrivalsFilter, DeskError, EditableField, Scope,
    agency_choice::{self, AgencyChoice},
    attestation, pages, scripts,
};
use crate::{
    infra::{client_address, state::AppState},
    staff::{
        CurrentStaff, Role, StaffSession,
        i18n::Language,
        page::{self, html_response},
    },
};

/// The desk's routes, at the root (`/desk/…`).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/desk/arrivals", get(get_arrivals))
        .route("/desk/arrivals/list", get(get_arrivals_list))
        .route("/desk/find", get(get_find))
        .route("/desk/dossiers/{client_id}", get(get_dossier))
        .route("/desk/dossiers/{client_id}/attestation", get(get_attestation))
        .route("/desk/dossiers/{client_id}/{action}", post(post_action))
        .route("/desk/export", get(get_export))
        .route("/desk/audit", get(get_audit))
        .route("/desk/scripts/{file}", get(scripts::get_script))
        .merge(super::manage::routes())
}

/// The address a request came from (recorded in the audit log).
pub(super) struct ClientAddress(pub Option<String>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // The connection's address, or the forwarded one behind trusted proxies.
        let Ok(address) = client_address::ClientAddress::from_request_parts(parts, state).await;
        Ok(Self(address.known().map(|address| address.to_string())))
    }
}

/// What every desk page needs: who, in which language, their form token, their actor.
pub(super) struct Desk {
    pub language: Language,
    pub session: StaffSession,
    pub actor: Actor,
}

impl Desk {
    pub fn new(
        session: StaffSession,
        headers: &HeaderMap,
        uri: &Uri,
        address: ClientAddress,
    ) -> Self {
        let language = Language::from_headers(headers, uri.query());
        let actor = Actor::new(&session.staff, address.0);
        Self { language, session, actor }
    }

    pub fn staff(&self) -> &CurrentStaff {
        &self.session.staff
    }

    /// Whether this person reads the audit log and exports (managers and admins).
    pub fn is_manager(&self) -> bool {
        matches!(self.staff().role, Role::Manager | Role::Admin)
    }
}

/// The answer for a domain error, as a page.
pub(super) fn error_page(language: Language, error: &DeskError, back: Option<&str>) -> Response {
    let (status, title, body) = match error {
        DeskError::NotFound => {
            (StatusCode::NOT_FOUND, "desk-not-found-title", "desk-not-found-body")
        }
        DeskError::ChangedMeanwhile => {
            (StatusCode::CONFLICT, "desk-changed-title", "desk-changed-body")
        }
        DeskError::NotPending => {
            (StatusCode::CONFLICT, "desk-not-pending-title", "desk-not-pending-body")
        }
        DeskError::NoAgency => {
            (StatusCode::CONFLICT, "desk-no-agency-title", "desk-no-agency-body")
        }
        DeskError::Incomplete | DeskError::Invalid(_) => {
            (StatusCode::UNPROCESSABLE_ENTITY, "desk-incomplete-title", "desk-incomplete-body")
        }
        DeskError::Unreadable(_) | DeskError::Database(_) => {
            tracing::warn!(error = error as &dyn std::error::Error, "desk request failed");
            return page::unavailable_page(language);
        }
    };
    let errors = match error {
        DeskError::Invalid(errors) => errors.clone(),
        _ => Vec::new(),
    };
    let content = pages::error_content(language, body, &errors, back);
    let title = language.text(title);
    html_response(status, page::layout(language, &title, back.unwrap_or("/desk/"), content))
}

#[derive(Debug, Deserialize)]
struct ArrivalsQuery {
    #[serde(default)]
    filter: Option<String>,
}

fn filter_of(query: &ArrivalsQuery) -> ArrivalsFilter {
    match query.filter.as_deref() {
        Some("week") => ArrivalsFilter::Week,
        Some("all") => ArrivalsFilter::AllPending,
        _ => ArrivalsFilter::Today,
    }
}

async fn get_arrivals(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<ArrivalsQuery>,
) -> Response {
    let desk = Desk::new(session, &headers, &uri, address);
    let filter = filter_of(&query);
    let now = state.clock.now();
    match super::arrivals(&state.database, &desk.actor.scope, filter, now).await {
        Ok(arrivals) => pages::arrivals_page(&desk, filter, &arrivals),
        Err(error) => error_page(desk.language, &error, None),
    }
}

/// The list alone, for the page's refresh script.
async fn get_arrivals_list(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<ArrivalsQuery>,
) -> Response {
    let desk = Desk::new(session, &headers, &uri, address);
    let filter = filter_of(&query);
    let now = state.clock.now();
    match super::arrivals(&state.database, &desk.actor.scope, filter, now).await {
        Ok(arrivals) => {
            html_response(StatusCode::OK, pages::arrivals_list(&desk, filter, &arrivals))
        }
        Err(error) => error_page(desk.language, &error, None),
    }
}

#[derive(Debug, Deserialize)]
struct FindQuery {
    #[serde(default)]
    q: String,
}

async fn get_find(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<FindQuery>,
) -> Response {
    let desk = Desk::new(session, &headers, &uri, address);
    if query.q.trim().is_empty() {
        return pages::find_page(&desk, "", None);
    }
    match super::find(&state.database, &desk.actor, &query.q, state.clock.now()).await {
        Ok(found) => pages::find_page(&desk, &query.q, Some(&found)),
        Err(error) => error_page(desk.language, &error, Some("/desk/find")),
    }
}

async fn get_dossier(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Path(client_id): Path<String>,
) -> Response {
    let desk = Desk::new(session, &headers, &uri, address);
    match super::open_dossier(&state.database, &desk.actor, &client_id, state.clock.now()).await {
        Ok(dossier) => {
            // Names of places and occupations from the lists in force; the built-in lists if
            // they cannot be read (the page then still shows every code).
            let places = crate::reference::current(&state.database).await.unwrap_or_else(|error| {
                tracing::warn!(
                    error = &error as &dyn std::error::Error,
                    "reference lists unreadable"
                );
                crate::reference::builtin()
            });
            pages::dossier_page(&desk, &dossier, &places)
        }
        Err(error) => error_page(desk.language, &error, Some("/desk/find")),
    }
}

/// Every action form's fields; each action reads the ones it needs.
#[derive(Debug, Deserialize)]
struct ActionForm {
    #[serde(default)]
    version: i64,
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    other: String,
}

async fn post_action(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Path((client_id, action)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Response {
    let desk = Desk::new(session, &headers, &uri, address);
    let dossier_path = format!("/desk/dossiers/{client_id}");
    let action = match action.as_str() {
        "confirm" => Action::Confirm,
        "reject" => Action::Reject { reason: form.reason },
        "duplicate" => Action::Duplicate { of: form.other },
        "correct" => match EditableField::from_path(&form.field) {
            Some(field) => Action::Correct { field, value: form.value },
            None => {
                let error =
                    match super::ensure_visible(&state.database, &desk.actor.scope, &client_id)
                        .await
                    {
                        Ok(()) => DeskError::Incomplete,
                        Err(error) => error,
                    };
                return error_page(desk.language, &error, Some(&dossier_path));
            }
        },
        _ => return error_page(desk.language, &DeskError::NotFound, None),
    };
    let now = state.clock.now();
    match super::act(&state.database, &desk.actor, &client_id, form.version, action, now).await {
        Ok(()) => {
            Redirect::to(&format!("{dossier_path}?lang={}", desk.language.tag())).into_response()
        }
        Err(error) => error_page(desk.language, &error, Some(&dossier_path)),
    }
}

async fn get_attestation(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Path(client_id): Path<String>,
) -> Response {
    let desk = Desk::new(session, &headers, &uri, address);
    let now = state.clock.now();
    match attestation::load(&state.database, &desk.actor, &client_id, now).await {
        Ok(attestation) => attestation::page(&desk, &attestation),
        Err(error) => error_page(desk.language, &error, Some("/desk/find")),
    }
}

#[derive(Debug, Deserialize)]
struct ExportQuery {
    from: Option<String>,
    to: Option<String>,
}

async fn get_export(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<ExportQuery>,
) -> Response {
    let desk = Desk::new(session, &headers, &uri, address);
    let now = state.clock.now();
    let today = CivilDate::in_algeria(now);
    let (Some(from), Some(to)) = (query.from.as_deref(), query.to.as_deref()) else {
        return pages::export_page(&desk, today, false);
    };
    let (Ok(from), Ok(to)) = (CivilDate::parse(from), CivilDate::parse(to)) else {
        return pages::export_page(&desk, today, true);
    };
    if from > to {
        return pages::export_page(&desk, today, true);
    }
    match super::export(&state.database, &desk.actor, from, to, now).await {
        Ok(rows) => {
            let body = super::export::csv(&rows);
            let disposition = format!("attachment; filename=\"guichet-{from}-{to}.csv\"");
            let mut response = (StatusCode::OK, body).into_response();
            let headers = response.headers_mut();
            headers
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(error) => error_page(desk.language, &error, Some("/desk/export")),
    }
}

/// `?before=` (an entry id: the page after it) and an admin's `?agency=`.
#[derive(Debug, Deserialize)]
struct AuditQuery {
    #[serde(default)]
    before: String,
    #[serde(flatten)]
    choice: AgencyChoice,
}

async fn get_audit(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<AuditQuery>,
) -> Response {
    let desk = Desk::new(session, &headers, &uri, address);
    if !desk.is_manager() {
        // A counsellor is told what a missing page tells anyone.
        return error_page(desk.language, &DeskError::NotFound, None);
    }
    // A manager reads their agency's log; an admin every agency's, or the one they pick.
    let chosen = match agency_choice::resolve(&state, &desk, &query.choice, true).await {
        Ok(chosen) => chosen,
        Err(error) => return error_page(desk.language, &error, None),
    };
    let scope = match chosen.agency() {
        Some(agency) => Scope::Agency(agency.to_owned()),
        None => Scope::All,
    };
    // Anything but a whole number is the first page.
    let before = query.before.trim().parse::<i64>().ok();
    let page = match super::audit_log(&state.database, &scope, before).await {
        Ok(page) => page,
        Err(error) => return error_page(desk.language, &error, None),
    };
    match agency_choice::picker(&state, &desk, "/desk/audit", &chosen, true).await {
        Ok(picker) => {
            pages::audit_page(&desk, &page, &picker, &agency_choice::query(&desk, &chosen))
        }
        Err(error) => error_page(desk.language, &error, None),
    }
}
