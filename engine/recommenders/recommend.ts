import type {
  BackfillTrace,
  Item,
  ObjectiveBasedRecommender,
  PersonalizingTrace,
  Recommender,
} from '../model/index.ts';
import type { StrategyData } from '../model/sources.ts';
import { pickCandidates, type Picked, type RecommendRequest } from './candidates.ts';
import { engagementWithin, foldInPurpose, type EngagementRead } from './engagement-window.ts';
import { RecommenderFault } from './fault.ts';
import { HOUR_MS, parseIsoTime } from '../model/time.ts';
import { STRATEGIES, type StrategyOutput } from './strategies/index.ts';

export type { RecommendRequest } from './candidates.ts';

/** Unknown items listed in a trace; the rest are counted in its note. */
const UNKNOWN_ITEMS_SHOWN = 50;

export interface Recommendation {
  items: Item[];
  trace?: NonNullable<PersonalizingTrace['recommender']>;
  /** With the trace: every source read and its refresh time, for the trace's freshness section. */
  freshness?: { source: string; refreshedAt: string | null }[];
  /** Windows of the individual's engagement read beyond the profile document (or capped by it); absent when none. */
  reads?: EngagementRead[];
}

/** Hours between a model's training and the as-of time, to one decimal. */
export const modelAgeHours = (trainedAt: string, asOfMs: number): number =>
  Math.round(((asOfMs - (parseIsoTime(trainedAt) ?? asOfMs)) / HOUR_MS) * 10) / 10;

/** The objective-based recommender's scores, or a ModelValidation fault (never trained, no model source). */
function objectiveOutput(rec: ObjectiveBasedRecommender, data: StrategyData, req: RecommendRequest): StrategyOutput {
  if (!data.objectiveScores)
    throw new RecommenderFault(
      'ModelValidation',
      `recommender ${rec.apiName}: no trained model is available to this request`,
    );
  // The fold-in reads the individual's interactions in the model's window, beyond the document's caps.
  const within = {
    individualId: req.profile.id,
    engagement: req.profile.engagement,
    graph: req.graph,
    asOfMs: req.asOfMs,
    history: data.history,
  };
  const purpose = foldInPurpose(rec.apiName, rec.trainingWindowDays);
  const s = data.objectiveScores(rec, req.profile, req.context, req.asOfMs, (type, fromMs) =>
    engagementWithin(within, type, fromMs, purpose, req.reads),
  );
  if (!s.ok) throw new RecommenderFault(s.code, s.message);
  const out: StrategyOutput = {
    source: s.source,
    refreshedAt: s.trainedAt,
    items: s.items,
    trainedAt: s.trainedAt,
    freshness: [{ source: s.source, refreshedAt: s.trainedAt }],
  };
  if (s.modelNote) out.modelNote = s.modelNote;
  if (s.unknownItems.length > 0) {
    out.unknownItems = s.unknownItems.slice(0, UNKNOWN_ITEMS_SHOWN);
    const more = s.unknownItems.length - out.unknownItems.length;
    out.note = `${s.unknownItems.length} item(s) created after the training at ${s.trainedAt} are unknown to the model; they can come only from the backfill${more > 0 ? ` (${more} not listed)` : ''}`;
  }
  return out;
}

/** A recommender's strategy for one request: a rules-based strategy, or the objective-based model's scores. */
function runStrategy(rec: Recommender, data: StrategyData, req: RecommendRequest): StrategyOutput {
  return rec.type === 'objective-based' ? objectiveOutput(rec, data, req) : STRATEGIES[rec.strategy](rec, data, req);
}

const strategyName = (rec: Recommender): string =>
  rec.type === 'rules-based' ? rec.strategy : `objective: ${rec.objective}`;

/**
 * Runs a recommender for one request: its strategy's scored candidates, then boosts, filters,
 * exclusions and the item count; when it yields too few items, its backfill chain fills the list.
 * Throws RecommenderFault when it cannot serve the request (an untrained objective-based model).
 */
export function recommend(rec: Recommender, data: StrategyData, request: RecommendRequest): Recommendation {
  const reads: EngagementRead[] = [];
  const req: RecommendRequest = { ...request, history: request.history ?? data.history, reads };
  // 1. Strategy: scored candidates as of the request's time.
  const out = runStrategy(rec, data, req);
  // 2. Boosts, filters, exclusions, item count.
  const picked: Picked = { items: [], ids: new Set(), ...(req.trace ? { candidates: [] } : {}) };
  const own = pickCandidates(rec, out.items, req, picked, undefined, out.complete);
  // 3. Backfill: each recommender of the chain in turn, until the list is full.
  const backfill: BackfillTrace[] = [];
  const freshness = [...out.freshness];
  for (const b of req.backfills ?? []) {
    if (picked.items.length >= req.count) break;
    if (!b.recommender) {
      backfill.push({
        apiName: b.name,
        type: 'unknown',
        strategy: 'unknown',
        source: 'not configured',
        sourceRefreshedAt: null,
        note: `backfill recommender ${b.name} is not configured`,
        contributed: 0,
      });
      break;
    }
    const bo = runStrategy(b.recommender, data, req);
    const r = pickCandidates(b.recommender, bo.items, req, picked, b.name, bo.complete);
    freshness.push(...bo.freshness);
    if (!req.trace) continue;
    const t: BackfillTrace = {
      apiName: b.name,
      type: b.recommender.type,
      strategy: strategyName(b.recommender),
      source: bo.source,
      sourceRefreshedAt: bo.refreshedAt,
      contributed: r.added,
    };
    if (bo.insights) t.insights = bo.insights;
    if (bo.note) t.note = bo.note;
    if (r.notConsidered > 0) t.notConsidered = r.notConsidered;
    backfill.push(t);
  }
  const distinct = distinctReads(reads);
  if (!req.trace) return distinct ? { items: picked.items, reads: distinct } : { items: picked.items };
  // 4. The trace: the strategy, its sources and their refresh times, every considered candidate.
  const trace: NonNullable<PersonalizingTrace['recommender']> = {
    apiName: rec.apiName,
    type: rec.type,
    strategy: strategyName(rec),
    source: out.source,
    sourceRefreshedAt: out.refreshedAt,
    requested: req.count,
    returned: picked.items.length,
    candidates: picked.candidates ?? [],
    ...(own.notConsidered > 0 ? { notConsidered: own.notConsidered } : {}),
    ...(out.insights ? { insights: out.insights } : {}),
    ...(out.note ? { note: out.note } : {}),
    ...(out.trainedAt !== undefined
      ? { trainedAt: out.trainedAt, modelAgeHours: modelAgeHours(out.trainedAt, req.asOfMs) }
      : {}),
    ...(out.modelNote ? { modelNote: out.modelNote } : {}),
    ...(distinct ? { engagementReads: distinct.map(({ label: _label, ...r }) => r) } : {}),
    ...(out.unknownItems ? { unknownItems: out.unknownItems } : {}),
    contributed: own.added,
    ...(backfill.length > 0 ? { backfill } : {}),
  };
  return { items: picked.items, trace, freshness, ...(distinct ? { reads: distinct } : {}) };
}

/** The reads of a request, each once (a backfill with the same exclusion reads the same window again); undefined when none. */
function distinctReads(reads: EngagementRead[]): EngagementRead[] | undefined {
  if (reads.length === 0) return undefined;
  if (reads.length === 1) return reads;
  const seen = new Set<string>();
  return reads.filter((r) => !seen.has(r.note) && seen.add(r.note) !== undefined);
}
