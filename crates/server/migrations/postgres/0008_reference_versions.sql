-- 0008: versions of the reference lists (wilayas, communes, occupations, contract types,
-- sectors) that the agency imports with `guichet-server reference import`.
--
-- Append-only, like every migration. Keep this file and its twin of the other engine equivalent.
--
-- Each row is one whole version, the JSON document GET /api/v1/reference serves
-- (guichet_protocol::reference::Reference). The highest version is in force; a database with
-- no row serves the lists built into the server (guichet_core::reference::BUILTIN_VERSION), and
-- every imported version is above it. Older versions stay: a registration filled offline under
-- one of them is checked against the lists it was made with.

CREATE TABLE reference_versions (
    version         BIGINT PRIMARY KEY,
    imported_at_ms  BIGINT NOT NULL,
    document        TEXT NOT NULL
);
