import type { Migration } from './migration.ts';

/**
 * Per run, how many individuals each cap applied to (a profile document at its row cap, an
 * exclusion or fold-in window read beyond the document): JSON object label → individuals, kept
 * with the other counters at each chunk commit (docs/caps.md).
 */
export const migration0008: Migration = {
  version: 8,
  name: 'run-caps',
  sql: `
ALTER TABLE runs ADD COLUMN caps TEXT NOT NULL DEFAULT '{}';
`,
};
