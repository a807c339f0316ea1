//! The change feed's cursor (`since` of `GET /api/v1/offers/changes`), read by
//! `guichet_core::offers::cursor::FeedCursor::decode` as the server reads it.
//!
//! Properties: a text that decodes encodes back to exactly itself (one spelling per cursor), and
//! every cursor the server could issue (any epoch of 16 hex digits, any sequence) decodes back
//! to itself.

#![no_main]

use guichet_core::offers::cursor::FeedCursor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(cursor) = FeedCursor::decode(text)
    {
        assert_eq!(cursor.encode(), text);
        assert_eq!(cursor.epoch.len(), 16);
    }
    if data.len() >= 16 {
        let (epoch, sequence) = data.split_at(8);
        let epoch: String = epoch.iter().map(|byte| format!("{byte:02x}")).collect();
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&sequence[..8]);
        // The server's sequences are positive i64s (database ids); decode caps the digits at 19.
        let sequence = u64::from_le_bytes(bytes) >> 1;
        let cursor = FeedCursor { epoch, sequence };
        assert_eq!(FeedCursor::decode(&cursor.encode()), Ok(cursor));
    }
});
