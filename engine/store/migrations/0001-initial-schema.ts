import type { Migration } from './migration.ts';

/**
 * Data spaces, individuals, items, engagement events, config revisions and workspace meta.
 * Sized for a million individuals and tens of millions of events: integer surrogate keys,
 * events clustered by (individual, type, ts) in a WITHOUT ROWID table so that one individual's
 * recent engagement is a single range read, and one covering index for top-seller windows.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'initial-schema',
  sql: `
CREATE TABLE workspace_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE data_spaces (
  id               INTEGER PRIMARY KEY,
  api_name         TEXT NOT NULL UNIQUE,
  label            TEXT NOT NULL,
  -- Maintained by the store's write paths in the same transaction as the rows they count,
  -- so that counts stay O(1) with tens of millions of events.
  individual_count INTEGER NOT NULL DEFAULT 0,
  item_count       INTEGER NOT NULL DEFAULT 0,
  event_count      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO data_spaces (id, api_name, label) VALUES (1, 'default', 'Default');

CREATE TABLE individuals (
  pk         INTEGER PRIMARY KEY,
  space_id   INTEGER NOT NULL REFERENCES data_spaces (id),
  id         TEXT NOT NULL,
  attributes TEXT NOT NULL DEFAULT '{}',
  UNIQUE (space_id, id)
);

CREATE TABLE items (
  pk         INTEGER PRIMARY KEY,
  space_id   INTEGER NOT NULL REFERENCES data_spaces (id),
  id         TEXT NOT NULL,
  name       TEXT NOT NULL,
  category   TEXT NOT NULL DEFAULT '',
  price      REAL NOT NULL CHECK (price >= 0),
  image_url  TEXT NOT NULL DEFAULT '',
  url        TEXT NOT NULL DEFAULT '',
  brand      TEXT NOT NULL DEFAULT '',
  in_stock   INTEGER NOT NULL CHECK (in_stock IN (0, 1)),
  created_at INTEGER NOT NULL,            -- epoch milliseconds, UTC
  attributes TEXT NOT NULL DEFAULT '{}',
  UNIQUE (space_id, id)
);

-- Engagement objects of the profile graph (Product Browse, Shopping Cart, Product Order).
CREATE TABLE event_types (
  code INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
INSERT INTO event_types (code, name) VALUES (1, 'browse'), (2, 'cart'), (3, 'order');

-- The hot table (tens of millions of rows). It declares no foreign keys or CHECKs: measured,
-- either one costs about 40% of bulk-insert throughput. Integrity holds by construction: only
-- the store writes it, with keys it has just looked up (individuals, items) and codes from
-- event_types.
CREATE TABLE events (
  individual_pk INTEGER NOT NULL,         -- individuals.pk
  type          INTEGER NOT NULL,         -- event_types.code
  ts            INTEGER NOT NULL,         -- epoch milliseconds, UTC
  seq           INTEGER NOT NULL,         -- arrival order (sequences.event_seq)
  space_id      INTEGER NOT NULL,         -- data_spaces.id (that of the individual)
  item_pk       INTEGER NOT NULL,         -- items.pk
  quantity      INTEGER NOT NULL,         -- >= 0
  price         REAL,                     -- NULL or >= 0
  PRIMARY KEY (individual_pk, type, ts, seq)
) WITHOUT ROWID;

-- Top sellers (and any per-type time window) without touching the table.
CREATE INDEX events_by_space_type_ts ON events (space_id, type, ts, item_pk, quantity);

CREATE TABLE sequences (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO sequences (name, value) VALUES ('event_seq', 0);

-- The workspace configuration (one JSON document); the current config is the latest revision.
CREATE TABLE config_revisions (
  rev      INTEGER PRIMARY KEY,
  saved_at TEXT NOT NULL,
  note     TEXT NOT NULL DEFAULT '',
  json     TEXT NOT NULL,
  checksum TEXT NOT NULL                  -- sha256 of json, hex
);
`,
};
