//! The API contract: the OpenAPI 3.1 document of `/api/v1`, served at
//! `GET /api/v1/openapi.json`.
//!
//! Nothing in it is written by hand. Each feature's `http` module annotates its handlers
//! (`#[utoipa::path]`: parameters, body, every status it answers with its body) and lists them in
//! its own `…Api` document; the schemas are derived from the wire types (`guichet-protocol`'s
//! `openapi` feature) and the error body. Here the parts are merged, and the answers that
//! `app`'s own layers give on every route are added to every operation: 503 `overloaded` (load
//! shedding), 408 (the request timeout), 413 (the body limit) where there is a body.
//! `tests/api/openapi.rs` fails when a route of the router is missing from the document or the
//! other way round.

use std::sync::LazyLock;

use axum::{
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use utoipa::{
    OpenApi,
    openapi::{
        self, ContentBuilder, Ref, RefOr, ResponseBuilder, Schema,
        schema::OneOfBuilder,
        security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};

use crate::{
    devices::DevicesApi,
    health::HealthApi,
    infra::api_error::ErrorBody,
    offers::OffersApi,
    reference::ReferenceApi,
    registrations::RegistrationsApi,
    sealing::SealingApi,
    staff::{self, StaffApi},
};

/// The base of the document: what is not any feature's.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "guichet API",
        description = "The agency backend's JSON API: kiosks and phones send pre-registrations \
                       and read offers and reference lists; managers administer kiosks. Every \
                       error answer is `{\"error\":{\"code\":\"…\",\"message\":\"…\"}}`; `code` \
                       is stable."
    ),
    paths(get_openapi),
    components(schemas(ErrorBody)),
    modifiers(&SecuritySchemes)
)]
struct BaseApi;

/// The whole document, assembled once.
pub fn api_document() -> openapi::OpenApi {
    let mut document = BaseApi::openapi();
    for part in [
        HealthApi::openapi(),
        OffersApi::openapi(),
        ReferenceApi::openapi(),
        RegistrationsApi::openapi(),
        SealingApi::openapi(),
        DevicesApi::openapi(),
        StaffApi::openapi(),
    ] {
        document.merge(part);
    }
    add_layer_responses(&mut document);
    document
}

/// The document as served, serialized once per process.
static DOCUMENT_JSON: LazyLock<String> =
    LazyLock::new(|| api_document().to_json().unwrap_or_else(|_| "{}".to_owned()));

/// `GET /api/v1/openapi.json`.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "api",
    responses((status = 200, description = "This document", body = Object))
)]
pub(super) async fn get_openapi() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], DOCUMENT_JSON.as_str())
        .into_response()
}

/// How callers prove who they are: an enrolled kiosk's bearer credential, a member of staff's
/// session cookie with its CSRF token on state-changing requests.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, document: &mut openapi::OpenApi) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "kiosk_credential",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The credential `POST /api/v1/devices/enrol` answered"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "staff_session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                staff::session_cookie_name(false),
                "The desk's session cookie (`__Host-guichet-session` over HTTPS), from \
                 `/desk/login`",
            ))),
        );
        components.add_security_scheme(
            "csrf_token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                staff::CSRF_HEADER,
                "The session's token, as `GET /api/v1/staff/me` gives it",
            ))),
        );
    }
}

/// Adds to every operation what `app`'s layers may answer whatever the handler: 503
/// `overloaded` (beside a 503 the handler documents, as one of two bodies), 408 when the request
/// took too long, and 413 when a body is over the limit.
fn add_layer_responses(document: &mut openapi::OpenApi) {
    let error_body = || RefOr::Ref(Ref::from_schema_name("ErrorBody"));
    for item in document.paths.paths.values_mut() {
        let operations =
            [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
        for operation in operations.into_iter().flatten() {
            let responses = &mut operation.responses.responses;
            match responses.get_mut("503") {
                Some(RefOr::T(response)) => {
                    for content in response.content.values_mut() {
                        let Some(schema) = content.schema.take() else { continue };
                        let same = matches!(&schema, RefOr::Ref(reference)
                            if reference.ref_location.ends_with("/ErrorBody"));
                        content.schema = Some(if same {
                            schema
                        } else {
                            RefOr::T(Schema::OneOf(
                                OneOfBuilder::new().item(schema).item(error_body()).build(),
                            ))
                        });
                    }
                    response.description.push_str("; or `overloaded`: too much in flight");
                }
                Some(RefOr::Ref(_)) => {}
                None => {
                    let overloaded = ResponseBuilder::new()
                        .description("`overloaded`: too much in flight, try again later")
                        .content(
                            "application/json",
                            ContentBuilder::new().schema(Some(error_body())).build(),
                        )
                        .build();
                    responses.insert("503".to_owned(), RefOr::T(overloaded));
                }
            }
            responses.entry("408".to_owned()).or_insert_with(|| {
                RefOr::T(
                    ResponseBuilder::new()
                        .description("The request took longer than the server allows")
                        .build(),
                )
            });
            if operation.request_body.is_some() {
                responses.entry("413".to_owned()).or_insert_with(|| {
                    RefOr::T(
                        ResponseBuilder::new()
                            .description("The body is larger than the server accepts (1 MiB)")
                            .build(),
                    )
                });
            }
        }
    }
}
