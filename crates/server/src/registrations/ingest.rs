//! Deciding each submission's fate: duplicate, conflict, invalid, already registered or created.
//!
//! Validation is pure and happens before the transaction; the order of the checks matters: a
//! known client id is answered from the stored row first, so a replay gets its original answer
//! even if the rules (say, an age limit on a later day) would now judge it differently.

use guichet_core::{
    receipt::Reference, reference::ReferenceData, registration::validate, time::Timestamp,
    validation::CivilDate,
};
use guichet_protocol::{
    registration::FieldError,
    submission::{Submission, SubmissionResult, SubmissionStatus},
};
use sha2::{Digest, Sha256};

pub(crate) use super::store::StoreError;
use super::store::{self, NewRow};
use crate::infra::db::Database;

/// Why a batch was not stored; both are retryable for the client.
pub(crate) type IngestError = StoreError;

/// A submission checked without the database.
#[derive(Debug)]
pub(crate) struct Checked {
    pub client_id: String,
    /// `None` when the client id is not a UUID: such a submission can only be `invalid`.
    pub client_id_bytes: Option<[u8; 16]>,
    pub payload_sha256: String,
    pub verdict: Verdict,
}

#[derive(Debug)]
pub(crate) enum Verdict {
    Valid { nin: String, payload: String, submitted_at: String },
    Invalid(Vec<FieldError>),
}

/// Stores what is new and answers for every submission, in order, after one durable commit.
pub(crate) async fn ingest(
    database: &Database,
    submissions: Vec<Submission>,
    now: Timestamp,
) -> Result<Vec<SubmissionResult>, IngestError> {
    let today = CivilDate::in_algeria(now);
    let checked: Vec<Checked> =
        submissions.into_iter().map(|submission| check(submission, today)).collect();
    let results = store::store_batch(database, &checked, now).await?;
    log_counts(&results);
    Ok(results)
}

fn check(submission: Submission, today: CivilDate) -> Checked {
    // Field order is fixed by the struct, so the same content always hashes the same.
    let payload = serde_json::to_string(&submission.registration).unwrap_or_default();
    let payload_sha256 = hex(&Sha256::digest(payload.as_bytes()));
    let client_id_bytes =
        uuid::Uuid::parse_str(&submission.client_id).ok().map(|id| id.into_bytes());
    let mut errors = Vec::new();
    if client_id_bytes.is_none() {
        errors.push(FieldError {
            field: "client_id".to_owned(),
            code: "client_id_not_uuid".to_owned(),
        });
    }
    if submission.submitted_at.is_empty() || submission.submitted_at.len() > 40 {
        errors.push(FieldError {
            field: "submitted_at".to_owned(),
            code: "submitted_at_invalid".to_owned(),
        });
    }
    let verdict = match validate(&submission.registration, today, ReferenceData::builtin()) {
        Ok(valid) if errors.is_empty() => Verdict::Valid {
            nin: valid.nin.as_str().to_owned(),
            payload,
            submitted_at: submission.submitted_at,
        },
        Ok(_) => Verdict::Invalid(errors),
        Err(field_errors) => {
            errors.extend(field_errors.iter().map(|error| error.to_wire()));
            Verdict::Invalid(errors)
        }
    };
    Checked { client_id: submission.client_id, client_id_bytes, payload_sha256, verdict }
}

/// The row to insert for a valid submission, with the first reference variant not yet taken.
pub(crate) fn new_row<'a>(checked: &'a Checked, variant: u32) -> Option<NewRow<'a>> {
    let Verdict::Valid { nin, payload, submitted_at } = &checked.verdict else { return None };
    let bytes = checked.client_id_bytes?;
    Some(NewRow {
        client_id: &checked.client_id,
        reference: Reference::derive(bytes, variant).as_str().to_owned(),
        nin,
        payload_sha256: &checked.payload_sha256,
        payload,
        submitted_at,
    })
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

fn log_counts(results: &[SubmissionResult]) {
    let count = |status| results.iter().filter(|result| result.status == status).count();
    tracing::info!(
        created = count(SubmissionStatus::Created),
        duplicate = count(SubmissionStatus::Duplicate),
        conflict = count(SubmissionStatus::Conflict),
        invalid = count(SubmissionStatus::Invalid),
        "registrations batch stored"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
