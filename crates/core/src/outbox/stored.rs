//! Outbox entries as a device stores them: every record carries the schema version it was
//! written with, and reading one brings an older record up to date first (migrate on read).
//!
//! A record that still cannot be read is [`Unreadable`]: the app moves it aside (its raw JSON
//! kept, so it can be exported) and delivers the others; one bad record never blocks the queue.
//! A record from a newer version of the app is left alone: that version can read it.

use serde::Deserialize;

use super::OutboxEntry;

/// The schema version this build writes. Version 1 is every record stored before versions were
/// written (it has no `schema` field).
pub const ENTRY_SCHEMA: u32 = 3;

/// The tag of a confirmed entry's state as every schema stores it (`EntryState`'s `state`
/// field): what the kiosk wipe reads of a record to know the agency holds it, without the page
/// decoding the whole entry.
pub const CONFIRMED: &str = "confirmed";

/// The protocol version of records that name none (every one stored before entries were sealed).
pub(crate) fn protocol_2() -> u32 {
    2
}

/// The schema of records that name none.
pub(crate) fn version_1() -> u32 {
    1
}

/// What reading one stored record gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredEntry {
    /// Written with the current schema.
    Current(OutboxEntry),
    /// Written with an older schema and migrated: store it back in its new shape.
    Migrated(OutboxEntry),
    /// Written by a newer version of the app, with this schema: leave it where it is.
    Newer { schema: u32 },
}

/// A record no migration makes readable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unreadable outbox record (schema {schema}): {reason}")]
pub struct Unreadable {
    /// The schema version the record claims (1 when it names none).
    pub schema: u32,
    /// What did not fit. It may quote the record, so it stays on the device, like the record.
    pub reason: String,
}

/// Reads one stored record (its JSON text): its schema version, the migrations from there to
/// [`ENTRY_SCHEMA`], then the entry itself.
///
/// Text rather than a `serde_json::Value`: going through `Value` would compile a second
/// deserializer of every registration field into the kiosk's wasm (about 20 KB brotli). A future
/// migration that must reshape fields can parse a `Value` for the versions before it.
pub fn read_stored(raw: &str) -> Result<StoredEntry, Unreadable> {
    /// The version alone; the other fields are skipped.
    #[derive(Deserialize)]
    struct Version {
        #[serde(default = "version_1_u64")]
        schema: u64,
    }
    let unreadable = |schema, reason: String| Unreadable { schema, reason };
    let Version { schema } =
        serde_json::from_str(raw).map_err(|error| unreadable(1, error.to_string()))?;
    let schema = u32::try_from(schema)
        .ok()
        .filter(|schema| *schema >= 1)
        .ok_or_else(|| unreadable(1, format!("schema {schema} is not a version")))?;
    if schema > ENTRY_SCHEMA {
        return Ok(StoredEntry::Newer { schema });
    }
    let mut entry = serde_json::from_str::<OutboxEntry>(raw)
        .map_err(|error| unreadable(schema, error.to_string()))?;
    if entry.registration.is_none() && entry.sealed.is_none() {
        return Err(unreadable(schema, "neither a registration nor a sealed one".to_owned()));
    }
    for from in schema..ENTRY_SCHEMA {
        migrate(from, &mut entry);
    }
    entry.schema = ENTRY_SCHEMA;
    Ok(if schema == ENTRY_SCHEMA {
        StoredEntry::Current(entry)
    } else {
        StoredEntry::Migrated(entry)
    })
}

fn version_1_u64() -> u64 {
    1
}

/// Brings an entry read from a record of schema `from` to `from + 1`.
fn migrate(from: u32, _entry: &mut OutboxEntry) {
    match from {
        // 1 → 2 only names the version: every field of version 1 reads as it is (a missing
        // `reference_version` is `None`).
        1 => {}
        // 2 → 3 adds `sealed` and `protocol`: a version 2 record is a clear registration made
        // under protocol 2, which is what the missing fields read as.
        2 => {}
        _ => unreachable!("read_stored migrates only from versions below ENTRY_SCHEMA"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn read(record: &Value) -> Result<StoredEntry, Unreadable> {
        read_stored(&record.to_string())
    }
    use crate::outbox::EntryState;
    use crate::time::Timestamp;

    #[test]
    fn a_confirmed_state_is_stored_under_the_tag_the_wipe_reads() {
        let confirmed =
            EntryState::Confirmed { reference: "7K3M9QXD".into(), confirmed_at: Timestamp(1) };
        let stored = serde_json::to_value(&confirmed).expect("serialises");
        assert_eq!(stored["state"], CONFIRMED);
        let queued = serde_json::to_value(EntryState::queued(Timestamp(1))).expect("serialises");
        assert_ne!(queued["state"], CONFIRMED);
    }

    fn version_1() -> Value {
        json!({
            "client_id": "0190f5e2-aaaa-7bbb-8ccc-000000000001",
            "submitted_at": "2026-11-29T09:30:00Z",
            "submitted_at_ms": 1_764_408_600_000_u64,
            "registration": {},
            "reference": "ABCD2345",
            "state": { "state": "queued", "attempts": 0, "next_attempt_at": 1_764_408_600_000_u64, "last_error": null },
            "submitted_on_kiosk": false
        })
    }

    #[test]
    fn a_record_without_a_schema_is_version_1_and_is_migrated() {
        let Ok(StoredEntry::Migrated(entry)) = read(&version_1()) else {
            panic!("version 1 migrates: {:?}", read(&version_1()));
        };
        assert_eq!(entry.schema, ENTRY_SCHEMA);
        assert_eq!(entry.reference, "ABCD2345");
        assert_eq!(entry.reference_version, None);
        assert_eq!(entry.state, EntryState::queued(Timestamp(1_764_408_600_000)));
        assert_eq!((entry.protocol, entry.sealed.is_none()), (2, true), "clear, protocol 2");
    }

    #[test]
    fn a_version_2_record_is_a_clear_protocol_2_entry() {
        let mut record = version_1();
        record["schema"] = json!(2);
        let Ok(StoredEntry::Migrated(entry)) = read(&record) else { panic!("{:?}", read(&record)) };
        assert_eq!(entry.protocol, 2);
        assert!(entry.registration.is_some());
        let submission = serde_json::to_value(entry.submission()).expect("serialize");
        assert!(submission.get("registration").is_some());
    }

    #[test]
    fn a_sealed_record_holds_no_registration_and_sends_the_seal() {
        let mut record = version_1();
        record.as_object_mut().expect("object").remove("registration");
        record["schema"] = json!(ENTRY_SCHEMA);
        record["protocol"] = json!(3);
        record["sealed"] = json!({ "key_id": "k1", "enc": "AAAA", "ciphertext": "BBBB" });
        let Ok(StoredEntry::Current(entry)) = read(&record) else { panic!("{:?}", read(&record)) };
        assert_eq!(entry.protocol, 3);
        let stored = serde_json::to_value(&entry).expect("serialize");
        assert!(stored.get("registration").is_none(), "{stored}");
        let submission = serde_json::to_value(entry.submission()).expect("serialize");
        assert_eq!(submission["sealed"]["key_id"], "k1");
        assert!(submission.get("registration").is_none());
    }

    #[test]
    fn a_current_record_reads_as_it_is_and_round_trips() {
        let Ok(StoredEntry::Migrated(entry)) = read(&version_1()) else { panic!() };
        let stored = serde_json::to_value(&entry).expect("serialize");
        assert_eq!(stored["schema"], json!(ENTRY_SCHEMA));
        assert_eq!(read(&stored), Ok(StoredEntry::Current(entry)));
    }

    #[test]
    fn a_record_of_a_newer_app_is_left_alone() {
        let mut record = version_1();
        record["schema"] = json!(ENTRY_SCHEMA + 1);
        record["state"] = json!("SomethingNew");
        assert_eq!(read(&record), Ok(StoredEntry::Newer { schema: ENTRY_SCHEMA + 1 }));
    }

    #[test]
    fn records_no_migration_can_read_are_unreadable() {
        let check = |record: Value, schema: u32| {
            let error = read(&record).expect_err("unreadable");
            assert_eq!(error.schema, schema, "{record}");
            assert!(!error.reason.is_empty());
        };
        check(json!("a string"), 1);
        assert!(read_stored("{ not json").is_err());
        check(json!(null), 1);
        let mut missing_state = version_1();
        missing_state.as_object_mut().expect("object").remove("state");
        check(missing_state, 1);
        let mut bad_state = version_1();
        bad_state["state"] = json!({ "state": "teleported" });
        bad_state["schema"] = json!(ENTRY_SCHEMA);
        check(bad_state, ENTRY_SCHEMA);
        let mut bad_schema = version_1();
        bad_schema["schema"] = json!("two");
        check(bad_schema, 1);
        let mut zero = version_1();
        zero["schema"] = json!(0);
        check(zero, 1);
        let mut empty = version_1();
        empty.as_object_mut().expect("object").remove("registration");
        check(empty, 1);
    }
}
