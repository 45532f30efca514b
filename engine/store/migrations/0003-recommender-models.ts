import type { Migration } from './migration.ts';

/**
 * Trained objective-based recommender models: one snapshot per (data space, recommender, training
 * time), as a request as of T reads the last one trained at or before T. Factors are compact
 * float32 BLOBs (row i of item_factors is item i of item_ids); individuals' vectors are not stored
 * (they are folded in at request time from the profile document).
 */
export const migration0003: Migration = {
  version: 3,
  name: 'recommender-models',
  sql: `
CREATE TABLE recommender_models (
  id                INTEGER PRIMARY KEY,
  space_id          INTEGER NOT NULL REFERENCES data_spaces (id),
  recommender       TEXT NOT NULL,
  trained_at        INTEGER NOT NULL,     -- epoch ms UTC; the model saw events with ts <= trained_at
  objective         TEXT NOT NULL,        -- purchase | add-to-cart | click
  algorithm         TEXT NOT NULL,        -- ials
  window_days       INTEGER NOT NULL,     -- events after trained_at - window_days were used
  seed              INTEGER NOT NULL,
  factors           INTEGER NOT NULL,
  item_count        INTEGER NOT NULL,
  user_count        INTEGER NOT NULL,
  interaction_count INTEGER NOT NULL,     -- events read (before merging per individual and item)
  hyperparameters   TEXT NOT NULL,        -- JSON object of numbers, as resolved
  metrics           TEXT NOT NULL,        -- JSON object of training figures
  duration_ms       REAL NOT NULL,
  created_at        TEXT NOT NULL,        -- wall clock when stored
  item_ids          TEXT NOT NULL,        -- JSON array of the item ids the model knows, sorted
  item_factors      BLOB NOT NULL,        -- float32 little-endian, item_count × factors
  popularity        BLOB NOT NULL,        -- float32 little-endian, item_count (cold-start ranking)
  ivf_index         BLOB,                 -- approximate index over item_factors; NULL: exact only
  UNIQUE (space_id, recommender, trained_at)
);
`,
};
