-- 0003: registrations received from kiosks and phones, each stored exactly once.
--
-- client_id is minted on the device when the draft is created and sent with every retry: the
-- primary key makes a replay find the original row, and payload_sha256 tells a true duplicate
-- (same content) from a conflict (same id, different content). The NIN is unique: a person is
-- registered once, and a second registration answers with the first one's reference. The
-- reference is the short code on the person's receipt, unique across the agency.
-- Keep this file and its twin in ../postgres/ equivalent.

CREATE TABLE registrations (
    client_id        TEXT PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    nin              TEXT NOT NULL UNIQUE,
    payload_sha256   TEXT NOT NULL,
    -- The registration as received (JSON), for the counsellors' desk.
    payload          TEXT NOT NULL,
    -- The device's clock when the person submitted (RFC 3339, informative only).
    submitted_at     TEXT NOT NULL,
    -- The server's clock when the row was committed, in milliseconds since the Unix epoch.
    received_at_ms   INTEGER NOT NULL
);
