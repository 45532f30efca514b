import type { Campaign, Experiment, WorkspaceConfig } from '../../model/index.ts';
import type { Outcome } from '../../model/trace.ts';
import { isoOf } from '../../model/time.ts';
import { sampleRatioCheck } from '../../experiments/sample-ratio.ts';
import type { RunRecord, WorkspaceStore } from '../../store/index.ts';
import { WorkspaceSources } from '../../runtime/workspace-sources.ts';
import { dataSpaceName } from '../../runtime/space-runtime-at.ts';
import { bucketStart, type ReportBucket } from './periods.ts';

/** Below this p-value a sample-ratio check is reported as a mismatch (GrowthBook's default threshold). */
export const SRM_THRESHOLD = 0.001;
/** The product warns about cohorts smaller than this. */
export const SMALL_COHORT = 1000;

/** Credits two ways: every request (individual × point) costs one; or only returned personalizations. */
export interface CreditFigures {
  perRequest: number;
  perPersonalization: number;
}

/** Fallback, blank (no decision, no fallback: an empty response) and error shares of requests. */
export interface OutcomeRates {
  fallback: number;
  blank: number;
  error: number;
}

/** One point of the report: requests, credits, outcomes and the decisions served. */
export interface PointReport {
  point: string;
  requests: number;
  credits: CreditFigures;
  outcomes: Record<Outcome, number>;
  rates: OutcomeRates;
  decisions: { decision: string; outcome: Outcome; count: number; share: number }[];
  errorsByCode: Record<string, number>;
}

/** One cohort of an experiment: its individuals against the configured weight. */
export interface VariantReport {
  key: string;
  control: boolean;
  decision: string | null;
  weight: number | null;
  individuals: number;
  /** Configured share of the pool (weight / 100); null when the variant is no longer configured. */
  expectedShare: number | null;
  observedShare: number;
  /** Fewer than 1,000 individuals: the product warns about such cohorts. */
  smallCohort: boolean;
}

/** An experiment's cohorts and its sample-ratio-mismatch check. */
export interface ExperimentReport {
  key: string;
  point: string;
  trafficPercent: number | null;
  /** Individuals outside the experiment's pool (traffic share below 100 %). */
  outOfPool: number;
  inPool: number;
  variants: VariantReport[];
  chiSquare: number;
  degreesOfFreedom: number;
  /** Pearson chi-square p-value against the configured weights; null when there is nothing to test. */
  srmPValue: number | null;
  /** srmPValue below SRM_THRESHOLD. */
  sampleRatioMismatch: boolean;
}

/** One bucket of the series over time (runs bucketed by their as-of time, UTC). */
export interface TimeBucket {
  start: string;
  runs: number[];
  requests: number;
  credits: CreditFigures;
  outcomes: Record<Outcome, number>;
}

/** A campaign's credit budget against the credits of its runs in the report, per budget period. */
export interface BudgetReport {
  campaign: string;
  budget: number;
  period: 'run' | 'day' | 'week' | 'month' | 'year';
  periods: {
    period: string;
    runs: number[];
    credits: CreditFigures;
    over: { perRequest: boolean; perPersonalization: boolean };
  }[];
}

/** The Pipeline Intelligence report over a window of runs. */
export interface PipelineReport {
  window: { runId: number | null; from: string | null; to: string | null; runs: number[] };
  requests: number;
  uniqueIndividuals: number;
  credits: CreditFigures;
  outcomes: Record<Outcome, number>;
  rates: OutcomeRates;
  errorsByCode: Record<string, number>;
  byPoint: PointReport[];
  experiments: ExperimentReport[];
  overTime: { by: ReportBucket; buckets: TimeBucket[] };
  budgets: BudgetReport[];
  engineTime: {
    /** Per-decision percentiles need per-decision timings, which the decision log does not record. */
    percentiles: null;
    /** Run wall time over requests, summed over the runs. */
    meanMsPerRequest: number | null;
    note: string;
  };
}

const emptyOutcomes = (): Record<Outcome, number> => ({ decision: 0, fallback: 0, none: 0, error: 0 });
const share = (n: number, of: number): number => (of > 0 ? n / of : 0);
const ratesOf = (o: Record<Outcome, number>, requests: number): OutcomeRates => ({
  fallback: share(o.fallback, requests),
  blank: share(o.none, requests),
  error: share(o.error, requests),
});
const creditsOf = (o: Record<Outcome, number>, requests: number): CreditFigures => ({
  perRequest: requests,
  perPersonalization: o.decision + o.fallback,
});

/** The configuration each run decided with, by revision (read once per revision). */
function configsOf(store: WorkspaceStore, runs: readonly RunRecord[]): Map<number, WorkspaceConfig> {
  const out = new Map<number, WorkspaceConfig>();
  for (const r of runs) {
    if (out.has(r.configRevision)) continue;
    const cfg = new WorkspaceSources(store, r.configRevision).config();
    if (cfg.ok) out.set(r.configRevision, cfg.data.config);
  }
  return out;
}

/** The experiment on a point, and the campaign, as the latest run that has them configured them. */
function latestDefinitions(
  store: WorkspaceStore,
  runs: readonly RunRecord[],
  configs: Map<number, WorkspaceConfig>,
): { experiments: Map<string, Experiment>; campaigns: Map<string, Campaign> } {
  const experiments = new Map<string, Experiment>();
  const campaigns = new Map<string, Campaign>();
  for (const run of runs) {
    const space = dataSpaceName(store, run.spaceId);
    const cfg = configs.get(run.configRevision)?.dataSpaces.find((s) => s.apiName === space);
    if (!cfg) continue;
    for (const p of cfg.personalizationPoints)
      if (p.experiment) experiments.set(`${p.apiName}\u0000${p.experiment.key}`, p.experiment);
    const c = cfg.campaigns.find((x) => x.name === run.campaign);
    if (c) campaigns.set(run.campaign, c);
  }
  return { experiments, campaigns };
}

function experimentReports(
  store: WorkspaceStore,
  runIds: readonly number[],
  experiments: Map<string, Experiment>,
): ExperimentReport[] {
  const groups = new Map<string, { point: string; key: string; counts: Map<string | null, number> }>();
  for (const row of store.analytics.cohortCounts(runIds)) {
    const id = `${row.point}\u0000${row.experiment}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { point: row.point, key: row.experiment, counts: new Map() }));
    g.counts.set(row.variant, row.individuals);
  }
  const out: ExperimentReport[] = [];
  for (const [id, g] of groups) {
    const def = experiments.get(id);
    const outOfPool = g.counts.get(null) ?? 0;
    const inPool = [...g.counts].reduce((s, [k, n]) => (k === null ? s : s + n), 0);
    const variants: VariantReport[] = [];
    for (const v of def?.variants ?? [])
      variants.push({
        key: v.key,
        control: v.control,
        decision: v.decision ?? null,
        weight: v.weight,
        individuals: g.counts.get(v.key) ?? 0,
        expectedShare: v.weight / 100,
        observedShare: 0,
        smallCohort: false,
      });
    // Cohorts logged but no longer configured still count: they are part of the pool.
    for (const [k, n] of [...g.counts].sort(([a], [b]) => ((a ?? '') < (b ?? '') ? -1 : 1)))
      if (k !== null && !variants.some((v) => v.key === k))
        variants.push({
          key: k,
          control: false,
          decision: null,
          weight: null,
          individuals: n,
          expectedShare: null,
          observedShare: 0,
          smallCohort: false,
        });
    for (const v of variants) {
      v.observedShare = share(v.individuals, inPool);
      v.smallCohort = v.individuals < SMALL_COHORT;
    }
    const check =
      def && variants.every((v) => v.expectedShare !== null)
        ? sampleRatioCheck(
            variants.map((v) => ({ key: v.key, individuals: v.individuals, expectedShare: v.expectedShare! })),
          )
        : { chiSquare: 0, degreesOfFreedom: 0, pValue: null };
    out.push({
      key: g.key,
      point: g.point,
      trafficPercent: def?.trafficPercent ?? null,
      outOfPool,
      inPool,
      variants,
      chiSquare: check.chiSquare,
      degreesOfFreedom: check.degreesOfFreedom,
      srmPValue: check.pValue,
      sampleRatioMismatch: check.pValue !== null && check.pValue < SRM_THRESHOLD,
    });
  }
  return out.sort((a, b) => (a.point === b.point ? (a.key < b.key ? -1 : 1) : a.point < b.point ? -1 : 1));
}

function budgetReports(
  runs: readonly RunRecord[],
  perRun: Map<number, CreditFigures>,
  campaigns: Map<string, Campaign>,
): BudgetReport[] {
  const out: BudgetReport[] = [];
  for (const [name, campaign] of [...campaigns].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const budget = campaign.creditBudget;
    if (!budget) continue;
    const periods = new Map<string, BudgetReport['periods'][number]>();
    for (const run of runs) {
      if (run.campaign !== name) continue;
      const key = budget.period === 'run' ? `run ${run.id}` : bucketStart(run.asOfMs, budget.period);
      let p = periods.get(key);
      if (!p)
        periods.set(
          key,
          (p = {
            period: key,
            runs: [],
            credits: { perRequest: 0, perPersonalization: 0 },
            over: { perRequest: false, perPersonalization: false },
          }),
        );
      const c = perRun.get(run.id)!;
      p.runs.push(run.id);
      p.credits.perRequest += c.perRequest;
      p.credits.perPersonalization += c.perPersonalization;
    }
    for (const p of periods.values())
      p.over = {
        perRequest: p.credits.perRequest > budget.credits,
        perPersonalization: p.credits.perPersonalization > budget.credits,
      };
    out.push({ campaign: name, budget: budget.credits, period: budget.period, periods: [...periods.values()] });
  }
  return out;
}

/**
 * The Pipeline Intelligence report over the given runs: requests, unique individuals, credits both
 * ways and against budgets, the distribution across points and decisions, outcome rates, errors by
 * code, experiment cohorts with their sample-ratio check, and a series over time.
 */
export function pipelineReport(
  store: WorkspaceStore,
  runIds: readonly number[],
  opts: { by: ReportBucket; runId?: number; fromMs?: number; toMs?: number },
): PipelineReport {
  // 1. The runs, and the configuration each decided with.
  const runs = runIds.map((id) => store.runs.get(id)).filter((r): r is RunRecord => r !== undefined);
  const configs = configsOf(store, runs);
  const defs = latestDefinitions(store, runs, configs);

  // 2. Per run, the distribution across points × decisions × outcomes (index-only), merged.
  const points = new Map<string, PointReport>();
  const buckets = new Map<string, TimeBucket>();
  const perRun = new Map<number, CreditFigures>();
  const outcomes = emptyOutcomes();
  const errorsByCode: Record<string, number> = {};
  let wallMs = 0;
  for (const run of runs) {
    const runOutcomes = emptyOutcomes();
    let runRequests = 0;
    for (const d of store.runs.distribution(run.id)) {
      let p = points.get(d.point);
      if (!p)
        points.set(
          d.point,
          (p = {
            point: d.point,
            requests: 0,
            credits: { perRequest: 0, perPersonalization: 0 },
            outcomes: emptyOutcomes(),
            rates: { fallback: 0, blank: 0, error: 0 },
            decisions: [],
            errorsByCode: {},
          }),
        );
      p.requests += d.requests;
      runRequests += d.requests;
      for (const o of Object.keys(d.outcomes) as Outcome[]) {
        p.outcomes[o] += d.outcomes[o];
        runOutcomes[o] += d.outcomes[o];
      }
      for (const x of d.decisions) {
        const same = p.decisions.find((y) => y.decision === x.decision && y.outcome === x.outcome);
        if (same) same.count += x.count;
        else p.decisions.push({ decision: x.decision, outcome: x.outcome, count: x.count, share: 0 });
      }
      for (const [code, n] of Object.entries(d.errorsByCode)) {
        p.errorsByCode[code] = (p.errorsByCode[code] ?? 0) + n;
        errorsByCode[code] = (errorsByCode[code] ?? 0) + n;
      }
    }
    for (const o of Object.keys(runOutcomes) as Outcome[]) outcomes[o] += runOutcomes[o];
    const credits = creditsOf(runOutcomes, runRequests);
    perRun.set(run.id, credits);
    wallMs += run.wallMs;
    const start = bucketStart(run.asOfMs, opts.by);
    let b = buckets.get(start);
    if (!b)
      buckets.set(
        start,
        (b = {
          start,
          runs: [],
          requests: 0,
          credits: { perRequest: 0, perPersonalization: 0 },
          outcomes: emptyOutcomes(),
        }),
      );
    b.runs.push(run.id);
    b.requests += runRequests;
    b.credits.perRequest += credits.perRequest;
    b.credits.perPersonalization += credits.perPersonalization;
    for (const o of Object.keys(runOutcomes) as Outcome[]) b.outcomes[o] += runOutcomes[o];
  }
  const byPoint = [...points.values()].sort((a, b) => (a.point < b.point ? -1 : 1));
  for (const p of byPoint) {
    p.credits = creditsOf(p.outcomes, p.requests);
    p.rates = ratesOf(p.outcomes, p.requests);
    p.decisions.sort((a, b) => b.count - a.count || (a.decision < b.decision ? -1 : a.decision > b.decision ? 1 : 0));
    for (const d of p.decisions) d.share = share(d.count, p.requests);
  }
  const requests = byPoint.reduce((s, p) => s + p.requests, 0);

  // 3. Exact unique individuals and experiment cohorts across the runs.
  const ids = runs.map((r) => r.id);
  return {
    window: {
      runId: opts.runId ?? null,
      from: opts.fromMs !== undefined ? isoOf(opts.fromMs) : null,
      to: opts.toMs !== undefined ? isoOf(opts.toMs) : null,
      runs: ids,
    },
    requests,
    uniqueIndividuals: store.analytics.uniqueIndividuals(ids),
    credits: creditsOf(outcomes, requests),
    outcomes,
    rates: ratesOf(outcomes, requests),
    errorsByCode,
    byPoint,
    experiments: experimentReports(store, ids, defs.experiments),
    overTime: { by: opts.by, buckets: [...buckets.values()].sort((a, b) => (a.start < b.start ? -1 : 1)) },
    budgets: budgetReports(runs, perRun, defs.campaigns),
    engineTime: {
      percentiles: null,
      meanMsPerRequest: requests > 0 ? wallMs / requests : null,
      note: 'the decision log records no per-decision timings, so no p50/p95/p99; the mean is run wall time over requests',
    },
  };
}
