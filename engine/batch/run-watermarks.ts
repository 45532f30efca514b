import type { Campaign, Recommender } from '../model/index.ts';
import { isoOf } from '../model/time.ts';
import { modelsTrainedAt } from '../runtime/model-source.ts';
import type { SpaceRuntime } from '../runtime/space-runtime.ts';
import type { WorkspaceStore } from '../store/index.ts';
import { estimateCampaignRun } from './estimate.ts';
import { freshnessOf } from './refresh-freshness.ts';
import { modelAgeHours } from '../recommenders/recommend.ts';
import { trainingBoundary } from '../recommenders/objective/training-cycle.ts';
import type { RefreshInfo } from '../runtime/refresh-lookup.ts';
import type { RunWatermarks } from './run-summary.ts';

/** The recommenders a campaign's points can call (decisions, fallbacks, and their backfills). */
export function recommendersOf(runtime: SpaceRuntime, points: readonly string[]): Recommender[] {
  const byName = new Map(runtime.config.recommenders.map((r) => [r.apiName, r]));
  const used = new Map<string, Recommender>();
  const add = (name: string | undefined) => {
    const r = name === undefined ? undefined : byName.get(name);
    if (!r || used.has(r.apiName)) return;
    used.set(r.apiName, r);
    add(r.backfill);
  };
  for (const name of points) {
    const point = runtime.config.personalizationPoints.find((p) => p.apiName === name);
    for (const d of [...(point?.decisions ?? []), ...(point?.fallback ? [point.fallback] : [])])
      if (d.content.type === 'recommendations') add(d.content.recommender);
  }
  return [...used.values()];
}

/**
 * What a run reads, recorded at its start: the refresh of each profile data graph, each calculated
 * insight's refresh (those the documents hold and those its recommenders read), the training of
 * each objective-based model its points use, and what of it is stale as seen from the as-of time
 * (docs/freshness.md).
 */
export function runWatermarks(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  points: readonly string[],
  refreshes: Record<string, RefreshInfo>,
  asOfMs: number,
): RunWatermarks {
  const w: RunWatermarks = { refreshes: {}, insightsRefreshedAt: {}, modelsTrainedAt: {}, models: {}, stale: [] };
  for (const [graph, r] of Object.entries(refreshes)) {
    w.refreshes[graph] = {
      id: r.id,
      refreshedAt: r.refreshedAt,
      refreshedAtMs: r.refreshedAtMs,
      individuals: r.individuals,
    };
    Object.assign(w.insightsRefreshedAt, r.insightsRefreshedAt);
    for (const s of freshnessOf(r, asOfMs).stale) if (!w.stale.includes(s)) w.stale.push(s);
  }
  // Calculated insights the recommenders read: their refresh as of the run (materialized here, once,
  // so that the workers read it instead of each computing it).
  const names = [
    ...new Set(
      recommendersOf(runtime, points).flatMap((r) =>
        r.type === 'rules-based' && r.calculatedInsight ? [r.calculatedInsight] : [],
      ),
    ),
  ];
  if (names.length > 0) {
    const seen = runtime.insights.at(names, asOfMs).refreshedAt;
    for (const name of names) {
      const at = seen[name] ?? null;
      w.insightsRefreshedAt[name] = at;
      if (at === null)
        w.stale.push(
          `calculated insight ${name}: no refresh as of ${isoOf(asOfMs)}; recommenders reading it return nothing from it`,
        );
      else if (at < isoOf(asOfMs)) w.stale.push(`calculated insight ${name}: as of its refresh at ${at}`);
    }
  }
  // Objective-based models: as of their last (24-hour) training at or before the as-of time.
  const recs = recommendersOf(runtime, points);
  w.modelsTrainedAt = modelsTrainedAt(store, runtime.spaceId, recs, asOfMs);
  w.models = {};
  const cycle = isoOf(trainingBoundary(asOfMs));
  for (const [name, at] of Object.entries(w.modelsTrainedAt)) {
    const rec = recs.find((r) => r.apiName === name);
    const pinned = rec?.type === 'objective-based' && rec.pinnedModelAt !== undefined;
    const ageHours = at === null ? null : modelAgeHours(at, asOfMs);
    w.models[name] = { trainedAt: at, ageHours, cycle, pinned };
    if (at === null)
      w.stale.push(
        `recommender ${name}: no model trained as of ${isoOf(asOfMs)}; its requests are ModelValidation error records`,
      );
    else if (at < isoOf(asOfMs))
      w.stale.push(
        `recommender ${name}: model trained at ${at}, ${ageHours} h before the as-of time${pinned ? ' (pinned in the config)' : at < cycle ? ` — not the model of the training cycle at ${cycle}` : ''}; items and interactions after it are unknown to it`,
      );
  }
  return w;
}

/**
 * The credits the estimator expects for this run (estimateCampaignRun: the segment's size as of the
 * run's time × points), recorded beside the actual credits; null when it cannot say.
 */
export async function estimatedCredits(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  campaign: Campaign,
  asOfMs: number,
  signal?: AbortSignal,
): Promise<number | null> {
  const r = await estimateCampaignRun(store, runtime, campaign, asOfMs, signal ? { signal } : {});
  return r.ok ? r.data.credits : null;
}
