-- sitrep PostgreSQL store, schema version 1: the logical schema of the
-- SQLite store (crates/sitrep-store/migrations/001_initial.sql, documented
-- in docs/store.md) in PostgreSQL types. Dates stay ISO TEXT as in SQLite so
-- both backends export byte-identical records. `ord` replaces SQLite's
-- rowid: dedup walks clusters and members in insertion order.

CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    source       TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    published    TEXT,
    language     TEXT,
    byline       TEXT,
    text         TEXT NOT NULL,
    n_events     INTEGER NOT NULL,
    record       TEXT NOT NULL,
    ord          BIGSERIAL
);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE inputs (
    raw_hash    TEXT PRIMARY KEY,
    document_id TEXT
);

CREATE TABLE places (
    id         BIGSERIAL PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    name       TEXT,
    geonameid  BIGINT,
    country    TEXT,
    admin1     TEXT,
    admin2     TEXT,
    lat        DOUBLE PRECISION,
    lon        DOUBLE PRECISION,
    precision  TEXT
);

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
    lat                  DOUBLE PRECISION,
    lon                  DOUBLE PRECISION,
    geo_precision        TEXT,
    fatalities_min       BIGINT,
    fatalities_max       BIGINT,
    n_events             BIGINT NOT NULL,
    n_sources            BIGINT NOT NULL,
    canonical            TEXT NOT NULL
);
CREATE INDEX clusters_date ON clusters(date_start, date_end);
CREATE INDEX clusters_country ON clusters(country, date_start);
CREATE INDEX clusters_type ON clusters(plover_event, date_start);
CREATE INDEX clusters_sources ON clusters(n_sources);

CREATE TABLE events (
    id                   TEXT PRIMARY KEY,
    document_id          TEXT NOT NULL REFERENCES documents(id),
    seq                  BIGINT NOT NULL,
    plover_event         TEXT NOT NULL,
    plover_mode          TEXT,
    plover_context       TEXT,
    acled_event_type     TEXT,
    acled_sub_event_type TEXT,
    cameo                TEXT,
    date_text            TEXT,
    date_start           TEXT,
    date_end             TEXT,
    date_precision       TEXT,
    place_id             BIGINT REFERENCES places(id),
    location_text        TEXT,
    location             TEXT,
    geonameid            BIGINT,
    country              TEXT,
    admin1               TEXT,
    admin2               TEXT,
    lat                  DOUBLE PRECISION,
    lon                  DOUBLE PRECISION,
    geo_precision        TEXT,
    fatalities_min       BIGINT,
    fatalities_max       BIGINT,
    injured_min          BIGINT,
    injured_max          BIGINT,
    modality             TEXT NOT NULL,
    attribution          TEXT,
    confidence           DOUBLE PRECISION NOT NULL,
    cluster_id           TEXT NOT NULL REFERENCES clusters(id),
    match_start          TEXT,
    match_end            TEXT,
    json                 TEXT NOT NULL,
    ord                  BIGSERIAL
);
CREATE INDEX events_document ON events(document_id, seq);
CREATE INDEX events_date ON events(date_start, date_end);
CREATE INDEX events_country_date ON events(country, date_start);
CREATE INDEX events_type_date ON events(plover_event, date_start);
CREATE INDEX events_acled ON events(acled_event_type, acled_sub_event_type);
CREATE INDEX events_latlon ON events(lat, lon);
CREATE INDEX events_cluster ON events(cluster_id, ord);
CREATE INDEX events_match ON events(match_start);

CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id),
    role     TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    n        BIGINT NOT NULL,
    text     TEXT NOT NULL,
    name     TEXT,
    kb_id    TEXT,
    country  TEXT,
    sector   TEXT,
    PRIMARY KEY (event_id, role, n)
);
CREATE INDEX event_actors_kb ON event_actors(kb_id);
CREATE INDEX event_actors_name ON event_actors(name);

CREATE TABLE evidence (
    event_id TEXT NOT NULL REFERENCES events(id),
    n        BIGINT NOT NULL,
    start    BIGINT NOT NULL,
    "end"    BIGINT NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (event_id, n)
);
