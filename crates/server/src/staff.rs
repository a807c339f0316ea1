//! Staff accounts of ANEM's agencies: counsellors, managers and administrators, their passwords,
//! sessions and the login, activation and logout pages.
//!
//! (Skeleton: the staff engineer replaces this with the real module. The types below are the
//! interface other features code against.)

use axum::{
    extract::FromRequestParts,
    http::{StatusCode, request::Parts},
};

use crate::infra::state::AppState;

/// What a member of staff may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Sees their agency's pre-registrations.
    Counsellor,
    /// Also manages their agency's staff and kiosks.
    Manager,
    /// Sees every agency.
    Admin,
}

/// The member of staff behind a request with a valid session. As an extractor it refuses a
/// request without one (401 on the API, the login page on `/desk`), and for a state-changing
/// method it also refuses a request without a valid CSRF token (403).
#[derive(Debug, Clone)]
pub struct CurrentStaff {
    pub id: String,
    pub agency_id: String,
    pub role: Role,
    pub full_name: String,
}

impl CurrentStaff {
    /// Whether this person may act on `agency_id`'s records.
    pub fn may_see_agency(&self, agency_id: &str) -> bool {
        self.role == Role::Admin || self.agency_id == agency_id
    }

    /// Whether this person may manage `agency_id`'s staff and kiosks.
    pub fn may_manage_agency(&self, agency_id: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Manager => self.agency_id == agency_id,
            Role::Counsellor => false,
        }
    }
}

impl FromRequestParts<AppState> for CurrentStaff {
    type Rejection = StatusCode;

    async fn from_request_parts(
        _parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Err(StatusCode::UNAUTHORIZED)
    }
}
