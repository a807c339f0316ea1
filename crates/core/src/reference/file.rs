//! Reading a reference CSV file into rows of column → text with the line each row starts on.
//! UTF-8 (a byte-order mark is skipped), comma-separated, RFC 4180 quoting, a header line.
//! Only with the `server` feature: the server reads the files, the kiosk never does.

use super::import::{Row, RowError};

/// Every row with its line, or the problem that stopped the reading.
pub fn read_csv(text: &str) -> Result<Vec<(usize, Row)>, RowError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let unreadable = |error: &csv::Error| RowError {
        line: error.position().map_or(1, |position| position.line() as usize),
        column: "file".to_owned(),
        message: "not a readable CSV file".to_owned(),
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|error| unreadable(&error))?
        .iter()
        .map(|name| name.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| unreadable(&error))?;
        let line = record.position().map_or(0, |position| position.line() as usize);
        let row = headers.iter().cloned().zip(record.iter().map(str::to_owned)).collect();
        rows.push((line, row));
    }
    Ok(rows)
}
