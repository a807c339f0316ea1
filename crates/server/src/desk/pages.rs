//! The desk's pages as maud markup inside `staff::page`'s frame: arrivals, find, dossier,
//! export and audit log. Every text comes from `desk.ftl` (or, for a registration's fields and
//! errors, the kiosk's `registration.ftl`); no scripts but the arrivals' refresh and the find
//! page's camera scan, both files.

use axum::{
    http::{HeaderValue, StatusCode},
    response::Response,
};
use fluent_bundle::FluentArgs;
use guichet_core::reference::ReferenceData;
use guichet_core::{time::Timestamp, validation::CivilDate, validation::FieldError};
use guichet_protocol::{reference::Labels, registration::Registration};
use maud::{Markup, html};

use super::{
    Arrivals, ArrivalsFilter, AuditPage, Dossier, EditableField, HistoryEntry, Listed, Status,
    http::Desk,
    kiosk_messages::{field_label, kiosk_text},
    scripts,
};
use crate::{
    infra::security_headers::{CAMERA_ALLOWED, PERMISSIONS_POLICY},
    staff::{CSRF_FIELD, i18n::Language, page},
};

/// A time as the desk shows it: `2026-11-29 09:30`, in Algeria.
pub(super) fn local_time(at_ms: i64) -> String {
    let at = Timestamp(u64::try_from(at_ms).unwrap_or(0));
    let minutes = (at_ms + 3_600_000).rem_euclid(86_400_000) / 60_000;
    format!("{} {:02}:{:02}", CivilDate::in_algeria(at), minutes / 60, minutes % 60)
}

fn status_text(language: Language, status: Status) -> String {
    language.text(&format!("desk-status-{}", status.as_str()))
}

/// The desk's own navigation, on every page of this module.
pub(super) fn nav(desk: &Desk, current: &str) -> Markup {
    let language = desk.language;
    let mut links = vec![
        ("/desk/arrivals", "desk-nav-arrivals"),
        ("/desk/find", "desk-nav-find"),
        ("/desk/export", "desk-nav-export"),
    ];
    if desk.is_manager() {
        links.push(("/desk/kiosks", "desk-nav-kiosks"));
        links.push(("/desk/staff", "desk-nav-staff"));
        links.push(("/desk/audit", "desk-nav-audit"));
    }
    links.push(("/desk/", "desk-nav-home"));
    html! {
        nav class="desk-nav" aria-label=(language.text("desk-nav-label")) {
            ul {
                @for (href, id) in links {
                    li { a href=(href) aria-current=[(href == current).then_some("page")] { (language.text(id)) } }
                }
            }
        }
    }
}

fn page_response(desk: &Desk, title_id: &str, path: &str, content: &Markup) -> Response {
    let language = desk.language;
    let title = language.text(title_id);
    let content = html! { (nav(desk, path)) (content) };
    page::html_response(StatusCode::OK, page::layout(language, &title, path, content))
}

fn names_cell(listed: &Listed) -> Markup {
    html! {
        span lang="fr" dir="ltr" { (listed.names.latin) }
        " · "
        span lang="ar" dir="rtl" { (listed.names.arabic) }
    }
}

/// A table of pre-registrations with a link to each dossier.
fn listed_table(language: Language, rows: &[Listed], caption: &str) -> Markup {
    html! {
        div class="table-scroll" {
            table {
                caption { (caption) }
                thead { tr {
                    th scope="col" { (language.text("desk-column-name")) }
                    th scope="col" { (language.text("desk-column-reference")) }
                    th scope="col" { (language.text("desk-column-received")) }
                    th scope="col" { (language.text("desk-column-source")) }
                    th scope="col" { (language.text("desk-column-status")) }
                } }
                tbody {
                    @for row in rows {
                        tr {
                            td { a href={ "/desk/dossiers/" (row.client_id) } { (names_cell(row)) } }
                            td dir="ltr" { (reference_display(&row.reference)) }
                            td dir="ltr" { (local_time(row.received_at_ms)) }
                            td { @match &row.device_name {
                                Some(name) => (name),
                                None => (language.text("desk-source-phone")),
                            } }
                            td { (status_text(language, row.status)) }
                        }
                    }
                }
            }
        }
    }
}

fn reference_display(reference: &str) -> String {
    guichet_core::receipt::Reference::parse(reference)
        .map_or_else(|_| reference.to_owned(), |parsed| parsed.to_string())
}

fn filter_tag(filter: ArrivalsFilter) -> &'static str {
    match filter {
        ArrivalsFilter::Today => "today",
        ArrivalsFilter::Week => "week",
        ArrivalsFilter::AllPending => "all",
    }
}

/// The part of the arrivals page its script refreshes.
pub(super) fn arrivals_list(desk: &Desk, filter: ArrivalsFilter, arrivals: &Arrivals) -> Markup {
    let language = desk.language;
    let mut args = FluentArgs::new();
    args.set("count", arrivals.listed.len());
    html! {
        section id="arrivals" data-source={ "/desk/arrivals/list?filter=" (filter_tag(filter)) "&lang=" (language.tag()) } {
            p role="status" { (language.text_with("desk-arrivals-count", Some(&args))) }
            @if arrivals.listed.is_empty() {
                p { (language.text("desk-arrivals-none")) }
            } @else {
                (listed_table(language, &arrivals.listed, &language.text("desk-arrivals-caption")))
            }
        }
    }
}

pub(super) fn arrivals_page(desk: &Desk, filter: ArrivalsFilter, arrivals: &Arrivals) -> Response {
    let language = desk.language;
    let filters = [
        (ArrivalsFilter::Today, "desk-filter-today", arrivals.today),
        (ArrivalsFilter::Week, "desk-filter-week", arrivals.week),
        (ArrivalsFilter::AllPending, "desk-filter-all", arrivals.all_pending),
    ];
    let content = html! {
        nav class="filters" aria-label=(language.text("desk-filters-label")) {
            ul {
                @for (each, id, count) in filters {
                    li {
                        a href={ "/desk/arrivals?filter=" (filter_tag(each)) }
                            aria-current=[(each == filter).then_some("page")] {
                            (language.text(id)) " " span class="count" dir="ltr" { "(" (count) ")" }
                        }
                    }
                }
            }
        }
        p class="hint" { (language.text("desk-arrivals-refresh")) }
        (arrivals_list(desk, filter, arrivals))
        script src=(scripts::arrivals_path()) defer {}
    };
    page_response(desk, "desk-arrivals-title", "/desk/arrivals", &content)
}

pub(super) fn find_page(desk: &Desk, text: &str, found: Option<&[Listed]>) -> Response {
    let language = desk.language;
    let content = html! {
        form method="get" action="/desk/find" class="search" role="search" {
            div class="field" {
                label for="q" { (language.text("desk-find-label")) }
                p class="hint" id="q-hint" { (language.text("desk-find-hint")) }
                input type="text" id="q" name="q" value=(text) autocomplete="off" spellcheck="false"
                    aria-describedby="q-hint" autofocus[found.is_none()];
            }
            button type="submit" { (language.text("desk-find-submit")) }
        }
        // Shown by desk-scan.js where the browser has a barcode detector and a camera.
        div id="scanner" class="scanner" hidden {
            button type="button" id="scan-start" class="secondary" { (language.text("desk-scan-start")) }
            button type="button" id="scan-stop" class="secondary" hidden { (language.text("desk-scan-stop")) }
            video hidden muted playsinline aria-label=(language.text("desk-scan-video")) {}
            p id="scan-status" role="status"
                data-looking=(language.text("desk-scan-looking"))
                data-found=(language.text("desk-scan-found"))
                data-stopped=(language.text("desk-scan-stopped"))
                data-denied=(language.text("desk-scan-denied")) {}
        }
        script src=(scripts::scan_path()) defer {}
        @if let Some(found) = found {
            @if found.is_empty() {
                p role="status" { (language.text("desk-find-none")) }
            } @else {
                (listed_table(language, found, &language.text("desk-find-caption")))
            }
        }
    };
    let mut response = page_response(desk, "desk-find-title", "/desk/find", &content);
    // The one page that may use the camera, and only from this site.
    response.headers_mut().insert(PERMISSIONS_POLICY, HeaderValue::from_static(CAMERA_ALLOWED));
    response
}

/// A name in the counsellor's language.
fn label(language: Language, labels: &Labels) -> &str {
    match language {
        Language::Ar => &labels.ar,
        Language::Fr => &labels.fr,
        Language::En => &labels.en,
    }
}

/// A commune as the counsellor reads it: `Bab Ezzouar (1621), Alger`, from the lists in force;
/// the bare code for one they do not know (a record made under an older version).
fn place(language: Language, places: &ReferenceData, commune: &str, wilaya: Option<u8>) -> String {
    let wilaya_name = |code: u8| places.wilaya(code).map(|found| label(language, &found.name));
    match places.commune(commune) {
        Some(found) => {
            let name = label(language, &found.name);
            match wilaya_name(found.wilaya) {
                Some(of) => format!("{name} ({commune}), {of}"),
                None => format!("{name} ({commune})"),
            }
        }
        None => match wilaya.and_then(wilaya_name) {
            Some(of) => format!("{commune}, {of}"),
            None => commune.to_owned(),
        },
    }
}

/// The fields of a registration shown in the dossier, by path, with their display value: the
/// lists' names for places and occupations, the kiosk's words for every choice.
fn shown_fields(
    language: Language,
    places: &ReferenceData,
    registration: &Registration,
) -> Vec<(String, String)> {
    let civil = &registration.civil_status;
    let contact = &registration.contact;
    let choice = |prefix: &str, value: Option<String>| {
        value.map_or_else(String::new, |value| kiosk_text(language, &format!("{prefix}-{value}")))
    };
    let birth_place = if civil.birth_country == "DZ" {
        place(language, places, &civil.birth_commune, civil.birth_wilaya)
    } else {
        format!("{} ({})", civil.birth_commune, civil.birth_country)
    };
    let occupation = |code: &str| {
        places.occupation(code).map_or_else(
            || code.to_owned(),
            |found| format!("{} ({code})", label(language, &found.name)),
        )
    };
    let mut fields: Vec<(String, String)> = EditableField::ALL
        .into_iter()
        .map(|field| (field.path().to_owned(), field.get(registration).to_owned()))
        .collect();
    fields.insert(
        4,
        ("civil_status.sex".into(), choice("registration-sex", civil.sex.as_ref().map(wire))),
    );
    fields.extend([
        (
            "civil_status.marital_status".into(),
            choice("registration-marital", civil.marital_status.as_ref().map(wire)),
        ),
        ("civil_status.dependent_children".into(), civil.dependent_children.to_string()),
        ("civil_status.birth_commune".into(), birth_place),
        (
            "identity.id_document_type".into(),
            choice(
                "registration-document",
                registration.identity.id_document_type.as_ref().map(wire),
            ),
        ),
        (
            "contact.residence_commune".into(),
            place(language, places, &contact.residence_commune, contact.residence_wilaya),
        ),
        (
            "education.education_level".into(),
            choice(
                "registration-education",
                registration.education.education_level.as_ref().map(wire),
            ),
        ),
        (
            "experience.occupation".into(),
            registration
                .experience
                .occupations
                .iter()
                .map(|wish| {
                    let mut years = FluentArgs::new();
                    years.set("years", wish.years_of_experience);
                    let years = language.text_with("desk-occupation-years", Some(&years));
                    format!("{} · {years}", occupation(&wish.code))
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("experience.languages".into(), registration.experience.languages.join(", ")),
    ]);
    fields
}

/// A wire enum's snake_case name (the kiosk's message suffix).
fn wire<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn history_list(language: Language, history: &[HistoryEntry]) -> Markup {
    html! {
        @if history.is_empty() {
            p { (language.text("desk-history-none")) }
        } @else {
            ol class="history" {
                @for entry in history {
                    li {
                        span dir="ltr" { (local_time(entry.at_ms)) } " · "
                        (language.text(&format!("desk-action-{}", entry.kind))) " · "
                        (entry.staff_name)
                        @if let Some(field) = &entry.field {
                            " · " (field_label(language, field)) " : "
                            del { (entry.old_value.as_deref().unwrap_or("")) } " → "
                            ins { (entry.new_value.as_deref().unwrap_or("")) }
                        }
                        @if let Some(note) = &entry.note { " · " (note) }
                    }
                }
            }
        }
    }
}

fn hidden_fields(desk: &Desk, version: i64) -> Markup {
    html! {
        input type="hidden" name=(CSRF_FIELD) value=(desk.session.csrf_token);
        input type="hidden" name="version" value=(version);
    }
}

fn action_forms(desk: &Desk, dossier: &Dossier) -> Markup {
    let language = desk.language;
    let base = format!("/desk/dossiers/{}", dossier.listed.client_id);
    let lang = format!("?lang={}", language.tag());
    let version = dossier.version;
    html! {
        section aria-labelledby="actions-title" class="actions" {
            h2 id="actions-title" { (language.text("desk-actions-title")) }
            form method="post" action={ (base) "/confirm" (lang) } {
                (hidden_fields(desk, version))
                p class="hint" { (language.text("desk-confirm-hint")) }
                button type="submit" { (language.text("desk-confirm-submit")) }
            }
            form method="post" action={ (base) "/correct" (lang) } {
                (hidden_fields(desk, version))
                div class="field" {
                    label for="correct-field" { (language.text("desk-correct-field-label")) }
                    select id="correct-field" name="field" {
                        @for field in EditableField::ALL {
                            option value=(field.path()) { (field_label(language, field.path())) }
                        }
                    }
                }
                div class="field" {
                    label for="correct-value" { (language.text("desk-correct-value-label")) }
                    input type="text" id="correct-value" name="value" required;
                }
                button type="submit" class="secondary" { (language.text("desk-correct-submit")) }
            }
            form method="post" action={ (base) "/reject" (lang) } {
                (hidden_fields(desk, version))
                div class="field" {
                    label for="reject-reason" { (language.text("desk-reject-reason-label")) }
                    input type="text" id="reject-reason" name="reason" required maxlength="500";
                }
                button type="submit" class="secondary" { (language.text("desk-reject-submit")) }
            }
            form method="post" action={ (base) "/duplicate" (lang) } {
                (hidden_fields(desk, version))
                div class="field" {
                    label for="duplicate-other" { (language.text("desk-duplicate-label")) }
                    p class="hint" id="duplicate-hint" { (language.text("desk-duplicate-hint")) }
                    input type="text" id="duplicate-other" name="other" required dir="ltr"
                        aria-describedby="duplicate-hint" spellcheck="false";
                }
                button type="submit" class="secondary" { (language.text("desk-duplicate-submit")) }
            }
        }
    }
}

pub(super) fn dossier_page(desk: &Desk, dossier: &Dossier, places: &ReferenceData) -> Response {
    let language = desk.language;
    let listed = &dossier.listed;
    let path = format!("/desk/dossiers/{}", listed.client_id);
    let mut elsewhere = FluentArgs::new();
    elsewhere.set("count", dossier.same_nin_elsewhere);
    let content = html! {
        p class="dossier-names" { (names_cell(listed)) }
        dl class="identity" {
            dt { (language.text("desk-column-status")) } dd { (status_text(language, listed.status)) }
            dt { (language.text("desk-column-reference")) } dd dir="ltr" { (reference_display(&listed.reference)) }
            dt { (language.text("desk-column-received")) } dd dir="ltr" { (local_time(listed.received_at_ms)) }
            dt { (language.text("desk-column-source")) }
            dd { @match &listed.device_name { Some(name) => (name), None => (language.text("desk-source-phone")) } }
            @if let Some(record) = &dossier.record {
                dt { (language.text("desk-registration-number")) } dd dir="ltr" { (record.number) }
                dt { (language.text("desk-registration-date")) } dd dir="ltr" { (record.confirmed_on) }
                dt { (language.text("desk-registration-counsellor")) } dd { (record.counsellor_name) }
            }
            @if let Some(reason) = &dossier.rejection_reason {
                dt { (language.text("desk-reject-reason-label")) } dd { (reason) }
            }
            @if let Some(other) = &dossier.duplicate_of {
                dt { (language.text("desk-duplicate-of")) } dd { a href={ "/desk/dossiers/" (other) } dir="ltr" { (other) } }
            }
        }
        @if dossier.record.is_some() {
            p { a class="button" href={ (path) "/attestation" } { (language.text("desk-attestation-link")) } }
        }
        @if !dossier.same_nin.is_empty() || dossier.same_nin_elsewhere > 0 || !dossier.same_phone.is_empty() {
            section class="flags alert" aria-labelledby="flags-title" {
                h2 id="flags-title" { (language.text("desk-flags-title")) }
                @if !dossier.same_nin.is_empty() {
                    (listed_table(language, &dossier.same_nin, &language.text("desk-flag-same-nin")))
                }
                @if dossier.same_nin_elsewhere > 0 {
                    p { (language.text_with("desk-flag-same-nin-elsewhere", Some(&elsewhere))) }
                }
                @if !dossier.same_phone.is_empty() {
                    (listed_table(language, &dossier.same_phone, &language.text("desk-flag-same-phone")))
                }
            }
        }
        section aria-labelledby="fields-title" {
            h2 id="fields-title" { (language.text("desk-fields-title")) }
            @if dossier.corrected { p class="hint" { (language.text("desk-fields-corrected")) } }
            dl class="identity" {
                @for (path, value) in shown_fields(language, places, &dossier.registration) {
                    dt { (field_label(language, &path)) }
                    dd dir="auto" { (value) }
                }
            }
        }
        @if listed.status == Status::Pending { (action_forms(desk, dossier)) }
        section aria-labelledby="history-title" {
            h2 id="history-title" { (language.text("desk-history-title")) }
            (history_list(language, &dossier.history))
        }
    };
    page_response(desk, "desk-dossier-title", &path, &content)
}

/// What an error page says: the message, the refused fields in the kiosk's words, a way back.
pub(super) fn error_content(
    language: Language,
    body_id: &str,
    errors: &[FieldError],
    back: Option<&str>,
) -> Markup {
    html! {
        div class="alert" role="alert" {
            p { (language.text(body_id)) }
            @if !errors.is_empty() {
                ul {
                    @for error in errors {
                        li { (field_label(language, &error.field)) " : " (kiosk_text(language, &error.code.message_id())) }
                    }
                }
            }
        }
        @if let Some(back) = back {
            p { a href=(back) { (language.text("desk-back")) } }
        }
    }
}

pub(super) fn export_page(desk: &Desk, today: CivilDate, invalid: bool) -> Response {
    let language = desk.language;
    let content = html! {
        p { (language.text("desk-export-intro")) }
        div class="alert" role="alert" id="export-alert" {
            @if invalid { (language.text("desk-export-invalid")) }
        }
        form method="get" action="/desk/export" {
            div class="field" {
                label for="from" { (language.text("desk-export-from")) }
                input type="date" id="from" name="from" value=(today) required;
            }
            div class="field" {
                label for="to" { (language.text("desk-export-to")) }
                input type="date" id="to" name="to" value=(today) required;
            }
            button type="submit" { (language.text("desk-export-submit")) }
        }
    };
    let mut response = page_response(desk, "desk-export-title", "/desk/export", &content);
    if invalid {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    response
}

pub(super) fn audit_page(desk: &Desk, page: &AuditPage, picker: &Markup, query: &str) -> Response {
    let language = desk.language;
    let content = html! {
        (picker)
        p { (language.text("desk-audit-intro")) }
        div class="table-scroll" {
            table {
                caption { (language.text("desk-audit-caption")) }
                thead { tr {
                    th scope="col" { (language.text("desk-audit-when")) }
                    th scope="col" { (language.text("desk-audit-who")) }
                    th scope="col" { (language.text("desk-audit-what")) }
                    th scope="col" { (language.text("desk-audit-record")) }
                    th scope="col" { (language.text("desk-audit-address")) }
                } }
                tbody {
                    @for entry in &page.entries {
                        tr {
                            td dir="ltr" { (local_time(entry.at_ms)) }
                            td { (entry.staff_name) }
                            td {
                                (language.text(&format!("desk-audit-action-{}", entry.action.replace('_', "-"))))
                                @if let Some(detail) = &entry.detail { " · " span dir="ltr" { (detail) } }
                            }
                            td dir="ltr" {
                                @if let Some(client_id) = &entry.client_id {
                                    a href={ "/desk/dossiers/" (client_id) } { (client_id) }
                                }
                            }
                            td dir="ltr" { (entry.address.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        }
        nav class="pages" aria-label=(language.text("desk-audit-pages")) {
            @if page.before.is_some() {
                a href={ "/desk/audit" (query) } { (language.text("desk-audit-newest")) }
            }
            @if let Some(older) = page.older {
                a href={ "/desk/audit" (query) "&before=" (older) } rel="next" { (language.text("desk-audit-older")) }
            }
        }
    };
    page_response(desk, "desk-audit-title", "/desk/audit", &content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::AuditAction;

    /// Every `"desk-…"` literal of the desk's source, and every id built at run time, is a message
    /// of every language (a missing one would show its id on the page).
    #[test]
    fn every_message_the_desk_names_exists_in_every_language() {
        let sources = [
            include_str!("http.rs"),
            include_str!("pages.rs"),
            include_str!("attestation.rs"),
            include_str!("manage.rs"),
            include_str!("agency_choice.rs"),
        ];
        let mut ids: Vec<String> = sources
            .iter()
            .flat_map(|source| source.split('"').skip(1).step_by(2))
            .filter(|text| {
                text.starts_with("desk-")
                    && text.len() > 5
                    && !text.ends_with('-')
                    && text.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            })
            .filter(|id| !["desk-nav", "desk-header", "desk-title"].contains(id))
            .map(str::to_owned)
            .collect();
        for status in [Status::Pending, Status::Confirmed, Status::Rejected, Status::Duplicate] {
            ids.push(format!("desk-status-{}", status.as_str()));
        }
        for kind in ["confirm", "correct", "reject", "duplicate"] {
            ids.push(format!("desk-action-{kind}"));
        }
        for action in [
            AuditAction::OpenDossier,
            AuditAction::Search,
            AuditAction::Confirm,
            AuditAction::Correct,
            AuditAction::Reject,
            AuditAction::Duplicate,
            AuditAction::Export,
            AuditAction::PrintAttestation,
            AuditAction::CreateEnrolmentCode,
            AuditAction::RevokeDevice,
            AuditAction::AddStaff,
            AuditAction::DisableStaff,
        ] {
            ids.push(format!("desk-audit-action-{}", action.as_str().replace('_', "-")));
        }
        assert!(ids.len() > 100, "{ids:?}");
        for language in Language::ALL {
            let missing: Vec<&String> = ids.iter().filter(|id| !language.has(id)).collect();
            assert!(missing.is_empty(), "{language:?} lacks {missing:?}");
        }
    }

    #[test]
    fn times_are_shown_in_algeria() {
        assert_eq!(local_time(1_795_939_200_000), "2026-11-29 09:00");
        assert_eq!(local_time(1_795_995_000_000), "2026-11-30 00:30");
    }
}
