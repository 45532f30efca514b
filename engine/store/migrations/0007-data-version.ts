import type { Migration } from './migration.ts';

/**
 * A data version per data space, bumped by every write path in the transaction of its rows.
 * Row counts alone miss an import that only updates existing individuals or items; derived data
 * (data-graph refreshes, scheduled calculated-insight refreshes) is current only for the version
 * it was built from.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'data-version',
  sql: `
ALTER TABLE data_spaces ADD COLUMN data_version INTEGER NOT NULL DEFAULT 0;
`,
};
