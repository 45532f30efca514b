import { fail, ok, type Result } from '../model/errors.ts';
import type { ProfileDocument } from '../model/index.ts';
import { isoOf } from '../model/time.ts';
import type { CompiledPoint } from '../pipeline/compile-space.ts';
import { qualify } from '../pipeline/qualify.ts';
import { truthy, type CompiledRule } from '../rules/index.ts';
import type { WorkspaceStore } from '../store/index.ts';
import type { RefreshInfo } from '../runtime/refresh-lookup.ts';
import { contextAt } from './segments-eval.ts';

/** An individual whose evaluation faulted, as an example. */
export interface AudienceErrorExample {
  individualId: string;
  code: string;
  message: string;
}

export interface AudienceErrors {
  count: number;
  byCode: Record<string, number>;
  /** The first few, in id order. */
  examples: AudienceErrorExample[];
}

/** Who a personalization point's qualifying stage sends where, over the documents of a refresh. */
export interface PointAudience {
  point: string;
  asOf: string;
  refresh: { id: number; graph: string; refreshedAt: string };
  segment: string | null;
  /** Individuals looked at (the refresh's, or the segment's members). */
  total: number;
  /** Every decision in evaluation order, with how many qualify for it (through the experiment included). */
  byDecision: { decisionId: string; label: string; count: number; viaExperiment: number }[];
  /** The experiment's cohorts (empty without an active experiment); outside the pool counted apart. */
  experimentVariants: { key: string; label: string; decisionId: string | null; control: boolean; count: number }[];
  outOfPool: number;
  fallback: { decisionId: string | null; label: string | null; count: number };
  /** No decision and no fallback (or an inactive point). */
  none: number;
  errors: AudienceErrors;
}

/** How many individuals one rule catches over the documents of a refresh. */
export interface RuleAudience {
  asOf: string;
  refresh: { id: number; graph: string; refreshedAt: string };
  segment: string | null;
  total: number;
  matched: number;
  notMatched: number;
  errors: AudienceErrors;
}

const EXAMPLES = 5;
/** Documents between two turns of the event loop (a cancel can arrive; the UI stays responsive). */
const YIELD_EVERY = 2000;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function documentsOf(
  store: WorkspaceStore,
  refresh: RefreshInfo,
  segment: string | undefined,
): IterableIterator<ProfileDocument> {
  return segment === undefined
    ? store.dataGraphs.iterateDocuments(refresh.id)
    : store.dataGraphs.iterateSegmentDocuments(refresh.id, segment);
}

function recordError(errors: AudienceErrors, individualId: string, code: string, message: string): void {
  errors.count++;
  errors.byCode[code] = (errors.byCode[code] ?? 0) + 1;
  if (errors.examples.length < EXAMPLES) errors.examples.push({ individualId, code, message });
}

const refreshRef = (r: RefreshInfo) => ({ id: r.id, graph: r.graph, refreshedAt: r.refreshedAt });

/**
 * The qualifying stage (engine/pipeline/qualify.ts, fast path: compiled rules, no trace) run for
 * every document of the refresh — or only the segment's members — as of `asOfMs`: what the rule
 * editor shows while a point is edited. Nothing is personalized and no credit is counted.
 */
export async function pointAudience(
  store: WorkspaceStore,
  refresh: RefreshInfo,
  cp: CompiledPoint,
  opts: { asOfMs: number; segment?: string; signal?: AbortSignal },
): Promise<Result<PointAudience>> {
  const ctx = contextAt(opts.asOfMs);
  const byDecision = new Map(
    cp.decisions.map((d) => [
      d.decision.id,
      { decisionId: d.decision.id, label: d.decision.label, count: 0, viaExperiment: 0 },
    ]),
  );
  const variants = (cp.experiment?.active ? cp.point.experiment!.variants : []).map((v) => ({
    key: v.key,
    label: v.label ?? v.key,
    decisionId: v.decision ?? null,
    control: v.control,
    count: 0,
  }));
  const fallback = {
    decisionId: cp.fallback?.decision.id ?? null,
    label: cp.fallback?.decision.label ?? null,
    count: 0,
  };
  const errors: AudienceErrors = { count: 0, byCode: {}, examples: [] };
  let total = 0;
  let none = 0;
  let outOfPool = 0;
  for (const doc of documentsOf(store, refresh, opts.segment)) {
    if (++total % YIELD_EVERY === 0) {
      await nextTurn();
      if (opts.signal?.aborted) return fail('Cancelled', 'the audience preview was cancelled');
    }
    const q = qualify(cp, doc.data, ctx, false);
    if (q.assignment) {
      if (!q.assignment.inPool) outOfPool++;
      else variants[q.assignment.variantIndex]!.count++;
    }
    if (q.outcome === 'error')
      recordError(errors, doc.individualId, q.fault?.code ?? 'Internal', q.fault?.message ?? 'qualifying failed');
    else if (q.outcome === 'none') none++;
    else if (q.outcome === 'fallback') fallback.count++;
    else {
      const entry = byDecision.get(q.chosen!.decision.id)!;
      entry.count++;
      if (q.reason === 'ExperimentVariant') entry.viaExperiment++;
    }
  }
  return ok({
    point: cp.point.apiName,
    asOf: isoOf(opts.asOfMs),
    refresh: refreshRef(refresh),
    segment: opts.segment ?? null,
    total,
    byDecision: [...byDecision.values()],
    experimentVariants: variants,
    outOfPool,
    fallback,
    none,
    errors,
  });
}

/** How many individuals of the refresh (or of a segment's members) a compiled rule holds for as of `asOfMs`. */
export async function ruleAudience(
  store: WorkspaceStore,
  refresh: RefreshInfo,
  rule: CompiledRule,
  opts: { asOfMs: number; segment?: string; signal?: AbortSignal },
): Promise<Result<RuleAudience>> {
  const ctx = contextAt(opts.asOfMs);
  const errors: AudienceErrors = { count: 0, byCode: {}, examples: [] };
  let total = 0;
  let matched = 0;
  for (const doc of documentsOf(store, refresh, opts.segment)) {
    if (++total % YIELD_EVERY === 0) {
      await nextTurn();
      if (opts.signal?.aborted) return fail('Cancelled', 'the audience count was cancelled');
    }
    try {
      if (truthy(rule(doc.data, ctx))) matched++;
    } catch (e) {
      recordError(errors, doc.individualId, 'RuleEvaluationError', (e as Error).message);
    }
  }
  return ok({
    asOf: isoOf(opts.asOfMs),
    refresh: refreshRef(refresh),
    segment: opts.segment ?? null,
    total,
    matched,
    notMatched: total - matched - errors.count,
    errors,
  });
}
