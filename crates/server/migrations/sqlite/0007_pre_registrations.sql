-- 0007: what a kiosk or a phone sends is a pre-registration until a counsellor has checked the
-- person's identity document (issue 8).
--
-- The answer to a sender must never tell anything about another person, so the NIN is no longer
-- unique (two senders of one NIN are both stored, and staff see the match), and neither is the
-- reference: it is derived from the submission's own client id, so it can be shown offline the
-- moment the person submits; a typed reference that matches several rows lists them all at the
-- desk, and the receipt's QR code carries the full client id. client_id stays the primary key:
-- a replay finds its row, and no sender can replace another's.
--
-- agency_id is where the pre-registration is routed: the agency of the enrolled kiosk that sent
-- it, or for a phone the local agency serving the commune of residence (NULL when no agency
-- serves it yet, such as before the agency list is imported). device_id is NULL for a phone.
-- Keep this file and its twin in ../postgres/ equivalent.

CREATE TABLE pre_registrations (
    client_id        TEXT PRIMARY KEY,
    reference        TEXT NOT NULL,
    nin              TEXT NOT NULL,
    payload_sha256   TEXT NOT NULL,
    payload          TEXT NOT NULL,
    submitted_at     TEXT NOT NULL,
    received_at_ms   INTEGER NOT NULL,
    agency_id        TEXT,
    device_id        TEXT,
    -- The protocol version the sender spoke.
    protocol         INTEGER NOT NULL,
    -- pending until a counsellor acts (the desk, next issue): confirmed, rejected, duplicate.
    status           TEXT NOT NULL DEFAULT 'pending'
);

CREATE INDEX pre_registrations_by_nin ON pre_registrations (nin);
CREATE INDEX pre_registrations_by_reference ON pre_registrations (reference);
CREATE INDEX pre_registrations_by_agency ON pre_registrations (agency_id, status, received_at_ms);

INSERT INTO pre_registrations
    (client_id, reference, nin, payload_sha256, payload, submitted_at, received_at_ms, protocol)
SELECT client_id, reference, nin, payload_sha256, payload, submitted_at, received_at_ms, 1
FROM registrations;

DROP TABLE registrations;
