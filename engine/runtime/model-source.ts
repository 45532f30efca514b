import type { JsonValue, ObjectiveBasedRecommender, ProfileData } from '../model/index.ts';
import { DAY_MS } from '../model/time.ts';
import type { ObjectiveScores } from '../model/sources.ts';
import { decodeIvf } from '../recommenders/objective/ivf-index.ts';
import { resolveHyperparameters } from '../recommenders/objective/hyperparameters.ts';
import { eventWeights, type EventWeights } from '../recommenders/objective/objective-weights.ts';
import { ObjectiveScorer, profileInteractions } from '../recommenders/objective/scorer.ts';
import { defaultProbe } from '../recommenders/objective/ivf-index.ts';
import { untrainedMessage } from '../recommenders/objective/training-cycle.ts';
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

/**
 * The objective-based recommender's candidates for one request as of `asOfMs`: the last model
 * trained at or before then, the individual folded in from the profile document's engagement within
 * the training window, the best `candidates` items of the model's catalogue (filters, exclusions
 * and backfill are the caller's). A recommender without such a model is a ModelValidation fault.
 */
export function objectiveScoresFromStore(
  store: WorkspaceStore,
  spaceId: number,
  rec: ObjectiveBasedRecommender,
  profile: ProfileData,
  _context: Record<string, JsonValue>,
  asOfMs: number,
): ObjectiveScores {
  // 1. The model of the last training at or before the as-of time.
  const id = store.models.latestIdAt(spaceId, rec.apiName, asOfMs);
  if (id === undefined)
    return {
      ok: false,
      code: 'ModelValidation',
      message: untrainedMessage(rec.apiName, asOfMs, store.models.earliest(spaceId, rec.apiName)?.trainedAt),
    };
  const m = loaded(store, id);
  const header = m.header;
  if (header.objective !== rec.objective)
    return {
      ok: false,
      code: 'ModelValidation',
      message: `recommender ${rec.apiName} optimizes ${rec.objective}, but its model trained at ${header.trainedAt} was trained for ${header.objective}; train it again`,
    };
  // 2. The individual's interactions in the window, folded in; the best candidates.
  const fold = profileInteractions(profile.engagement, m.weights, asOfMs - header.windowDays * DAY_MS, asOfMs, (id) =>
    m.scorer.indexOf(id),
  );
  const top = m.scorer.topK(fold.items, fold.weights, fold.count, m.candidates);
  const items: { itemId: string; score: number }[] = [];
  for (let r = 0; r < top.count; r++)
    items.push({ itemId: m.scorer.itemId(top.index[r]!), score: round(top.score[r]!) });
  const how = top.coldStart
    ? `no interactions with items it knows in the ${header.windowDays} days before the as-of time: ranked by ${header.objective} popularity in its training window`
    : `${fold.count} item(s) folded in from the profile's engagement in the ${header.windowDays} days before the as-of time${top.approximate ? ', scored through its approximate index' : ''}`;
  return {
    ok: true,
    source: `objective-based model (${header.algorithm}, objective ${header.objective}) trained at ${header.trainedAt}; ${how}`,
    trainedAt: header.trainedAt,
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
    out[r.apiName] = store.models.latestAt(spaceId, r.apiName, asOfMs)?.trainedAt ?? null;
  }
  return out;
}
