//! A job seeker's registration as the kiosk sends it, and the field errors the agency answers.
//!
//! These are the raw answers of the form, not checked values: text fields hold what the person
//! typed (a phone number with spaces, a date as `YYYY-MM-DD`), so a draft can hold a half-typed
//! form and the server can report every mistake by field. `guichet_core::registration` parses a
//! [`Registration`] into checked types; nothing here validates.
//!
//! Small fixed enumerations (sex, marital status, …) live here because they are part of the wire;
//! lists that change (wilayas, communes, occupations) are codes into the versioned reference data.

use serde::{Deserialize, Serialize};

/// One registration, grouped as the wizard's steps are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Registration {
    pub civil_status: CivilStatus,
    pub identity: Identity,
    pub contact: Contact,
    pub education: Education,
    pub experience: Experience,
    pub consent: Consent,
}

/// Names, birth and family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CivilStatus {
    pub last_name_latin: String,
    pub first_name_latin: String,
    pub last_name_arabic: String,
    pub first_name_arabic: String,
    pub sex: Option<Sex>,
    /// `YYYY-MM-DD`, or only `YYYY` when the birth date is presumed.
    pub birth_date: String,
    /// Born "présumé" in a year: only the year is known.
    pub birth_date_presumed: bool,
    /// ISO 3166-1 alpha-2; `DZ` asks for the wilaya and commune of birth.
    pub birth_country: String,
    /// A wilaya code from the reference data, when born in Algeria.
    pub birth_wilaya: Option<u8>,
    /// A commune code from the reference data, when born in Algeria.
    pub birth_commune: String,
    pub marital_status: Option<MaritalStatus>,
    pub dependent_children: u8,
    /// Asked of men only.
    pub national_service: Option<NationalService>,
}

impl Default for CivilStatus {
    fn default() -> Self {
        Self {
            last_name_latin: String::new(),
            first_name_latin: String::new(),
            last_name_arabic: String::new(),
            first_name_arabic: String::new(),
            sex: None,
            birth_date: String::new(),
            birth_date_presumed: false,
            birth_country: ALGERIA.to_owned(),
            birth_wilaya: None,
            birth_commune: String::new(),
            marital_status: None,
            dependent_children: 0,
            national_service: None,
        }
    }
}

/// The ISO 3166-1 code of Algeria, the default country of birth.
pub const ALGERIA: &str = "DZ";

/// The national identification number and an identity document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Identity {
    /// The NIN: 18 digits, possibly typed with spaces.
    pub nin: String,
    pub id_document_type: Option<IdDocumentType>,
    pub id_document_number: String,
    /// `YYYY-MM-DD`.
    pub id_document_issue_date: String,
    /// Optional.
    pub social_security_number: String,
}

/// How to reach the person, and where they live.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Contact {
    /// An Algerian mobile number in any accepted form; the kiosk sends what was typed.
    pub mobile_phone: String,
    /// Optional.
    pub email: String,
    /// A wilaya code from the reference data.
    pub residence_wilaya: Option<u8>,
    pub residence_commune: String,
    pub address: String,
}

/// Schooling, diplomas and qualification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Education {
    pub education_level: Option<EducationLevel>,
    pub diplomas: Vec<Diploma>,
    pub qualification_level: Option<QualificationLevel>,
}

/// One diploma.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Diploma {
    pub title: String,
    pub field: String,
    /// `YYYY`.
    pub year: String,
}

/// What the person has done and what they look for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Experience {
    /// Occupations sought, most wanted first.
    pub occupations: Vec<OccupationWish>,
    /// Languages spoken, as BCP 47 primary tags (`ar`, `kab`, `fr`, …).
    pub languages: Vec<String>,
    pub driving_licences: Vec<DrivingLicence>,
    /// Wilaya codes where the person accepts work.
    pub work_wilayas: Vec<u8>,
    pub disability: bool,
    /// Asked only when `disability` is true.
    pub adapted_work: bool,
}

/// One occupation sought, from the reference occupation list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OccupationWish {
    pub code: String,
    pub years_of_experience: u8,
}

/// Consent to the processing of personal data (law 18-07): a registration cannot go without it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Consent {
    pub data_processing: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MaritalStatus {
    Single,
    Married,
    Divorced,
    Widowed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NationalService {
    Done,
    Exempt,
    Deferred,
    NotConcerned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdDocumentType {
    NationalIdCard,
    Passport,
    DrivingLicence,
    ResidenceCard,
}

/// Levels of schooling, lowest first (offers compare them: "at least secondary").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EducationLevel {
    None,
    Primary,
    Middle,
    Secondary,
    Baccalaureate,
    Vocational,
    Licence,
    Master,
    Doctorate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QualificationLevel {
    Unqualified,
    QualifiedWorker,
    HighlyQualified,
    Technician,
    SeniorTechnician,
    Manager,
}

/// Algerian driving licence categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DrivingLicence {
    A1,
    A,
    B,
    C1,
    C,
    D,
    E,
    F,
}

/// One problem with one field, as the server reports it and the kiosk shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// A dotted path into [`Registration`], with indexes for lists: `experience.occupations.0.code`.
    pub field: String,
    /// A stable code (`required`, `nin_length`, …); each has a message in every language.
    pub code: String,
}

/// A small enumeration of the registration, as the form offers it: every value in the form's
/// order, each with its name on the wire (what serde writes, which a test holds them to). The
/// kiosk names options and reads them back with these rather than through serde, whose
/// string deserializer would be compiled once per enumeration into its download (issue #12).
pub trait WireEnum: Copy + PartialEq + 'static {
    /// Every value, in the order the form lists them.
    const ALL: &'static [Self];

    /// The value's name on the wire: `national_id_card`.
    fn wire_name(self) -> &'static str;

    /// The value whose wire name is `name`.
    fn from_wire_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.wire_name() == name)
    }
}

macro_rules! wire_enums {
    ($($type:ident: [$($value:ident = $name:literal),* $(,)?]),* $(,)?) => {
        $(
        /// Read from its wire name alone: one string reader shared by every enumeration,
        /// rather than serde's derived variant reader compiled once per enumeration (issue
        /// #12). Errors read as the derived reader's (`unknown variant …, expected one of …`).
        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[$($name),*];
                let name = String::deserialize(deserializer)?;
                Self::from_wire_name(&name)
                    .ok_or_else(|| serde::de::Error::unknown_variant(&name, NAMES))
            }
        }

        impl WireEnum for $type {
            const ALL: &'static [$type] = &[$($type::$value),*];

            fn wire_name(self) -> &'static str {
                match self {
                    $($type::$value => $name),*
                }
            }
        })*

        #[cfg(test)]
        fn every_wire_enum_agrees_with_serde() {
            $(wire_names_agree_with_serde::<$type>();)*
        }
    };
}

wire_enums! {
    Sex: [Male = "male", Female = "female"],
    MaritalStatus: [
        Single = "single", Married = "married", Divorced = "divorced", Widowed = "widowed",
    ],
    NationalService: [
        Done = "done", Exempt = "exempt", Deferred = "deferred", NotConcerned = "not_concerned",
    ],
    IdDocumentType: [
        NationalIdCard = "national_id_card",
        Passport = "passport",
        DrivingLicence = "driving_licence",
        ResidenceCard = "residence_card",
    ],
    EducationLevel: [
        None = "none",
        Primary = "primary",
        Middle = "middle",
        Secondary = "secondary",
        Baccalaureate = "baccalaureate",
        Vocational = "vocational",
        Licence = "licence",
        Master = "master",
        Doctorate = "doctorate",
    ],
    QualificationLevel: [
        Unqualified = "unqualified",
        QualifiedWorker = "qualified_worker",
        HighlyQualified = "highly_qualified",
        Technician = "technician",
        SeniorTechnician = "senior_technician",
        Manager = "manager",
    ],
    DrivingLicence: [A1 = "A1", A = "A", B = "B", C1 = "C1", C = "C", D = "D", E = "E", F = "F"],
}

/// Every value of `T` is written and read by serde as its wire name says, and read back from it.
#[cfg(test)]
fn wire_names_agree_with_serde<T>()
where
    T: WireEnum + Serialize + serde::de::DeserializeOwned + std::fmt::Debug,
{
    for &value in T::ALL {
        let name = value.wire_name();
        assert_eq!(serde_json::to_string(&value).expect("serializes"), format!("\"{name}\""));
        assert_eq!(serde_json::from_str::<T>(&format!("\"{name}\"")).expect("reads"), value);
        assert_eq!(T::from_wire_name(name), Some(value), "{name}");
    }
    assert_eq!(T::from_wire_name("nonexistent"), None);
    let error = serde_json::from_str::<T>("\"nonexistent\"").expect_err("unknown");
    let first = T::ALL[0].wire_name();
    let message = error.to_string();
    assert!(message.starts_with("unknown variant `nonexistent`, expected "), "{message}");
    assert!(message.contains(&format!("`{first}`")), "{message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../fixtures/registration-valid.json");

    #[test]
    fn the_valid_fixture_is_a_registration() {
        let registration: Registration = serde_json::from_str(FIXTURE).expect("fixture parses");
        assert_eq!(registration.civil_status.sex, Some(Sex::Male));
        assert_eq!(registration.experience.occupations.len(), 2);
        // Every field of the fixture is known: a typo in it would otherwise be silently ignored.
        let round_trip = serde_json::to_value(&registration).expect("serializes");
        let original: serde_json::Value = serde_json::from_str(FIXTURE).expect("JSON");
        assert_eq!(round_trip, original);
    }

    #[test]
    fn registration_wire_format() {
        let registration: Registration = serde_json::from_str(FIXTURE).expect("fixture parses");
        insta::assert_json_snapshot!(registration);
    }

    #[test]
    fn an_empty_registration_has_every_field() {
        insta::assert_json_snapshot!(Registration::default());
    }

    #[test]
    fn missing_fields_take_their_defaults() {
        let registration: Registration =
            serde_json::from_str(r#"{"contact":{"mobile_phone":"0550 12 34 56"}}"#).expect("JSON");
        assert_eq!(registration.contact.mobile_phone, "0550 12 34 56");
        assert_eq!(registration.civil_status.birth_country, ALGERIA);
        assert!(!registration.consent.data_processing);
    }

    #[test]
    fn the_wire_names_of_the_form_s_choices_are_serde_s() {
        every_wire_enum_agrees_with_serde();
    }

    #[test]
    fn field_error_wire_format() {
        let error = FieldError { field: "identity.nin".to_owned(), code: "nin_length".to_owned() };
        insta::assert_json_snapshot!(error, @r#"
        {
          "field": "identity.nin",
          "code": "nin_length"
        }
        "#);
    }
}
