import type { Migration } from './migration.ts';

/**
 * Calculated insights, materialized: one row per refresh of a CI (which definition — the sha256
 * of its subject and SQL —, the time its data is as of, scheduled or manual) and the values it
 * produced. A refresh is immutable once written; a request as of T reads the last refresh at or
 * before T of the CI's current definition, so values of an edited SQL are never read.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'calculated-insights',
  sql: `
CREATE TABLE insight_refreshes (
  id           INTEGER PRIMARY KEY,
  space_id     INTEGER NOT NULL REFERENCES data_spaces (id),
  insight      TEXT NOT NULL,             -- the calculated insight's apiName
  subject      TEXT NOT NULL CHECK (subject IN ('individual', 'item', 'item_pair', 'individual_category')),
  definition   TEXT NOT NULL,             -- sha256 of subject and SQL (hex)
  refreshed_at INTEGER NOT NULL,          -- epoch ms, UTC: the values see the data at or before it
  kind         TEXT NOT NULL CHECK (kind IN ('scheduled', 'manual')),
  -- The data space's row counts (individuals:items:events) when it ran: a scheduled refresh is
  -- reused only while they are unchanged, so an import makes the next request refresh again.
  data_version TEXT NOT NULL,
  row_count    INTEGER NOT NULL,
  duration_ms  REAL NOT NULL,
  created_at   TEXT NOT NULL              -- wall-clock time the refresh ran (ISO-8601)
);
CREATE INDEX insight_refreshes_by_time ON insight_refreshes (space_id, insight, definition, kind, refreshed_at);

-- key1: individual_id or item_id; key2: related_item_id or category ('' for one-key subjects).
CREATE TABLE insight_values (
  refresh_id INTEGER NOT NULL REFERENCES insight_refreshes (id) ON DELETE CASCADE,
  key1       TEXT NOT NULL,
  key2       TEXT NOT NULL,
  value      REAL NOT NULL,
  PRIMARY KEY (refresh_id, key1, key2)
) WITHOUT ROWID;
`,
};
