import type { Connection } from './connection.ts';

/** Which runs a report covers: one run, or the runs whose as-of time falls in [fromMs, toMs). */
export interface RunWindow {
  spaceId?: number;
  runId?: number;
  fromMs?: number;
  toMs?: number;
}

/** Individuals per point × experiment × variant (variant null: outside the experiment's pool). */
export interface CohortCountRow {
  point: string;
  experiment: string;
  variant: string | null;
  individuals: number;
}

/** The ids of the runs in a window, in id order (oldest first). */
export function runIdsInWindow(c: Connection, w: RunWindow): number[] {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (w.spaceId !== undefined) {
    where.push('space_id = @space');
    params['space'] = w.spaceId;
  }
  if (w.runId !== undefined) {
    where.push('id = @run');
    params['run'] = w.runId;
  }
  if (w.fromMs !== undefined) {
    where.push('as_of_ms >= @from');
    params['from'] = w.fromMs;
  }
  if (w.toMs !== undefined) {
    where.push('as_of_ms < @to');
    params['to'] = w.toMs;
  }
  const cond = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return c.stmt(`SELECT id FROM runs ${cond} ORDER BY id`).pluck().all(params) as number[];
}

/**
 * Unique individuals across the given runs' decision logs (exact). One run reads its
 * (run, individual) index; several read the (individual, run) index in individual order, so
 * that no temporary b-tree is built over millions of rows.
 */
export function uniqueIndividuals(c: Connection, runIds: readonly number[]): number {
  if (runIds.length === 0) return 0;
  if (runIds.length === 1)
    return c
      .stmt(
        'SELECT count(DISTINCT individual_id) FROM decision_log INDEXED BY decision_log_by_individual WHERE run_id = ?',
      )
      .pluck()
      .get(runIds[0]) as number;
  return c
    .stmt(
      `SELECT count(*) FROM (SELECT individual_id FROM decision_log INDEXED BY decision_log_individuals
        WHERE run_id IN (SELECT value FROM json_each(?)) GROUP BY individual_id)`,
    )
    .pluck()
    .get(JSON.stringify(runIds)) as number;
}

/**
 * Individuals per point × experiment × variant over the given runs (exact: an individual decided
 * in several runs counts once per cohort). Index-only for one run.
 */
export function cohortCounts(c: Connection, runIds: readonly number[]): CohortCountRow[] {
  if (runIds.length === 0) return [];
  const rows =
    runIds.length === 1
      ? (c
          .stmt(
            `SELECT point, experiment, variant, count(*) FROM decision_log INDEXED BY decision_log_by_experiment
              WHERE run_id = ? AND experiment IS NOT NULL GROUP BY point, experiment, variant ORDER BY point, experiment, variant`,
          )
          .raw(true)
          .all(runIds[0]) as [string, string, string | null, number][])
      : (c
          .stmt(
            `SELECT point, experiment, variant, count(*) FROM (
               SELECT DISTINCT point, experiment, variant, individual_id FROM decision_log
                WHERE run_id IN (SELECT value FROM json_each(?)) AND experiment IS NOT NULL)
              GROUP BY point, experiment, variant ORDER BY point, experiment, variant`,
          )
          .raw(true)
          .all(JSON.stringify(runIds)) as [string, string, string | null, number][]);
  return rows.map(([point, experiment, variant, individuals]) => ({ point, experiment, variant, individuals }));
}

/** The analytics reads of the decision log (Pipeline Intelligence and experiment analytics). */
export class AnalyticsRepository {
  constructor(private readonly c: Connection) {}

  runIdsInWindow(w: RunWindow): number[] {
    return runIdsInWindow(this.c, w);
  }

  uniqueIndividuals(runIds: readonly number[]): number {
    return uniqueIndividuals(this.c, runIds);
  }

  cohortCounts(runIds: readonly number[]): CohortCountRow[] {
    return cohortCounts(this.c, runIds);
  }
}
