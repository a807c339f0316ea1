//! Reading an offers import file, CSV or JSON, into rows of column → text with the line each
//! row starts on, so every error can name its line.
//!
//! CSV: a header line with the column names of `guichet_core::offers::import::COLUMNS`, UTF-8,
//! comma-separated, RFC 4180 quoting. JSON: an array of objects with the same keys; numbers and
//! booleans are accepted where the CSV has text.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

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

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::from_file_name("offres.CSV"), Some(Format::Csv));
        assert_eq!(Format::from_file_name("/tmp/x.json"), Some(Format::Json));
        assert_eq!(Format::from_file_name("x.xlsx"), None);
    }
}
