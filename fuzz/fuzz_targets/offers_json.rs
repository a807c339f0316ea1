//! An offers import file in JSON (`guichet-server offers import offres.json`), read and
//! validated as the server does (`guichet_core::offers::file::validate_file`) against the
//! built-in lists, with the properties of `guichet_fuzz::check_offers_file`.

#![no_main]

use guichet_core::offers::file::{Format, read_rows};
use guichet_core::reference::ReferenceData;
use guichet_fuzz::check_offers_file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The server reads the file as UTF-8 text first (`read_to_string`).
    let Ok(text) = std::str::from_utf8(data) else { return };
    let rows = read_rows(Format::Json, text);
    let _ = check_offers_file(Format::Json, text, &rows, ReferenceData::builtin());
});
