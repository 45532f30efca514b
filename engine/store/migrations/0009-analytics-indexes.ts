import type { Migration } from './migration.ts';

/**
 * Indexes the Pipeline Intelligence report and the experiment analytics read (`engine/store/analytics.ts`):
 * - cohorts per point × experiment × variant with their individuals, index-only (partial: rows
 *   without an experiment are not indexed);
 * - unique individuals across runs, read in individual order without a temporary b-tree.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'analytics-indexes',
  sql: `
CREATE INDEX decision_log_by_experiment ON decision_log (run_id, point, experiment, variant, individual_id)
  WHERE experiment IS NOT NULL;
CREATE INDEX decision_log_individuals ON decision_log (individual_id, run_id);
`,
};
