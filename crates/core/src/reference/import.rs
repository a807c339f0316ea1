//! Checking the rows of reference files the agency imports (`guichet-server reference import`):
//! every row parsed, every error reported with its line and column, nothing kept unless all are
//! valid. The server reads the files and stores the version; the rules live here.
//!
//! Columns are found by name (a header line); columns not named here (such as `created` in the
//! official wilaya file) are ignored. An English name, when absent, is the French one.

use std::collections::{BTreeMap, HashSet};

use guichet_protocol::reference::{Commune, Labels, Occupation, Wilaya};

use super::commune_code;

/// A row as read from a file: column → text.
pub type Row = BTreeMap<String, String>;

/// One problem, at a line of one file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {column}: {message}")]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub message: String,
}

/// A code and its names, the shape of occupation groups, sectors and contract types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub code: String,
    pub name: Labels,
}

/// The wilayas of a file: `code` (1 to 99), `name_fr`, `name_ar`, optional `name_en`.
pub fn parse_wilayas(rows: &[(usize, Row)]) -> Result<Vec<Wilaya>, Vec<RowError>> {
    let mut reader = Reader::default();
    let wilayas = rows
        .iter()
        .filter_map(|(line, row)| {
            let mut at = reader.at(*line, row);
            let code = at.required("code").and_then(|text| {
                let code = text.parse::<u8>().ok().filter(|code| (1..=99).contains(code));
                at.expect("code", code, "a wilaya number from 1 to 99")
            });
            let name = at.labels();
            let code = at.unique("code", code?)?;
            Some(Wilaya { code, name: name? })
        })
        .collect();
    reader.finish(wilayas)
}

/// The communes of a file: `code` (the official code, 3 or 4 digits), `wilaya_code` (one of
/// `wilayas`), `daira`, `name_fr`, `name_ar`, optional `postal_code` (5 digits) and `name_en`.
pub fn parse_communes(
    rows: &[(usize, Row)],
    wilayas: &[Wilaya],
) -> Result<Vec<Commune>, Vec<RowError>> {
    let known: HashSet<u8> = wilayas.iter().map(|wilaya| wilaya.code).collect();
    let mut reader = Reader::default();
    let communes = rows
        .iter()
        .filter_map(|(line, row)| {
            let mut at = reader.at(*line, row);
            let code = at.required("code").and_then(|text| {
                at.expect("code", commune_code(text), "an official commune code of 3 or 4 digits")
            });
            let wilaya = at.required("wilaya_code").and_then(|text| {
                let code = text.parse::<u8>().ok().filter(|code| known.contains(code));
                at.expect("wilaya_code", code, "the code of a wilaya of the wilaya file")
            });
            let daira = at.required("daira").map(str::to_owned);
            let postal_code = at.optional("postal_code").map(str::to_owned).unwrap_or_default();
            let postal_ok = postal_code.is_empty()
                || (postal_code.len() == 5 && postal_code.bytes().all(|b| b.is_ascii_digit()));
            if !postal_ok {
                at.error("postal_code", &format!("`{postal_code}` is not five digits"));
            }
            let name = at.labels();
            let code = at.unique("code", code?)?;
            postal_ok.then_some(())?;
            Some(Commune { code, wilaya: wilaya?, daira: daira?, postal_code, name: name? })
        })
        .collect();
    reader.finish(communes)
}

/// Codes with names (occupation groups, sectors, contract types): `code`, `name_fr`,
/// `name_ar`, optional `name_en`.
pub fn parse_named(rows: &[(usize, Row)]) -> Result<Vec<Named>, Vec<RowError>> {
    let mut reader = Reader::default();
    let named = rows
        .iter()
        .filter_map(|(line, row)| {
            let mut at = reader.at(*line, row);
            let code = at.required("code").map(str::to_owned);
            let name = at.labels();
            let code = at.unique("code", code?)?;
            Some(Named { code, name: name? })
        })
        .collect();
    reader.finish(named)
}

/// Occupations: `code` (ISCO-08, four digits), `group` (one of `groups`), the names.
pub fn parse_occupations(
    rows: &[(usize, Row)],
    groups: &[String],
) -> Result<Vec<Occupation>, Vec<RowError>> {
    let mut reader = Reader::default();
    let occupations = rows
        .iter()
        .filter_map(|(line, row)| {
            let mut at = reader.at(*line, row);
            let code = at.required("code").and_then(|text| {
                let valid = text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit());
                at.expect("code", valid.then(|| text.to_owned()), "an ISCO-08 code of four digits")
            });
            let group = at.required("group").and_then(|text| {
                let known = groups.iter().any(|group| group == text).then(|| text.to_owned());
                at.expect("group", known, "the code of an occupation group")
            });
            let name = at.labels();
            let code = at.unique("code", code?)?;
            Some(Occupation { code, group: group?, name: name? })
        })
        .collect();
    reader.finish(occupations)
}

/// Gathers the errors of one file and the codes seen so far.
#[derive(Default)]
struct Reader {
    errors: Vec<RowError>,
    seen: HashSet<String>,
}

struct At<'a> {
    reader: &'a mut Reader,
    line: usize,
    row: &'a Row,
}

impl Reader {
    fn at<'a>(&'a mut self, line: usize, row: &'a Row) -> At<'a> {
        At { reader: self, line, row }
    }

    fn finish<T>(self, values: Vec<T>) -> Result<Vec<T>, Vec<RowError>> {
        if self.errors.is_empty() { Ok(values) } else { Err(self.errors) }
    }
}

impl<'a> At<'a> {
    fn error(&mut self, column: &str, message: &str) {
        self.reader.errors.push(RowError {
            line: self.line,
            column: column.to_owned(),
            message: message.to_owned(),
        });
    }

    fn optional(&self, column: &str) -> Option<&'a str> {
        let row: &'a Row = self.row;
        row.get(column).map(|text| text.trim()).filter(|text| !text.is_empty())
    }

    fn required(&mut self, column: &str) -> Option<&'a str> {
        let row: &'a Row = self.row;
        let found = row.get(column).map(|text| text.trim()).filter(|text| !text.is_empty());
        if found.is_none() {
            self.error(column, "required");
        }
        found
    }

    fn expect<T>(&mut self, column: &str, value: Option<T>, expected: &str) -> Option<T> {
        if value.is_none() {
            let got: String = self.optional(column).unwrap_or_default().chars().take(40).collect();
            self.error(column, &format!("`{got}` is not valid: expected {expected}"));
        }
        value
    }

    /// `code` unless an earlier row of the file had it.
    fn unique<T: ToString>(&mut self, column: &str, code: T) -> Option<T> {
        if self.reader.seen.insert(code.to_string()) {
            Some(code)
        } else {
            self.error(column, &format!("{} is on an earlier line too", code.to_string()));
            None
        }
    }

    fn labels(&mut self) -> Option<Labels> {
        let fr = self.required("name_fr").map(str::to_owned);
        let ar = self.required("name_ar").map(str::to_owned);
        let (fr, ar) = (fr?, ar?);
        let en = self.optional("name_en").map_or_else(|| fr.clone(), str::to_owned);
        Some(Labels { ar, fr, en })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(header: &str, lines: &[&str]) -> Vec<(usize, Row)> {
        let columns: Vec<&str> = header.split(',').collect();
        lines
            .iter()
            .enumerate()
            .map(|(at, line)| {
                let row = columns
                    .iter()
                    .zip(line.split(','))
                    .map(|(column, value)| ((*column).to_owned(), value.to_owned()))
                    .collect();
                (at + 2, row)
            })
            .collect()
    }

    fn messages<T>(result: Result<T, Vec<RowError>>) -> Vec<String> {
        result.err().unwrap_or_default().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_official_files_are_read_whole() {
        let wilayas = include_str!("../../../../reference/wilayas.csv");
        let lines: Vec<&str> = wilayas.lines().skip(1).collect();
        let wilayas = parse_wilayas(&rows("code,name_fr,name_ar,created", &lines)).expect("valid");
        assert_eq!(wilayas.len(), 69);
        let communes = include_str!("../../../../reference/communes.csv");
        let lines: Vec<&str> = communes.lines().skip(1).collect();
        let header = "code,wilaya_code,daira,name_fr,name_ar,postal_code";
        let communes = parse_communes(&rows(header, &lines), &wilayas).expect("valid");
        assert_eq!(communes.len(), 1541);
        assert_eq!(communes.iter().find(|c| c.code == "0319").map(|c| c.wilaya), Some(59));
    }

    #[test]
    fn every_error_names_its_line_and_column() {
        let wilayas = rows("code,name_fr,name_ar", &["1,Adrar,أدرار", "70,X,", "1,Adrar,أدرار"]);
        assert_eq!(
            messages(parse_wilayas(&wilayas)),
            ["line 3: name_ar: required", "line 4: code: 1 is on an earlier line too",]
        );
        let known =
            parse_wilayas(&rows("code,name_fr,name_ar", &["16,Alger,الجزائر"])).expect("ok");
        let communes = rows(
            "code,wilaya_code,daira,name_fr,name_ar,postal_code",
            &[
                "1621,16,Dar El Beïda,Bab Ezzouar,باب الزوار,16024",
                "16x,16,D,N,ن,16000",
                "1622,17,D,N,ن,1600",
            ],
        );
        assert_eq!(
            messages(parse_communes(&communes, &known)),
            [
                "line 3: code: `16x` is not valid: expected an official commune code of 3 or 4 digits",
                "line 4: wilaya_code: `17` is not valid: expected the code of a wilaya of the wilaya file",
                "line 4: postal_code: `1600` is not five digits",
            ]
        );
    }

    #[test]
    fn occupations_need_a_known_group() {
        let groups = vec!["construction".to_owned()];
        let occupations = rows(
            "code,group,name_fr,name_ar,name_en",
            &["7112,construction,Maçon,بنّاء,Bricklayer", "711,nowhere,X,س,"],
        );
        assert_eq!(
            messages(parse_occupations(&occupations, &groups)),
            [
                "line 3: code: `711` is not valid: expected an ISCO-08 code of four digits",
                "line 3: group: `nowhere` is not valid: expected the code of an occupation group",
            ]
        );
    }
}
