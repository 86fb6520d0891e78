-- Schema version 5: each document's place in input order, so that clusters
-- are named and built the same whatever order workers commit in. A queued
-- document's place is its work item's id (the order it was enqueued in);
-- a WARC range's records share their item's id and are numbered in file
-- order by `input_pos`; a record stored directly (not from the queue) takes
-- a number from the same sequence when it is stored, after everything
-- enqueued before it. Documents stored before this migration keep their
-- storage order, before everything stored after it.
ALTER TABLE documents ADD COLUMN input_ord BIGINT;
ALTER TABLE documents ADD COLUMN input_pos INTEGER NOT NULL DEFAULT 0;
UPDATE documents SET input_ord = ord - (SELECT max(ord) + 1 FROM documents);
ALTER TABLE documents ALTER COLUMN input_ord SET NOT NULL;
