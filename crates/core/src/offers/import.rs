//! One row of an offers import file (CSV or JSON, read by the server into column → text pairs)
//! checked against the reference lists and turned into an [`OfferRecord`].
//!
//! Every problem of a row is reported, each naming its column, so an operator fixes a file in
//! one pass. Empty text counts as absent. Unknown columns are errors: a misspelt optional
//! column would otherwise be silently ignored.

use std::collections::BTreeMap;
use std::fmt;

use guichet_protocol::offers::{HowToApply, LocalizedText, SalaryRange};

use super::{OfferRecord, OfferStatus, dates, parse_education, parse_working_time};
use crate::reference::{ReferenceData, commune_code};

/// The columns an import file may have, in the order the documentation lists them.
pub const COLUMNS: [&str; 24] = [
    "external_id",
    "status",
    "title_fr",
    "title_ar",
    "description_fr",
    "description_ar",
    "employer",
    "wilaya",
    "commune",
    "occupation",
    "sector",
    "contract",
    "working_time",
    "experience_years",
    "education",
    "positions",
    "salary_min_dzd",
    "salary_max_dzd",
    "driving_licence",
    "open_to_disabled",
    "apply",
    "apply_instructions",
    "published_at",
    "expires_at",
];

/// Driving licence categories of the Algerian licence.
const LICENCE_CATEGORIES: [&str; 10] = ["A1", "A", "B", "BE", "C1", "C", "CE", "D", "DE", "F"];
const MAX_TEXT_CHARS: usize = 4_000;
const MAX_SHORT_TEXT_CHARS: usize = 200;

/// A problem with one column of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub column: String,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.column, self.message)
    }
}

/// Validates one row: column name → text, as read from the file.
pub fn parse_row(
    row: &BTreeMap<String, String>,
    reference: &ReferenceData,
) -> Result<OfferRecord, Vec<FieldError>> {
    let mut row = Row { values: row, errors: Vec::new() };
    for column in row.values.keys() {
        if !COLUMNS.contains(&column.as_str()) {
            row.errors.push(FieldError {
                column: column.clone(),
                message: format!("unknown column; the columns are {}", COLUMNS.join(", ")),
            });
        }
    }

    let external_id = row.required("external_id").and_then(|text| {
        let valid = text.len() <= 64
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
        row.check(valid, "external_id", "at most 64 letters, digits, - _ . or /")
            .then(|| text.to_owned())
    });
    let status = match row.optional("status") {
        None => Some(OfferStatus::Open),
        Some(text) => row.parsed("status", OfferStatus::parse(text), "open or withdrawn"),
    };
    let title = LocalizedText {
        fr: row.text("title_fr", MAX_SHORT_TEXT_CHARS),
        ar: row.text("title_ar", MAX_SHORT_TEXT_CHARS),
    };
    if title.fr.is_none()
        && title.ar.is_none()
        && !row.has_error("title_fr")
        && !row.has_error("title_ar")
    {
        row.error("title_fr", "an offer needs a title in French (title_fr) or Arabic (title_ar)");
    }
    let description = LocalizedText {
        fr: row.text("description_fr", MAX_TEXT_CHARS),
        ar: row.text("description_ar", MAX_TEXT_CHARS),
    };
    let employer = row.required("employer").map(str::to_owned);
    if employer.as_ref().is_some_and(|text| text.chars().count() > MAX_SHORT_TEXT_CHARS) {
        row.error("employer", "longer than 200 characters");
    }

    let wilaya = row.required("wilaya").and_then(|text| {
        let code = text.parse::<u8>().ok().filter(|code| reference.wilaya(*code).is_some());
        let last = reference.wilayas().last().map_or(0, |wilaya| wilaya.code);
        row.parsed("wilaya", code, &format!("a wilaya code (1 to {last})"))
    });
    let commune = row.required("commune").and_then(|text| {
        // Official codes are written with or without their leading zero (`310`, `0310`).
        let found = commune_code(text).and_then(|code| reference.commune(&code));
        let Some(commune) = found else {
            row.error("commune", &format!("{text} is not a commune code of the reference list"));
            return None;
        };
        if let Some(wilaya) = wilaya
            && commune.wilaya != wilaya
        {
            let today = commune.wilaya;
            row.error("commune", &format!("{text} is in wilaya {today}, not in wilaya {wilaya}"));
            return None;
        }
        Some(commune.code.clone())
    });
    let occupation = row.required("occupation").and_then(|text| {
        let known = reference.occupation(text).map(|occupation| occupation.code.clone());
        row.parsed("occupation", known, "an occupation code (ISCO-08) of the reference list")
    });
    let sector = row.required("sector").and_then(|text| {
        let known = reference.sector(text).map(|sector| sector.code.clone());
        row.parsed("sector", known, "a sector code of the reference list")
    });
    let contract = row.required("contract").and_then(|text| {
        let known = reference.contract_type(text).map(|contract| contract.code.clone());
        row.parsed(
            "contract",
            known,
            "a contract type (cdi, cdd, cta, daip-cid, daip-cip, daip-cfi, seasonal)",
        )
    });
    let working_time = match row.optional("working_time") {
        None => Some(guichet_protocol::offers::WorkingTime::FullTime),
        Some(text) => {
            row.parsed("working_time", parse_working_time(text), "full_time, part_time or shifts")
        }
    };
    let experience_years = row.number::<u8>("experience_years", 0, 0, 50);
    let education = match row.optional("education") {
        None => Some(guichet_protocol::offers::EducationLevel::None),
        Some(text) => row.parsed(
            "education",
            parse_education(text),
            "none, primary, middle, secondary, baccalaureate, vocational, licence, master or doctorate",
        ),
    };
    let positions = row.number::<u16>("positions", 1, 1, 10_000);
    let salary = row.salary();
    let driving_licence = match row.optional("driving_licence") {
        None => Some(None),
        Some(text) => {
            let known = LICENCE_CATEGORIES.contains(&text).then(|| text.to_owned());
            row.parsed(
                "driving_licence",
                known,
                "a licence category: A1, A, B, BE, C1, C, CE, D, DE or F",
            )
            .map(Some)
        }
    };
    let open_to_disabled = match row.optional("open_to_disabled") {
        None => Some(false),
        Some(text) => row.parsed("open_to_disabled", parse_bool(text), "yes or no"),
    };
    let how_to_apply = row.how_to_apply();
    let published_at = row.required("published_at").and_then(|text| {
        row.parsed(
            "published_at",
            dates::parse_instant(text),
            "a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
        )
    });
    let expires_at = row.required("expires_at").and_then(|text| {
        row.parsed(
            "expires_at",
            dates::parse_instant(text),
            "a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
        )
    });
    if let (Some(published), Some(expires)) = (published_at, expires_at)
        && expires <= published
    {
        row.error("expires_at", "must be after published_at");
    }

    if !row.errors.is_empty() {
        return Err(row.errors);
    }
    match (
        external_id,
        status,
        employer,
        wilaya,
        commune,
        occupation,
        sector,
        contract,
        working_time,
        experience_years,
        education,
        positions,
        salary,
        driving_licence,
        open_to_disabled,
        how_to_apply,
        published_at,
        expires_at,
    ) {
        (
            Some(external_id),
            Some(status),
            Some(employer),
            Some(wilaya),
            Some(commune),
            Some(occupation),
            Some(sector),
            Some(contract),
            Some(working_time),
            Some(experience_years),
            Some(education),
            Some(positions),
            Some(salary),
            Some(driving_licence),
            Some(open_to_disabled),
            Some(how_to_apply),
            Some(published_at),
            Some(expires_at),
        ) => Ok(OfferRecord {
            external_id,
            status,
            title,
            description,
            employer,
            wilaya,
            commune,
            occupation,
            sector,
            contract,
            working_time,
            experience_years,
            education,
            positions,
            salary,
            driving_licence,
            open_to_disabled,
            how_to_apply,
            published_at,
            expires_at,
        }),
        // Every `None` above came with an error, so this arm is unreachable in practice; it
        // still answers with an error rather than a panic.
        _ => Err(vec![FieldError {
            column: "external_id".to_owned(),
            message: "invalid row".to_owned(),
        }]),
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" | "oui" => Some(true),
        "no" | "false" | "0" | "non" => Some(false),
        _ => None,
    }
}

struct Row<'a> {
    values: &'a BTreeMap<String, String>,
    errors: Vec<FieldError>,
}

impl<'a> Row<'a> {
    fn optional(&self, column: &str) -> Option<&'a str> {
        self.values.get(column).map(|text| text.trim()).filter(|text| !text.is_empty())
    }

    fn required(&mut self, column: &str) -> Option<&'a str> {
        let value = self.optional(column);
        if value.is_none() {
            self.error(column, "required");
        }
        value
    }

    fn text(&mut self, column: &str, max_chars: usize) -> Option<String> {
        let text = self.optional(column)?;
        if text.chars().count() > max_chars {
            self.error(column, &format!("longer than {max_chars} characters"));
            return None;
        }
        Some(text.to_owned())
    }

    fn number<T: std::str::FromStr + PartialOrd + Copy + fmt::Display>(
        &mut self,
        column: &str,
        default: T,
        min: T,
        max: T,
    ) -> Option<T> {
        let Some(text) = self.optional(column) else { return Some(default) };
        let value = text.parse::<T>().ok().filter(|value| *value >= min && *value <= max);
        self.parsed(column, value, &format!("a whole number from {min} to {max}"))
    }

    fn salary(&mut self) -> Option<Option<SalaryRange>> {
        let min = self.number::<u32>("salary_min_dzd", 0, 1, 10_000_000);
        let max = self.number::<u32>("salary_max_dzd", 0, 1, 10_000_000);
        let (min_given, max_given) =
            (self.optional("salary_min_dzd").is_some(), self.optional("salary_max_dzd").is_some());
        match (min, max, min_given, max_given) {
            (_, _, false, false) => Some(None),
            (Some(min_dzd), Some(max_dzd), true, true) if min_dzd <= max_dzd => {
                Some(Some(SalaryRange { min_dzd, max_dzd }))
            }
            (Some(_), Some(_), true, true) => {
                self.error("salary_max_dzd", "smaller than salary_min_dzd");
                None
            }
            (Some(_), Some(_), _, _) => {
                let missing = if min_given { "salary_max_dzd" } else { "salary_min_dzd" };
                self.error(missing, "give both salary_min_dzd and salary_max_dzd, or neither");
                None
            }
            _ => None,
        }
    }

    fn how_to_apply(&mut self) -> Option<HowToApply> {
        let instructions = self.text("apply_instructions", MAX_SHORT_TEXT_CHARS);
        match (self.optional("apply"), instructions) {
            (None | Some("agency"), None) => Some(HowToApply::AtAgency),
            (None | Some("agency"), Some(_)) => {
                self.error("apply_instructions", "only for apply = direct");
                None
            }
            (Some("direct"), Some(instructions)) => Some(HowToApply::Direct { instructions }),
            (Some("direct"), None) => {
                if !self.has_error("apply_instructions") {
                    self.error("apply_instructions", "required when apply is direct");
                }
                None
            }
            (Some(_), _) => {
                self.error("apply", "agency or direct");
                None
            }
        }
    }

    fn parsed<T>(&mut self, column: &str, value: Option<T>, expected: &str) -> Option<T> {
        if value.is_none() {
            let got = self.optional(column).unwrap_or_default();
            // Echo at most a short, single-line excerpt of what was found.
            let excerpt: String = got.chars().take(40).filter(|c| !c.is_control()).collect();
            self.error(column, &format!("`{excerpt}` is not valid: expected {expected}"));
        }
        value
    }

    fn check(&mut self, ok: bool, column: &str, expected: &str) -> bool {
        if !ok {
            self.error(column, expected);
        }
        ok
    }

    fn has_error(&self, column: &str) -> bool {
        self.errors.iter().any(|error| error.column == column)
    }

    fn error(&mut self, column: &str, message: &str) {
        self.errors.push(FieldError { column: column.to_owned(), message: message.to_owned() });
    }
}

#[cfg(test)]
mod tests;
