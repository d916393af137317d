-- Lineage schema v6: what discovery saw of each file besides its content hash: size,
-- modification and status-change times (nanoseconds since the epoch) and inode. A later
-- run re-uses the recorded content hash of a file whose four values are unchanged and
-- were already in the past when that run started (see governance/ingest/discover.py),
-- so an unchanged corpus is not read again in full. NULL for rows written before.

ALTER TABLE files ADD COLUMN size_bytes BIGINT;
ALTER TABLE files ADD COLUMN mtime_ns BIGINT;
ALTER TABLE files ADD COLUMN ctime_ns BIGINT;
ALTER TABLE files ADD COLUMN inode BIGINT;
