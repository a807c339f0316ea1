-- 0005: staff accounts of the agencies, their one-time activation links and their sessions.
--
-- A member of staff is created by `guichet-server staff add` without a password; the activation
-- link sets it. Passwords are Argon2id PHC strings ($argon2id$v=19$m=19456,t=2,p=1$…), never the
-- password. failed_logins and locked_until_ms carry the login lockout here, not in memory, so every
-- server instance agrees on it. Times are milliseconds since the Unix epoch, from the server's
-- clock. Keep this file and its twin in ../postgres/ equivalent.

CREATE TABLE staff (
    id               TEXT PRIMARY KEY,
    -- Lower case, what the person types at the login form.
    login            TEXT NOT NULL UNIQUE,
    full_name        TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('counsellor', 'manager', 'admin')),
    -- The agency this person works for (an admin's home agency).
    agency_id        TEXT NOT NULL REFERENCES agencies (id),
    -- NULL until the person has chosen a password through their activation link.
    password_hash    TEXT,
    -- Consecutive failed logins since the last success; the next attempt is refused until
    -- locked_until_ms (a short wait at first, then a lock).
    failed_logins    INTEGER NOT NULL DEFAULT 0,
    locked_until_ms  INTEGER,
    created_at_ms    INTEGER NOT NULL,
    activated_at_ms  INTEGER,
    last_login_at_ms INTEGER,
    -- Set by `staff disable`: the account can no longer log in and its sessions are deleted.
    disabled_at_ms   INTEGER
);

CREATE INDEX staff_by_agency ON staff (agency_id);

-- One-time activation links. Only the SHA-256 of the token is kept: the link itself is shown
-- once, to the operator who created the account. A link is used at most once (used_at_ms).
CREATE TABLE staff_activations (
    token_sha256     TEXT PRIMARY KEY,
    staff_id         TEXT NOT NULL REFERENCES staff (id),
    created_at_ms    INTEGER NOT NULL,
    expires_at_ms    INTEGER NOT NULL,
    used_at_ms       INTEGER
);

CREATE INDEX staff_activations_by_staff ON staff_activations (staff_id);

-- Logged-in sessions, served by any server instance. The key is the SHA-256 of the id in the
-- cookie, so reading this table does not give anyone a live session. data is the session's JSON
-- (tower-sessions' record data: the staff id and the CSRF token). A session expires 30 minutes
-- after last_seen_ms and 10 hours after created_at_ms whatever the activity; logout, disabling
-- the account and expiry delete the row.
CREATE TABLE staff_sessions (
    id_sha256        TEXT PRIMARY KEY,
    staff_id         TEXT NOT NULL REFERENCES staff (id),
    data             TEXT NOT NULL,
    created_at_ms    INTEGER NOT NULL,
    last_seen_ms     INTEGER NOT NULL
);

CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_by_last_seen ON staff_sessions (last_seen_ms);
