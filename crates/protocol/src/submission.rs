//! `POST /api/v1/registrations`: a batch of submitted registrations and the agency's answer for
//! each. Each submission carries a client id minted once, on the device, when the person pressed
//! "submit": the server stores each id once, so a replay gets the original answer.

use serde::{Deserialize, Serialize};

use crate::registration::{FieldError, Registration};
use crate::sealing::Sealed;

/// The most submissions one request may carry.
pub const MAX_BATCH: usize = 100;

/// The request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionBatch {
    pub registrations: Vec<Submission>,
}

/// One registration, as the outbox sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submission {
    /// A UUIDv7 minted on the device when the draft was created.
    pub client_id: String,
    /// When the person submitted, by the device's clock (RFC 3339). Informative only: the
    /// server orders nothing by it.
    pub submitted_at: String,
    /// The version of the reference lists (`crate::reference::Reference::version`) the
    /// registration was checked against on the device when the person submitted: its codes were
    /// valid in that version. Absent from kiosks older than this field, and when the device had
    /// no lists; the agency then checks the codes against every version it has had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_version: Option<u32>,
    /// The registration: in clear up to protocol version 2 (the field `registration`), sealed
    /// to the agency's key from version 3 (the field `sealed`). Exactly one of the two.
    #[serde(flatten)]
    pub body: SubmissionBody,
}

/// What a submission carries: the field `registration` or the field `sealed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[expect(
    clippy::large_enum_variant,
    reason = "a submission lives for one request; boxing would only add an allocation"
)]
pub enum SubmissionBody {
    /// Protocol versions 1 and 2: the registration in clear.
    #[serde(rename = "registration")]
    Clear(Registration),
    /// Protocol version 3: the registration's JSON sealed to the agency's public key, bound to
    /// the client id (`guichet-core::sealing`).
    #[serde(rename = "sealed")]
    Sealed(Sealed),
}

/// The response body: one result per submission, in the request's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionResults {
    pub results: Vec<SubmissionResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionResult {
    pub client_id: String,
    pub status: SubmissionStatus,
    /// The receipt reference: the new one, or the original one for a duplicate; absent for
    /// `conflict` and `invalid`. Always this submission's own: never another person's.
    pub reference: Option<String>,
    /// Field errors, for `invalid`; empty otherwise.
    #[serde(default)]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// Stored now.
    Created,
    /// Stored before under the same client id with the same content.
    Duplicate,
    /// The same client id was stored before with different content: nothing stored.
    Conflict,
    /// The content breaks a rule: nothing stored.
    Invalid,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_wire_format() {
        let results = SubmissionResults {
            results: vec![
                SubmissionResult {
                    client_id: "0190f5e2-1234-7abc-9def-0123456789ab".to_owned(),
                    status: SubmissionStatus::Created,
                    reference: Some("7K3M9QXD".to_owned()),
                    errors: Vec::new(),
                },
                SubmissionResult {
                    client_id: "0190f5e2-1234-7abc-9def-0123456789ac".to_owned(),
                    status: SubmissionStatus::Invalid,
                    reference: None,
                    errors: vec![FieldError {
                        field: "identity.nin".to_owned(),
                        code: "nin_length".to_owned(),
                    }],
                },
            ],
        };
        insta::assert_json_snapshot!(results);
    }

    #[test]
    fn batch_wire_format_names_its_fields() {
        let batch = SubmissionBatch {
            registrations: vec![Submission {
                client_id: "0190f5e2-1234-7abc-9def-0123456789ab".to_owned(),
                submitted_at: "2026-11-29T09:30:00Z".to_owned(),
                reference_version: Some(3),
                body: SubmissionBody::Clear(Registration::default()),
            }],
        };
        let json = serde_json::to_value(&batch).expect("serializes");
        let submission = &json["registrations"][0];
        assert_eq!(submission["client_id"], "0190f5e2-1234-7abc-9def-0123456789ab");
        assert_eq!(submission["submitted_at"], "2026-11-29T09:30:00Z");
        assert_eq!(submission["reference_version"], 3);
        assert!(submission["registration"].is_object());
        let back: SubmissionBatch = serde_json::from_value(json).expect("parses");
        assert_eq!(back, batch);
    }

    /// The envelope of a submission, its registration elided (its own snapshot is in
    /// `registration.rs`): with the version of the lists, and as a kiosk without one sends it.
    #[test]
    fn submission_envelope_wire_format() {
        let envelope = |reference_version| {
            let submission = Submission {
                client_id: "0190f5e2-1234-7abc-9def-0123456789ab".to_owned(),
                submitted_at: "2026-11-29T09:30:00Z".to_owned(),
                reference_version,
                body: SubmissionBody::Clear(Registration::default()),
            };
            let registration = serde_json::to_string(&Registration::default()).expect("serializes");
            serde_json::to_string(&submission).expect("serializes").replace(&registration, "…")
        };
        insta::assert_snapshot!(
            envelope(Some(3)),
            @r#"{"client_id":"0190f5e2-1234-7abc-9def-0123456789ab","submitted_at":"2026-11-29T09:30:00Z","reference_version":3,"registration":…}"#
        );
        insta::assert_snapshot!(
            envelope(None),
            @r#"{"client_id":"0190f5e2-1234-7abc-9def-0123456789ab","submitted_at":"2026-11-29T09:30:00Z","registration":…}"#
        );
    }

    #[test]
    fn a_submission_from_a_kiosk_without_the_version_still_reads() {
        let submission: Submission = serde_json::from_value(serde_json::json!({
            "client_id": "0190f5e2-1234-7abc-9def-0123456789ab",
            "submitted_at": "2026-11-29T09:30:00Z",
            "registration": Registration::default(),
        }))
        .expect("an older kiosk's submission");
        assert_eq!(submission.reference_version, None);
    }

    /// Protocol version 3: the same envelope, `sealed` in place of `registration`.
    #[test]
    fn sealed_submission_wire_format() {
        let submission = Submission {
            client_id: "0190f5e2-1234-7abc-9def-0123456789ab".to_owned(),
            submitted_at: "2026-11-29T09:30:00Z".to_owned(),
            reference_version: Some(3),
            body: SubmissionBody::Sealed(Sealed {
                key_id: "k1".to_owned(),
                enc: "GvoI09PAR6ZDiFFj8RgEdvp921TGqAKeoz-VeWvyrEo".to_owned(),
                ciphertext: "HFJQ2ANOwreEuiz9adv".to_owned(),
            }),
        };
        let json = serde_json::to_string(&submission).expect("serializes");
        insta::assert_snapshot!(
            json,
            @r#"{"client_id":"0190f5e2-1234-7abc-9def-0123456789ab","submitted_at":"2026-11-29T09:30:00Z","reference_version":3,"sealed":{"key_id":"k1","enc":"GvoI09PAR6ZDiFFj8RgEdvp921TGqAKeoz-VeWvyrEo","ciphertext":"HFJQ2ANOwreEuiz9adv"}}"#
        );
        let back: Submission = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, submission);
    }

    #[test]
    fn a_submission_without_either_body_does_not_read() {
        let parsed = serde_json::from_value::<Submission>(serde_json::json!({
            "client_id": "0190f5e2-1234-7abc-9def-0123456789ab",
            "submitted_at": "2026-11-29T09:30:00Z",
        }));
        assert!(parsed.is_err());
    }
}
