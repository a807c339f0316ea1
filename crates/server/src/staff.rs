//! Staff accounts of ANEM's agencies: counsellors, managers and administrators, their passwords,
//! sessions and the login, activation and logout pages of the desk.
//!
//! - `store` holds the accounts' and activation links' SQL; `session_store` keeps tower-sessions'
//!   sessions in our database (both engines), with the idle and absolute expiry on `state.clock`.
//! - `password` hashes with Argon2id (OWASP's parameters) on a blocking thread and refuses weak
//!   passwords with a reason; `login` decides an attempt (lockout in the database, so every
//!   instance agrees); `throttle` limits attempts per client address (in memory, per instance).
//! - `csrf` holds the cross-site request forgery rules; [`CurrentStaff`] (in `extract`) enforces
//!   them for every state-changing request it authorises, so a handler that takes it is
//!   protected by construction.
//! - `http` is the desk's login, activation, logout and landing pages and `GET /api/v1/staff/me`;
//!   `page` and `i18n` render them (server-side HTML in ar/fr/en); `cli` is `staff add|list|disable`.
//!
//! Architecture invariant: nothing here logs a login, a name, a password, a token or a session
//! id. Domain code returns [`StaffError`]; only `http` and `extract` turn it into a response.

mod cli;
mod csrf;
mod extract;
pub mod i18n;
mod login;
pub mod page;
mod password;
mod session_store;
mod store;
mod throttle;
mod token;

mod http;

pub use cli::{StaffCommand, run};
pub use csrf::{CSRF_FIELD, CSRF_HEADER, capture_form_token};
pub use extract::{StaffRejection, StaffSession};
pub(crate) use http::{StaffApi, api_routes, desk_routes};
pub use login::{LOCK_AFTER_FAILURES, LOCK_DURATION, SLOW_DOWN_AFTER_FAILURES};
pub use password::{
    MIN_PASSWORD_CHARS, PasswordRefusal, check_strength, hash_password, measure_hash,
    verify_password,
};
pub(crate) use session_store::session_cookie_name;
pub use session_store::{ABSOLUTE_TIMEOUT, DatabaseSessionStore, IDLE_TIMEOUT, session_layer};
pub use store::{
    ACTIVATION_VALIDITY, NewStaff, StaffAccount, StaffError, StaffListEntry, add_staff,
    disable_staff, list_staff,
};
pub use throttle::LOGIN_ATTEMPTS_PER_MINUTE;

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

impl Role {
    pub const ALL: [Role; 3] = [Role::Counsellor, Role::Manager, Role::Admin];

    /// The name stored in the database and typed on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Counsellor => "counsellor",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// The member of staff behind a request with a valid session. As an extractor it refuses a
/// request without one (401 on the API, the login page on `/desk`), and for a state-changing
/// method it also refuses a request without a valid CSRF token or from another site (403).
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

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(role: Role) -> CurrentStaff {
        CurrentStaff {
            id: "s".into(),
            agency_id: "16-05".into(),
            role,
            full_name: "Amina Benali".into(),
        }
    }

    #[test]
    fn who_may_see_and_manage_which_agency() {
        #[track_caller]
        fn check(role: Role, agency: &str, see: bool, manage: bool) {
            let person = staff(role);
            assert_eq!(person.may_see_agency(agency), see, "{role:?} sees {agency}");
            assert_eq!(person.may_manage_agency(agency), manage, "{role:?} manages {agency}");
        }
        check(Role::Counsellor, "16-05", true, false);
        check(Role::Counsellor, "31-01", false, false);
        check(Role::Manager, "16-05", true, true);
        check(Role::Manager, "31-01", false, false);
        check(Role::Admin, "16-05", true, true);
        check(Role::Admin, "31-01", true, true);
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("Admin"), None);
    }
}
