-- Schema version 4: work items that are byte ranges of WARC files. For a
-- Common Crawl-sized backfill the pages stay in the WARC files on shared
-- storage and the queue holds (path, offset, length) per item, a few dozen
-- bytes instead of a copy of every page. A range item has no raw copy and
-- no raw hash; it is keyed by its canonical path, offset and length, so
-- enqueueing the same file twice (in the same ranges) adds nothing.
ALTER TABLE work_items ALTER COLUMN raw DROP NOT NULL;
ALTER TABLE work_items ALTER COLUMN raw_hash DROP NOT NULL;
ALTER TABLE work_items ADD COLUMN range_path TEXT;      -- canonical path, the same on every worker
ALTER TABLE work_items ADD COLUMN range_offset BIGINT;  -- first byte of the range in the file
ALTER TABLE work_items ADD COLUMN range_len BIGINT;     -- bytes in the range
ALTER TABLE work_items ADD COLUMN range_records INTEGER; -- WARC records (gzip members) in it
ALTER TABLE work_items ADD COLUMN range_date TEXT;      -- date to assume for records without one (YYYY-MM-DD)
ALTER TABLE work_items ADD CONSTRAINT work_items_raw_or_range CHECK (
    (raw IS NOT NULL AND raw_hash IS NOT NULL AND range_path IS NULL)
    OR (raw IS NULL AND raw_hash IS NULL AND range_path IS NOT NULL
        AND range_offset >= 0 AND range_len > 0 AND range_records > 0));
CREATE UNIQUE INDEX work_items_range ON work_items(range_path, range_offset, range_len);
