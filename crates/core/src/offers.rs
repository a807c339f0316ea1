//! Job offers as the agency backend receives them: validating an imported row into an
//! [`OfferRecord`], the change feed's cursor, and the dates imports carry.
//!
//! The server is the authority on offers; these rules are here, sans IO, so they are tested with
//! tables and the same wording reaches the operator whatever the file format.

pub mod cursor;
pub mod dates;
#[cfg(feature = "server")]
pub mod file;
pub mod import;

use guichet_protocol::offers::{
    EducationLevel, HowToApply, LocalizedText, Offer, SalaryRange, WorkingTime,
};

/// Whether an offer is on the feed or withdrawn by the agency. Expiry is not a status: it is
/// decided by `expires_at` against the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferStatus {
    Open,
    Withdrawn,
}

impl OfferStatus {
    /// The text stored in the database and written in import files.
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Open => "open",
            OfferStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "open" => Some(OfferStatus::Open),
            "withdrawn" => Some(OfferStatus::Withdrawn),
            _ => None,
        }
    }
}

/// An offer's content as its source system describes it: everything but the id the agency
/// backend mints and the time it last changed. Two equal records mean nothing changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRecord {
    pub external_id: String,
    pub status: OfferStatus,
    pub title: LocalizedText,
    pub description: LocalizedText,
    pub employer: String,
    pub wilaya: u8,
    pub commune: String,
    pub occupation: String,
    pub sector: String,
    pub contract: String,
    pub working_time: WorkingTime,
    pub experience_years: u8,
    pub education: EducationLevel,
    pub positions: u16,
    pub salary: Option<SalaryRange>,
    pub driving_licence: Option<String>,
    pub open_to_disabled: bool,
    pub how_to_apply: HowToApply,
    pub published_at: u64,
    pub expires_at: u64,
}

impl OfferRecord {
    /// The offer as the feed sends it.
    pub fn to_offer(&self, id: &str, updated_at: u64) -> Offer {
        Offer {
            id: id.to_owned(),
            external_id: self.external_id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            employer: self.employer.clone(),
            wilaya: self.wilaya,
            commune: self.commune.clone(),
            occupation: self.occupation.clone(),
            sector: self.sector.clone(),
            contract: self.contract.clone(),
            working_time: self.working_time,
            experience_years: self.experience_years,
            education: self.education,
            positions: self.positions,
            salary: self.salary,
            driving_licence: self.driving_licence.clone(),
            open_to_disabled: self.open_to_disabled,
            how_to_apply: self.how_to_apply.clone(),
            published_at: self.published_at,
            expires_at: self.expires_at,
            updated_at,
        }
    }
}

/// The wire name of a working time, as stored and imported.
pub fn working_time_code(value: WorkingTime) -> &'static str {
    match value {
        WorkingTime::FullTime => "full_time",
        WorkingTime::PartTime => "part_time",
        WorkingTime::Shifts => "shifts",
    }
}

pub fn parse_working_time(text: &str) -> Option<WorkingTime> {
    [WorkingTime::FullTime, WorkingTime::PartTime, WorkingTime::Shifts]
        .into_iter()
        .find(|value| working_time_code(*value) == text)
}

const EDUCATION_LEVELS: [EducationLevel; 9] = [
    EducationLevel::None,
    EducationLevel::Primary,
    EducationLevel::Middle,
    EducationLevel::Secondary,
    EducationLevel::Baccalaureate,
    EducationLevel::Vocational,
    EducationLevel::Licence,
    EducationLevel::Master,
    EducationLevel::Doctorate,
];

/// The wire name of an education level, as stored and imported.
pub fn education_code(value: EducationLevel) -> &'static str {
    match value {
        EducationLevel::None => "none",
        EducationLevel::Primary => "primary",
        EducationLevel::Middle => "middle",
        EducationLevel::Secondary => "secondary",
        EducationLevel::Baccalaureate => "baccalaureate",
        EducationLevel::Vocational => "vocational",
        EducationLevel::Licence => "licence",
        EducationLevel::Master => "master",
        EducationLevel::Doctorate => "doctorate",
    }
}

pub fn parse_education(text: &str) -> Option<EducationLevel> {
    EDUCATION_LEVELS.into_iter().find(|value| education_code(*value) == text)
}
