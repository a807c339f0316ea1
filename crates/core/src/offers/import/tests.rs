use guichet_protocol::offers::{EducationLevel, WorkingTime};

use super::*;

fn valid() -> BTreeMap<String, String> {
    [
        ("external_id", "ANEM-16-0042"),
        ("title_fr", "Maçon qualifié"),
        ("title_ar", "بنّاء مؤهل"),
        ("description_fr", "Chantier de logements"),
        ("employer", "SARL Bâtir"),
        ("wilaya", "16"),
        ("commune", "1601"),
        ("occupation", "7112"),
        ("sector", "btph"),
        ("contract", "cdd"),
        ("published_at", "2026-11-20"),
        ("expires_at", "2026-12-20"),
    ]
    .into_iter()
    .map(|(column, value)| (column.to_owned(), value.to_owned()))
    .collect()
}

fn parse(changes: &[(&str, &str)]) -> Result<OfferRecord, Vec<String>> {
    let mut row = valid();
    for (column, value) in changes {
        row.insert((*column).to_owned(), (*value).to_owned());
    }
    parse_row(&row, ReferenceData::builtin())
        .map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

#[test]
fn official_commune_codes_are_taken_with_or_without_their_leading_zero() {
    let record = parse(&[("wilaya", "59"), ("commune", "319")]).expect("valid");
    assert_eq!((record.wilaya, record.commune.as_str()), (59, "0319"));
    let record = parse(&[("wilaya", "69"), ("commune", "3208")]).expect("valid");
    assert_eq!((record.wilaya, record.commune.as_str()), (69, "3208"));
}

#[test]
fn a_minimal_row_gets_the_defaults() {
    let record = parse(&[]).expect("valid");
    assert_eq!(record.status, OfferStatus::Open);
    assert_eq!(record.working_time, WorkingTime::FullTime);
    assert_eq!(record.education, EducationLevel::None);
    assert_eq!(record.positions, 1);
    assert_eq!(record.experience_years, 0);
    assert_eq!(record.salary, None);
    assert_eq!(record.how_to_apply, HowToApply::AtAgency);
    assert!(!record.open_to_disabled);
    assert_eq!(record.title.ar.as_deref(), Some("بنّاء مؤهل"));
}

#[test]
fn every_optional_column() {
    let record = parse(&[
        ("status", "withdrawn"),
        ("working_time", "shifts"),
        ("experience_years", "3"),
        ("education", "vocational"),
        ("positions", "4"),
        ("salary_min_dzd", "40000"),
        ("salary_max_dzd", "55000"),
        ("driving_licence", "C"),
        ("open_to_disabled", "yes"),
        ("apply", "direct"),
        ("apply_instructions", "Se présenter au chantier, cité 500 logements"),
        ("published_at", "2026-11-20T08:00:00+01:00"),
    ])
    .expect("valid");
    assert_eq!(record.status, OfferStatus::Withdrawn);
    assert_eq!(record.salary, Some(SalaryRange { min_dzd: 40_000, max_dzd: 55_000 }));
    assert_eq!(record.driving_licence.as_deref(), Some("C"));
    assert!(matches!(record.how_to_apply, HowToApply::Direct { .. }));
    assert_eq!(record.published_at, dates::parse_instant("2026-11-20T07:00:00Z").unwrap_or(0));
}

#[test]
fn each_bad_value_names_its_column() {
    #[track_caller]
    fn check(changes: &[(&str, &str)], expected: &[&str]) {
        assert_eq!(
            parse(changes).map(|_| ()),
            Err(expected.iter().map(|e| (*e).to_owned()).collect()),
            "{changes:?}"
        );
    }
    check(&[("external_id", "")], &["external_id: required"]);
    check(&[("external_id", "a b")], &["external_id: at most 64 letters, digits, - _ . or /"]);
    check(&[("status", "closed")], &["status: `closed` is not valid: expected open or withdrawn"]);
    check(
        &[("title_fr", ""), ("title_ar", " ")],
        &["title_fr: an offer needs a title in French (title_fr) or Arabic (title_ar)"],
    );
    check(&[("wilaya", "70")], &["wilaya: `70` is not valid: expected a wilaya code (1 to 69)"]);
    check(&[("commune", "3101")], &["commune: 3101 is in wilaya 31, not in wilaya 16"]);
    check(
        &[("wilaya", "3"), ("commune", "319")],
        &["commune: 319 is in wilaya 59, not in wilaya 3"],
    );
    check(&[("commune", "1699")], &["commune: 1699 is not a commune code of the reference list"]);
    check(
        &[("occupation", "9999")],
        &[
            "occupation: `9999` is not valid: expected an occupation code (ISCO-08) of the reference list",
        ],
    );
    check(
        &[("contract", "CDI")],
        &[
            "contract: `CDI` is not valid: expected a contract type (cdi, cdd, cta, daip-cid, daip-cip, daip-cfi, seasonal)",
        ],
    );
    check(
        &[("positions", "0")],
        &["positions: `0` is not valid: expected a whole number from 1 to 10000"],
    );
    check(
        &[("experience_years", "-1")],
        &["experience_years: `-1` is not valid: expected a whole number from 0 to 50"],
    );
    check(
        &[("salary_min_dzd", "40000")],
        &["salary_max_dzd: give both salary_min_dzd and salary_max_dzd, or neither"],
    );
    check(
        &[("salary_min_dzd", "60000"), ("salary_max_dzd", "50000")],
        &["salary_max_dzd: smaller than salary_min_dzd"],
    );
    check(
        &[("driving_licence", "Z")],
        &[
            "driving_licence: `Z` is not valid: expected a licence category: A1, A, B, BE, C1, C, CE, D, DE or F",
        ],
    );
    check(&[("apply", "direct")], &["apply_instructions: required when apply is direct"]);
    check(&[("apply_instructions", "call")], &["apply_instructions: only for apply = direct"]);
    check(
        &[("published_at", "20/11/2026")],
        &[
            "published_at: `20/11/2026` is not valid: expected a date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
        ],
    );
    check(&[("expires_at", "2026-11-01")], &["expires_at: must be after published_at"]);
    check(
        &[("salary", "1")],
        &[
            "salary: unknown column; the columns are external_id, status, title_fr, title_ar, description_fr, description_ar, employer, wilaya, commune, occupation, sector, contract, working_time, experience_years, education, positions, salary_min_dzd, salary_max_dzd, driving_licence, open_to_disabled, apply, apply_instructions, published_at, expires_at",
        ],
    );
}

#[test]
fn every_problem_of_a_row_is_reported_at_once() {
    let errors = parse(&[("wilaya", "0"), ("occupation", ""), ("expires_at", "")])
        .expect_err("three problems");
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].starts_with("wilaya:"));
    assert_eq!(errors[1], "occupation: required");
    assert_eq!(errors[2], "expires_at: required");
}
