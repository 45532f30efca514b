import type { Migration } from './migration.ts';

/**
 * Data-graph refreshes (DESIGN.md §2, "Data graphs are materialized"): for one data space, one
 * profile data graph and one 30-minute watermark, one compact document per individual and the
 * memberships of the graph's segments as evaluated at the watermark. A refresh is written in one
 * transaction and never changed afterwards. The two hot tables are WITHOUT ROWID and keyed by
 * (refresh, ...) so that a chunk of a run is one range of the key, and they declare no foreign
 * keys (as `events`): only the store writes them, in the transaction that creates their refresh.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'data-graph-refreshes',
  sql: `
CREATE TABLE data_graph_refreshes (
  id                    INTEGER PRIMARY KEY,
  space_id              INTEGER NOT NULL REFERENCES data_spaces (id),
  graph                 TEXT NOT NULL,             -- profile data graph api name
  refreshed_at          INTEGER NOT NULL,          -- the watermark: epoch ms of a 30-minute boundary
  -- What the documents were built from: a digest of the graph definition, its segments and CI
  -- definitions (and the document encoding), and a stamp of the data space's rows. A refresh whose
  -- digest or stamp no longer matches the workspace is kept (runs point at it) but not reused.
  definition_hash       TEXT NOT NULL,
  data_stamp            TEXT NOT NULL,
  config_revision       INTEGER,
  individuals           INTEGER NOT NULL,
  bytes                 INTEGER NOT NULL,          -- sum of the encoded documents' sizes
  insights_refreshed_at TEXT NOT NULL,             -- JSON: CI name -> ISO time of its refresh used, or null
  dictionary            TEXT NOT NULL,             -- JSON: what the compact documents refer to (fields, CIs, segments, items)
  built_at              TEXT NOT NULL,             -- wall-clock time the refresh was materialized
  duration_ms           INTEGER NOT NULL
);
CREATE INDEX data_graph_refreshes_by_watermark ON data_graph_refreshes (space_id, graph, refreshed_at);

-- The segments of a refresh's graph, in config order (segment_idx), with their member counts.
CREATE TABLE data_graph_refresh_segments (
  refresh_id  INTEGER NOT NULL REFERENCES data_graph_refreshes (id),
  segment_idx INTEGER NOT NULL,
  api_name    TEXT NOT NULL,
  members     INTEGER NOT NULL,
  PRIMARY KEY (refresh_id, segment_idx),
  UNIQUE (refresh_id, api_name)
) WITHOUT ROWID;

-- One encoded profile document per individual (engine/store/data-graph-refreshes-codec.ts).
CREATE TABLE data_graph_documents (
  refresh_id    INTEGER NOT NULL,                  -- data_graph_refreshes.id
  individual_id TEXT NOT NULL,
  doc           BLOB NOT NULL,
  PRIMARY KEY (refresh_id, individual_id)
) WITHOUT ROWID;

-- Segment memberships at the refresh: members in id order, counted without decoding documents.
CREATE TABLE data_graph_segment_members (
  refresh_id    INTEGER NOT NULL,                  -- data_graph_refreshes.id
  segment_idx   INTEGER NOT NULL,                  -- data_graph_refresh_segments.segment_idx
  individual_id TEXT NOT NULL,
  PRIMARY KEY (refresh_id, segment_idx, individual_id)
) WITHOUT ROWID;
`,
};
