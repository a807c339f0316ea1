//! The export of confirmed registrations for the agency's central system: CSV, UTF-8 with a
//! byte-order mark (so spreadsheet software reads the Arabic names right), one row per
//! registration, columns named for machines (stable, not translated).

use guichet_core::validation::PhoneNumber;

use super::ExportRow;

/// The columns, in order.
pub const COLUMNS: [&str; 16] = [
    "registration_number",
    "confirmed_on",
    "agency_id",
    "reference",
    "client_id",
    "last_name_latin",
    "first_name_latin",
    "last_name_arabic",
    "first_name_arabic",
    "birth_date",
    "nin",
    "mobile_phone",
    "email",
    "residence_commune",
    "address",
    "counsellor",
];

/// The file's bytes: BOM, header line, rows.
pub fn csv(rows: &[ExportRow]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    // Writing to a Vec cannot fail; a failed record would only shorten the file.
    let _ = writer.write_record(COLUMNS);
    for row in rows {
        let registration = &row.registration;
        let civil = &registration.civil_status;
        let phone = PhoneNumber::parse(&registration.contact.mobile_phone)
            .map_or_else(|_| registration.contact.mobile_phone.clone(), |p| p.e164().to_owned());
        let _ = writer.write_record([
            row.number.as_str(),
            &row.confirmed_on,
            &row.agency_id,
            &row.reference,
            &row.client_id,
            &civil.last_name_latin,
            &civil.first_name_latin,
            &civil.last_name_arabic,
            &civil.first_name_arabic,
            &civil.birth_date,
            &registration.identity.nin,
            &phone,
            &registration.contact.email,
            &registration.contact.residence_commune,
            &registration.contact.address,
            &row.counsellor_name,
        ]);
    }
    writer.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use guichet_protocol::registration::Registration;

    use super::*;

    #[test]
    fn the_file_starts_with_a_bom_and_quotes_what_needs_it() {
        let mut registration = Registration::default();
        registration.civil_status.last_name_arabic = "بن علي".into();
        registration.contact.address = "12, rue \"Didouche\"".into();
        registration.contact.mobile_phone = "0550 12 34 56".into();
        let row = ExportRow {
            number: "16-05/2026/000001".into(),
            confirmed_on: "2026-11-29".into(),
            agency_id: "16-05".into(),
            client_id: "c".into(),
            reference: "R".into(),
            counsellor_name: "Amina".into(),
            registration,
        };
        let bytes = csv(&[row]);
        assert!(bytes.starts_with(b"\xEF\xBB\xBFregistration_number,confirmed_on,"));
        let text = String::from_utf8(bytes).expect("UTF-8");
        let line = text.lines().nth(1).expect("a row");
        assert_eq!(
            line,
            "16-05/2026/000001,2026-11-29,16-05,R,c,,,بن علي,,,,+213550123456,,,\"12, rue \"\"Didouche\"\"\",Amina"
        );
    }
}
