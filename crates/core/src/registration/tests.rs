//! Whole-registration rules: the valid fixture, then one broken field or combination at a time.

use guichet_protocol::registration::{NationalService, OccupationWish, Registration, Sex};

use super::*;

const FIXTURE: &str = include_str!("../../../protocol/fixtures/registration-valid.json");

/// Wilayas 9 and 16, communes 0901 (Blida) and 1601 (Alger-Centre), two occupations.
pub(crate) struct FixedReference;

impl ReferenceLookup for FixedReference {
    fn has_wilaya(&self, code: u8) -> bool {
        matches!(code, 9 | 16)
    }

    fn commune_in_wilaya(&self, commune: &str, wilaya: u8) -> Option<bool> {
        match commune {
            "0901" => Some(wilaya == 9),
            "1601" => Some(wilaya == 16),
            _ => None,
        }
    }

    fn has_occupation(&self, code: &str) -> bool {
        matches!(code, "2512" | "3512")
    }
}

fn fixture() -> Registration {
    serde_json::from_str(FIXTURE).expect("the fixture parses")
}

fn today() -> CivilDate {
    CivilDate::parse("2026-11-29").expect("valid date")
}

fn errors_of(registration: &Registration) -> Vec<(String, &'static str)> {
    field_errors(registration, today(), &FixedReference)
        .into_iter()
        .map(|error| (error.field, error.code.as_str()))
        .collect()
}

#[track_caller]
fn check(change: impl FnOnce(&mut Registration), expected: &[(&str, &str)]) {
    let mut registration = fixture();
    change(&mut registration);
    let actual = errors_of(&registration);
    let expected: Vec<(String, &str)> =
        expected.iter().map(|(field, code)| ((*field).to_owned(), *code)).collect();
    assert_eq!(actual, expected);
}

#[test]
fn the_fixture_is_valid() {
    let valid = validate(&fixture(), today(), &FixedReference).expect("valid");
    assert_eq!(valid.mobile_phone.e164(), "+213550123456");
    assert_eq!(valid.nin.as_str(), "109950123456789012");
    assert_eq!(valid.birth_place, BirthPlace::Algeria { wilaya: 16, commune: "1601".into() });
    assert_eq!(valid.national_service, Some(NationalService::Done));
    assert_eq!(valid.id_document.number, "201234567");
    assert_eq!(valid.diplomas.len(), 1);
}

#[test]
fn single_field_errors() {
    check(
        |r| r.civil_status.last_name_latin = " ".into(),
        &[("civil_status.last_name_latin", "required")],
    );
    check(
        |r| r.civil_status.first_name_latin = "بن".into(),
        &[("civil_status.first_name_latin", "latin_name_characters")],
    );
    check(
        |r| r.civil_status.first_name_arabic = "Karim".into(),
        &[("civil_status.first_name_arabic", "arabic_name_characters")],
    );
    check(
        |r| r.civil_status.birth_date = "2011-01-01".into(),
        &[("civil_status.birth_date", "too_young")],
    );
    check(
        |r| r.civil_status.birth_date = "1950-01-01".into(),
        &[("civil_status.birth_date", "too_old")],
    );
    check(|r| r.civil_status.marital_status = None, &[("civil_status.marital_status", "required")]);
    check(
        |r| r.civil_status.dependent_children = 21,
        &[("civil_status.dependent_children", "out_of_range")],
    );
    check(|r| r.identity.nin = "12345".into(), &[("identity.nin", "nin_length")]);
    check(|r| r.identity.nin = "10995012345678901X".into(), &[("identity.nin", "nin_characters")]);
    check(
        |r| r.identity.id_document_number = "12".into(),
        &[("identity.id_document_number", "document_number_format")],
    );
    check(
        |r| r.identity.id_document_issue_date = "2030-01-01".into(),
        &[("identity.id_document_issue_date", "date_in_future")],
    );
    check(
        |r| r.identity.id_document_issue_date = "1990-01-01".into(),
        &[("identity.id_document_issue_date", "issue_date_before_birth")],
    );
    check(
        |r| r.identity.social_security_number = "12a".into(),
        &[("identity.social_security_number", "social_security_format")],
    );
    check(|r| r.identity.social_security_number = "1234 5678 9012".into(), &[]);
    check(
        |r| r.contact.mobile_phone = "021 23 45 67".into(),
        &[("contact.mobile_phone", "phone_format")],
    );
    check(|r| r.contact.email = String::new(), &[]);
    check(|r| r.contact.email = "karim@".into(), &[("contact.email", "email_format")]);
    check(
        |r| r.contact.residence_wilaya = Some(99),
        &[("contact.residence_wilaya", "unknown_wilaya")],
    );
    check(
        |r| r.contact.residence_commune = "9999".into(),
        &[("contact.residence_commune", "unknown_commune")],
    );
    check(|r| r.contact.address = String::new(), &[("contact.address", "required")]);
    check(|r| r.education.education_level = None, &[("education.education_level", "required")]);
    check(
        |r| r.education.diplomas[0].year = "2030".into(),
        &[("education.diplomas.0.year", "out_of_range")],
    );
    check(|r| r.education.diplomas.clear(), &[]);
    check(|r| r.experience.occupations.clear(), &[("experience.occupations", "required")]);
    check(
        |r| r.experience.occupations[1].code = "0000".into(),
        &[("experience.occupations.1.code", "unknown_occupation")],
    );
    check(
        |r| r.experience.occupations[1].code = "2512".into(),
        &[("experience.occupations.1.code", "duplicate")],
    );
    check(
        |r| r.experience.occupations[0].years_of_experience = 51,
        &[("experience.occupations.0.years_of_experience", "out_of_range")],
    );
    check(
        |r| r.experience.languages.push("xx".into()),
        &[("experience.languages.3", "unknown_language")],
    );
    check(|r| r.experience.work_wilayas.push(16), &[("experience.work_wilayas.2", "duplicate")]);
    check(
        |r| r.consent.data_processing = false,
        &[("consent.data_processing", "consent_required")],
    );
}

#[test]
fn too_many_occupations() {
    check(
        |r| {
            r.experience.occupations = (0..6)
                .map(|i| OccupationWish {
                    code: if i % 2 == 0 { "2512" } else { "3512" }.into(),
                    years_of_experience: 0,
                })
                .collect();
        },
        &[
            ("experience.occupations", "too_many"),
            ("experience.occupations.2.code", "duplicate"),
            ("experience.occupations.3.code", "duplicate"),
            ("experience.occupations.4.code", "duplicate"),
            ("experience.occupations.5.code", "duplicate"),
        ],
    );
}

#[test]
fn national_service_is_only_for_men() {
    check(
        |r| r.civil_status.national_service = None,
        &[("civil_status.national_service", "required")],
    );
    check(
        |r| {
            r.civil_status.sex = Some(Sex::Female);
            r.civil_status.national_service = None;
        },
        &[],
    );
    check(
        |r| r.civil_status.sex = Some(Sex::Female),
        &[("civil_status.national_service", "national_service_men_only")],
    );
    // Without a sex, only the sex is reported.
    check(|r| r.civil_status.sex = None, &[("civil_status.sex", "required")]);
}

#[test]
fn presumed_birth_dates() {
    check(
        |r| {
            r.civil_status.birth_date = "1988".into();
            r.civil_status.birth_date_presumed = true;
        },
        &[],
    );
    check(
        |r| r.civil_status.birth_date = "1988".into(),
        &[("civil_status.birth_date", "year_only_needs_presumed")],
    );
    check(
        |r| r.civil_status.birth_date_presumed = true,
        &[("civil_status.birth_date", "presumed_year_only")],
    );
}

#[test]
fn places_of_birth_and_residence() {
    check(
        |r| r.civil_status.birth_commune = "0901".into(),
        &[("civil_status.birth_commune", "commune_not_in_wilaya")],
    );
    check(
        |r| {
            r.civil_status.birth_wilaya = None;
            r.civil_status.birth_commune = String::new();
        },
        &[("civil_status.birth_wilaya", "required"), ("civil_status.birth_commune", "required")],
    );
    check(
        |r| {
            r.civil_status.birth_country = "fr".into();
            r.civil_status.birth_wilaya = None;
            r.civil_status.birth_commune = String::new();
        },
        &[],
    );
    check(
        |r| r.civil_status.birth_country = "FR".into(),
        &[
            ("civil_status.birth_wilaya", "place_only_in_algeria"),
            ("civil_status.birth_commune", "place_only_in_algeria"),
        ],
    );
    check(
        |r| r.civil_status.birth_country = "France".into(),
        &[("civil_status.birth_country", "country_format")],
    );
    check(
        |r| {
            r.contact.residence_wilaya = Some(9);
            r.contact.residence_commune = "0901".into();
        },
        &[],
    );
}

#[test]
fn adapted_work_needs_a_disability() {
    check(
        |r| r.experience.adapted_work = true,
        &[("experience.adapted_work", "adapted_work_needs_disability")],
    );
    check(
        |r| {
            r.experience.disability = true;
            r.experience.adapted_work = true;
        },
        &[],
    );
}

#[test]
fn the_fixture_is_valid_against_the_builtin_reference_data() {
    let reference = ReferenceData::builtin();
    assert_eq!(field_errors(&fixture(), today(), reference), []);
}

#[test]
fn real_communes_of_old_and_new_wilayas_are_accepted_and_unknown_ones_named() {
    let check = |wilaya: u8, commune: &str, expected: &[(&str, &str)]| {
        let mut registration = fixture();
        registration.contact.residence_wilaya = Some(wilaya);
        registration.contact.residence_commune = commune.to_owned();
        let errors: Vec<(String, &str)> =
            field_errors(&registration, today(), ReferenceData::builtin())
                .into_iter()
                .map(|error| (error.field, error.code.as_str()))
                .collect();
        let expected: Vec<(String, &str)> =
            expected.iter().map(|(field, code)| ((*field).to_owned(), *code)).collect();
        assert_eq!(errors, expected, "wilaya {wilaya}, commune {commune}");
    };
    check(1, "0101", &[]);
    check(16, "1621", &[]);
    check(49, "4901", &[]);
    check(69, "3208", &[]);
    // Aflou moved from Laghouat (03) to the new wilaya 59: both are accepted.
    check(59, "0319", &[]);
    check(3, "0319", &[]);
    check(16, "0319", &[("contact.residence_commune", "commune_not_in_wilaya")]);
    check(16, "9999", &[("contact.residence_commune", "unknown_commune")]);
}

#[test]
fn a_code_of_any_known_version_is_accepted_and_one_that_never_existed_is_not() {
    let old = ReferenceData::builtin();
    let mut newer = old.reference().clone();
    newer.version += 1;
    // The newer version drops Alger Centre and adds a wilaya 70 with a commune 7001.
    newer.communes.retain(|commune| commune.code != "1601");
    newer.wilayas.push(guichet_protocol::reference::Wilaya {
        code: 70,
        name: old.wilayas()[0].name.clone(),
    });
    let mut added = old.reference().communes[0].clone();
    added.code = "7001".to_owned();
    added.wilaya = 70;
    newer.communes.push(added);
    let newer = ReferenceData::new(newer).expect("consistent");
    let versions = [old, &newer];
    let both = AnyVersion(&versions);

    let mut registration = fixture();
    assert_eq!(
        field_errors(&registration, today(), &newer).len(),
        2,
        "1601 is gone from the newer"
    );
    assert_eq!(field_errors(&registration, today(), &both), [], "but existed in the older");
    registration.contact.residence_wilaya = Some(70);
    registration.contact.residence_commune = "7001".to_owned();
    assert_eq!(field_errors(&registration, today(), &both), []);
    registration.contact.residence_commune = "9999".to_owned();
    let errors: Vec<(String, &str)> = field_errors(&registration, today(), &both)
        .into_iter()
        .map(|error| (error.field, error.code.as_str()))
        .collect();
    assert_eq!(errors, [("contact.residence_commune".to_owned(), "unknown_commune")]);
}

/// The built-in lists, then a newer version that drops Alger Centre (1601), moves Bab Ezzouar
/// (1621) to a new wilaya 70 and adds a commune 7001 there.
fn older_and_newer() -> (&'static ReferenceData, ReferenceData) {
    let old = ReferenceData::builtin();
    let mut newer = old.reference().clone();
    newer.version += 1;
    newer.communes.retain(|commune| commune.code != "1601");
    newer.wilayas.push(guichet_protocol::reference::Wilaya {
        code: 70,
        name: old.wilayas()[0].name.clone(),
    });
    for commune in &mut newer.communes {
        if commune.code == "1621" {
            commune.wilaya = 70;
        }
    }
    let mut added = old.reference().communes[0].clone();
    added.code = "7001".to_owned();
    added.wilaya = 70;
    newer.communes.push(added);
    (old, ReferenceData::new(newer).expect("consistent"))
}

#[test]
fn a_named_version_decides_first_and_every_version_only_for_what_it_lacks() {
    let (old, newer) = older_and_newer();
    let every = [old, &newer];
    // Each case: the version named with the one in force (the newer), residence wilaya and
    // commune, the errors, whether a code needed a version other than the two named.
    let check = |named: &[&ReferenceData],
                 wilaya: u8,
                 commune: &str,
                 expected: &[(&str, &str)],
                 elsewhere: bool| {
        let lookup = NamedVersion::new(named, &every);
        let mut registration = fixture();
        // Born in Oran, a commune of every version: only the residence is at stake.
        registration.civil_status.birth_wilaya = Some(31);
        registration.civil_status.birth_commune = "3101".to_owned();
        registration.contact.residence_wilaya = Some(wilaya);
        registration.contact.residence_commune = commune.to_owned();
        let errors: Vec<(String, &str)> = field_errors(&registration, today(), &lookup)
            .into_iter()
            .map(|error| (error.field, error.code.as_str()))
            .collect();
        let expected: Vec<(String, &str)> =
            expected.iter().map(|(field, code)| ((*field).to_owned(), *code)).collect();
        assert_eq!(errors, expected, "wilaya {wilaya}, commune {commune}");
        assert_eq!(lookup.needed_other_versions(), elsewhere, "wilaya {wilaya}, commune {commune}");
    };
    let under_old: &[&ReferenceData] = &[old, &newer];
    let under_newer: &[&ReferenceData] = &[&newer];
    // Filled under the older version: its commune, dropped since, is accepted.
    check(under_old, 16, "1601", &[], false);
    // Bab Ezzouar moved to 70: named with either wilaya, under either version.
    check(under_old, 16, "1621", &[], false);
    check(under_old, 70, "1621", &[], false);
    check(under_newer, 70, "1621", &[], false);
    // Its code says 16: every version accepts 16 for it, so this is no disagreement either.
    check(under_newer, 16, "1621", &[], false);
    // Named the newer version, yet a commune only the older one had: accepted (it existed),
    // and noted, since the device's lists could not have offered it.
    check(under_newer, 16, "1601", &[], true);
    // A code that never existed is refused, naming the field, whatever the version.
    let unknown = [("contact.residence_commune", "unknown_commune")];
    check(under_old, 16, "9999", &unknown, false);
    check(under_newer, 70, "9999", &unknown, false);
    check(under_newer, 16, "7002", &unknown, false);
}

#[test]
fn an_empty_form_reports_every_required_field_in_form_order() {
    let errors = errors_of(&Registration::default());
    let fields: Vec<&str> = errors.iter().map(|(field, _)| field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "civil_status.last_name_latin",
            "civil_status.first_name_latin",
            "civil_status.last_name_arabic",
            "civil_status.first_name_arabic",
            "civil_status.sex",
            "civil_status.birth_date",
            "civil_status.birth_wilaya",
            "civil_status.birth_commune",
            "civil_status.marital_status",
            "identity.nin",
            "identity.id_document_type",
            "identity.id_document_number",
            "identity.id_document_issue_date",
            "contact.mobile_phone",
            "contact.residence_wilaya",
            "contact.residence_commune",
            "contact.address",
            "education.education_level",
            "education.qualification_level",
            "experience.occupations",
            "consent.data_processing",
        ]
    );
}

#[test]
fn steps_select_their_own_errors() {
    let errors = field_errors(&Registration::default(), today(), &FixedReference);
    assert_eq!(Step::Identity.errors(&errors).len(), 4);
    assert_eq!(Step::Consent.errors(&errors).len(), 1);
    assert_eq!(Step::Review.errors(&errors).len(), errors.len());
    assert_eq!(Step::of_field("experience.occupations.0.code"), Step::Experience);
    assert_eq!(Step::CivilStatus.previous(), None);
    assert_eq!(Step::Consent.next(), Some(Step::Review));
    assert_eq!(Step::Review.next(), None);
    for step in Step::ALL {
        assert_eq!(Step::from_name(step.as_str()), Some(step));
    }
}
