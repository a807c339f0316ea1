//! ANEM's agency list as a CSV file (the columns of `reference/anem-agencies.csv`), read into
//! records with their line numbers; every row's errors are collected, never just the first.

use std::collections::HashMap;

/// The list bundled with the server: ANEM's 58 wilaya agencies and 273 local agencies.
pub const BUNDLED_LIST: &str = include_str!("../../../../reference/anem-agencies.csv");

/// The columns a list must have (others are ignored).
const COLUMNS: [&str; 10] = [
    "id",
    "type",
    "anem_wilaya_code",
    "name",
    "address",
    "phone",
    "email",
    "communes_served",
    "latitude",
    "longitude",
];

/// A wilaya agency (ANEM's AWEM) or a local one (ALEM), which serves communes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgencyKind {
    Wilaya,
    Local,
}

impl AgencyKind {
    /// The value stored in `agencies.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wilaya => "wilaya",
            Self::Local => "local",
        }
    }

    /// The stored value back; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "wilaya" => Some(Self::Wilaya),
            "local" => Some(Self::Local),
            _ => None,
        }
    }
}

/// One agency of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyRecord {
    /// The line of the file it was read from.
    pub line: usize,
    /// `16` (wilaya agency) or `16-05` (local agency).
    pub id: String,
    pub kind: AgencyKind,
    /// ANEM's wilaya, on the 58 wilayas of 2019 (not always the id's first two digits).
    pub anem_wilaya_code: u8,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// The communes it serves as ANEM spells them; empty for a wilaya agency.
    pub communes_served: Vec<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// What is wrong with one line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Reads every agency of `text`, or every error with its line.
pub fn read_agencies(text: &str) -> Result<Vec<AgencyRecord>, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|error| vec![csv_error(text, &error)])?.clone();
    let mut at = HashMap::new();
    let mut missing = Vec::new();
    for column in COLUMNS {
        match headers.iter().position(|header| header.trim() == column) {
            Some(index) => {
                at.insert(column, index);
            }
            None => missing.push(column),
        }
    }
    if !missing.is_empty() {
        let message = format!("missing column(s): {}", missing.join(", "));
        return Err(vec![LineError { line: 1, message }]);
    }
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                errors.push(csv_error(text, &error));
                continue;
            }
        };
        let line = row.position().map_or(0, |position| line_at(text, position));
        let get = |column: &str| at.get(column).and_then(|&index| row.get(index)).unwrap_or("");
        match read_row(line, get) {
            Ok(record) => {
                if let Some(first) = first_line_of.get(&record.id) {
                    let message = format!("id {} is already on line {first}", record.id);
                    errors.push(LineError { line, message });
                } else {
                    first_line_of.insert(record.id.clone(), line);
                    records.push(record);
                }
            }
            Err(messages) => {
                errors.extend(messages.into_iter().map(|message| LineError { line, message }))
            }
        }
    }
    if errors.is_empty() { Ok(records) } else { Err(errors) }
}

fn read_row<'a>(line: usize, get: impl Fn(&str) -> &'a str) -> Result<AgencyRecord, Vec<String>> {
    let mut errors = Vec::new();
    let id = get("id").trim().to_owned();
    let id_kind = id_kind(&id);
    if id_kind.is_none() {
        errors.push(format!("id: `{}` is not an agency id (WW or WW-NN)", excerpt(&id)));
    }
    let kind = match get("type").trim() {
        "AWEM" => Some(AgencyKind::Wilaya),
        "ALEM" => Some(AgencyKind::Local),
        other => {
            errors.push(format!("type: `{}` is neither AWEM nor ALEM", excerpt(other)));
            None
        }
    };
    if let (Some(kind), Some(id_kind)) = (kind, id_kind)
        && kind != id_kind
    {
        errors.push(format!("type: {} does not go with the id {id}", get("type").trim()));
    }
    let wilaya = get("anem_wilaya_code").trim();
    let anem_wilaya_code = wilaya.parse::<u8>().ok().filter(|code| (1..=58).contains(code));
    if anem_wilaya_code.is_none() {
        errors.push(format!(
            "anem_wilaya_code: `{}` is not an ANEM wilaya code (1 to 58)",
            excerpt(wilaya)
        ));
    }
    let name = get("name").trim().to_owned();
    if name.is_empty() {
        errors.push("name: empty".to_owned());
    }
    let communes_served: Vec<String> = get("communes_served")
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
    match kind {
        Some(AgencyKind::Wilaya) if !communes_served.is_empty() => errors.push(
            "communes_served: a wilaya agency serves no commune (its local agencies do)".to_owned(),
        ),
        Some(AgencyKind::Local) if communes_served.is_empty() => {
            errors
                .push("communes_served: a local agency must serve at least one commune".to_owned());
        }
        _ => {}
    }
    let latitude = coordinate("latitude", get("latitude"), 90.0, &mut errors);
    let longitude = coordinate("longitude", get("longitude"), 180.0, &mut errors);
    if get("latitude").trim().is_empty() != get("longitude").trim().is_empty() {
        errors.push("latitude, longitude: give both or neither".to_owned());
    }
    match (kind, anem_wilaya_code) {
        (Some(kind), Some(anem_wilaya_code)) if errors.is_empty() => Ok(AgencyRecord {
            line,
            id,
            kind,
            anem_wilaya_code,
            name,
            address: get("address").trim().to_owned(),
            phone: get("phone").trim().to_owned(),
            email: get("email").trim().to_owned(),
            communes_served,
            latitude,
            longitude,
        }),
        _ => Err(errors),
    }
}

/// `WW` is a wilaya agency, `WW-NN` a local one.
fn id_kind(id: &str) -> Option<AgencyKind> {
    let two_digits = |text: &str| text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit());
    match id.split_once('-') {
        None if two_digits(id) => Some(AgencyKind::Wilaya),
        Some((wilaya, number)) if two_digits(wilaya) && two_digits(number) => {
            Some(AgencyKind::Local)
        }
        _ => None,
    }
}

fn coordinate(column: &str, text: &str, bound: f64, errors: &mut Vec<String>) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() && value.abs() <= bound => Some(value),
        _ => {
            errors.push(format!("{column}: `{}` is not a coordinate", excerpt(text)));
            None
        }
    }
}

/// At most 40 characters of a faulty value: enough to find it, never a whole row.
fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

fn csv_error(text: &str, error: &csv::Error) -> LineError {
    let line = error.position().map_or(0, |position| line_at(text, position));
    LineError { line, message: format!("not readable as CSV: {error}") }
}

/// The line (from 1) of `text` a record starts on. csv's own line count lags by one after a
/// CRLF line end (the `\n` is consumed with the next record), and ANEM's file uses CRLF, so the
/// line is counted here from the record's byte offset.
pub(super) fn line_at(text: &str, position: &csv::Position) -> usize {
    let mut start = usize::try_from(position.byte()).unwrap_or(usize::MAX).min(text.len());
    while text.as_bytes().get(start).is_some_and(|byte| matches!(byte, b'\r' | b'\n')) {
        start += 1;
    }
    text.as_bytes()[..start].iter().filter(|byte| **byte == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "id,type,anem_wilaya_code,name,address,phone,email,communes_served,latitude,longitude";

    #[test]
    fn the_bundled_list_has_58_wilaya_and_273_local_agencies() {
        let records = read_agencies(BUNDLED_LIST).expect("the bundled list reads");
        let local = records.iter().filter(|record| record.kind == AgencyKind::Local).count();
        assert_eq!((records.len(), local), (331, 273));
        let without_coordinates = records.iter().filter(|record| record.latitude.is_none()).count();
        assert_eq!(without_coordinates, 2);
    }

    #[test]
    fn every_error_comes_with_its_line() {
        let text = [
            HEADER,
            "16,AWEM,16,AWEM Alger,Rue,(021),a@anem.dz,,36.7,3.0",
            "16-01,ALEM,16,ALEM Alger,Rue,(021),b@anem.dz,\"ALGER,EL BIAR\",36.7,3.0",
            "16-02,AWEM,99,,Rue,(021),c@anem.dz,,north,3.0",
            "16-01,ALEM,16,ALEM Bis,Rue,(021),d@anem.dz,KOUBA,,",
            "7,ALEM,16,ALEM Sept,Rue,(021),e@anem.dz,,,",
        ]
        .join("\n");
        let errors: Vec<String> = read_agencies(&text)
            .expect_err("broken rows")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                "line 4: type: AWEM does not go with the id 16-02",
                "line 4: anem_wilaya_code: `99` is not an ANEM wilaya code (1 to 58)",
                "line 4: name: empty",
                "line 4: latitude: `north` is not a coordinate",
                "line 5: id 16-01 is already on line 3",
                "line 6: id: `7` is not an agency id (WW or WW-NN)",
                "line 6: communes_served: a local agency must serve at least one commune",
            ]
        );
    }

    #[test]
    fn lines_are_counted_alike_with_crlf_and_lf() {
        let records = read_agencies(BUNDLED_LIST).expect("the bundled list reads");
        let lines: Vec<(usize, &str)> =
            records.iter().take(3).map(|record| (record.line, record.id.as_str())).collect();
        assert_eq!(lines, [(2, "01"), (3, "01-01"), (4, "01-02")]);
        let lf = BUNDLED_LIST.replace("\r\n", "\n");
        let records = read_agencies(&lf).expect("the list reads with LF too");
        assert_eq!(records[330].line, 332);
    }

    #[test]
    fn a_missing_column_is_named() {
        let errors = read_agencies("id,type,name\n16,AWEM,x\n").expect_err("columns missing");
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].message,
            "missing column(s): anem_wilaya_code, address, phone, email, communes_served, \
             latitude, longitude"
        );
    }
}
