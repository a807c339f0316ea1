//! Parsers for the fields of a registration, and the field errors they produce.
//!
//! Parse, don't validate: each parser turns the text a person typed into a type that cannot hold
//! an invalid value ([`Nin`], [`PhoneNumber`], [`CivilDate`], [`LatinName`], …), or into an
//! [`ErrorCode`]. The kiosk and the server call the same parsers, so a rule is written once.
//!
//! Error codes are stable: they travel on the wire, and each has a message in every language
//! under the Fluent id [`ErrorCode::message_id`]. Values are never part of an error, so an error
//! can be logged without leaking personal data.

mod date;
mod email;
mod nin;
mod phone;
mod text;

pub use date::{AGE_MAX, AGE_MIN, CivilDate, join_date_parts, parse_year, split_date_parts};
pub use email::Email;
pub use nin::Nin;
pub use phone::PhoneNumber;
pub use text::{ArabicName, FreeText, LatinName, NAME_MAX_CHARS, normalize_digits};

use guichet_protocol::registration as wire;

/// Why a field's value is refused. The `snake_case` name is the wire code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    Required,
    TooLong,
    LatinNameCharacters,
    ArabicNameCharacters,
    NinCharacters,
    NinLength,
    PhoneFormat,
    DateFormat,
    DateInFuture,
    TooYoung,
    TooOld,
    PresumedYearOnly,
    YearOnlyNeedsPresumed,
    CountryFormat,
    PlaceOnlyInAlgeria,
    UnknownWilaya,
    UnknownCommune,
    CommuneNotInWilaya,
    NationalServiceMenOnly,
    EmailFormat,
    DocumentNumberFormat,
    IssueDateBeforeBirth,
    SocialSecurityFormat,
    YearFormat,
    UnknownOccupation,
    UnknownLanguage,
    Duplicate,
    TooMany,
    OutOfRange,
    AdaptedWorkNeedsDisability,
    ConsentRequired,
}

impl ErrorCode {
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::Required,
        ErrorCode::TooLong,
        ErrorCode::LatinNameCharacters,
        ErrorCode::ArabicNameCharacters,
        ErrorCode::NinCharacters,
        ErrorCode::NinLength,
        ErrorCode::PhoneFormat,
        ErrorCode::DateFormat,
        ErrorCode::DateInFuture,
        ErrorCode::TooYoung,
        ErrorCode::TooOld,
        ErrorCode::PresumedYearOnly,
        ErrorCode::YearOnlyNeedsPresumed,
        ErrorCode::CountryFormat,
        ErrorCode::PlaceOnlyInAlgeria,
        ErrorCode::UnknownWilaya,
        ErrorCode::UnknownCommune,
        ErrorCode::CommuneNotInWilaya,
        ErrorCode::NationalServiceMenOnly,
        ErrorCode::EmailFormat,
        ErrorCode::DocumentNumberFormat,
        ErrorCode::IssueDateBeforeBirth,
        ErrorCode::SocialSecurityFormat,
        ErrorCode::YearFormat,
        ErrorCode::UnknownOccupation,
        ErrorCode::UnknownLanguage,
        ErrorCode::Duplicate,
        ErrorCode::TooMany,
        ErrorCode::OutOfRange,
        ErrorCode::AdaptedWorkNeedsDisability,
        ErrorCode::ConsentRequired,
    ];

    /// The stable wire code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Required => "required",
            ErrorCode::TooLong => "too_long",
            ErrorCode::LatinNameCharacters => "latin_name_characters",
            ErrorCode::ArabicNameCharacters => "arabic_name_characters",
            ErrorCode::NinCharacters => "nin_characters",
            ErrorCode::NinLength => "nin_length",
            ErrorCode::PhoneFormat => "phone_format",
            ErrorCode::DateFormat => "date_format",
            ErrorCode::DateInFuture => "date_in_future",
            ErrorCode::TooYoung => "too_young",
            ErrorCode::TooOld => "too_old",
            ErrorCode::PresumedYearOnly => "presumed_year_only",
            ErrorCode::YearOnlyNeedsPresumed => "year_only_needs_presumed",
            ErrorCode::CountryFormat => "country_format",
            ErrorCode::PlaceOnlyInAlgeria => "place_only_in_algeria",
            ErrorCode::UnknownWilaya => "unknown_wilaya",
            ErrorCode::UnknownCommune => "unknown_commune",
            ErrorCode::CommuneNotInWilaya => "commune_not_in_wilaya",
            ErrorCode::NationalServiceMenOnly => "national_service_men_only",
            ErrorCode::EmailFormat => "email_format",
            ErrorCode::DocumentNumberFormat => "document_number_format",
            ErrorCode::IssueDateBeforeBirth => "issue_date_before_birth",
            ErrorCode::SocialSecurityFormat => "social_security_format",
            ErrorCode::YearFormat => "year_format",
            ErrorCode::UnknownOccupation => "unknown_occupation",
            ErrorCode::UnknownLanguage => "unknown_language",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::TooMany => "too_many",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::AdaptedWorkNeedsDisability => "adapted_work_needs_disability",
            ErrorCode::ConsentRequired => "consent_required",
        }
    }

    /// The code a wire error carries, if this build knows it.
    pub fn from_wire(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|known| known.as_str() == code)
    }

    /// The Fluent message id of this error, in `assets/locales/*/registration.ftl`.
    pub fn message_id(self) -> String {
        format!("registration-error-{}", self.as_str().replace('_', "-"))
    }
}

/// One refused field: where, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldError {
    /// A dotted path into the registration: `identity.nin`, `experience.occupations.1.code`.
    pub field: String,
    pub code: ErrorCode,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ErrorCode) -> Self {
        Self { field: field.into(), code }
    }

    pub fn to_wire(&self) -> wire::FieldError {
        wire::FieldError { field: self.field.clone(), code: self.code.as_str().to_owned() }
    }
}

/// Collects the errors of one validation pass, in field order.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    /// Runs a parser on a field and records its error under `field`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, ErrorCode>) -> Option<T> {
        result.map_err(|code| self.0.push(FieldError::new(field, code))).ok()
    }

    pub fn push(&mut self, field: impl Into<String>, code: ErrorCode) {
        self.0.push(FieldError::new(field, code));
    }

    /// Whether a field already has an error, so a cross-field rule does not pile a second one on.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|error| error.field == field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code:?} twice");
            assert_eq!(ErrorCode::from_wire(code.as_str()), Some(*code));
        }
        assert_eq!(ErrorCode::from_wire("no_such_code"), None);
        assert_eq!(ErrorCode::NinLength.message_id(), "registration-error-nin-length");
    }
}
