import type { JsonValue, ObjectiveBasedRecommender, ProfileData } from '../model/index.ts';
import { DAY_MS, isoOf, parseIsoTime } from '../model/time.ts';
import type { EngagementReader, ObjectiveScores } from '../model/sources.ts';
import { decodeIvf } from '../recommenders/objective/ivf-index.ts';
import { resolveHyperparameters } from '../recommenders/objective/hyperparameters.ts';
import { eventWeights, type EventWeights } from '../recommenders/objective/objective-weights.ts';
import { ObjectiveScorer, itemInteractions, profileInteractions } from '../recommenders/objective/scorer.ts';
import { defaultProbe } from '../recommenders/objective/ivf-index.ts';
import { trainingBoundary, untrainedMessage } from '../recommenders/objective/training-cycle.ts';
import type { ModelHeader, StoredModel, WorkspaceStore } from '../store/index.ts';

/** A stored model decoded once and kept for the requests that use it. */
interface LoadedModel {
  header: ModelHeader;
  scorer: ObjectiveScorer;
  weights: EventWeights;
  candidates: number;
  /** Catalogue items the model does not know, for the catalogue size they were computed at. */
  unknown?: { catalogueSize: number; ids: string[] };
}

/** Decoded models per store connection (worker threads have their own), a few at a time. */
const cache = new WeakMap<WorkspaceStore, Map<number, LoadedModel>>();
const MODELS_KEPT = 4;

/** Decodes a stored model into a scorer (factors as stored; the approximate index when it has one). */
export function scorerOf(m: StoredModel): ObjectiveScorer {
  const h = resolveHyperparameters(m.hyperparameters);
  const ivf = m.ivfIndex ? decodeIvf(m.ivfIndex, m.items) : undefined;
  return new ObjectiveScorer({
    itemIds: m.itemIds,
    factors: m.factors,
    itemFactors: m.itemFactors,
    popularity: m.popularity,
    regularization: h.regularization,
    alpha: h.alpha,
    ...(ivf ? { ivf } : {}),
    probe: ivf ? (h.annProbe > 0 ? Math.min(h.annProbe, ivf.lists) : defaultProbe(ivf.lists)) : 0,
  });
}

function loaded(store: WorkspaceStore, id: number): LoadedModel {
  let models = cache.get(store);
  if (!models) {
    models = new Map();
    cache.set(store, models);
  }
  let m = models.get(id);
  if (!m) {
    const stored = store.models.load(id);
    if (!stored) throw new Error(`model ${id} disappeared while loading`);
    const h = resolveHyperparameters(stored.hyperparameters);
    const { itemIds: _ids, itemFactors: _f, popularity: _p, ivfIndex: _i, ...header } = stored;
    m = {
      header,
      scorer: scorerOf(stored),
      weights: eventWeights(stored.objective as ObjectiveBasedRecommender['objective'], stored.hyperparameters),
      candidates: h.candidates,
    };
    if (models.size >= MODELS_KEPT) models.delete(models.keys().next().value!);
    models.set(id, m);
  }
  return m;
}

/** Catalogue items the model does not know (created after its training), cached per catalogue size. */
function unknownItems(store: WorkspaceStore, spaceId: number, m: LoadedModel): string[] {
  const size = store.countItems(spaceId);
  if (m.unknown?.catalogueSize !== size) {
    const ids = store.models
      .itemKeys(spaceId)
      .filter((k) => m.scorer.indexOf(k.id) === undefined)
      .map((k) => k.id);
    m.unknown = { catalogueSize: size, ids };
  }
  return m.unknown.ids;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The model a request as of `asOfMs` uses: the pinned one, or the last trained at or before then. */
export function modelFor(
  store: WorkspaceStore,
  spaceId: number,
  rec: ObjectiveBasedRecommender,
  asOfMs: number,
): { ok: true; id: number; note?: string } | { ok: false; message: string } {
  if (rec.pinnedModelAt !== undefined) {
    const pinMs = parseIsoTime(rec.pinnedModelAt)!;
    const pinned = store.models.latestAt(spaceId, rec.apiName, pinMs);
    if (!pinned || pinned.trainedAtMs !== pinMs)
      return {
        ok: false,
        message: `recommender ${rec.apiName} is pinned to its model trained at ${isoOf(pinMs)}, which does not exist; train it with \`workbench train <ws> --recommender ${rec.apiName} --as-of ${isoOf(pinMs)}\` or remove pinnedModelAt`,
      };
    if (pinMs > asOfMs)
      return {
        ok: false,
        message: `recommender ${rec.apiName} is pinned to its model trained at ${isoOf(pinMs)}, after the as-of time ${isoOf(asOfMs)}: that model saw later data`,
      };
    return { ok: true, id: pinned.id, note: `pinned in the config (pinnedModelAt ${isoOf(pinMs)})` };
  }
  const header = store.models.latestAt(spaceId, rec.apiName, asOfMs);
  if (!header)
    return {
      ok: false,
      message: untrainedMessage(rec.apiName, asOfMs, store.models.earliest(spaceId, rec.apiName)?.trainedAt),
    };
  const cycle = trainingBoundary(asOfMs);
  return header.trainedAtMs < cycle
    ? {
        ok: true,
        id: header.id,
        note: `the model of the training cycle at ${isoOf(cycle)} is not trained; the last model trained before it is used (a run trains it on demand)`,
      }
    : { ok: true, id: header.id };
}

/**
 * The objective-based recommender's candidates for one request as of `asOfMs`: the model of its
 * training cycle (or its pinned model), the individual folded in from their engagement within the
 * model's window (`engagement`: read beyond the document's caps; absent: the document's rows), the
 * best `candidates` items of the model's catalogue (filters, exclusions and backfill are the
 * caller's). A recommender without such a model is a ModelValidation fault.
 */
export function objectiveScoresFromStore(
  store: WorkspaceStore,
  spaceId: number,
  rec: ObjectiveBasedRecommender,
  profile: ProfileData,
  _context: Record<string, JsonValue>,
  asOfMs: number,
  engagement?: EngagementReader,
): ObjectiveScores {
  // 1. The model: pinned, or the last trained at or before the as-of time.
  const chosen = modelFor(store, spaceId, rec, asOfMs);
  if (!chosen.ok) return { ok: false, code: 'ModelValidation', message: chosen.message };
  const m = loaded(store, chosen.id);
  const header = m.header;
  if (header.objective !== rec.objective)
    return {
      ok: false,
      code: 'ModelValidation',
      message: `recommender ${rec.apiName} optimizes ${rec.objective}, but its model trained at ${header.trainedAt} was trained for ${header.objective}; train it again`,
    };
  // 2. The individual's interactions in the window, folded in; the best candidates.
  const fromMs = asOfMs - header.windowDays * DAY_MS;
  const indexOf = (id: string) => m.scorer.indexOf(id);
  const fold = engagement
    ? itemInteractions(engagement, m.weights, fromMs, indexOf)
    : profileInteractions(profile.engagement, m.weights, fromMs, asOfMs, indexOf);
  const top = m.scorer.topK(fold.items, fold.weights, fold.count, m.candidates);
  const items: { itemId: string; score: number }[] = [];
  for (let r = 0; r < top.count; r++)
    items.push({ itemId: m.scorer.itemId(top.index[r]!), score: round(top.score[r]!) });
  const how = top.coldStart
    ? `no interactions with items it knows in the ${header.windowDays} days before the as-of time: ranked by ${header.objective} popularity in its training window`
    : `${fold.count} item(s) folded in from the individual's engagement in the ${header.windowDays} days before the as-of time${top.approximate ? ', scored through its approximate index' : ''}`;
  return {
    ok: true,
    source: `objective-based model (${header.algorithm}, objective ${header.objective}) trained at ${header.trainedAt}; ${how}`,
    trainedAt: header.trainedAt,
    ...(chosen.note ? { modelNote: chosen.note } : {}),
    items,
    unknownItems: unknownItems(store, spaceId, m),
  };
}

/**
 * For each objective-based recommender of a data space: when the model a request as of `asOfMs`
 * uses was trained (null: untrained then). For run summaries and freshness views.
 */
export function modelsTrainedAt(
  store: WorkspaceStore,
  spaceId: number,
  recommenders: readonly { apiName: string; type: string }[],
  asOfMs: number,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const r of recommenders) {
    if (r.type !== 'objective-based') continue;
    const chosen = modelFor(store, spaceId, r as ObjectiveBasedRecommender, asOfMs);
    out[r.apiName] = chosen.ok ? (store.models.header(chosen.id)?.trainedAt ?? null) : null;
  }
  return out;
}
