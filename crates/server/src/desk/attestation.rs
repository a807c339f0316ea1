//! The attestation d'inscription: a confirmed registration certified on one A4 page, in Arabic
//! and in French whatever the desk's language, with a QR code of the receipt's text (so the
//! desk finds the dossier again by scanning it). Printing is the browser's; `desk.css` holds the
//! print rules (A4, the desk's header and navigation hidden).

use axum::{http::StatusCode, response::Response};
use guichet_core::{receipt::qr_text, time::Timestamp};
use maud::{Markup, PreEscaped, html};

use super::{
    Actor, AuditAction, DeskError, Dossier, RegistrationRecord, audit, http::Desk, read_dossier,
};
use crate::{
    agencies::{self, Agency},
    infra::db::Database,
    staff::{i18n::Language, page},
};

/// What the attestation shows.
#[derive(Debug)]
pub(super) struct Attestation {
    pub dossier: Dossier,
    pub record: RegistrationRecord,
    pub agency: Option<Agency>,
}

/// The attestation of `client_id` if it is confirmed and the actor may see it; printing it is
/// audited.
pub(super) async fn load(
    database: &Database,
    actor: &Actor,
    client_id: &str,
    now: Timestamp,
) -> Result<Attestation, DeskError> {
    let dossier = read_dossier(database, &actor.scope, client_id).await?;
    let record = dossier.record.clone().ok_or(DeskError::NotFound)?;
    let agency = match &dossier.listed.agency_id {
        Some(id) => agencies::find(database, id).await?,
        None => None,
    };
    let entry = audit::Record {
        action: AuditAction::PrintAttestation,
        agency_id: dossier.listed.agency_id.clone(),
        client_id: Some(client_id.to_owned()),
        detail: Some(record.number.clone()),
    };
    audit::record(database, actor, entry, now).await?;
    Ok(Attestation { dossier, record, agency })
}

/// `text` as an SVG QR code (the `qrcode` crate writes attributes only, no style or script).
fn qr_svg(text: &str) -> Markup {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else { return html! {} };
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(160, 160)
        .quiet_zone(true)
        .build();
    PreEscaped(svg)
}

/// One language's half of the page.
fn half(language: Language, attestation: &Attestation) -> Markup {
    let registration = &attestation.dossier.registration;
    let civil = &registration.civil_status;
    let (name, other_name) = match language {
        Language::Ar => {
            (&attestation.dossier.listed.names.arabic, &attestation.dossier.listed.names.latin)
        }
        _ => (&attestation.dossier.listed.names.latin, &attestation.dossier.listed.names.arabic),
    };
    html! {
        section class="attestation-half" lang=(language.tag()) dir=(language.direction()) {
            h2 { (language.text("desk-attestation-heading")) }
            p { (language.text("desk-attestation-intro")) }
            dl class="identity" {
                dt { (language.text("desk-attestation-name")) }
                dd { (name) " " span dir="auto" { "(" (other_name) ")" } }
                dt { (language.text("desk-attestation-birth-date")) } dd dir="ltr" { (civil.birth_date) }
                dt { (language.text("desk-attestation-nin")) } dd dir="ltr" { (registration.identity.nin) }
                dt { (language.text("desk-registration-number")) } dd dir="ltr" { (attestation.record.number) }
                dt { (language.text("desk-registration-date")) } dd dir="ltr" { (attestation.record.confirmed_on) }
                @if let Some(agency) = &attestation.agency {
                    dt { (language.text("desk-attestation-agency")) }
                    dd { (agency.name) br; (agency.address) }
                }
            }
        }
    }
}

pub(super) fn page(desk: &Desk, attestation: &Attestation) -> Response {
    let language = desk.language;
    let qr = qr_text(&attestation.dossier.listed.client_id);
    let content = html! {
        p class="no-print hint" { (language.text("desk-attestation-print-hint")) }
        p class="no-print" { a href={ "/desk/dossiers/" (attestation.dossier.listed.client_id) } { (language.text("desk-back")) } }
        article class="attestation" {
            (half(Language::Ar, attestation))
            (half(Language::Fr, attestation))
            figure class="attestation-qr" {
                (qr_svg(&qr))
                figcaption dir="ltr" { (attestation.record.number) }
            }
        }
    };
    let title = language.text("desk-attestation-title");
    let path = format!("/desk/dossiers/{}/attestation", attestation.dossier.listed.client_id);
    page::html_response(StatusCode::OK, page::layout(language, &title, &path, content))
}
