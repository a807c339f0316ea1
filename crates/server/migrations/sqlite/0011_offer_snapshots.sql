-- 0011: snapshots of the offers catalogue (issue 13, item 4). A first sync downloads the
-- current snapshot (every live offer at one feed cursor, compressed once) and then follows the
-- change feed from its cursor, instead of paging through the whole feed.
-- Keep this file and its twin in ../postgres/ equivalent.
--
-- Stored here rather than in one instance's memory so every instance on this database serves
-- the same bytes under the same name, and one build serves them all. A snapshot never changes
-- once written: a newer one is a new row, and older rows are deleted (all but the previous
-- one, which clients that discovered it a moment ago may still be downloading).

CREATE TABLE offer_snapshots (
    name        TEXT PRIMARY KEY,      -- the feed cursor it was taken at: `<epoch>.<sequence>`
    epoch       TEXT NOT NULL,         -- offer_feed.epoch when taken; another epoch is never served
    sequence    BIGINT NOT NULL,       -- the highest change_sequence it includes
    offers      BIGINT NOT NULL,       -- how many offers it holds
    created_at  BIGINT NOT NULL,       -- milliseconds since the Unix epoch, UTC
    brotli      BLOB NOT NULL,          -- the JSON document (guichet_protocol::offers::OfferSnapshot)
    gzip        BLOB NOT NULL           -- the same document
);
CREATE INDEX offer_snapshots_epoch_sequence ON offer_snapshots (epoch, sequence);
