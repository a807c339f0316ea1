//! Deciding each submission's fate: duplicate, conflict, invalid or created.
//!
//! Validation is pure and happens before the transaction. A known client id is answered from the
//! stored row first, so a replay gets its original answer even if the rules (say, an age limit on
//! a later day) would now judge it differently. Nothing in an answer depends on another person's
//! data: a NIN already known is stored again and flagged for staff, never for the sender.

use guichet_core::{
    receipt::Reference,
    reference::ReferenceData,
    registration::{AnyVersion, ReferenceLookup, validate},
    time::Timestamp,
    validation::CivilDate,
};
use guichet_protocol::{
    registration::{FieldError, Registration},
    submission::{SubmissionResult, SubmissionStatus},
};
use sha2::{Digest, Sha256};

pub(crate) use super::store::StoreError;
use super::store::{self, NewRow};
use crate::infra::db::Database;

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

/// One entry of a batch as received: a registration, or why it could not be read.
#[derive(Debug)]
pub(crate) struct Received {
    pub client_id: String,
    pub submitted_at: String,
    pub registration: Result<Registration, FieldError>,
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
    sender: &Sender,
    protocol: u32,
    submissions: Vec<Received>,
    routes: &Routes,
    now: Timestamp,
) -> Result<Vec<SubmissionResult>, IngestError> {
    let today = CivilDate::in_algeria(now);
    // A registration filled offline may name the codes of an older version of the lists.
    let versions = crate::reference::all_versions(database)
        .await
        .map_err(|error| StoreError::Database(error.0))?;
    let versions: Vec<&ReferenceData> = versions.iter().map(AsRef::as_ref).collect();
    let lookup = AnyVersion(&versions);
    let checked: Vec<Checked> =
        submissions.into_iter().map(|submission| check(submission, today, &lookup)).collect();
    let rows = new_rows(&checked, sender, protocol, routes);
    let results = store::store_batch(database, &checked, &rows, now).await?;
    log_counts(&results);
    Ok(results)
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

fn log_counts(results: &[SubmissionResult]) {
    let count = |status| results.iter().filter(|result| result.status == status).count();
    tracing::info!(
        created = count(SubmissionStatus::Created),
        duplicate = count(SubmissionStatus::Duplicate),
        conflict = count(SubmissionStatus::Conflict),
        invalid = count(SubmissionStatus::Invalid),
        "pre-registrations batch stored"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
