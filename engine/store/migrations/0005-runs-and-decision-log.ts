import type { Migration } from './migration.ts';

/**
 * Campaign dry runs: the run rows (with their watermarks, counters and liveness), one completion
 * record per committed chunk (what resume continues from), the decision log (one row per
 * individual × point, indexed for the dashboards), the outputs (records tables and event-stream
 * outboxes), explicit individual lists, and each campaign's status as a batch decision job.
 *
 * The decision log and the outputs are hot tables (millions of rows per run): like `events`,
 * they declare no foreign keys or CHECKs; only the runner writes them, inside the transaction
 * that also records the chunk.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'runs-and-decision-log',
  sql: `
CREATE TABLE runs (
  id                INTEGER PRIMARY KEY,
  space_id          INTEGER NOT NULL REFERENCES data_spaces (id),
  campaign          TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
  as_of_ms          INTEGER NOT NULL,           -- the simulated time of every decision of the run
  config_revision   INTEGER NOT NULL,           -- config_revisions.rev the run decides with
  segment           TEXT,                       -- NULL when the run is over an explicit id list
  points            TEXT NOT NULL,              -- JSON array of personalization point api names
  chunk_size        INTEGER NOT NULL,
  workers           INTEGER NOT NULL,
  output            TEXT NOT NULL,              -- JSON: { kind, table | path + format | stream }
  watermarks        TEXT NOT NULL DEFAULT '{}', -- JSON: data-graph refreshes, CI refreshes, models, stale
  total_individuals INTEGER,                    -- NULL until the refresh is known
  estimated_credits INTEGER,
  individuals       INTEGER NOT NULL DEFAULT 0, -- committed so far
  requests          INTEGER NOT NULL DEFAULT 0, -- individual × point
  decisions         INTEGER NOT NULL DEFAULT 0,
  fallbacks         INTEGER NOT NULL DEFAULT 0,
  nones             INTEGER NOT NULL DEFAULT 0,
  errors            INTEGER NOT NULL DEFAULT 0,
  credits           INTEGER NOT NULL DEFAULT 0,
  errors_by_code    TEXT NOT NULL DEFAULT '{}', -- JSON: fault code -> count
  chunks            INTEGER NOT NULL DEFAULT 0, -- committed chunks
  output_rows       INTEGER NOT NULL DEFAULT 0,
  output_base       INTEGER NOT NULL DEFAULT 0, -- file outputs: bytes before the first chunk (CSV header)
  output_bytes      INTEGER NOT NULL DEFAULT 0, -- file outputs: byte offset after the last committed chunk
  wall_ms           INTEGER NOT NULL DEFAULT 0, -- summed over the run's attempts
  attempts          INTEGER NOT NULL DEFAULT 1,
  started_at        TEXT NOT NULL,
  ended_at          TEXT,
  pid               INTEGER,                    -- process of the current attempt (liveness)
  host              TEXT,
  heartbeat_ms      INTEGER,
  fault             TEXT                        -- JSON fault of a failed run
);
CREATE INDEX runs_by_campaign ON runs (space_id, campaign, id);

CREATE TABLE run_chunks (
  run_id       INTEGER NOT NULL,
  chunk_index  INTEGER NOT NULL,
  first_id     TEXT NOT NULL,
  last_id      TEXT NOT NULL,                   -- resume continues after it (id order)
  individuals  INTEGER NOT NULL,
  log_end      INTEGER NOT NULL,                -- decision_log.seq after the chunk
  output_end   INTEGER NOT NULL,                -- file outputs: byte offset after the chunk; else rows
  committed_ms INTEGER NOT NULL,
  PRIMARY KEY (run_id, chunk_index)
) WITHOUT ROWID;

CREATE TABLE run_individuals (
  run_id        INTEGER NOT NULL,
  individual_id TEXT NOT NULL,
  PRIMARY KEY (run_id, individual_id)
) WITHOUT ROWID;

CREATE TABLE decision_log (
  run_id             INTEGER NOT NULL,
  seq                INTEGER NOT NULL,          -- 0, 1, 2... in chunk order, individual × point
  individual_id      TEXT NOT NULL,
  point              TEXT NOT NULL,
  decision           TEXT,                      -- the decision (content id) served, if any
  outcome            TEXT NOT NULL,             -- decision | fallback | none | error
  reason             TEXT NOT NULL,
  experiment         TEXT,
  variant            TEXT,
  in_pool            INTEGER,                   -- 0/1; NULL without an experiment
  control            INTEGER,                   -- 0/1; NULL without an experiment
  item_ids           TEXT,                      -- JSON array of recommended item ids, NULL when none
  credits            INTEGER NOT NULL,
  error_code         TEXT,
  error_message      TEXT,
  decided_at_ms      INTEGER NOT NULL,          -- simulated timestamp: the run's as-of time
  request_id         TEXT NOT NULL,
  personalization_id TEXT,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
-- Covering for the distribution (point × decision × outcome) without touching the table.
CREATE INDEX decision_log_by_point ON decision_log (run_id, point, decision, outcome);
CREATE INDEX decision_log_by_outcome ON decision_log (run_id, outcome, error_code);
CREATE INDEX decision_log_by_individual ON decision_log (run_id, individual_id);

-- Output "records": one logical table per name (e.g. Personalized_Email_Content__c).
CREATE TABLE output_records (
  id                 INTEGER PRIMARY KEY,
  table_name         TEXT NOT NULL,
  run_id             INTEGER NOT NULL,
  seq                INTEGER NOT NULL,          -- decision_log.seq of the row
  individual_id      TEXT NOT NULL,
  point              TEXT NOT NULL,
  personalization_id TEXT,
  content_id         TEXT,
  payload            TEXT,                      -- JSON of the personalization's data
  status             TEXT NOT NULL,             -- ok | none | error
  error_code         TEXT,
  error_message      TEXT
);
CREATE UNIQUE INDEX output_records_by_table ON output_records (table_name, run_id, seq);

-- Output event streams: an outbox with one sequence per stream.
CREATE TABLE output_events (
  id                 INTEGER PRIMARY KEY,
  stream             TEXT NOT NULL,
  stream_seq         INTEGER NOT NULL,          -- 1, 2, 3... per stream, across runs
  run_id             INTEGER NOT NULL,
  individual_id      TEXT NOT NULL,
  point              TEXT NOT NULL,
  personalization_id TEXT,
  content_id         TEXT,
  payload            TEXT,
  status             TEXT NOT NULL,
  error_code         TEXT,
  error_message      TEXT,
  created_at_ms      INTEGER NOT NULL           -- the run's as-of time
);
CREATE UNIQUE INDEX output_events_by_stream ON output_events (stream, stream_seq);
CREATE INDEX output_events_by_run ON output_events (run_id, id);

-- A campaign as a batch decision job: Active or Error (Paused comes from the config).
CREATE TABLE campaign_state (
  space_id               INTEGER NOT NULL REFERENCES data_spaces (id),
  campaign               TEXT NOT NULL,
  status                 TEXT NOT NULL CHECK (status IN ('Active', 'Error')),
  status_reason          TEXT NOT NULL DEFAULT '',
  last_run_id            INTEGER,
  last_successful_run_id INTEGER,
  updated_at             TEXT NOT NULL,
  PRIMARY KEY (space_id, campaign)
) WITHOUT ROWID;
`,
};
