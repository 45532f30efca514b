import { didYouMean } from '../model/suggest.ts';
import { fail, ok, type Result } from '../model/errors.ts';
import type { Campaign, DataSpaceConfig } from '../model/index.ts';
import { isoOf } from '../model/time.ts';
import type { SpaceRuntime } from '../runtime/space-runtime.ts';
import type { WorkspaceStore } from '../store/index.ts';
import {
  calendarPeriod,
  cronOf,
  grownSize,
  localText,
  nextScheduled,
  periodEnd,
  periodLabel,
  runsBackWhile,
  runsForwardWhile,
  scheduledRuns,
  type BudgetPeriod,
  type Period,
} from './estimate-schedule.ts';
import { ensureDataGraphRefresh, type RefreshOptions } from './refresh.ts';
import type { RefreshInfo } from '../runtime/refresh-lookup.ts';
import { countSegmentAt, findSegment } from './segments.ts';

/** One scheduled run of the estimate. */
export interface EstimatedRun {
  /** Scheduled time, canonical UTC. */
  at: string;
  /** The same time in the campaign's time zone, e.g. "2026-11-30 20:00 EST". */
  local: string;
  individuals: number;
  credits: number;
}

/** Credits of one calendar period of the budget (or a calendar month when the campaign has no budget). */
export interface EstimatedPeriod {
  period: Exclude<BudgetPeriod, 'run'>;
  key: string;
  label: string;
  /** Runs and credits of the whole calendar period (runs before or after the estimate's window included). */
  runs: number;
  credits: number;
  /** Runs and credits of this period that fall inside the estimate's window. */
  runsInWindow: number;
  creditsInWindow: number;
  /** Some of the period's scheduled runs fall outside the estimate's window (counted in `credits`). */
  partial: boolean;
  budget: number | null;
  exceedsBudget: boolean;
}

/** A credit estimate of a campaign before any run. */
export interface CampaignEstimate {
  campaign: string;
  dataSpace: string;
  status: Campaign['status'];
  segment: string;
  points: string[];
  schedule: { cron: string; timezone: string };
  asOf: string;
  /** The next scheduled run: the segment's size is evaluated at this time. */
  nextRunAt: string;
  /** The data the size comes from: the latest refresh at or before the as-of time (data cannot come from the future). */
  refresh: RefreshInfo;
  segmentSize: number;
  creditsPerRun: number;
  /** Monthly growth of the segment in %, compounding from the next run (0: constant size). */
  growthPercentPerMonth: number;
  period: { text: string; label: string; from: string; to: string };
  runs: EstimatedRun[];
  totalRuns: number;
  totalCredits: number;
  budget: { credits: number; period: BudgetPeriod } | null;
  /** Calendar periods the window touches, with their credits against the budget. */
  periods: EstimatedPeriod[];
  warnings: string[];
}

/** What a run records as its estimate: segment members at the run's time × points. */
export interface RunEstimate {
  individuals: number;
  points: number;
  credits: number;
  refresh: RefreshInfo;
}

export interface EstimateOptions extends RefreshOptions {
  asOfMs: number;
  period: Period;
  /** % per month; default 0. */
  growthPercent?: number;
}

/** A campaign by name in a data space's config; NotFound naming the known campaigns otherwise. */
export function findCampaign(config: DataSpaceConfig, name: string): Result<Campaign> {
  const c = config.campaigns.find((x) => x.name === name);
  if (c) return ok(c);
  const known = config.campaigns.map((x) => x.name);
  return fail(
    'NotFound',
    `campaign "${name}" does not exist in data space ${config.apiName}${didYouMean(name, known)} (known: ${known.map((k) => `"${k}"`).join(', ') || 'none'})`,
    { field: 'campaign' },
  );
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const ADJECTIVE: Record<Exclude<BudgetPeriod, 'run'>, string> = {
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
  year: 'yearly',
};

/**
 * Estimated credits of one run of a campaign at `asOfMs` (what the runner records at run start):
 * the segment's members — data as of the last data-graph refresh at or before asOfMs, rule
 * evaluated at asOfMs — times the campaign's points (1 credit per individual × point).
 */
export async function estimateCampaignRun(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  campaign: Campaign,
  asOfMs: number,
  opts: RefreshOptions = {},
): Promise<Result<RunEstimate>> {
  const segment = findSegment(runtime, campaign.segment);
  if (!segment.ok) return segment;
  const refresh = await ensureDataGraphRefresh(store, runtime, segment.data.profileDataGraph, asOfMs, opts);
  if (!refresh.ok) return refresh;
  const individuals = countSegmentAt(store, runtime, refresh.data, campaign.segment, asOfMs);
  if (!individuals.ok) return individuals;
  const points = campaign.points.length;
  return ok({ individuals: individuals.data, points, credits: individuals.data * points, refresh: refresh.data });
}

/**
 * The credit estimate of a campaign (docs/campaigns.md, "Credit estimator"):
 * 1. the next scheduled time at or after the as-of time, from the cron schedule in its time zone;
 * 2. the segment's size then: data of the latest refresh at or before the as-of time, rule evaluated
 *    at the scheduled time; × points = credits per run;
 * 3. every scheduled run in the period, each with the size grown by the monthly rate (compounding);
 * 4. credits per calendar period of the budget (day, ISO week, month, year in the campaign's time
 *    zone — whole periods, runs outside the window included — or each run for a per-run budget),
 *    with a warning for every period above the budget.
 */
export async function estimateCampaign(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  campaign: Campaign,
  opts: EstimateOptions,
): Promise<Result<CampaignEstimate>> {
  const { asOfMs, period } = opts;
  const growth = opts.growthPercent ?? 0;
  const tz = campaign.schedule.timezone;
  const warnings: string[] = [];
  // 1. The schedule and the next run.
  const schedule = cronOf(campaign.schedule.cron, tz);
  if (!schedule.ok) return schedule;
  const next = nextScheduled(schedule.data, asOfMs);
  if (next === undefined)
    return fail(
      'InvalidInput',
      `campaign "${campaign.name}": schedule "${campaign.schedule.cron}" (${tz}) never runs after ${isoOf(asOfMs)}`,
      { field: 'schedule' },
    );
  // 2. Segment size at the next run, from the data as of the as-of time.
  const segment = findSegment(runtime, campaign.segment);
  if (!segment.ok) return segment;
  const refresh = await ensureDataGraphRefresh(store, runtime, segment.data.profileDataGraph, asOfMs, opts);
  if (!refresh.ok) return refresh;
  const size = countSegmentAt(store, runtime, refresh.data, campaign.segment, next);
  if (!size.ok) return size;
  const points = campaign.points.length;
  const creditsAt = (t: number) => {
    const individuals = grownSize(size.data, growth, next, t);
    return { individuals, credits: individuals * points };
  };
  // 3. The runs of the window.
  const to = periodEnd(asOfMs, period);
  const times = scheduledRuns(schedule.data, asOfMs, to);
  if (!times.ok) return times;
  const runs: EstimatedRun[] = times.data.map((t) => ({ at: isoOf(t), local: localText(t, tz), ...creditsAt(t) }));
  const totalCredits = runs.reduce((s, r) => s + r.credits, 0);
  // 4. Calendar periods against the budget.
  const budget = campaign.creditBudget ?? null;
  const bucketKind: Exclude<BudgetPeriod, 'run'> = budget && budget.period !== 'run' ? budget.period : 'month';
  // The first and last calendar periods usually extend beyond the window: their other runs count too.
  const labels = new Map<string, string>();
  const keyOf = (t: number) => {
    const cp = calendarPeriod(t, bucketKind, tz);
    labels.set(cp.key, cp.label);
    return cp.key;
  };
  const firstKey = keyOf(asOfMs);
  const lastKey = keyOf(to - 1);
  const before = runsBackWhile(schedule.data, asOfMs, (t) => keyOf(t) === firstKey);
  if (!before.ok) return before;
  const after = runsForwardWhile(schedule.data, to, (t) => keyOf(t) === lastKey);
  if (!after.ok) return after;
  const around = [...before.data.reverse(), ...times.data, ...after.data];
  const inWindow = new Set(times.data);
  const wanted = new Set([firstKey, lastKey, ...times.data.map(keyOf)]);
  const buckets = new Map<string, EstimatedPeriod>();
  for (const key of [...wanted].sort())
    buckets.set(key, {
      period: bucketKind,
      key,
      label: '',
      runs: 0,
      credits: 0,
      runsInWindow: 0,
      creditsInWindow: 0,
      partial: false,
      budget: null,
      exceedsBudget: false,
    });
  for (const t of around) {
    const b = buckets.get(keyOf(t));
    if (!b) continue;
    const { credits } = creditsAt(t);
    b.runs++;
    b.credits += credits;
    if (inWindow.has(t)) {
      b.runsInWindow++;
      b.creditsInWindow += credits;
    } else b.partial = true;
  }
  for (const b of buckets.values()) {
    b.label = labels.get(b.key) ?? b.key;
    if (budget && budget.period !== 'run') {
      b.budget = budget.credits;
      b.exceedsBudget = b.credits > budget.credits;
      if (b.exceedsBudget)
        warnings.push(
          `${b.label}: ${fmt(b.credits)} credits over ${b.runs} run(s) exceed the ${ADJECTIVE[budget.period]} budget of ${fmt(budget.credits)}${b.partial ? " (the whole calendar period, runs outside the estimate's window included)" : ''}`,
        );
    }
  }
  if (budget?.period === 'run') {
    const over = runs.filter((r) => r.credits > budget.credits);
    if (over.length > 0)
      warnings.push(
        `${over.length} of ${runs.length} run(s) exceed the per-run budget of ${fmt(budget.credits)} credits (first: ${over[0]!.local}, ${fmt(over[0]!.credits)} credits)`,
      );
  }
  if (campaign.status === 'Paused')
    warnings.push(`campaign "${campaign.name}" is Paused: it will not run until it is set Active`);
  return ok({
    campaign: campaign.name,
    dataSpace: runtime.apiName,
    status: campaign.status,
    segment: campaign.segment,
    points: campaign.points,
    schedule: { cron: campaign.schedule.cron, timezone: tz },
    asOf: isoOf(asOfMs),
    nextRunAt: isoOf(next),
    refresh: refresh.data,
    segmentSize: size.data,
    creditsPerRun: size.data * points,
    growthPercentPerMonth: growth,
    period: { text: period.text, label: periodLabel(period), from: isoOf(asOfMs), to: isoOf(to) },
    runs,
    totalRuns: runs.length,
    totalCredits,
    budget,
    periods: [...buckets.values()],
    warnings,
  });
}
