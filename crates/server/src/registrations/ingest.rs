//! Deciding each submission's fate: duplicate, conflict, invalid or created.
//!
//! Validation is pure and happens before the transaction. A known client id is answered from the
//! stored row first, so a replay gets its original answer even if the rules (say, an age limit on
//! a later day) would now judge it differently. Nothing in an answer depends on another person's
//! data: a NIN already known is stored again and flagged for staff, never for the sender.

pub(crate) use guichet_core::registration::batch::Received;
use guichet_core::{
    receipt::Reference,
    reference::ReferenceData,
    registration::{AnyVersion, NamedVersion, ReferenceLookup, validate},
    time::Timestamp,
    validation::CivilDate,
};
use guichet_protocol::{
    registration::FieldError,
    submission::{SubmissionResult, SubmissionStatus},
};
use sha2::{Digest, Sha256};

pub(crate) use super::store::StoreError;
use super::store::{self, NewRow};
use crate::{
    infra::db::Database,
    reference::{KnownVersions, ReferenceCache},
};

/// Why a batch was not stored; both are retryable for the client.
pub(crate) type IngestError = StoreError;

/// Who sent a batch, once authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sender {
    /// A phone (or a kiosk not enrolled): routed by the commune of residence.
    Anonymous,
    /// An enrolled kiosk: everything it sends belongs to its agency.
    Device { device_id: String, agency_id: String },
}

/// A submission checked without the database.
#[derive(Debug)]
pub(crate) struct Checked {
    pub client_id: String,
    pub payload_sha256: String,
    pub verdict: Verdict,
}

#[derive(Debug)]
pub(crate) enum Verdict {
    Valid {
        nin: String,
        payload: String,
        submitted_at: String,
        reference: String,
        residence_commune: String,
    },
    Invalid(Vec<FieldError>),
}

/// Stores what is new and answers for every submission, in order, after one durable commit.
pub(crate) async fn ingest(
    database: &Database,
    reference_cache: &ReferenceCache,
    sender: &Sender,
    protocol: u32,
    submissions: Vec<Received>,
    routes: &Routes,
    now: Timestamp,
) -> Result<Vec<SubmissionResult>, IngestError> {
    let started = std::time::Instant::now();
    #[expect(clippy::cast_precision_loss, reason = "a batch holds at most 100")]
    metrics::histogram!("guichet_submission_batch_size").record(submissions.len() as f64);
    let today = CivilDate::in_algeria(now);
    // A registration filled offline may name the codes of an older version of the lists.
    let versions = crate::reference::known_versions(database, reference_cache)
        .await
        .map_err(|error| StoreError::Database(error.0))?;
    let every = versions.all();
    let mut bases = Bases::default();
    let checked: Vec<Checked> = submissions
        .into_iter()
        .map(|submission| check_with_its_version(submission, today, &versions, &every, &mut bases))
        .collect();
    let rows = new_rows(&checked, sender, protocol, routes);
    let results = store::store_batch(database, &checked, &rows, now).await?;
    log_counts(&results, &bases);
    for result in &results {
        let outcome = match result.status {
            SubmissionStatus::Created => "created",
            SubmissionStatus::Duplicate => "duplicate",
            SubmissionStatus::Conflict => "conflict",
            SubmissionStatus::Invalid => "invalid",
        };
        metrics::counter!("guichet_submissions_total", "outcome" => outcome).increment(1);
    }
    metrics::histogram!("guichet_ingest_duration_seconds").record(started.elapsed().as_secs_f64());
    Ok(results)
}

/// What each submission of a batch was checked against, for the operators: no personal data,
/// only counts and version numbers.
#[derive(Debug, Default, PartialEq, Eq)]
struct Bases {
    /// Named a version this server has: checked against it and the version in force.
    named: usize,
    /// Of those, how many had a code valid only in some other version: the device's lists
    /// disagreed with the version it named (accepted all the same: the code existed).
    outside_named: usize,
    /// Named no version (a kiosk older than the field): checked against every version.
    unnamed: usize,
    /// Named versions this server never had (say, a kiosk built after a server rolled back):
    /// checked against every version, so a code only that version has is refused.
    unknown: std::collections::BTreeSet<u32>,
    unknown_count: usize,
}

/// Checks one submission against the version it names and the one in force, or, without a
/// version this server knows, against every version it has had (`every`, from `versions`);
/// notes which in `bases`.
fn check_with_its_version(
    received: Received,
    today: CivilDate,
    versions: &KnownVersions,
    every: &[&ReferenceData],
    bases: &mut Bases,
) -> Checked {
    let named = received.reference_version.map(|version| (version, versions.get(version)));
    match named {
        Some((_, Some(named))) => {
            let pair = [named, versions.current()];
            let lookup = NamedVersion::new(&pair, every);
            let checked = check(received, today, &lookup);
            bases.named += 1;
            bases.outside_named += usize::from(lookup.needed_other_versions());
            checked
        }
        Some((version, None)) => {
            bases.unknown.insert(version);
            bases.unknown_count += 1;
            check(received, today, &AnyVersion(every))
        }
        None => {
            bases.unnamed += 1;
            check(received, today, &AnyVersion(every))
        }
    }
}

/// The local agency serving each commune of residence (`None`: no agency serves it yet).
pub(crate) type Routes = std::collections::HashMap<String, Option<String>>;

/// The rows to insert, one per valid submission (first occurrence of a client id), routed.
fn new_rows<'a>(
    checked: &'a [Checked],
    sender: &'a Sender,
    protocol: u32,
    routes: &Routes,
) -> Vec<NewRow<'a>> {
    let mut seen = std::collections::HashSet::new();
    let mut rows = Vec::new();
    for entry in checked {
        let Verdict::Valid { nin, payload, submitted_at, reference, residence_commune } =
            &entry.verdict
        else {
            continue;
        };
        if !seen.insert(entry.client_id.as_str()) {
            continue;
        }
        let (agency_id, device_id) = match sender {
            Sender::Device { device_id, agency_id } => {
                (Some(agency_id.clone()), Some(device_id.as_str()))
            }
            Sender::Anonymous => (routes.get(residence_commune).cloned().flatten(), None),
        };
        rows.push(NewRow {
            client_id: &entry.client_id,
            reference: reference.clone(),
            nin,
            payload_sha256: &entry.payload_sha256,
            payload,
            submitted_at,
            agency_id,
            device_id,
            protocol: i64::from(protocol),
        });
    }
    rows
}

fn check(received: Received, today: CivilDate, reference: &dyn ReferenceLookup) -> Checked {
    let client_id_bytes = uuid::Uuid::parse_str(&received.client_id).ok().map(|id| id.into_bytes());
    let mut errors = Vec::new();
    if client_id_bytes.is_none() {
        errors.push(FieldError {
            field: "client_id".to_owned(),
            code: "client_id_not_uuid".to_owned(),
        });
    }
    if received.submitted_at.is_empty() || received.submitted_at.len() > 40 {
        errors.push(FieldError {
            field: "submitted_at".to_owned(),
            code: "submitted_at_invalid".to_owned(),
        });
    }
    let registration = match received.registration {
        Ok(registration) => registration,
        Err(unreadable) => {
            errors.push(unreadable);
            return Checked {
                client_id: received.client_id,
                payload_sha256: String::new(),
                verdict: Verdict::Invalid(errors),
            };
        }
    };
    // Field order is fixed by the struct, so the same content always hashes the same.
    let payload = serde_json::to_string(&registration).unwrap_or_default();
    let payload_sha256 = hex(&Sha256::digest(payload.as_bytes()));
    let verdict = match (validate(&registration, today, reference), client_id_bytes) {
        (Ok(valid), Some(bytes)) if errors.is_empty() => Verdict::Valid {
            nin: valid.nin.as_str().to_owned(),
            payload,
            submitted_at: received.submitted_at,
            // The submission's own reference, the one its receipt showed offline.
            reference: Reference::derive(bytes, 0).as_str().to_owned(),
            residence_commune: registration.contact.residence_commune.clone(),
        },
        (Ok(_), _) => Verdict::Invalid(errors),
        (Err(field_errors), _) => {
            errors.extend(field_errors.iter().map(|error| error.to_wire()));
            Verdict::Invalid(errors)
        }
    };
    Checked { client_id: received.client_id, payload_sha256, verdict }
}

pub(crate) fn result(
    checked: &Checked,
    status: SubmissionStatus,
    reference: Option<String>,
) -> SubmissionResult {
    let errors = match (&checked.verdict, status) {
        (Verdict::Invalid(errors), SubmissionStatus::Invalid) => errors.clone(),
        _ => Vec::new(),
    };
    SubmissionResult { client_id: checked.client_id.clone(), status, reference, errors }
}

fn log_counts(results: &[SubmissionResult], bases: &Bases) {
    let count = |status| results.iter().filter(|result| result.status == status).count();
    tracing::info!(
        created = count(SubmissionStatus::Created),
        duplicate = count(SubmissionStatus::Duplicate),
        conflict = count(SubmissionStatus::Conflict),
        invalid = count(SubmissionStatus::Invalid),
        reference_named = bases.named,
        reference_outside_named = bases.outside_named,
        reference_unnamed = bases.unnamed,
        reference_unknown = bases.unknown_count,
        "pre-registrations batch stored"
    );
    if !bases.unknown.is_empty() {
        // The operator can import the versions the kiosks hold; until then a code only they
        // have is refused.
        tracing::warn!(
            submissions = bases.unknown_count,
            versions = ?bases.unknown,
            "submissions name reference versions this server never had: checked against every \
             version it has"
        );
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use guichet_core::reference::BUILTIN_VERSION;
    use guichet_protocol::registration::Registration;

    use super::*;

    const FIXTURE: &str = include_str!("../../../protocol/fixtures/registration-valid.json");

    fn received(reference_version: Option<u32>, commune: &str) -> Received {
        let mut registration: Registration = serde_json::from_str(FIXTURE).expect("fixture");
        registration.contact.residence_commune = commune.to_owned();
        Received {
            client_id: "0190f5e2-1234-7abc-9def-0123456789ab".to_owned(),
            submitted_at: "2026-11-29T09:30:00Z".to_owned(),
            reference_version,
            registration: Ok(registration),
        }
    }

    #[test]
    fn each_submission_is_counted_by_what_its_codes_were_checked_against() {
        // A newer version without Bab Ezzouar (1621).
        let mut newer = ReferenceData::builtin().reference().clone();
        newer.version = BUILTIN_VERSION + 1;
        newer.communes.retain(|commune| commune.code != "1621");
        let newer = ReferenceData::new(newer).expect("consistent");
        let versions = KnownVersions::from_versions(vec![
            Arc::new(ReferenceData::builtin().clone()),
            Arc::new(newer),
        ]);
        let today = CivilDate::parse("2026-11-29").expect("date");
        let mut bases = Bases::default();
        let valid = |checked: Checked| matches!(checked.verdict, Verdict::Valid { .. });
        let every = versions.all();
        let mut check = |version, commune| {
            let received = received(version, commune);
            valid(check_with_its_version(received, today, &versions, &every, &mut bases))
        };
        assert!(check(Some(BUILTIN_VERSION), "1621"), "named the version that had it");
        assert!(check(Some(BUILTIN_VERSION + 1), "1621"), "only another version had it");
        assert!(check(Some(BUILTIN_VERSION + 1), "1601"));
        assert!(check(None, "1621"));
        assert!(check(Some(90), "1601"));
        assert!(!check(Some(91), "9999"), "never existed");
        assert!(!check(Some(BUILTIN_VERSION), "9999"), "never existed");
        let expected = Bases {
            named: 4,
            outside_named: 1,
            unnamed: 1,
            unknown: [90, 91].into(),
            unknown_count: 2,
        };
        assert_eq!(bases, expected);
    }
}
