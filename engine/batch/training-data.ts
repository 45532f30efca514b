import type { EngagementType, ObjectiveBasedRecommender } from '../model/index.ts';
import { DAY_MS } from '../model/time.ts';
import type { EvaluationInput, EvaluationMethod } from '../recommenders/evaluation/evaluate.ts';
import { resolveHyperparameters, type ModelHyperparameters } from '../recommenders/objective/hyperparameters.ts';
import {
  buildInteractionMatrix,
  type InteractionMatrix,
  type InteractionTriples,
} from '../recommenders/objective/interactions.ts';
import { eventWeights, OBJECTIVE_EVENT, type EventWeights } from '../recommenders/objective/objective-weights.ts';
import type { InteractionColumns, ItemKey } from '../store/index.ts';
import type { ModelReads } from '../store/models-reader.ts';

const TYPES: readonly EngagementType[] = ['browse', 'cart', 'order'];

/** The items a model trained at `atMs` knows, in id order, and their model index by item key. */
export interface ModelItemSet {
  ids: string[];
  indexOfPk: Map<number, number>;
}

/**
 * Items created at or before `atMs`, plus any item with events in `columns` (an item with events
 * before its recorded creation evidently existed): the catalogue as the model sees it.
 */
export function modelItemSet(
  keys: readonly ItemKey[],
  atMs: number,
  columns: readonly InteractionColumns[],
): ModelItemSet {
  const interacted = new Set<number>();
  for (const c of columns) for (let e = 0; e < c.length; e++) interacted.add(c.itemPk[e]!);
  const ids: string[] = [];
  const indexOfPk = new Map<number, number>();
  for (const k of keys) {
    if (k.createdAtMs > atMs && !interacted.has(k.pk)) continue;
    indexOfPk.set(k.pk, ids.length);
    ids.push(k.id);
  }
  return { ids, indexOfPk };
}

/** Dense individual indices: sorted surrogate keys (so the layout does not depend on read order). */
export function individualIndex(columns: readonly InteractionColumns[]): Map<number, number> {
  const pks = new Set<number>();
  for (const c of columns) for (let e = 0; e < c.length; e++) pks.add(c.individualPk[e]!);
  const sorted = Int32Array.from(pks).sort();
  return new Map(Array.from(sorted, (pk, i) => [pk, i]));
}

/** Weighted triples of the events whose item the model knows; `weightOf` takes the type position. */
export function triplesOf(
  c: InteractionColumns,
  users: Map<number, number>,
  items: ModelItemSet,
  weightOf: (type: number) => number,
): { triples: InteractionTriples; unknownItems: number } {
  const user = new Int32Array(c.length);
  const item = new Int32Array(c.length);
  const weight = new Float32Array(c.length);
  let n = 0;
  let unknownItems = 0;
  for (let e = 0; e < c.length; e++) {
    const i = items.indexOfPk.get(c.itemPk[e]!);
    if (i === undefined) {
      unknownItems++;
      continue;
    }
    const w = weightOf(c.type[e]!);
    if (!(w > 0)) continue;
    user[n] = users.get(c.individualPk[e]!)!;
    item[n] = i;
    weight[n] = w;
    n++;
  }
  return { triples: { length: n, user, item, weight }, unknownItems };
}

/** Everything a training run needs, read from the store. */
export interface TrainingSet {
  itemIds: string[];
  matrix: InteractionMatrix;
  /** The objective's own events per item in the window (the cold-start ranking). */
  popularity: Float32Array;
  /** Events read. */
  interactions: number;
  weights: EventWeights;
  hyperparameters: ModelHyperparameters;
}

/** Reads the events of the `trainingWindowDays` up to `atMs` and builds the matrix a model trains on. */
export function loadTrainingSet(
  store: ModelReads,
  spaceId: number,
  rec: ObjectiveBasedRecommender,
  atMs: number,
): TrainingSet {
  // 1. Events of the window (fromMs < ts <= atMs) and the item set.
  const weights = eventWeights(rec.objective, rec.hyperparameters);
  const columns = store.readInteractions(spaceId, {
    types: TYPES,
    fromMs: atMs - rec.trainingWindowDays * DAY_MS,
    toMs: atMs,
  });
  const items = modelItemSet(store.itemKeys(spaceId), atMs, [columns]);
  const users = individualIndex([columns]);
  // 2. The weighted matrix and the objective's popularity.
  const { triples } = triplesOf(columns, users, items, (t) => weights[TYPES[t]!]);
  const matrix = buildInteractionMatrix(users.size, items.ids.length, triples);
  const objective = TYPES.indexOf(OBJECTIVE_EVENT[rec.objective]);
  const popularity = new Float32Array(items.ids.length);
  for (let e = 0; e < columns.length; e++) {
    if (columns.type[e] !== objective) continue;
    const i = items.indexOfPk.get(columns.itemPk[e]!);
    if (i !== undefined) popularity[i]!++;
  }
  return {
    itemIds: items.ids,
    matrix,
    popularity,
    interactions: columns.length,
    weights,
    hyperparameters: resolveHyperparameters(rec.hyperparameters),
  };
}

/** A time split of the store's events for offline evaluation, plus what was left out. */
export interface EvaluationSet {
  input: EvaluationInput;
  itemIds: string[];
  /** Target events on items the model could not know (created after the split). */
  unknownItemTargets: number;
}

/**
 * Reads a time split: the training window up to `splitAtMs` (objective-weighted, and the
 * objective's own events), and the objective's events after it up to `testUntilMs` (targets).
 */
export function loadEvaluationSet(
  store: ModelReads,
  spaceId: number,
  rec: ObjectiveBasedRecommender,
  q: { splitAtMs: number; testUntilMs: number; k: number; methods: readonly EvaluationMethod[] },
): EvaluationSet {
  const weights = eventWeights(rec.objective, rec.hyperparameters);
  const target = OBJECTIVE_EVENT[rec.objective];
  const objective = TYPES.indexOf(target);
  // 1. Events: the training window and the test period.
  const train = store.readInteractions(spaceId, {
    types: TYPES,
    fromMs: q.splitAtMs - rec.trainingWindowDays * DAY_MS,
    toMs: q.splitAtMs,
  });
  const test = store.readInteractions(spaceId, { types: [target], fromMs: q.splitAtMs, toMs: q.testUntilMs });
  // 2. Items known at the split; individuals of either period.
  const items = modelItemSet(store.itemKeys(spaceId), q.splitAtMs, [train]);
  const users = individualIndex([train, test]);
  const weighted = triplesOf(train, users, items, (t) => weights[TYPES[t]!]);
  const own = triplesOf(train, users, items, (t) => (t === objective ? 1 : 0));
  const targets = triplesOf(test, users, items, () => 1);
  return {
    input: {
      users: users.size,
      items: items.ids.length,
      train: weighted.triples,
      objectiveTrain: own.triples,
      test: targets.triples,
      k: q.k,
      methods: q.methods,
      hyperparameters: resolveHyperparameters(rec.hyperparameters),
      seed: rec.seed,
    },
    itemIds: items.ids,
    unknownItemTargets: targets.unknownItems,
  };
}
