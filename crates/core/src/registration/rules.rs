//! The field parsers applied to each field of a registration, then the cross-field rules.

use std::collections::HashSet;

use guichet_protocol::registration::{ALGERIA, Registration, Sex};

use super::{BirthPlace, IdDocument, ReferenceLookup, ValidDiploma, ValidRegistration};
use crate::validation::{
    ArabicName, CivilDate, Email, ErrorCode, Errors, FieldError, FreeText, LatinName, Nin,
    PhoneNumber, parse_year,
};

/// Languages a person may say they speak, as BCP 47 primary tags: Arabic, Kabyle, Chaoui,
/// Mozabite, then foreign languages common in Algeria.
pub const KNOWN_LANGUAGES: &[&str] =
    &["ar", "kab", "shy", "mzb", "fr", "en", "es", "de", "it", "tr"];
pub const MAX_DEPENDENT_CHILDREN: u8 = 20;
pub const MAX_OCCUPATIONS: usize = 5;
pub const MAX_YEARS_OF_EXPERIENCE: u8 = 50;
pub const MAX_DIPLOMAS: usize = 10;
pub const ADDRESS_MAX_CHARS: usize = 200;
pub const DIPLOMA_TEXT_MAX_CHARS: usize = 100;
/// The first year a diploma can carry.
pub const DIPLOMA_FIRST_YEAR: i32 = 1940;

pub(super) fn validate(
    registration: &Registration,
    today: CivilDate,
    reference: &dyn ReferenceLookup,
) -> Result<ValidRegistration, Vec<FieldError>> {
    let mut errors = Errors::default();
    let civil = &registration.civil_status;
    let identity = &registration.identity;
    let contact = &registration.contact;
    let education = &registration.education;
    let experience = &registration.experience;

    let last_name_latin =
        errors.check("civil_status.last_name_latin", LatinName::parse(&civil.last_name_latin));
    let first_name_latin =
        errors.check("civil_status.first_name_latin", LatinName::parse(&civil.first_name_latin));
    let last_name_arabic =
        errors.check("civil_status.last_name_arabic", ArabicName::parse(&civil.last_name_arabic));
    let first_name_arabic =
        errors.check("civil_status.first_name_arabic", ArabicName::parse(&civil.first_name_arabic));
    let sex = errors.check("civil_status.sex", civil.sex.ok_or(ErrorCode::Required));
    let birth_date = errors.check(
        "civil_status.birth_date",
        CivilDate::parse_birth_date(&civil.birth_date, civil.birth_date_presumed, today),
    );
    let birth_place = birth_place(registration, reference, &mut errors);
    let marital_status = errors
        .check("civil_status.marital_status", civil.marital_status.ok_or(ErrorCode::Required));
    let dependent_children = errors.check(
        "civil_status.dependent_children",
        at_most(civil.dependent_children, MAX_DEPENDENT_CHILDREN),
    );
    let national_service = match (sex, civil.national_service) {
        (Some(Sex::Male), None) => {
            errors.push("civil_status.national_service", ErrorCode::Required);
            None
        }
        (Some(Sex::Female), Some(_)) => {
            errors.push("civil_status.national_service", ErrorCode::NationalServiceMenOnly);
            None
        }
        (_, service) => service,
    };

    let nin = errors.check("identity.nin", Nin::parse(&identity.nin));
    let id_document_type = errors
        .check("identity.id_document_type", identity.id_document_type.ok_or(ErrorCode::Required));
    let id_document_number =
        errors.check("identity.id_document_number", document_number(&identity.id_document_number));
    let issued_on = errors.check(
        "identity.id_document_issue_date",
        issue_date(&identity.id_document_issue_date, birth_date, today),
    );
    let social_security_number = errors.check(
        "identity.social_security_number",
        optional(&identity.social_security_number, social_security_number),
    );

    let mobile_phone =
        errors.check("contact.mobile_phone", PhoneNumber::parse(&contact.mobile_phone));
    let email = errors.check("contact.email", optional(&contact.email, Email::parse));
    let residence = place(
        reference,
        &mut errors,
        ("contact.residence_wilaya", contact.residence_wilaya),
        ("contact.residence_commune", &contact.residence_commune),
    );
    let address =
        errors.check("contact.address", FreeText::parse(&contact.address, ADDRESS_MAX_CHARS));

    let education_level = errors
        .check("education.education_level", education.education_level.ok_or(ErrorCode::Required));
    if education.diplomas.len() > MAX_DIPLOMAS {
        errors.push("education.diplomas", ErrorCode::TooMany);
    }
    let diplomas: Vec<Option<ValidDiploma>> = education
        .diplomas
        .iter()
        .enumerate()
        .take(MAX_DIPLOMAS)
        .map(|(index, diploma)| {
            let path = |name: &str| format!("education.diplomas.{index}.{name}");
            let text = |value: &str| FreeText::parse(value, DIPLOMA_TEXT_MAX_CHARS);
            let title = errors.check(&path("title"), text(&diploma.title));
            let field = errors.check(&path("field"), text(&diploma.field));
            let year = errors.check(&path("year"), diploma_year(&diploma.year, today));
            Some(ValidDiploma { title: title?, field: field?, year: year? })
        })
        .collect();
    let qualification_level = errors.check(
        "education.qualification_level",
        education.qualification_level.ok_or(ErrorCode::Required),
    );

    check_occupations(registration, reference, &mut errors);
    check_list("experience.languages", &experience.languages, &mut errors, |code| {
        KNOWN_LANGUAGES.contains(&code.trim()).then_some(()).ok_or(ErrorCode::UnknownLanguage)
    });
    check_list("experience.work_wilayas", &experience.work_wilayas, &mut errors, |code| {
        reference.has_wilaya(*code).then_some(()).ok_or(ErrorCode::UnknownWilaya)
    });
    let licences: HashSet<_> = experience.driving_licences.iter().collect();
    if licences.len() != experience.driving_licences.len() {
        errors.push("experience.driving_licences", ErrorCode::Duplicate);
    }
    if experience.adapted_work && !experience.disability {
        errors.push("experience.adapted_work", ErrorCode::AdaptedWorkNeedsDisability);
    }
    if !registration.consent.data_processing {
        errors.push("consent.data_processing", ErrorCode::ConsentRequired);
    }

    if !errors.is_empty() {
        return Err(errors.into_vec());
    }
    let missing = || vec![FieldError::new("", ErrorCode::Required)];
    let (residence_wilaya, residence_commune) = residence.ok_or_else(missing)?;
    let complete = (|| {
        Some(ValidRegistration {
            last_name_latin: last_name_latin?,
            first_name_latin: first_name_latin?,
            last_name_arabic: last_name_arabic?,
            first_name_arabic: first_name_arabic?,
            sex: sex?,
            birth_date: birth_date?,
            birth_date_presumed: civil.birth_date_presumed,
            birth_place: birth_place?,
            marital_status: marital_status?,
            dependent_children: dependent_children?,
            national_service,
            nin: nin?,
            id_document: IdDocument {
                kind: id_document_type?,
                number: id_document_number?,
                issued_on: issued_on?,
            },
            social_security_number: social_security_number?,
            mobile_phone: mobile_phone?,
            email: email?,
            residence_wilaya,
            residence_commune,
            address: address?,
            education_level: education_level?,
            diplomas: diplomas.into_iter().collect::<Option<Vec<_>>>()?,
            qualification_level: qualification_level?,
            occupations: experience.occupations.clone(),
            languages: experience.languages.clone(),
            driving_licences: experience.driving_licences.clone(),
            work_wilayas: experience.work_wilayas.clone(),
            disability: experience.disability,
            adapted_work: experience.adapted_work,
        })
    })();
    // Every `None` above recorded an error, so this is unreachable; it stays an error, not a panic.
    complete.ok_or_else(missing)
}

fn birth_place(
    registration: &Registration,
    reference: &dyn ReferenceLookup,
    errors: &mut Errors,
) -> Option<BirthPlace> {
    let civil = &registration.civil_status;
    let country = civil.birth_country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
        errors.push("civil_status.birth_country", ErrorCode::CountryFormat);
        return None;
    }
    if country != ALGERIA {
        if civil.birth_wilaya.is_some() {
            errors.push("civil_status.birth_wilaya", ErrorCode::PlaceOnlyInAlgeria);
        }
        if !civil.birth_commune.trim().is_empty() {
            errors.push("civil_status.birth_commune", ErrorCode::PlaceOnlyInAlgeria);
        }
        return Some(BirthPlace::Abroad { country });
    }
    let (wilaya, commune) = place(
        reference,
        errors,
        ("civil_status.birth_wilaya", civil.birth_wilaya),
        ("civil_status.birth_commune", &civil.birth_commune),
    )?;
    Some(BirthPlace::Algeria { wilaya, commune })
}

/// A wilaya and a commune of that wilaya, both from the reference data.
fn place(
    reference: &dyn ReferenceLookup,
    errors: &mut Errors,
    (wilaya_field, wilaya): (&str, Option<u8>),
    (commune_field, commune): (&str, &str),
) -> Option<(u8, String)> {
    let commune = commune.trim();
    let wilaya = errors.check(
        wilaya_field,
        match wilaya {
            None => Err(ErrorCode::Required),
            Some(code) if reference.has_wilaya(code) => Ok(code),
            Some(_) => Err(ErrorCode::UnknownWilaya),
        },
    );
    // An unknown wilaya says nothing about the commune: check it against any wilaya then.
    let in_wilaya = |code: &str| match wilaya {
        Some(wilaya) => reference.commune_in_wilaya(code, wilaya),
        None => reference.commune_in_wilaya(code, 0).map(|_| true),
    };
    let commune = errors.check(
        commune_field,
        match commune {
            "" => Err(ErrorCode::Required),
            code => match in_wilaya(code) {
                None => Err(ErrorCode::UnknownCommune),
                Some(false) => Err(ErrorCode::CommuneNotInWilaya),
                Some(true) => Ok(code.to_owned()),
            },
        },
    );
    Some((wilaya?, commune?))
}

fn check_occupations(
    registration: &Registration,
    reference: &dyn ReferenceLookup,
    errors: &mut Errors,
) {
    let occupations = &registration.experience.occupations;
    if occupations.is_empty() {
        errors.push("experience.occupations", ErrorCode::Required);
    }
    if occupations.len() > MAX_OCCUPATIONS {
        errors.push("experience.occupations", ErrorCode::TooMany);
    }
    let mut seen = HashSet::new();
    for (index, wish) in occupations.iter().enumerate() {
        let code = wish.code.trim();
        let field = format!("experience.occupations.{index}.code");
        if code.is_empty() {
            errors.push(field, ErrorCode::Required);
        } else if !reference.has_occupation(code) {
            errors.push(field, ErrorCode::UnknownOccupation);
        } else if !seen.insert(code) {
            errors.push(field, ErrorCode::Duplicate);
        }
        if wish.years_of_experience > MAX_YEARS_OF_EXPERIENCE {
            errors.push(
                format!("experience.occupations.{index}.years_of_experience"),
                ErrorCode::OutOfRange,
            );
        }
    }
}

/// Each element checked, and no element twice.
fn check_list<T: Eq + std::hash::Hash>(
    field: &str,
    values: &[T],
    errors: &mut Errors,
    check: impl Fn(&T) -> Result<(), ErrorCode>,
) {
    let mut seen = HashSet::new();
    for (index, value) in values.iter().enumerate() {
        let result = check(value)
            .and_then(|()| seen.insert(value).then_some(()).ok_or(ErrorCode::Duplicate));
        errors.check(&format!("{field}.{index}"), result);
    }
}

fn at_most(value: u8, max: u8) -> Result<u8, ErrorCode> {
    if value <= max { Ok(value) } else { Err(ErrorCode::OutOfRange) }
}

/// An empty optional field is `None`; a filled one must parse.
fn optional<T>(
    value: &str,
    parse: impl Fn(&str) -> Result<T, ErrorCode>,
) -> Result<Option<T>, ErrorCode> {
    if value.trim().is_empty() { Ok(None) } else { parse(value).map(Some) }
}

/// Letters and digits, 5 to 20 of them once spaces are removed; kept upper-case.
fn document_number(input: &str) -> Result<String, ErrorCode> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(ErrorCode::Required);
    }
    let valid =
        (5..=20).contains(&compact.len()) && compact.chars().all(|c| c.is_ascii_alphanumeric());
    if valid { Ok(compact.to_ascii_uppercase()) } else { Err(ErrorCode::DocumentNumberFormat) }
}

fn issue_date(
    input: &str,
    birth: Option<CivilDate>,
    today: CivilDate,
) -> Result<CivilDate, ErrorCode> {
    let date = CivilDate::parse(input)?;
    if date > today {
        return Err(ErrorCode::DateInFuture);
    }
    if birth.is_some_and(|birth| date < birth) {
        return Err(ErrorCode::IssueDateBeforeBirth);
    }
    Ok(date)
}

/// Digits only, 8 to 15 of them: the structure of the number is not checked.
fn social_security_number(input: &str) -> Result<String, ErrorCode> {
    let digits: String =
        crate::validation::normalize_digits(input).chars().filter(|c| !c.is_whitespace()).collect();
    let valid = (8..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
    if valid { Ok(digits) } else { Err(ErrorCode::SocialSecurityFormat) }
}

fn diploma_year(input: &str, today: CivilDate) -> Result<i32, ErrorCode> {
    let year = parse_year(input)?;
    if (DIPLOMA_FIRST_YEAR..=today.year()).contains(&year) {
        Ok(year)
    } else {
        Err(ErrorCode::OutOfRange)
    }
}
