//! The managers' pages: their agency's kiosks (an enrolment code shown as text and QR, the list
//! with last contact, revocation) and staff (the list, adding someone with the activation link
//! shown once, disabling). The work is the devices and staff features' functions; this module
//! checks who may, renders, and records each act in the audit log.
//!
//! A counsellor, or a manager naming another agency's kiosk or account, gets the same 404 as
//! for something that does not exist.

use axum::{
    Form, Router,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::{
    AuditAction, AuditRecord, DeskError,
    agency_choice::{self, AgencyChoice, Chosen},
    http::{ClientAddress, Desk, error_page},
    pages::local_time,
    record_audit,
};
use crate::{
    devices,
    infra::state::AppState,
    staff::{
        CSRF_FIELD, NewStaff, Role, StaffSession, add_staff, disable_staff, list_staff,
        page::{self, html_response},
    },
};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/desk/kiosks", get(get_kiosks))
        .route("/desk/kiosks/code", post(post_code))
        .route("/desk/kiosks/{id}/revoke", post(post_revoke))
        .route("/desk/staff", get(get_staff).post(post_staff))
        .route("/desk/staff/{login}/disable", post(post_disable))
}

fn unavailable(desk: &Desk, error: &(dyn std::error::Error + 'static)) -> Response {
    tracing::warn!(error, "desk management failed");
    page::unavailable_page(desk.language)
}

fn qr_svg(text: &str) -> Markup {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else { return html! {} };
    PreEscaped(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build(),
    )
}

fn page_with(desk: &Desk, title_id: &str, path: &str, content: &Markup) -> Response {
    let title = desk.language.text(title_id);
    let content = html! { (super::pages::nav(desk, path)) (content) };
    html_response(StatusCode::OK, page::layout(desk.language, &title, path, content))
}

async fn kiosks_page(
    state: &AppState,
    desk: &Desk,
    chosen: &Chosen,
    issued: Option<Markup>,
) -> Response {
    let language = desk.language;
    let kiosks = match devices::list(&state.database, chosen.agency()).await {
        Ok(kiosks) => kiosks,
        Err(error) => return unavailable(desk, &error),
    };
    let picker = match agency_choice::picker(state, desk, "/desk/kiosks", chosen, false).await {
        Ok(picker) => picker,
        Err(error) => return error_page(language, &error, None),
    };
    let query = agency_choice::query(desk, chosen);
    let content = html! {
        (picker)
        @if let Some(issued) = issued { (issued) }
        form method="post" action={ "/desk/kiosks/code" (query) } {
            input type="hidden" name=(CSRF_FIELD) value=(desk.session.csrf_token);
            p class="hint" { (language.text("desk-kiosks-code-hint")) }
            button type="submit" { (language.text("desk-kiosks-code-submit")) }
        }
        div class="table-scroll" {
            table {
                caption { (language.text("desk-kiosks-caption")) }
                thead { tr {
                    th scope="col" { (language.text("desk-kiosks-name")) }
                    th scope="col" { (language.text("desk-kiosks-enrolled")) }
                    th scope="col" { (language.text("desk-kiosks-last-contact")) }
                    th scope="col" { (language.text("desk-column-status")) }
                } }
                tbody {
                    @for kiosk in &kiosks {
                        tr {
                            td { (kiosk.name) }
                            td dir="ltr" { (local_time(kiosk.enrolled_at_ms)) }
                            td dir="ltr" { @if let Some(at) = kiosk.last_seen_at_ms { (local_time(at)) } }
                            td {
                                @if kiosk.revoked_at_ms.is_some() {
                                    (language.text("desk-kiosks-revoked"))
                                } @else {
                                    form method="post" action={ "/desk/kiosks/" (kiosk.id) "/revoke" (query) } {
                                        input type="hidden" name=(CSRF_FIELD) value=(desk.session.csrf_token);
                                        button type="submit" class="secondary" aria-label=(format!("{} {}", language.text("desk-kiosks-revoke"), kiosk.name)) {
                                            (language.text("desk-kiosks-revoke"))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page_with(desk, "desk-kiosks-title", "/desk/kiosks", &content)
}

/// The desk of a manager or admin and the agency the page is about; anyone else, or an agency
/// that does not exist, gets the 404 page.
async fn managers_only(
    state: &AppState,
    session: StaffSession,
    headers: &HeaderMap,
    uri: &Uri,
    address: ClientAddress,
    choice: &AgencyChoice,
) -> Result<(Desk, Chosen), Box<Response>> {
    let desk = Desk::new(session, headers, uri, address);
    if !desk.is_manager() {
        return Err(Box::new(error_page(desk.language, &DeskError::NotFound, None)));
    }
    match agency_choice::resolve(state, &desk, choice, false).await {
        Ok(chosen) => Ok((desk, chosen)),
        Err(error) => Err(Box::new(error_page(desk.language, &error, None))),
    }
}

/// The one agency a management act is about (`resolve` never gives `All` here).
fn acting_agency(chosen: &Chosen) -> String {
    chosen.agency().unwrap_or_default().to_owned()
}

async fn get_kiosks(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Query(choice): Query<AgencyChoice>,
) -> Response {
    match managers_only(&state, session, &headers, &uri, address, &choice).await {
        Ok((desk, chosen)) => kiosks_page(&state, &desk, &chosen, None).await,
        Err(refused) => *refused,
    }
}

async fn post_code(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Query(choice): Query<AgencyChoice>,
) -> Response {
    let (desk, chosen) =
        match managers_only(&state, session, &headers, &uri, address, &choice).await {
            Ok(allowed) => allowed,
            Err(refused) => return *refused,
        };
    let now = state.clock.now();
    let agency = acting_agency(&chosen);
    let issued =
        match devices::create_code(&state.database, now, &agency, Some(&desk.staff().id)).await {
            Ok(issued) => issued,
            Err(error) => return unavailable(&desk, &error),
        };
    let entry = AuditRecord {
        action: AuditAction::CreateEnrolmentCode,
        agency_id: Some(agency),
        client_id: None,
        detail: None,
    };
    if let Err(error) = record_audit(&state.database, &desk.actor, entry, now).await {
        return unavailable(&desk, &error);
    }
    let language = desk.language;
    let code = issued.code.as_str().to_owned();
    let expires = i64::try_from(issued.expires_at.0).unwrap_or(0);
    let shown = html! {
        section class="notice" role="status" aria-labelledby="code-title" {
            h2 id="code-title" { (language.text("desk-kiosks-code-title")) }
            p class="enrolment-code" dir="ltr" { (code) }
            (qr_svg(&code))
            p { (language.text("desk-kiosks-code-expires")) " " span dir="ltr" { (local_time(expires)) } }
        }
    };
    kiosks_page(&state, &desk, &chosen, Some(shown)).await
}

async fn post_revoke(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
    Query(choice): Query<AgencyChoice>,
) -> Response {
    let (desk, chosen) =
        match managers_only(&state, session, &headers, &uri, address, &choice).await {
            Ok(allowed) => allowed,
            Err(refused) => return *refused,
        };
    let agency = acting_agency(&chosen);
    match devices::find(&state.database, &id).await {
        Ok(Some(device)) if device.agency_id == agency => {}
        Ok(_) => return error_page(desk.language, &DeskError::NotFound, Some("/desk/kiosks")),
        Err(error) => return unavailable(&desk, &error),
    }
    let now = state.clock.now();
    if let Err(error) = devices::revoke(&state.database, now, &id).await {
        return unavailable(&desk, &error);
    }
    let entry = AuditRecord {
        action: AuditAction::RevokeDevice,
        agency_id: Some(agency),
        client_id: None,
        detail: Some(id),
    };
    if let Err(error) = record_audit(&state.database, &desk.actor, entry, now).await {
        return unavailable(&desk, &error);
    }
    Redirect::to(&format!("/desk/kiosks{}", agency_choice::query(&desk, &chosen))).into_response()
}

async fn staff_page(
    state: &AppState,
    desk: &Desk,
    chosen: &Chosen,
    shown: Option<Markup>,
) -> Response {
    let language = desk.language;
    let agency = chosen.agency();
    let people = match list_staff(&state.database).await {
        Ok(people) => people
            .into_iter()
            .filter(|person| Some(person.agency_id.as_str()) == agency)
            .collect::<Vec<_>>(),
        Err(error) => return unavailable(desk, &error),
    };
    let picker = match agency_choice::picker(state, desk, "/desk/staff", chosen, false).await {
        Ok(picker) => picker,
        Err(error) => return error_page(language, &error, None),
    };
    let query = agency_choice::query(desk, chosen);
    let role_text = |role: Role| language.text(&format!("desk-role-{}", role.as_str()));
    let content = html! {
        (picker)
        @if let Some(shown) = shown { (shown) }
        div class="table-scroll" {
            table {
                caption { (language.text("desk-staff-caption")) }
                thead { tr {
                    th scope="col" { (language.text("desk-staff-name")) }
                    th scope="col" { (language.text("desk-staff-login")) }
                    th scope="col" { (language.text("desk-home-role")) }
                    th scope="col" { (language.text("desk-column-status")) }
                } }
                tbody {
                    @for person in &people {
                        tr {
                            td { (person.full_name) }
                            td dir="ltr" { (person.login) }
                            td { (role_text(person.role)) }
                            td {
                                @if person.disabled {
                                    (language.text("desk-staff-disabled"))
                                } @else {
                                    @if !person.activated { (language.text("desk-staff-not-activated")) " " }
                                    form method="post" action={ "/desk/staff/" (person.login) "/disable" (query) } {
                                        input type="hidden" name=(CSRF_FIELD) value=(desk.session.csrf_token);
                                        button type="submit" class="secondary" aria-label=(format!("{} {}", language.text("desk-staff-disable"), person.full_name)) {
                                            (language.text("desk-staff-disable"))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 id="add-title" { (language.text("desk-staff-add-title")) }
        form method="post" action={ "/desk/staff" (query) } aria-labelledby="add-title" {
            input type="hidden" name=(CSRF_FIELD) value=(desk.session.csrf_token);
            div class="field" {
                label for="full_name" { (language.text("desk-staff-name")) }
                input type="text" id="full_name" name="full_name" required maxlength="120";
            }
            div class="field" {
                label for="login" { (language.text("desk-staff-login")) }
                input type="text" id="login" name="login" required autocapitalize="none" spellcheck="false" dir="ltr";
            }
            div class="field" {
                label for="role" { (language.text("desk-home-role")) }
                select id="role" name="role" {
                    option value="counsellor" { (role_text(Role::Counsellor)) }
                    option value="manager" { (role_text(Role::Manager)) }
                }
            }
            button type="submit" { (language.text("desk-staff-add-submit")) }
        }
    };
    page_with(desk, "desk-staff-title", "/desk/staff", &content)
}

async fn get_staff(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Query(choice): Query<AgencyChoice>,
) -> Response {
    match managers_only(&state, session, &headers, &uri, address, &choice).await {
        Ok((desk, chosen)) => staff_page(&state, &desk, &chosen, None).await,
        Err(refused) => *refused,
    }
}

#[derive(Debug, Deserialize)]
struct NewStaffForm {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    role: String,
}

async fn post_staff(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Query(choice): Query<AgencyChoice>,
    Form(form): Form<NewStaffForm>,
) -> Response {
    let (desk, chosen) =
        match managers_only(&state, session, &headers, &uri, address, &choice).await {
            Ok(allowed) => allowed,
            Err(refused) => return *refused,
        };
    let language = desk.language;
    // A manager adds counsellors and managers of their own agency; admins are made by operators.
    let role = match Role::parse(&form.role) {
        Some(role @ (Role::Counsellor | Role::Manager)) => role,
        _ => return error_page(language, &DeskError::Incomplete, Some("/desk/staff")),
    };
    let agency = acting_agency(&chosen);
    let new =
        NewStaff { login: form.login, full_name: form.full_name, role, agency_id: agency.clone() };
    let now = state.clock.now();
    let token = match add_staff(&state.database, state.clock.now_millis(), &new).await {
        Ok(token) => token,
        Err(crate::staff::StaffError::Query(error)) => return unavailable(&desk, &error),
        Err(_) => return error_page(language, &DeskError::Incomplete, Some("/desk/staff")),
    };
    let entry = AuditRecord {
        action: AuditAction::AddStaff,
        agency_id: Some(agency),
        client_id: None,
        detail: Some(new.login.trim().to_lowercase()),
    };
    if let Err(error) = record_audit(&state.database, &desk.actor, entry, now).await {
        return unavailable(&desk, &error);
    }
    let host = headers.get(header::HOST).and_then(|host| host.to_str().ok()).unwrap_or("");
    let scheme = if state.secure_cookies { "https" } else { "http" };
    let link = format!("{scheme}://{host}/desk/activate/{token}");
    let shown = html! {
        section class="notice" role="status" aria-labelledby="link-title" {
            h2 id="link-title" { (language.text("desk-staff-link-title")) }
            p { (language.text("desk-staff-link-hint")) }
            p class="activation-link" dir="ltr" { (link) }
        }
    };
    staff_page(&state, &desk, &chosen, Some(shown)).await
}

async fn post_disable(
    State(state): State<AppState>,
    session: StaffSession,
    address: ClientAddress,
    headers: HeaderMap,
    uri: Uri,
    Path(login): Path<String>,
    Query(choice): Query<AgencyChoice>,
) -> Response {
    let (desk, chosen) =
        match managers_only(&state, session, &headers, &uri, address, &choice).await {
            Ok(allowed) => allowed,
            Err(refused) => return *refused,
        };
    let agency = acting_agency(&chosen);
    match list_staff(&state.database).await {
        Ok(people) if people.iter().any(|p| p.login == login && p.agency_id == agency) => {}
        Ok(_) => return error_page(desk.language, &DeskError::NotFound, Some("/desk/staff")),
        Err(error) => return unavailable(&desk, &error),
    }
    let now = state.clock.now();
    if let Err(error) = disable_staff(&state.database, state.clock.now_millis(), &login).await {
        return unavailable(&desk, &error);
    }
    let entry = AuditRecord {
        action: AuditAction::DisableStaff,
        agency_id: Some(agency),
        client_id: None,
        detail: Some(login),
    };
    if let Err(error) = record_audit(&state.database, &desk.actor, entry, now).await {
        return unavailable(&desk, &error);
    }
    Redirect::to(&format!("/desk/staff{}", agency_choice::query(&desk, &chosen))).into_response()
}
