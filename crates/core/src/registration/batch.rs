//! Reading the body of `POST /api/v1/registrations`: the batch envelope, then each entry on its
//! own, so an entry that cannot be read is answered `invalid` by itself and never refuses its
//! batch. Only with the `server` feature: the server reads batches (and the fuzz targets read
//! what it reads); the kiosk writes them.
//!
//! From protocol version 3 an entry's registration is `sealed`: it is opened here, with the key
//! its id names, and from then on is judged exactly as a clear one. A seal that does not open is
//! that entry's `invalid`, naming the field `sealed`. Nothing here quotes a value that was sent.

use guichet_protocol::{
    SEALED_PROTOCOL_VERSION,
    registration::{FieldError, Registration},
    sealing::Sealed,
    submission::MAX_BATCH,
};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::sealing::{Keyring, OpenError};

/// One entry of a batch as received: a registration, or why it could not be read.
#[derive(Debug)]
pub struct Received {
    pub client_id: String,
    pub submitted_at: String,
    /// The version of the lists the device checked it against, when it says.
    pub reference_version: Option<u32>,
    pub registration: Result<Registration, FieldError>,
}

/// Why a body is refused as a whole (the server answers 400 with `code()`).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// serde_json's message names a position and an expectation, never the content.
    #[error("the body is not a batch of registrations: {0}")]
    NotABatch(serde_json::Error),
    #[error("a batch holds at most {MAX_BATCH} registrations, this one has {0}")]
    TooLarge(usize),
}

impl BatchError {
    /// The stable code of the error answer.
    pub fn code(&self) -> &'static str {
        match self {
            BatchError::NotABatch(_) => "invalid_body",
            BatchError::TooLarge(_) => "batch_too_large",
        }
    }
}

/// The batch, with each entry left raw so that one unreadable entry is answered on its own.
#[derive(Deserialize)]
struct RawBatch<'a> {
    #[serde(borrow)]
    registrations: Vec<&'a RawValue>,
}

/// What is read of an entry before its registration.
#[derive(Deserialize)]
struct RawEntry<'a> {
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    submitted_at: Option<String>,
    /// Read on its own, so that a value that is not a version names this field.
    #[serde(borrow, default)]
    reference_version: Option<&'a RawValue>,
    #[serde(borrow, default)]
    registration: Option<&'a RawValue>,
    /// From protocol version 3, in place of `registration`.
    #[serde(borrow, default)]
    sealed: Option<&'a RawValue>,
}

/// The batch's entries, read under `protocol` (seals opened with `keys`). The envelope must be
/// right (an object with an array of at most [`MAX_BATCH`] entries); inside it, an entry that
/// cannot be read becomes an `invalid` answer naming the first field that did not parse, never
/// the value.
pub fn read_batch(body: &[u8], protocol: u32, keys: &Keyring) -> Result<Vec<Received>, BatchError> {
    let batch: RawBatch<'_> = serde_json::from_slice(body).map_err(BatchError::NotABatch)?;
    if batch.registrations.len() > MAX_BATCH {
        return Err(BatchError::TooLarge(batch.registrations.len()));
    }
    Ok(batch.registrations.into_iter().map(|raw| read_entry(raw, protocol, keys)).collect())
}

fn read_entry(raw: &RawValue, protocol: u32, keys: &Keyring) -> Received {
    let unreadable = |field: String| FieldError { field, code: "unreadable".to_owned() };
    let entry: RawEntry<'_> = match serde_json::from_str(raw.get()) {
        Ok(entry) => entry,
        Err(_) => {
            return Received {
                client_id: String::new(),
                submitted_at: String::new(),
                reference_version: None,
                registration: Err(unreadable(".".to_owned())),
            };
        }
    };
    let reference_version = entry
        .reference_version
        .map(|raw| serde_json::from_str::<Option<u32>>(raw.get()))
        .transpose()
        .map(Option::flatten);
    let client_id = entry.client_id.unwrap_or_default();
    let registration = match (entry.registration, &reference_version) {
        (_, Err(_)) => Err(unreadable("reference_version".to_owned())),
        (registration, Ok(_)) if protocol >= SEALED_PROTOCOL_VERSION => {
            read_sealed(entry.sealed, registration.is_some(), &client_id, keys)
        }
        (None, Ok(_)) => Err(unreadable("registration".to_owned())),
        // The fast path first; only an entry that fails is read again to name the field.
        (Some(raw), Ok(_)) => serde_json::from_str::<Registration>(raw.get()).map_err(|_| {
            let deserializer = &mut serde_json::Deserializer::from_str(raw.get());
            let path = serde_path_to_error::deserialize::<_, Registration>(deserializer)
                .err()
                .map_or_else(|| ".".to_owned(), |error| error.path().to_string());
            unreadable(format!("registration.{path}"))
        }),
    };
    Received {
        client_id,
        submitted_at: entry.submitted_at.unwrap_or_default(),
        reference_version: reference_version.ok().flatten(),
        registration,
    }
}

/// A version 3 entry's registration: opened with the key its seal names, bound to its client id.
/// Every failure names the field `sealed`: a clear registration in its place
/// (`sealed_required`), a seal that does not read (`unreadable`), one sealed to a key this server
/// does not hold (`sealed_unknown_key`), one that does not open (`sealed_refused`: another key,
/// another client id, altered bytes), or opens to something that is not a registration
/// (`sealed_not_a_registration`).
fn read_sealed(
    sealed: Option<&RawValue>,
    clear_given: bool,
    client_id: &str,
    keys: &Keyring,
) -> Result<Registration, FieldError> {
    let error = |code: &str| FieldError { field: "sealed".to_owned(), code: code.to_owned() };
    let Some(raw) = sealed else {
        return Err(error(if clear_given { "sealed_required" } else { "unreadable" }));
    };
    let sealed: Sealed = serde_json::from_str(raw.get()).map_err(|_| error("unreadable"))?;
    keys.open(&sealed, client_id).map_err(|failure| {
        error(match failure {
            OpenError::UnknownKey(_) => "sealed_unknown_key",
            OpenError::Malformed | OpenError::Refused => "sealed_refused",
            OpenError::NotARegistration => "sealed_not_a_registration",
        })
    })
}
