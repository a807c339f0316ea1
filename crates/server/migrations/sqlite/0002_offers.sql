-- 0002: job offers, and the change feed kiosks follow to keep their own copy.
--
-- Append-only, like every migration. Keep this file and its PostgreSQL twin equivalent.
--
-- Every write to an offer (import, withdrawal, expiry) takes the next number of one sequence,
-- kept in offer_feed.last_sequence and stored in offers.change_sequence. The counter row is
-- updated inside the writing transaction, so writers queue on it and commit in sequence order:
-- a reader that sees change N has already seen every change below N. A reader's cursor is the
-- highest change_sequence it has applied.

CREATE TABLE offers (
    id                TEXT PRIMARY KEY,          -- UUID minted here
    external_id       TEXT NOT NULL UNIQUE,      -- the source system's id: imports upsert on it
    -- open, withdrawn (by the agency) or expired (recorded once expires_at has passed)
    status            TEXT NOT NULL CHECK (status IN ('open', 'withdrawn', 'expired')),
    title_fr          TEXT,
    title_ar          TEXT,
    description_fr    TEXT,
    description_ar    TEXT,
    employer          TEXT NOT NULL,
    wilaya            INTEGER NOT NULL,
    commune           TEXT NOT NULL,
    occupation        TEXT NOT NULL,             -- ISCO-08 code of the reference list
    sector            TEXT NOT NULL,
    contract          TEXT NOT NULL,
    working_time      TEXT NOT NULL,
    experience_years  INTEGER NOT NULL,
    education         TEXT NOT NULL,
    positions         INTEGER NOT NULL,
    salary_min_dzd    INTEGER,
    salary_max_dzd    INTEGER,
    driving_licence   TEXT,
    open_to_disabled  BOOLEAN NOT NULL,
    apply_method      TEXT NOT NULL CHECK (apply_method IN ('at_agency', 'direct')),
    apply_instructions TEXT,
    -- Milliseconds since the Unix epoch, UTC.
    published_at      BIGINT NOT NULL,
    expires_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    change_sequence   BIGINT NOT NULL UNIQUE,
    CHECK (title_fr IS NOT NULL OR title_ar IS NOT NULL)
);

-- Finding open offers whose time has come, on every feed request.
CREATE INDEX offers_status_expires_at ON offers (status, expires_at);

-- One row: the last change number handed out, and this database's feed epoch. The epoch is in
-- every cursor, so a kiosk whose server was restored from a backup starts over instead of
-- missing offers whose numbers were handed out again.
CREATE TABLE offer_feed (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    last_sequence  BIGINT NOT NULL,
    epoch          TEXT NOT NULL
);
INSERT INTO offer_feed (id, last_sequence, epoch) VALUES (1, 0, lower(hex(randomblob(8))));
