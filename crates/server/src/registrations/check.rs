//! `guichet-server registration check FILE`: agency staff validate an exported registration.
//!
//! The file is parsed as the protocol's registration and validated with `guichet-core`, the same
//! rules the kiosk applies; each field error is printed with its path, its code and its French
//! message. The messages come from `assets/locales/fr/registration.ftl`, the file the kiosk shows,
//! so a rule's message is written once. The codes are checked against the built-in lists, or,
//! with `--database-url`, against every version of the lists that database has had, as the
//! ingest checks a registration that names no version. Nothing here logs: the report goes to
//! stdout only.

use std::{io::Write, path::PathBuf};

use anyhow::Context as _;
use clap::Args;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use guichet_core::{
    reference::ReferenceData,
    registration::{AnyVersion, ReferenceLookup, field_errors},
    time::Timestamp,
    validation::{CivilDate, ErrorCode, FieldError},
};
use guichet_protocol::registration::Registration;

const FRENCH_MESSAGES: &str = include_str!("../../../../assets/locales/fr/registration.ftl");

/// The arguments of `guichet-server registration check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The registration, as JSON (see crates/protocol/fixtures/registration-valid.json).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The day of registration, for the age limits; today in Algeria by default.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub on: Option<String>,
    /// Check the codes against every version of the reference lists this database has had
    /// (sqlite://PATH, postgres://…), as the server does; the built-in lists without it.
    // The value is hidden from --help because it may carry a password.
    #[arg(long, env = "GUICHET_DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

/// What a check found.
#[derive(Debug, PartialEq, Eq)]
pub enum CheckOutcome {
    Valid,
    /// The file is a registration with these field errors.
    Invalid(Vec<FieldError>),
    /// The file is not a registration: JSON that does not parse, or a value of the wrong type at
    /// `field` (the value itself is never repeated: it may be personal data).
    Unreadable {
        field: String,
        line: usize,
        column: usize,
    },
}

/// French messages for field errors, from the kiosk's own Fluent file.
pub struct FrenchMessages(FluentBundle<FluentResource>);

impl std::fmt::Debug for FrenchMessages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FrenchMessages")
    }
}

impl FrenchMessages {
    pub fn load() -> anyhow::Result<Self> {
        let resource = FluentResource::try_new(FRENCH_MESSAGES.to_owned())
            .map_err(|(_, errors)| anyhow::anyhow!("registration.ftl (fr): {errors:?}"))?;
        let mut bundle = FluentBundle::new(vec![unic_langid::langid!("fr")]);
        // Plain text on a terminal: no bidi isolation marks around placeables.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|errors| anyhow::anyhow!("registration.ftl (fr): {errors:?}"))?;
        Ok(Self(bundle))
    }

    /// The message `id`, or `None` when the file lacks it.
    pub fn text(&self, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let pattern = self.0.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = self.0.format_pattern(pattern, args, &mut errors).into_owned();
        errors.is_empty().then_some(text)
    }

    /// The message of an error code; the code itself if the file lacks it (a test forbids that).
    pub fn error(&self, code: ErrorCode) -> String {
        self.text(&code.message_id(), None).unwrap_or_else(|| code.as_str().to_owned())
    }
}

/// Parses and validates one registration file's text.
pub fn check_registration(
    text: &str,
    on: CivilDate,
    reference: &dyn ReferenceLookup,
) -> CheckOutcome {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let registration: Registration = match serde_path_to_error::deserialize(deserializer) {
        Ok(registration) => registration,
        Err(error) => {
            let field = error.path().to_string();
            let inner = error.into_inner();
            return CheckOutcome::Unreadable { field, line: inner.line(), column: inner.column() };
        }
    };
    match field_errors(&registration, on, reference).as_slice() {
        [] => CheckOutcome::Valid,
        errors => CheckOutcome::Invalid(errors.to_vec()),
    }
}

/// Writes the report: one line per field error (`path<TAB>code<TAB>message`) then a summary.
pub fn write_report(
    outcome: &CheckOutcome,
    messages: &FrenchMessages,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match outcome {
        CheckOutcome::Valid => {
            let valid = messages.text("registration-check-valid", None);
            writeln!(out, "{}", valid.as_deref().unwrap_or("valid"))
        }
        CheckOutcome::Invalid(errors) => {
            for error in errors {
                let code = error.code;
                writeln!(out, "{}\t{}\t{}", error.field, code.as_str(), messages.error(code))?;
            }
            let mut args = FluentArgs::new();
            args.set("count", errors.len());
            let summary = messages.text("registration-check-invalid", Some(&args));
            writeln!(out, "{}", summary.as_deref().unwrap_or("invalid"))
        }
        CheckOutcome::Unreadable { field, line, column } => {
            let at = if field == "." { String::new() } else { format!(" ({field})") };
            let mut args = FluentArgs::new();
            args.set("line", *line);
            args.set("column", *column);
            args.set("field", at);
            let text = messages.text("registration-check-unreadable", Some(&args));
            writeln!(out, "{}", text.as_deref().unwrap_or("unreadable JSON"))
        }
    }
}

/// Runs `registration check`: reads the file, writes the report, and answers whether it is
/// valid. `versions`: the lists to check the codes against, a code valid in any of them being
/// accepted; the built-in lists when empty.
pub fn run_check(
    args: &CheckArgs,
    versions: &[&ReferenceData],
    now: Timestamp,
    out: &mut dyn Write,
) -> anyhow::Result<bool> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    run_check_text(args, &text, versions, now, out)
}

/// [`run_check`] on a registration's JSON already read (an opened sealed entry).
pub fn run_check_text(
    args: &CheckArgs,
    text: &str,
    versions: &[&ReferenceData],
    now: Timestamp,
    out: &mut dyn Write,
) -> anyhow::Result<bool> {
    let on = match &args.on {
        Some(text) => CivilDate::parse(text)
            .map_err(|_| anyhow::anyhow!("--on expects a date as YYYY-MM-DD"))?,
        None => CivilDate::in_algeria(now),
    };
    let builtin = [ReferenceData::builtin()];
    let versions = if versions.is_empty() { &builtin[..] } else { versions };
    let outcome = check_registration(text, on, &AnyVersion(versions));
    write_report(&outcome, &FrenchMessages::load()?, out)?;
    Ok(outcome == CheckOutcome::Valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_a_french_message() {
        let messages = FrenchMessages::load().expect("the French file parses");
        for code in ErrorCode::ALL {
            assert!(messages.text(&code.message_id(), None).is_some(), "{code:?}");
        }
        assert_eq!(messages.error(ErrorCode::NinLength), "Le NIN compte exactement 18 chiffres");
    }

    #[test]
    fn the_summary_agrees_in_number() {
        let messages = FrenchMessages::load().expect("parses");
        let summary = |count: usize| {
            let mut args = FluentArgs::new();
            args.set("count", count);
            messages.text("registration-check-invalid", Some(&args))
        };
        assert_eq!(summary(1).as_deref(), Some("Inscription non valide : une erreur"));
        assert_eq!(summary(3).as_deref(), Some("Inscription non valide : 3 erreurs"));
    }

    #[test]
    fn a_value_of_the_wrong_type_names_the_field_not_the_value() {
        let text = r#"{"civil_status": {"sex": "robot-109950123456789012"}}"#;
        let on = CivilDate::parse("2026-11-29").expect("date");
        let outcome = check_registration(text, on, ReferenceData::builtin());
        assert_eq!(
            outcome,
            CheckOutcome::Unreadable { field: "civil_status.sex".into(), line: 1, column: 52 }
        );
        let mut report = Vec::new();
        write_report(&outcome, &FrenchMessages::load().expect("parses"), &mut report).expect("io");
        let report = String::from_utf8(report).expect("utf-8");
        assert!(report.contains("civil_status.sex"), "{report}");
        assert!(!report.contains("109950123456789012"), "{report}");
    }
}
