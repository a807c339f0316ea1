-- 0010: how many days an agency's kiosks keep a registration the agency refused (issue 11),
-- chosen by its managers with the other kiosk settings; after that the kiosk deletes it (a
-- shared device is no archive). The default is the kiosk's own when a server sends none.
-- Keep this file and its twin in ../postgres/ equivalent.

ALTER TABLE agencies ADD COLUMN kiosk_rejected_retention_days INTEGER NOT NULL DEFAULT 7;
