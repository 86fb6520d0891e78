-- sitrep store, schema version 1.
-- Documented in docs/store.md; keep the two in step.

-- One row per stored article. `id` is the document id of the sitrep/1
-- record (the input's own id, else extraction's content hash);
-- `content_hash` (SHA-256 of `text`) is what makes re-runs idempotent.
CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    source       TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    published    TEXT,            -- ISO date or NULL
    language     TEXT,
    byline       TEXT,
    text         TEXT NOT NULL,
    n_events     INTEGER NOT NULL,
    record       TEXT NOT NULL    -- the sitrep/1 record as JSON, events left out (see events.json)
);
CREATE INDEX documents_published ON documents(published);

-- Raw inputs already processed (hash of the raw body before extraction), so
-- a rerun skips them without running the pipeline again.
CREATE TABLE inputs (
    raw_hash    TEXT PRIMARY KEY,
    document_id TEXT              -- NULL when the input was a duplicate of a stored document
);

-- Places as resolved; one row per distinct resolution.
CREATE TABLE places (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,   -- "gn:<geonameid>" or "name:<name>|<country>|<admin1>"
    name       TEXT,
    geonameid  INTEGER,
    country    TEXT,
    admin1     TEXT,
    admin2     TEXT,
    lat        REAL,
    lon        REAL,
    precision  TEXT                    -- point|town|district|region|country
);

-- Clusters: events judged the same real-world event. `id` is the id of the
-- event that founded it. Columns describe the canonical record.
CREATE TABLE clusters (
    id                   TEXT PRIMARY KEY,
    plover_event         TEXT NOT NULL,
    acled_event_type     TEXT,
    acled_sub_event_type TEXT,
    date_start           TEXT,
    date_end             TEXT,
    date_precision       TEXT,
    country              TEXT,
    admin1               TEXT,
    location             TEXT,
    lat                  REAL,
    lon                  REAL,
    geo_precision        TEXT,
    fatalities_min       INTEGER,
    fatalities_max       INTEGER,
    n_events             INTEGER NOT NULL,
    n_sources            INTEGER NOT NULL,   -- distinct documents
    canonical            TEXT NOT NULL       -- canonical sitrep/1 Event as JSON
);
CREATE INDEX clusters_date ON clusters(date_start, date_end);
CREATE INDEX clusters_country ON clusters(country, date_start);
CREATE INDEX clusters_type ON clusters(plover_event, date_start);
CREATE INDEX clusters_sources ON clusters(n_sources);

-- One row per event, every filterable sitrep/1 field as a column.
CREATE TABLE events (
    id                   TEXT PRIMARY KEY,  -- "<document id>:<n>"
    document_id          TEXT NOT NULL REFERENCES documents(id),
    seq                  INTEGER NOT NULL,  -- order in the document; 0 = main event
    plover_event         TEXT NOT NULL,
    plover_mode          TEXT,              -- modes joined by ","
    plover_context       TEXT,              -- contexts joined by ","
    acled_event_type     TEXT,
    acled_sub_event_type TEXT,
    cameo                TEXT,
    date_text            TEXT,
    date_start           TEXT,
    date_end             TEXT,
    date_precision       TEXT,              -- day|week|part_of_month|month|year|unknown
    place_id             INTEGER REFERENCES places(id),
    location_text        TEXT,
    location             TEXT,              -- resolved name
    geonameid            INTEGER,
    country              TEXT,              -- ISO 3166-1 alpha-3
    admin1               TEXT,
    admin2               TEXT,
    lat                  REAL,
    lon                  REAL,
    geo_precision        TEXT,
    fatalities_min       INTEGER,
    fatalities_max       INTEGER,
    injured_min          INTEGER,
    injured_max          INTEGER,
    modality             TEXT NOT NULL,
    attribution          TEXT,
    confidence           REAL NOT NULL,
    cluster_id           TEXT NOT NULL REFERENCES clusters(id),
    match_start          TEXT,              -- the window dedup matches on: the date range,
    match_end            TEXT,              -- or the days before publication when undated
    json                 TEXT NOT NULL      -- the full sitrep/1 Event, cluster set
);
CREATE INDEX events_document ON events(document_id, seq);
CREATE INDEX events_date ON events(date_start, date_end);
CREATE INDEX events_country_date ON events(country, date_start);
CREATE INDEX events_type_date ON events(plover_event, date_start);
CREATE INDEX events_acled ON events(acled_event_type, acled_sub_event_type);
CREATE INDEX events_latlon ON events(lat, lon);
CREATE INDEX events_cluster ON events(cluster_id);
CREATE INDEX events_match ON events(match_start);

-- Actors and recipients of each event, as resolved.
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id),
    role     TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    n        INTEGER NOT NULL,          -- order within the role
    text     TEXT NOT NULL,             -- as written
    name     TEXT,                      -- canonical name
    kb_id    TEXT,                      -- knowledge-base id, e.g. kb:kataib-hezbollah
    country  TEXT,
    sector   TEXT,                      -- PLOVER sector codes joined by ","
    PRIMARY KEY (event_id, role, n)
);
CREATE INDEX event_actors_kb ON event_actors(kb_id);
CREATE INDEX event_actors_name ON event_actors(name);

-- Evidence spans: byte offsets into documents.text.
CREATE TABLE evidence (
    event_id TEXT NOT NULL REFERENCES events(id),
    n        INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (event_id, n)
);
