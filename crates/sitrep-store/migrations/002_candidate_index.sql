-- sitrep SQLite store, schema version 2: an index that holds everything
-- dedup's candidate search asks of an event (type, match window, country,
-- cluster), in the order it asks (each type of the family, then the window),
-- so the search for each new event reads this index alone instead of every
-- event row of the type, JSON and all (those rows were most of the time of
-- a 10,000-article run).
CREATE INDEX events_candidates ON events(plover_event, match_start, match_end, country, cluster_id);
