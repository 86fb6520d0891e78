-- sitrep PostgreSQL store, schema version 3: what `export` and `serve` read
-- by. Clusters get the insertion order SQLite keeps as rowid (exports list
-- clusters in it, so both backends export the same file), and each
-- insertion order gets an index: exports stream documents, events and
-- clusters in that order, and `serve` polls the newest document and event
-- to know when to reload. And dedup's candidate search gets the index it
-- probes for each new event: its type family's types over its window.

ALTER TABLE clusters ADD COLUMN ord BIGSERIAL;
CREATE INDEX documents_ord ON documents(ord);
CREATE INDEX events_ord ON events(ord);
CREATE INDEX clusters_ord ON clusters(ord);
CREATE INDEX events_type_match ON events(plover_event, match_start);
