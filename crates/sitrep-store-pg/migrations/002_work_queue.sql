-- Schema version 2: the work queue. One row per raw input, keyed by the
-- same raw hash the SQLite store's `inputs` table uses, so enqueueing twice
-- adds nothing. A worker claims rows with SELECT ... FOR UPDATE SKIP LOCKED
-- and holds them until `claimed_until`; a lapsed lease makes a row
-- claimable again, so a dead worker's items are never lost.
CREATE TABLE work_items (
    id            BIGSERIAL PRIMARY KEY,
    raw_hash      TEXT NOT NULL UNIQUE,
    source        TEXT NOT NULL,
    raw           TEXT NOT NULL,           -- the sitrep_core::RawDoc as JSON
    state         TEXT NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'claimed', 'done', 'failed')),
    worker        TEXT,                    -- who claimed (or finished) it last
    claimed_at    TIMESTAMPTZ,
    claimed_until TIMESTAMPTZ,
    attempts      INTEGER NOT NULL DEFAULT 0,
    error         TEXT,                    -- why it failed
    document_id   TEXT,                    -- what it was stored as (NULL: duplicate or failed)
    enqueued_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ
);
CREATE INDEX work_items_claimable ON work_items(state, claimed_until, id);
CREATE INDEX work_items_worker ON work_items(worker, state);
