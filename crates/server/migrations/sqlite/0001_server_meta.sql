-- 0001: the server's own key/value facts, starting with when this database was created.
--
-- Migrations are append-only: once a file has been released, never edit it (sqlx checks each
-- applied migration's checksum and refuses to start on a mismatch); add a new numbered file.
-- Keep this file and its PostgreSQL twin in ../postgres/ equivalent.

CREATE TABLE server_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- UTC, second precision, RFC 3339: the same text PostgreSQL's twin writes.
INSERT INTO server_meta (key, value)
VALUES ('schema_created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
