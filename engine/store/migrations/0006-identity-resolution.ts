import type { Migration } from './migration.ts';

/**
 * Identity resolution: raw source records, the mapping of each record to its unified individual,
 * the unified individuals identity resolution owns, and the history of resolutions with their
 * reports. Source records are keyed by (space, source, sourceId); a second index finds a plain
 * sourceId (events keyed by source ids). The mapping is the latest resolution's, replaced whole.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'identity-resolution',
  sql: `
CREATE TABLE source_records (
  pk          INTEGER PRIMARY KEY,
  space_id    INTEGER NOT NULL REFERENCES data_spaces (id),
  source      TEXT NOT NULL,
  source_id   TEXT NOT NULL,
  email       TEXT,
  phone       TEXT,
  first_name  TEXT,
  last_name   TEXT,
  updated_at  INTEGER,                    -- epoch milliseconds, UTC; NULL when the source did not say
  attributes  TEXT NOT NULL DEFAULT '{}',
  UNIQUE (space_id, source, source_id)
);
CREATE INDEX source_records_by_source_id ON source_records (space_id, source_id);

-- The unified individuals identity resolution wrote (and so may replace or retire), with the
-- record whose (source, sourceId) their id is derived from.
CREATE TABLE identity_unified (
  space_id   INTEGER NOT NULL REFERENCES data_spaces (id),
  unified_id TEXT NOT NULL,
  anchor_pk  INTEGER NOT NULL REFERENCES source_records (pk),
  records    INTEGER NOT NULL,
  PRIMARY KEY (space_id, unified_id)
) WITHOUT ROWID;

-- Source record -> unified individual, as of the latest resolution, with the rule that linked the
-- record (NULL: it matched no other record) and the record it matched.
CREATE TABLE identity_links (
  record_pk   INTEGER PRIMARY KEY REFERENCES source_records (pk),
  space_id    INTEGER NOT NULL REFERENCES data_spaces (id),
  unified_id  TEXT NOT NULL,
  rule        TEXT,
  matched_pk  INTEGER
);
CREATE INDEX identity_links_by_unified ON identity_links (space_id, unified_id);

CREATE TABLE identity_resolutions (
  id              INTEGER PRIMARY KEY,
  space_id        INTEGER NOT NULL REFERENCES data_spaces (id),
  resolved_at     TEXT NOT NULL,
  config_revision INTEGER,
  ruleset         TEXT NOT NULL,          -- the ruleset used, JSON
  records         INTEGER NOT NULL,
  individuals     INTEGER NOT NULL,
  report          TEXT NOT NULL           -- the report, JSON
);
CREATE INDEX identity_resolutions_by_space ON identity_resolutions (space_id, id);
`,
};
