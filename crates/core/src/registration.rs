//! A whole registration: every field parsed, then the rules that tie fields together.
//!
//! [`validate`] turns the wire [`Registration`] (what the person typed) into a
//! [`ValidRegistration`] or into every [`FieldError`] at once, in the order of the form. The kiosk
//! calls it on each step ([`Step::errors`]) and before submitting; the server calls it on what it
//! receives and stays the authority. `today` is an argument: the age limits hold on the day of
//! registration, and the core reads no clock.

#[cfg(feature = "server")]
pub mod batch;
mod rules;
#[cfg(test)]
mod tests;

pub use rules::{
    ADDRESS_MAX_CHARS, KNOWN_LANGUAGES, MAX_DEPENDENT_CHILDREN, MAX_DIPLOMAS, MAX_OCCUPATIONS,
    MAX_YEARS_OF_EXPERIENCE,
};

use guichet_protocol::registration::{
    self as wire, DrivingLicence, EducationLevel, IdDocumentType, MaritalStatus, NationalService,
    QualificationLevel, Registration, Sex,
};

use crate::reference::ReferenceData;
use crate::validation::{
    ArabicName, CivilDate, Email, FieldError, FreeText, LatinName, Nin, PhoneNumber,
};

/// The wilayas, communes and occupations a registration may name. Implemented over the versioned
/// reference data; tests use a small fixed table.
pub trait ReferenceLookup {
    fn has_wilaya(&self, code: u8) -> bool;
    /// Whether `commune` may be named with `wilaya` (a commune moved by a reform may be named
    /// with its old or its new wilaya), or `None` for an unknown commune.
    fn commune_in_wilaya(&self, commune: &str, wilaya: u8) -> Option<bool>;
    fn has_occupation(&self, code: &str) -> bool;
}

impl ReferenceLookup for ReferenceData {
    fn has_wilaya(&self, code: u8) -> bool {
        self.wilaya(code).is_some()
    }

    fn commune_in_wilaya(&self, commune: &str, wilaya: u8) -> Option<bool> {
        ReferenceData::commune_in_wilaya(self, commune, wilaya)
    }

    fn has_occupation(&self, code: &str) -> bool {
        self.occupation(code).is_some()
    }
}

/// Codes valid in any of several versions of the reference lists: how the agency checks a
/// registration that may have been filled offline under an older version (a code that existed
/// then is accepted; one that never existed is refused, naming the field).
#[derive(Debug, Clone, Copy)]
pub struct AnyVersion<'a>(pub &'a [&'a ReferenceData]);

impl ReferenceLookup for AnyVersion<'_> {
    fn has_wilaya(&self, code: u8) -> bool {
        self.0.iter().any(|version| version.has_wilaya(code))
    }

    fn commune_in_wilaya(&self, commune: &str, wilaya: u8) -> Option<bool> {
        let answers =
            self.0.iter().filter_map(|version| version.commune_in_wilaya(commune, wilaya));
        answers.reduce(|one, other| one || other)
    }

    fn has_occupation(&self, code: &str) -> bool {
        self.0.iter().any(|version| version.has_occupation(code))
    }
}

/// Codes checked against the version of the lists a submission names, together with the version
/// in force, and only for a code neither holds against every version the agency has had
/// (`every`, which includes both). A commune may be named with its wilaya of either version
/// (and, as in every version, with the wilaya its code was given in).
///
/// The verdict is the same as [`AnyVersion`] over `every`: a code that existed in some version is
/// never refused, as a code that never existed always is. What the named version adds is to know
/// when a code was valid only in some other version ([`NamedVersion::needed_other_versions`]): the
/// device's lists disagreed with the version it named, which the agency wants to see.
#[derive(Debug)]
pub struct NamedVersion<'a> {
    named: AnyVersion<'a>,
    every: AnyVersion<'a>,
    needed_other_versions: std::cell::Cell<bool>,
}

impl<'a> NamedVersion<'a> {
    /// `named`: the submission's version and the one in force; `every`: every version known.
    pub fn new(named: &'a [&'a ReferenceData], every: &'a [&'a ReferenceData]) -> Self {
        Self {
            named: AnyVersion(named),
            every: AnyVersion(every),
            needed_other_versions: std::cell::Cell::new(false),
        }
    }

    /// Whether some code looked up so far was valid only in a version other than the two named.
    pub fn needed_other_versions(&self) -> bool {
        self.needed_other_versions.get()
    }

    /// `every`'s answer when `named` did not accept, noting when `every` did.
    fn fall_back(&self, accepted: bool) -> bool {
        if accepted {
            self.needed_other_versions.set(true);
        }
        accepted
    }
}

impl ReferenceLookup for NamedVersion<'_> {
    fn has_wilaya(&self, code: u8) -> bool {
        self.named.has_wilaya(code) || self.fall_back(self.every.has_wilaya(code))
    }

    fn commune_in_wilaya(&self, commune: &str, wilaya: u8) -> Option<bool> {
        match self.named.commune_in_wilaya(commune, wilaya) {
            Some(true) => Some(true),
            _ => {
                let answer = self.every.commune_in_wilaya(commune, wilaya);
                self.fall_back(answer == Some(true));
                answer
            }
        }
    }

    fn has_occupation(&self, code: &str) -> bool {
        self.named.has_occupation(code) || self.fall_back(self.every.has_occupation(code))
    }
}

/// The wizard's screens, in order. Each question group is one step; [`Step::Review`] shows all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    CivilStatus,
    Identity,
    Contact,
    Education,
    Experience,
    Consent,
    Review,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::CivilStatus,
        Step::Identity,
        Step::Contact,
        Step::Education,
        Step::Experience,
        Step::Consent,
        Step::Review,
    ];

    /// The wire group this step fills; `None` for the review.
    pub fn group(self) -> Option<&'static str> {
        match self {
            Step::CivilStatus => Some("civil_status"),
            Step::Identity => Some("identity"),
            Step::Contact => Some("contact"),
            Step::Education => Some("education"),
            Step::Experience => Some("experience"),
            Step::Consent => Some("consent"),
            Step::Review => None,
        }
    }

    /// A stable name, for drafts and URLs.
    pub fn as_str(self) -> &'static str {
        self.group().unwrap_or("review")
    }

    pub fn from_name(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.as_str() == name)
    }

    pub fn index(self) -> usize {
        Step::ALL.iter().position(|step| *step == self).unwrap_or(0)
    }

    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<Step> {
        self.index().checked_sub(1).and_then(|index| Step::ALL.get(index).copied())
    }

    /// The step whose group holds `field`.
    pub fn of_field(field: &str) -> Step {
        let group = field.split('.').next().unwrap_or_default();
        Step::ALL.into_iter().find(|step| step.group() == Some(group)).unwrap_or(Step::Review)
    }

    /// The errors of this step's fields; for the review, every error.
    pub fn errors(self, errors: &[FieldError]) -> Vec<FieldError> {
        errors
            .iter()
            .filter(|error| self == Step::Review || Step::of_field(&error.field) == self)
            .cloned()
            .collect()
    }
}

/// A registration whose every field has been parsed and every rule checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegistration {
    pub last_name_latin: LatinName,
    pub first_name_latin: LatinName,
    pub last_name_arabic: ArabicName,
    pub first_name_arabic: ArabicName,
    pub sex: Sex,
    pub birth_date: CivilDate,
    pub birth_date_presumed: bool,
    pub birth_place: BirthPlace,
    pub marital_status: MaritalStatus,
    pub dependent_children: u8,
    /// `Some` for men, `None` for women.
    pub national_service: Option<NationalService>,
    pub nin: Nin,
    pub id_document: IdDocument,
    pub social_security_number: Option<String>,
    pub mobile_phone: PhoneNumber,
    pub email: Option<Email>,
    pub residence_wilaya: u8,
    pub residence_commune: String,
    pub address: FreeText,
    pub education_level: EducationLevel,
    pub diplomas: Vec<ValidDiploma>,
    pub qualification_level: QualificationLevel,
    pub occupations: Vec<wire::OccupationWish>,
    pub languages: Vec<String>,
    pub driving_licences: Vec<DrivingLicence>,
    pub work_wilayas: Vec<u8>,
    pub disability: bool,
    pub adapted_work: bool,
}

/// Where a person was born.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BirthPlace {
    Algeria {
        wilaya: u8,
        commune: String,
    },
    /// An ISO 3166-1 alpha-2 code other than `DZ`.
    Abroad {
        country: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdDocument {
    pub kind: IdDocumentType,
    pub number: String,
    pub issued_on: CivilDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDiploma {
    pub title: FreeText,
    pub field: FreeText,
    pub year: i32,
}

/// Parses every field and applies every rule, collecting all errors in the order of the form.
pub fn validate(
    registration: &Registration,
    today: CivilDate,
    reference: &dyn ReferenceLookup,
) -> Result<ValidRegistration, Vec<FieldError>> {
    rules::validate(registration, today, reference)
}

/// Only the errors, for the wizard (every error of the form, in form order).
pub fn field_errors(
    registration: &Registration,
    today: CivilDate,
    reference: &dyn ReferenceLookup,
) -> Vec<FieldError> {
    validate(registration, today, reference).err().unwrap_or_default()
}
