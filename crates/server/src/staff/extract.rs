//! [`CurrentStaff`] and [`StaffSession`] as extractors: who is logged in, refused otherwise.
//!
//! A request without a live session is refused (401 JSON on `/api/…`, a 303 to the login page on
//! `/desk/…`). A state-changing request (POST, PUT, PATCH, DELETE) must also pass the CSRF checks
//! (`csrf`), or it is refused with 403 before the handler runs, so it changes nothing. The account
//! is read again on every request: a disabled account stops at once, a changed role applies at
//! once.

use axum::{
    extract::{FromRequestParts, OriginalUri},
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::{
    CurrentStaff, csrf,
    i18n::Language,
    page,
    session_store::SESSION_KEY,
    store::{self, StaffAccount},
};
use crate::infra::{api_error::ApiError, state::AppState};

/// What a staff session holds, under [`SESSION_KEY`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct SessionData {
    pub staff_id: String,
    pub csrf_token: String,
}

/// The logged-in member of staff with what pages need besides: the login and the session's
/// CSRF token (for forms, and for API clients through `GET /api/v1/staff/me`).
#[derive(Debug, Clone)]
pub struct StaffSession {
    pub staff: CurrentStaff,
    pub login: String,
    pub csrf_token: String,
}

/// Why a request was refused before its handler ran.
#[derive(Debug)]
pub enum StaffRejection {
    NotLoggedIn {
        api: bool,
    },
    /// Cross-site, or without the right CSRF token.
    Forbidden {
        api: bool,
        language: Language,
    },
    /// The database did not answer (logged where it happened).
    Unavailable {
        api: bool,
    },
}

impl IntoResponse for StaffRejection {
    fn into_response(self) -> Response {
        match self {
            Self::NotLoggedIn { api: true } => ApiError::NotLoggedIn.into_response(),
            Self::NotLoggedIn { api: false } => Redirect::to("/desk/login").into_response(),
            Self::Forbidden { api: true, .. } => ApiError::Forbidden {
                code: "csrf",
                message: "a state-changing request needs the session's x-csrf-token and must \
                          not come from another site",
            }
            .into_response(),
            Self::Forbidden { api: false, language } => page::message_page(
                language,
                StatusCode::FORBIDDEN,
                "desk-forbidden-title",
                "desk-forbidden-body",
            ),
            Self::Unavailable { api: true } => ApiError::DatabaseUnavailable.into_response(),
            Self::Unavailable { api: false } => page::unavailable_page(Language::DEFAULT),
        }
    }
}

fn is_api(parts: &Parts) -> bool {
    let path = parts
        .extensions
        .get::<OriginalUri>()
        .map_or_else(|| parts.uri.path(), |OriginalUri(uri)| uri.path());
    path.starts_with("/api/")
}

impl FromRequestParts<AppState> for StaffSession {
    type Rejection = StaffRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let api = is_api(parts);
        let unavailable = StaffRejection::Unavailable { api };
        let Some(session) = parts.extensions.get::<Session>().cloned() else {
            tracing::error!("a staff route is not under the session layer");
            return Err(unavailable);
        };
        let data = match session.get::<SessionData>(SESSION_KEY).await {
            Ok(Some(data)) => data,
            Ok(None) => return Err(StaffRejection::NotLoggedIn { api }),
            Err(error) => {
                tracing::warn!(
                    error = &error as &dyn std::error::Error,
                    "staff session unreadable"
                );
                return Err(unavailable);
            }
        };
        let account = match store::find_active(&state.database, &data.staff_id).await {
            Ok(Some(account)) => account,
            Ok(None) => {
                // Disabled meanwhile: this session ends here, on every instance.
                if let Err(error) = session.flush().await {
                    tracing::warn!(
                        error = &error as &dyn std::error::Error,
                        "could not end a session"
                    );
                }
                return Err(StaffRejection::NotLoggedIn { api });
            }
            Err(error) => {
                tracing::warn!(error = &error as &dyn std::error::Error, "staff lookup failed");
                return Err(unavailable);
            }
        };
        if csrf::is_state_changing(&parts.method)
            && !csrf::passes(&parts.headers, parts.extensions.get(), &data.csrf_token)
        {
            let language = Language::from_headers(&parts.headers, parts.uri.query());
            return Err(StaffRejection::Forbidden { api, language });
        }
        let StaffAccount { id, login, full_name, role, agency_id } = account;
        Ok(StaffSession {
            staff: CurrentStaff { id, agency_id, role, full_name },
            login,
            csrf_token: data.csrf_token,
        })
    }
}

impl FromRequestParts<AppState> for CurrentStaff {
    type Rejection = StaffRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        StaffSession::from_request_parts(parts, state).await.map(|session| session.staff)
    }
}
