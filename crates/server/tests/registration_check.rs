//! `guichet-server registration check FILE` as agency staff run it: on the valid fixture, and on
//! broken copies of it, each expected to print the right field errors in French and to fail.

#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::process::{Command, Output};

const FIXTURE: &str = include_str!("../../protocol/fixtures/registration-valid.json");
/// The age limits hold on the day of registration: fixed so the test does not age.
const ON: &str = "2026-11-29";

fn check_text(text: &str) -> Output {
    check_text_with(text, &[])
}

/// `registration check` with `extra` arguments; never a database from the environment.
fn check_text_with(text: &str, extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("registration.json");
    std::fs::write(&file, text).unwrap();
    Command::new(env!("CARGO_BIN_EXE_guichet-server"))
        .args(["registration", "check", "--on", ON])
        .args(extra)
        .arg(&file)
        .env("RUST_LOG", "trace")
        .env_remove("GUICHET_DATABASE_URL")
        .output()
        .unwrap()
}

/// A change that breaks the fixture, and the start of each line it must print.
type Case = (&'static str, Box<dyn FnOnce(&mut serde_json::Value)>, &'static [&'static str]);

fn broken(change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    change(&mut value);
    serde_json::to_string_pretty(&value).unwrap()
}

#[test]
fn the_fixture_is_valid() {
    let output = check_text(FIXTURE);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(stdout, "Inscription valide\n");
}

/// The fixture moved to a real commune (official code) of wilayas 1, 16 (Bab Ezzouar), 49 (created
/// in 2019) and 69 (created in 2026), as the place of birth and of residence.
#[test]
fn real_communes_of_old_and_new_wilayas_are_accepted() {
    for (wilaya, commune) in [(1, "0101"), (16, "1621"), (49, "4901"), (69, "3208")] {
        let text = broken(|v| {
            v["civil_status"]["birth_wilaya"] = wilaya.into();
            v["civil_status"]["birth_commune"] = commune.into();
            v["contact"]["residence_wilaya"] = wilaya.into();
            v["contact"]["residence_commune"] = commune.into();
        });
        let output = check_text(&text);
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(output.status.success(), "wilaya {wilaya}, commune {commune}: {stdout}");
        assert_eq!(stdout, "Inscription valide\n");
    }
}

#[test]
fn a_commune_that_never_existed_is_refused_naming_the_field() {
    let output = check_text(&broken(|v| v["contact"]["residence_commune"] = "9999".into()));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!output.status.success(), "{stdout}");
    assert!(
        stdout
            .starts_with("contact.residence_commune\tunknown_commune\tCette commune ne figure pas"),
        "{stdout}"
    );
}

/// With `--database-url`, the lists are the database's (a fresh one holds only the built-in
/// version): the same verdicts. `tests/api/reference.rs` checks a database with another version.
#[test]
fn with_a_database_the_check_reads_its_lists() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("guichet.sqlite3").display());
    let output = check_text_with(FIXTURE, &["--database-url", &url]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(stdout, "Inscription valide\n");
    let output = check_text_with(
        &broken(|v| v["contact"]["residence_commune"] = "9999".into()),
        &["--database-url", &url],
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!output.status.success(), "{stdout}");
    assert!(stdout.starts_with("contact.residence_commune\tunknown_commune\t"), "{stdout}");
    let output = check_text_with(FIXTURE, &["--database-url", "mysql://nowhere"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--database-url"), "{stderr}");
}

#[test]
fn broken_copies_print_each_field_error_and_fail() {
    let cases: [Case; 5] = [
        (
            "short NIN",
            Box::new(|v| v["identity"]["nin"] = "12345".into()),
            &["identity.nin\tnin_length\tLe NIN compte exactement 18 chiffres"],
        ),
        (
            "landline and woman doing national service",
            Box::new(|v| {
                v["contact"]["mobile_phone"] = "021 23 45 67".into();
                v["civil_status"]["sex"] = "female".into();
            }),
            &[
                "civil_status.national_service\tnational_service_men_only\tLe service national ne concerne que les hommes",
                "contact.mobile_phone\tphone_format\tIndiquez un numéro de mobile algérien",
            ],
        ),
        (
            "too young on the day",
            Box::new(|v| v["civil_status"]["birth_date"] = "2010-11-30".into()),
            &["civil_status.birth_date\ttoo_young\tIl faut avoir au moins 16 ans pour s'inscrire"],
        ),
        (
            "no consent, unknown occupation",
            Box::new(|v| {
                v["consent"]["data_processing"] = false.into();
                v["experience"]["occupations"][1]["code"] = "0000".into();
            }),
            &[
                "experience.occupations.1.code\tunknown_occupation\tCe métier ne figure pas dans la liste",
                "consent.data_processing\tconsent_required\tL'inscription n'est possible qu'avec votre accord",
            ],
        ),
        (
            "commune of another wilaya",
            Box::new(|v| v["contact"]["residence_commune"] = "0901".into()),
            &["contact.residence_commune\tcommune_not_in_wilaya\tCette commune n'appartient pas"],
        ),
    ];
    for (name, change, expected) in cases {
        let output = check_text(&broken(change));
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(!output.status.success(), "{name}: {stdout}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), expected.len() + 1, "{name}: {stdout}");
        for (line, prefix) in lines.iter().zip(expected) {
            assert!(line.starts_with(prefix), "{name}: {line:?} should start with {prefix:?}");
        }
        let summary = lines.last().unwrap();
        assert!(summary.starts_with("Inscription non valide"), "{name}: {summary}");
        assert!(stderr.contains("not valid"), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(!stderr.contains("109950123456789012"), "{name}: personal data in {stderr}");
    }
}

#[test]
fn a_file_that_is_not_a_registration_fails_clearly() {
    let output = check_text(&broken(|v| v["civil_status"]["sex"] = "robot".into()));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!output.status.success());
    assert!(stdout.starts_with("JSON illisible ligne "), "a French message: {stdout}");
    assert!(stdout.contains("civil_status.sex"), "{stdout}");
    assert!(!stdout.contains("robot"), "the value is not echoed: {stdout}");

    let missing = Command::new(env!("CARGO_BIN_EXE_guichet-server"))
        .args(["registration", "check", "/nonexistent/registration.json"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert!(stderr.contains("cannot read /nonexistent/registration.json"), "{stderr}");
}
