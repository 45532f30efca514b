import { fail, ok, type Fault, type Result } from '../model/errors.ts';
import type { DecisionTrace } from '../model/index.ts';
import { decide } from '../pipeline/decide.ts';
import type { PointOutcome } from '../pipeline/decide-types.ts';
import type { DecisionLogRow, WorkspaceStore } from '../store/index.ts';
import { requestIdOf } from './decide-chunk.ts';
import { materializedProfileSource } from '../runtime/materialized-profile-source.ts';
import type { RefreshInfo } from '../runtime/refresh-lookup.ts';
import type { RunWatermarks } from './run-summary.ts';
import { dataSpaceName, spaceRuntimeAt } from '../runtime/space-runtime-at.ts';

/** One individual's request of a run, reproduced with the trace on and checked against the log. */
export interface RunTrace {
  runId: number;
  campaign: string;
  individualId: string;
  asOf: string;
  configRevision: number;
  /** The refresh each profile data graph's document came from. */
  refreshes: Record<string, { id: number; refreshedAt: string }>;
  /** The full trace (absent when the request itself faulted, e.g. an unknown individual). */
  trace?: DecisionTrace;
  /** The request-level fault, when the request faulted as a whole. */
  fault?: Fault;
  /** What the run logged for this individual, in log order. */
  logged: DecisionLogRow[];
  /** True when the reproduced decision equals the logged one on every point. */
  reproduced: boolean;
  /** Each difference between the reproduction and the log, in words. */
  differences: string[];
}

/** The fields of a logged decision the reproduction must match, from a pipeline outcome. */
function expectedOf(o: PointOutcome): Record<string, unknown> {
  return {
    decision: o.decisionId,
    outcome: o.outcome,
    reason: o.reason,
    experiment: o.experimentKey,
    variant: o.variantKey,
    inPool: o.experimentKey === null ? null : o.inPool,
    control: o.experimentKey === null ? null : o.control,
    itemIds: o.itemIds,
    credits: o.credits,
    errorCode: o.fault?.code ?? null,
    personalizationId: o.personalization?.personalizationId ?? null,
  };
}

function compare(logged: DecisionLogRow, expected: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const was = (logged as unknown as Record<string, unknown>)[key];
    if (JSON.stringify(was) !== JSON.stringify(value))
      out.push(`${logged.point}: ${key} was ${JSON.stringify(was)} in the run, ${JSON.stringify(value)} now`);
  }
  return out;
}

/**
 * Re-runs one individual's request of a run with the trace on — with the run's config revision,
 * as-of time and refresh documents — and checks the reproduced decision against the logged one.
 */
export function traceRunIndividual(
  store: WorkspaceStore,
  runId: number,
  individualId: string,
  clock?: () => number,
): Result<RunTrace> {
  // 1. The run, and what it logged for the individual.
  const run = store.runs.get(runId);
  if (!run) return fail('NotFound', `run ${runId} does not exist`, { field: 'run' });
  const logged = store.runs.decisionsOf(runId, individualId);
  if (logged.length === 0) {
    const why =
      run.segment !== null
        ? `was not a member of ${run.segment} at the run's refresh, or was not reached yet (${run.counters.individuals} of ${run.totalIndividuals ?? '?'} individuals done)`
        : 'is not in the run';
    return fail('NotFound', `individual "${individualId}" has no decisions in run ${runId}: it ${why}`, {
      field: 'individual',
    });
  }
  // 2. The run's configuration revision and refreshes.
  const dataSpace = dataSpaceName(store, run.spaceId);
  if (!dataSpace) return fail('DataSpaceNotFound', `the data space of run ${runId} no longer exists`);
  const rt = spaceRuntimeAt(store, run.configRevision, dataSpace);
  if (!rt.ok) return rt;
  const recorded = (run.watermarks as Partial<RunWatermarks>).refreshes ?? {};
  const refreshes: RefreshInfo[] = [];
  for (const [graph, r] of Object.entries(recorded)) {
    const info = store.dataGraphs.getRefresh(r.id);
    if (!info)
      return fail(
        'NotFound',
        `the data-graph refresh run ${runId} read (${graph}, id ${r.id}) no longer exists; the decision cannot be reproduced`,
      );
    refreshes.push(info);
  }
  // 3. The same request, with the trace on.
  const s = rt.data;
  const requestId = logged[0]!.requestId;
  const expectedId = requestIdOf(individualId, run.points, run.asOf);
  let r: ReturnType<typeof decide>;
  try {
    r = decide(
      { individualId, personalizationPoints: run.points, dataSpace, context: {}, asOf: run.asOf },
      {
        dataSpace: s.apiName,
        space: s.compiled,
        profiles: materializedProfileSource(store, s.spaceId, s, refreshes),
        catalog: s.catalog,
        strategies: s.strategies,
        ...(clock ? { clock } : {}),
      },
      { trace: true, requestId },
    );
  } catch (e) {
    // The batch path records an exception of the pipeline as an Internal error record; so does this.
    r = { ok: false, error: { code: 'Internal', message: `decision pipeline failed: ${(e as Error).message}` } };
  }
  // 4. Compare with the log, point by point.
  const differences: string[] = [];
  if (requestId !== expectedId)
    differences.push(`request id ${requestId} in the log, ${expectedId} derived from the run`);
  const base = {
    runId,
    campaign: run.campaign,
    individualId,
    asOf: run.asOf,
    configRevision: run.configRevision,
    refreshes: Object.fromEntries(refreshes.map((x) => [x.graph, { id: x.id, refreshedAt: x.refreshedAt }])),
    logged,
  };
  if (!r.ok) {
    for (const row of logged) {
      if (row.outcome !== 'error' || row.errorCode !== r.error.code)
        differences.push(
          `${row.point}: the run logged ${row.outcome}${row.errorCode ? ` (${row.errorCode})` : ''}, the request now faults with ${r.error.code}: ${r.error.message}`,
        );
    }
    return ok({ ...base, fault: r.error, reproduced: differences.length === 0, differences });
  }
  const byPoint = new Map(r.points.map((o) => [o.personalizationPointId, o]));
  for (const row of logged) {
    const o = byPoint.get(row.point);
    if (!o) differences.push(`${row.point}: logged, but not decided now`);
    else differences.push(...compare(row, expectedOf(o)));
  }
  return ok({ ...base, ...(r.trace ? { trace: r.trace } : {}), reproduced: differences.length === 0, differences });
}
