-- 0001: the server's own key/value facts, starting with when this database was created.
--
-- Migrations are append-only: once a file has been released, never edit it (sqlx checks each
-- applied migration's checksum and refuses to start on a mismatch); add a new numbered file.
-- Keep this file and its SQLite twin in ../sqlite/ equivalent.
--
-- Tables are created unqualified, in the first schema of `search_path`: the tests give each
-- test its own schema that way.

CREATE TABLE server_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- UTC, second precision, RFC 3339: the same text SQLite's twin writes.
INSERT INTO server_meta (key, value)
VALUES ('schema_created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
