import type { ImportOutcome } from '../../../engine/service/ops/import.ts';

/** An import job's result, with overrides (a plain, typed result for registry tests). */
export const importOutcome = (over: Partial<ImportOutcome> = {}): ImportOutcome => ({
  kind: 'profiles',
  file: 'people.csv',
  format: 'csv',
  rowsRead: 2,
  inserted: 2,
  updated: 0,
  inferredFields: [],
  addedFields: [],
  configRevision: null,
  ...over,
});
