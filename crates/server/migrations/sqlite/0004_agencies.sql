-- 0004: ANEM's agencies and the commune each local agency serves (issue 8).
--
-- `guichet-server agencies import` writes both tables from ANEM's list (the bundled copy is
-- reference/anem-agencies.csv) in one transaction, and importing the same list again changes
-- nothing. An agency is never deleted by an import: kiosks and staff belong to it.
-- Keep this file and its twin in ../postgres/ equivalent.

CREATE TABLE agencies (
    -- ANEM's id: `16` for a wilaya agency (AWEM), `16-05` for a local agency (ALEM).
    id                         TEXT PRIMARY KEY,
    kind                       TEXT NOT NULL CHECK (kind IN ('wilaya', 'local')),
    -- ANEM is organised on the 58 wilayas of 2019: the communes of the wilayas created in 2026
    -- are still served by the agencies of the wilaya they came from.
    anem_wilaya_code           INTEGER NOT NULL CHECK (anem_wilaya_code BETWEEN 1 AND 58),
    name                       TEXT NOT NULL,
    address                    TEXT NOT NULL,
    phone                      TEXT NOT NULL,
    email                      TEXT NOT NULL,
    -- NULL for the two agencies ANEM's list gives no coordinates.
    latitude                   REAL,
    longitude                  REAL,
    -- What the agency's managers choose for all of its kiosks (not in ANEM's list, so an import
    -- never changes them): seconds without input before the idle warning, and seconds the
    -- warning counts down before the visitor's data is wiped.
    kiosk_idle_seconds         INTEGER NOT NULL DEFAULT 90,
    kiosk_countdown_seconds    INTEGER NOT NULL DEFAULT 30
);

-- Every commune is served by exactly one local agency. assigned_by says how: `listed` (one
-- agency lists it), `first_listed` (several list it: the first by agency id keeps it), or
-- `chef_lieu` (none lists it: the agency serving the chef-lieu of the wilaya its code was given
-- in, so a commune of a 2026 wilaya goes where it went before the reform).
CREATE TABLE agency_communes (
    -- The official commune code on four digits (`0310`, `1601`).
    commune_code               TEXT PRIMARY KEY,
    agency_id                  TEXT NOT NULL REFERENCES agencies (id),
    assigned_by                TEXT NOT NULL
        CHECK (assigned_by IN ('listed', 'first_listed', 'chef_lieu'))
);

CREATE INDEX agency_communes_by_agency ON agency_communes (agency_id);
