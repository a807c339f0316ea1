-- 0006: enrolled kiosks and the one-time codes that enrol them (issue 8).
--
-- A manager (or an operator with `guichet-server devices code`) creates an enrolment code for an
-- agency; the kiosk sends it with a name to POST /api/v1/devices/enrol and receives a credential
-- bound to that agency. Neither the code nor the credential is stored: only the SHA-256 of each,
-- so reading these tables enrols nothing and authenticates no one. Times are milliseconds since
-- the Unix epoch, from the server's clock.
-- Keep this file and its twin in ../sqlite/ equivalent.

CREATE TABLE devices (
    -- A UUID drawn by the server at enrolment.
    id                  TEXT PRIMARY KEY,
    agency_id           TEXT NOT NULL REFERENCES agencies (id),
    -- What staff call the device ("Accueil 1"): 1 to 80 characters, no control characters.
    name                TEXT NOT NULL,
    -- SHA-256 (hex) of the credential's 32 random bytes. A credential is looked up by its hash.
    credential_sha256   TEXT NOT NULL UNIQUE,
    enrolled_at_ms      BIGINT NOT NULL,
    -- Updated at most once a minute per device, on authenticated requests.
    last_seen_at_ms     BIGINT,
    -- Set by a revocation: the credential gets 401 from then on. A revoked device stays listed.
    revoked_at_ms       BIGINT
);

CREATE INDEX devices_by_agency ON devices (agency_id);

-- Enrolment codes: 8 Crockford base32 characters, valid 15 minutes, used at most once. The code
-- is consumed by a conditional UPDATE (used_at_ms IS NULL AND expires_at_ms > now) in the
-- enrolling transaction, so of two kiosks racing with one code exactly one is enrolled.
CREATE TABLE enrolment_codes (
    -- SHA-256 (hex) of the code in its canonical form (upper case, no separator).
    code_sha256         TEXT PRIMARY KEY,
    agency_id           TEXT NOT NULL REFERENCES agencies (id),
    -- The manager who created it; NULL when an operator created it from the command line.
    created_by          TEXT REFERENCES staff (id),
    created_at_ms       BIGINT NOT NULL,
    expires_at_ms       BIGINT NOT NULL,
    used_at_ms          BIGINT,
    -- The device the code enrolled.
    device_id           TEXT REFERENCES devices (id)
);
