//! The fields a counsellor may correct after checking the identity document, by their path in
//! the registration (the same paths as the kiosk's field errors, so the same messages apply).
//!
//! Only free-text fields typed by the person: choices (sex, levels, lists) are redone at the
//! kiosk or in the agency's central system, not patched here.

use guichet_protocol::registration::Registration;

/// A correctable field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditableField {
    LastNameLatin,
    FirstNameLatin,
    LastNameArabic,
    FirstNameArabic,
    BirthDate,
    Nin,
    IdDocumentNumber,
    IdDocumentIssueDate,
    SocialSecurityNumber,
    MobilePhone,
    Email,
    Address,
}

impl EditableField {
    pub const ALL: [EditableField; 12] = [
        EditableField::LastNameLatin,
        EditableField::FirstNameLatin,
        EditableField::LastNameArabic,
        EditableField::FirstNameArabic,
        EditableField::BirthDate,
        EditableField::Nin,
        EditableField::IdDocumentNumber,
        EditableField::IdDocumentIssueDate,
        EditableField::SocialSecurityNumber,
        EditableField::MobilePhone,
        EditableField::Email,
        EditableField::Address,
    ];

    /// The field's path, as in the core's `FieldError::field`.
    pub fn path(self) -> &'static str {
        match self {
            EditableField::LastNameLatin => "civil_status.last_name_latin",
            EditableField::FirstNameLatin => "civil_status.first_name_latin",
            EditableField::LastNameArabic => "civil_status.last_name_arabic",
            EditableField::FirstNameArabic => "civil_status.first_name_arabic",
            EditableField::BirthDate => "civil_status.birth_date",
            EditableField::Nin => "identity.nin",
            EditableField::IdDocumentNumber => "identity.id_document_number",
            EditableField::IdDocumentIssueDate => "identity.id_document_issue_date",
            EditableField::SocialSecurityNumber => "identity.social_security_number",
            EditableField::MobilePhone => "contact.mobile_phone",
            EditableField::Email => "contact.email",
            EditableField::Address => "contact.address",
        }
    }

    pub fn from_path(path: &str) -> Option<EditableField> {
        EditableField::ALL.into_iter().find(|field| field.path() == path)
    }

    /// The field's current value.
    pub fn get(self, registration: &Registration) -> &str {
        let civil = &registration.civil_status;
        let identity = &registration.identity;
        let contact = &registration.contact;
        match self {
            EditableField::LastNameLatin => &civil.last_name_latin,
            EditableField::FirstNameLatin => &civil.first_name_latin,
            EditableField::LastNameArabic => &civil.last_name_arabic,
            EditableField::FirstNameArabic => &civil.first_name_arabic,
            EditableField::BirthDate => &civil.birth_date,
            EditableField::Nin => &identity.nin,
            EditableField::IdDocumentNumber => &identity.id_document_number,
            EditableField::IdDocumentIssueDate => &identity.id_document_issue_date,
            EditableField::SocialSecurityNumber => &identity.social_security_number,
            EditableField::MobilePhone => &contact.mobile_phone,
            EditableField::Email => &contact.email,
            EditableField::Address => &contact.address,
        }
    }

    /// Sets the field to `value` (trimmed) and returns the previous value.
    pub fn set(self, registration: &mut Registration, value: &str) -> String {
        let civil = &mut registration.civil_status;
        let identity = &mut registration.identity;
        let contact = &mut registration.contact;
        let slot = match self {
            EditableField::LastNameLatin => &mut civil.last_name_latin,
            EditableField::FirstNameLatin => &mut civil.first_name_latin,
            EditableField::LastNameArabic => &mut civil.last_name_arabic,
            EditableField::FirstNameArabic => &mut civil.first_name_arabic,
            EditableField::BirthDate => &mut civil.birth_date,
            EditableField::Nin => &mut identity.nin,
            EditableField::IdDocumentNumber => &mut identity.id_document_number,
            EditableField::IdDocumentIssueDate => &mut identity.id_document_issue_date,
            EditableField::SocialSecurityNumber => &mut identity.social_security_number,
            EditableField::MobilePhone => &mut contact.mobile_phone,
            EditableField::Email => &mut contact.email,
            EditableField::Address => &mut contact.address,
        };
        std::mem::replace(slot, value.trim().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_round_trips_through_its_path_and_its_value() {
        for field in EditableField::ALL {
            assert_eq!(EditableField::from_path(field.path()), Some(field));
            let mut registration = Registration::default();
            let old = field.set(&mut registration, &format!("  {} ", field.path()));
            assert_eq!(old, "");
            assert_eq!(field.get(&registration), field.path());
        }
        assert_eq!(EditableField::from_path("consent.data_processing"), None);
    }
}
