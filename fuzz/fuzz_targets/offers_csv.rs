//! An offers import file in CSV (`guichet-server offers import offres.csv`), read and validated
//! as the server does (`guichet_core::offers::file::validate_file`) against the built-in lists.
//!
//! Properties (beyond those of `guichet_fuzz::check_offers_file`): the same rows written as a
//! JSON import file give the same records, or the same errors.

#![no_main]

use guichet_core::offers::file::{Format, read_rows};
use guichet_core::reference::ReferenceData;
use guichet_fuzz::{check_offers_file, messages};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The server reads the file as UTF-8 text first (`read_to_string`).
    let Ok(text) = std::str::from_utf8(data) else { return };
    let reference = ReferenceData::builtin();
    let rows = read_rows(Format::Csv, text);
    let from_csv = check_offers_file(Format::Csv, text, &rows, reference);
    let Ok(rows) = rows else { return };
    let objects: Vec<_> = rows.into_iter().map(|(_, row)| row).collect();
    let json = serde_json::to_string(&objects).expect("rows serialize");
    let json_rows = read_rows(Format::Json, &json);
    let from_json = check_offers_file(Format::Json, &json, &json_rows, reference);
    match (&from_csv, &from_json) {
        (Ok(csv), Ok(json)) => assert_eq!(csv, json),
        (Err(csv), Err(json)) => assert_eq!(messages(csv), messages(json)),
        _ => panic!("CSV gave {from_csv:?}, the same rows in JSON {from_json:?}"),
    }
});
