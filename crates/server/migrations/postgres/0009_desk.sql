-- 0009: the counsellors' desk (issue 9): optimistic concurrency on pre-registrations, the
-- registrations counsellors confirm with their per-agency number, each dossier's history, and
-- the append-only audit log of every look at personal data.
-- Keep this file and its twin in ../sqlite/ equivalent.

-- Every action on a dossier names the version it was decided on and adds one; an action on an
-- older version is refused ("changed meanwhile"), never applied over someone else's.
ALTER TABLE pre_registrations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- A counsellor's corrections apply to a copy: `payload` stays what the sender sent, so a replay
-- of the same submission is still recognised as a duplicate by its digest.
ALTER TABLE pre_registrations ADD COLUMN corrected_payload TEXT;
-- Set with status 'rejected' and 'duplicate'.
ALTER TABLE pre_registrations ADD COLUMN rejection_reason TEXT;
ALTER TABLE pre_registrations ADD COLUMN duplicate_of TEXT;

-- A confirmed pre-registration: the person's identity document was checked. The number is the
-- agency's: `16-05/2026/000123`, drawn from registration_counters in the confirming transaction.
CREATE TABLE registrations (
    client_id        TEXT PRIMARY KEY REFERENCES pre_registrations (client_id),
    agency_id        TEXT NOT NULL REFERENCES agencies (id),
    number           TEXT NOT NULL,
    -- The calendar day in Algeria, YYYY-MM-DD (the export's date range).
    confirmed_on     TEXT NOT NULL,
    confirmed_at_ms  BIGINT NOT NULL,
    counsellor_id    TEXT NOT NULL REFERENCES staff (id),
    nin              TEXT NOT NULL,
    UNIQUE (agency_id, number)
);

CREATE INDEX registrations_by_agency_day ON registrations (agency_id, confirmed_on);
CREATE INDEX registrations_by_nin ON registrations (nin);

-- One row per agency and year: the last number given. Taking a number is one upsert in the
-- confirming transaction, which serialises confirmations of one agency.
CREATE TABLE registration_counters (
    agency_id        TEXT NOT NULL REFERENCES agencies (id),
    year             BIGINT NOT NULL,
    last_number      BIGINT NOT NULL,
    PRIMARY KEY (agency_id, year)
);

-- What counsellors did to a dossier, in order: confirm, correct (field, old and new value),
-- reject (reason), duplicate (of which client id).
CREATE TABLE dossier_actions (
    id               BIGSERIAL PRIMARY KEY,
    client_id        TEXT NOT NULL REFERENCES pre_registrations (client_id),
    kind             TEXT NOT NULL CHECK (kind IN ('confirm', 'correct', 'reject', 'duplicate')),
    staff_id         TEXT NOT NULL REFERENCES staff (id),
    at_ms            BIGINT NOT NULL,
    field            TEXT,
    old_value        TEXT,
    new_value        TEXT,
    note             TEXT
);

CREATE INDEX dossier_actions_by_client ON dossier_actions (client_id, id);

-- Who looked at or changed what, when, from where. Append-only: no code path updates or
-- deletes it (a test reads the source), and this trigger refuses UPDATE, DELETE and TRUNCATE
-- whoever asks (a REVOKE would not bind the owner the server connects as).
CREATE TABLE audit_log (
    id               BIGSERIAL PRIMARY KEY,
    at_ms            BIGINT NOT NULL,
    staff_id         TEXT NOT NULL,
    -- The name at the time: the log stays readable if the account changes.
    staff_name       TEXT NOT NULL,
    -- The agency whose records were concerned (the actor's own for a search or an export by an
    -- admin across agencies); managers read their agency's rows.
    agency_id        TEXT,
    action           TEXT NOT NULL,
    client_id        TEXT,
    -- What kind of search and how many rows, a date range…: never a searched NIN or name.
    detail           TEXT,
    address          TEXT
);

CREATE INDEX audit_log_by_agency ON audit_log (agency_id, id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
