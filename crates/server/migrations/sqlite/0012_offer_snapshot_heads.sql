-- 0012: each offers snapshot's head (issue 12, item 4): its newest offers as a small JSON
-- document (guichet_protocol::offers::OfferSnapshot), which a first sync lists while the whole
-- snapshot downloads. Kept in the same row, so every instance serves the head of the snapshot
-- it names. NULL for a snapshot taken before this migration: its pointer names no head.
-- Keep this file and its twin in ../postgres/ equivalent.

ALTER TABLE offer_snapshots ADD COLUMN head BLOB;
