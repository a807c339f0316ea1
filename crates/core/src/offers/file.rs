//! Reading an offers import file, CSV or JSON, into rows of column → text with the line each
//! row starts on, so every error can name its line.
//!
//! CSV: a header line with the column names of [`super::import::COLUMNS`], UTF-8,
//! comma-separated, RFC 4180 quoting. JSON: an array of objects with the same keys; numbers and
//! booleans are accepted where the CSV has text. [`validate_file`] then checks every row with
//! [`super::import::parse_row`]. Only with the `server` feature: the server reads the files (and
//! the fuzz targets read what it reads), the kiosk never does.

use std::collections::{BTreeMap, HashMap};

use serde_json::value::RawValue;

use super::{OfferRecord, import};
use crate::reference::ReferenceData;

/// A row as read, before validation.
pub type RawRow = BTreeMap<String, String>;

/// A problem found at a line of the file (line 0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// The formats `offers import` reads, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub fn from_file_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(Format::Csv)
        } else if lower.ends_with(".json") {
            Some(Format::Json)
        } else {
            None
        }
    }
}

/// Every row of the file with its first line, or every problem found reading it.
pub fn read_rows(format: Format, text: &str) -> Result<Vec<(usize, RawRow)>, Vec<LineError>> {
    match format {
        Format::Csv => read_csv(text),
        Format::Json => read_json(text),
    }
}

/// Validates every row of an import file: the records, or every error with its line. An
/// `external_id` may appear once in a file.
pub fn validate_file(
    format: Format,
    text: &str,
    reference: &ReferenceData,
) -> Result<Vec<OfferRecord>, Vec<LineError>> {
    let rows = read_rows(format, text)?;
    let mut records = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    for (line, row) in rows {
        match import::parse_row(&row, reference) {
            Ok(record) => {
                if let Some(first) = first_line_of.get(&record.external_id) {
                    errors.push(LineError {
                        line,
                        message: format!(
                            "external_id: {} is already on line {first}",
                            record.external_id
                        ),
                    });
                } else {
                    first_line_of.insert(record.external_id.clone(), line);
                    records.push(record);
                }
            }
            Err(field_errors) => errors.extend(
                field_errors
                    .into_iter()
                    .map(|error| LineError { line, message: error.to_string() }),
            ),
        }
    }
    if errors.is_empty() { Ok(records) } else { Err(errors) }
}

fn read_csv(text: &str) -> Result<Vec<(usize, RawRow)>, Vec<LineError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(|name| name.trim().to_owned()).collect(),
        Err(error) => return Err(vec![LineError { line: 1, message: csv_message(&error) }]),
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |position| position.line() as usize);
                let row = headers.iter().cloned().zip(record.iter().map(str::to_owned)).collect();
                rows.push((line, row));
            }
            Err(error) => {
                let line = error.position().map_or(0, |position| position.line() as usize);
                errors.push(LineError { line, message: csv_message(&error) });
            }
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// The CSV error without the record's content (which may hold anything).
fn csv_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("{len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_owned(),
        _ => "not valid CSV".to_owned(),
    }
}

fn read_json(text: &str) -> Result<Vec<(usize, RawRow)>, Vec<LineError>> {
    let elements: Vec<&RawValue> = serde_json::from_str(text).map_err(|error| {
        vec![LineError {
            line: error.line(),
            message: format!("not a JSON array of objects ({})", error.classify_name()),
        }]
    })?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for element in elements {
        // The element borrows from `text`: its offset gives its line.
        let offset = (element.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let line = text[..offset.min(text.len())].matches('\n').count() + 1;
        match json_row(element) {
            Ok(row) => rows.push((line, row)),
            Err(message) => errors.push(LineError { line, message }),
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

fn json_row(element: &RawValue) -> Result<RawRow, String> {
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(element.get())
        .map_err(|_| "expected an object of column names and values".to_owned())?;
    object
        .into_iter()
        .map(|(column, value)| {
            let text = match value {
                serde_json::Value::String(text) => text,
                serde_json::Value::Number(number) => number.to_string(),
                serde_json::Value::Bool(flag) => flag.to_string(),
                serde_json::Value::Null => String::new(),
                _ => return Err(format!("{column}: expected text, a number or true/false")),
            };
            Ok((column, text))
        })
        .collect()
}

/// `classify` as a word, for messages.
trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "unreadable",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "wrong shape",
            serde_json::error::Category::Eof => "ends too early",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_carry_their_line_even_across_quoted_newlines() {
        let text = "external_id,title_fr\nA-1,Maçon\nA-2,\"Chauffeur\nlivreur\"\nA-3,Cuisinier\n";
        let rows = read_rows(Format::Csv, text).expect("valid CSV");
        let lines: Vec<usize> = rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 3, 5]);
        assert_eq!(rows[1].1["title_fr"], "Chauffeur\nlivreur");
    }

    #[test]
    fn csv_shape_errors_name_their_line() {
        let text = "external_id,title_fr\nA-1,Maçon\nA-2\nA-3,x,y\n";
        let errors = read_rows(Format::Csv, text).expect_err("ragged rows");
        assert_eq!(
            errors,
            [
                LineError { line: 3, message: "1 fields where the header has 2".to_owned() },
                LineError { line: 4, message: "3 fields where the header has 2".to_owned() },
            ]
        );
    }

    #[test]
    fn json_rows_carry_their_line() {
        let text = "[\n  {\"external_id\": \"A-1\", \"wilaya\": 16, \"open_to_disabled\": true},\n\n  {\"external_id\": \"A-2\",\n   \"salary_min_dzd\": null}\n]";
        let rows = read_rows(Format::Json, text).expect("valid JSON");
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1["wilaya"], "16");
        assert_eq!(rows[0].1["open_to_disabled"], "true");
        assert_eq!(rows[1].0, 4);
        assert_eq!(rows[1].1["salary_min_dzd"], "");
    }

    #[test]
    fn json_errors_name_their_line() {
        let errors =
            read_rows(Format::Json, "[\n{\"a\": 1},\n{\"a\": [1]},\n3\n]").expect_err("bad");
        assert_eq!(
            errors,
            [
                LineError {
                    line: 3,
                    message: "a: expected text, a number or true/false".to_owned()
                },
                LineError {
                    line: 4,
                    message: "expected an object of column names and values".to_owned()
                },
            ]
        );
        let errors = read_rows(Format::Json, "[\n{\"a\": 1},\n{\"a\" 2}\n]").expect_err("syntax");
        assert_eq!(errors[0].line, 3);
    }

    const HEADER: &str = "external_id,title_fr,employer,wilaya,commune,occupation,sector,contract,published_at,expires_at";

    fn row(external_id: &str, wilaya: &str) -> String {
        format!(
            "{external_id},Maçon,SARL Bâtir,{wilaya},{wilaya}01,7112,btph,cdd,2026-11-01,2026-12-31"
        )
    }

    #[test]
    fn every_error_of_a_file_comes_with_its_line_and_duplicates_are_refused() {
        let text = [
            HEADER.to_owned(),
            row("A-1", "16"),
            row("A-2", "31"),
            row("A-1", "25"),
            row("A-3", "99"),
        ]
        .join("\n");
        let errors = validate_file(Format::Csv, &text, ReferenceData::builtin())
            .expect_err("a duplicate and a bad wilaya");
        let messages: Vec<String> =
            errors.iter().map(|error| format!("{}: {}", error.line, error.message)).collect();
        assert_eq!(
            messages,
            [
                "4: external_id: A-1 is already on line 2",
                "5: wilaya: `99` is not valid: expected a wilaya code (1 to 69)",
                "5: commune: 9901 is not a commune code of the reference list",
            ]
        );
    }

    #[test]
    fn a_valid_file_gives_one_record_per_row() {
        let text = [HEADER.to_owned(), row("A-1", "16"), row("A-2", "31")].join("\n");
        let records = validate_file(Format::Csv, &text, ReferenceData::builtin()).expect("valid");
        let ids: Vec<&str> = records.iter().map(|record| record.external_id.as_str()).collect();
        assert_eq!(ids, ["A-1", "A-2"]);
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::from_file_name("offres.CSV"), Some(Format::Csv));
        assert_eq!(Format::from_file_name("/tmp/x.json"), Some(Format::Json));
        assert_eq!(Format::from_file_name("x.xlsx"), None);
    }
}
