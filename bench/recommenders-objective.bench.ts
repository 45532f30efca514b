/**
 * Objective-based recommender: training time per 1M interactions, top-10 recommendations per second
 * for a 10,000-item catalogue — exact (every item scored) against approximate (the IVF index), with
 * the approximate list's recall@10 against the exact one — and peak memory.
 *
 * Two data sets, both seeded: (1) planted (engine/recommenders/evaluation/planted-data.ts): 10,000
 * items in 100 clusters, 50,000 individuals, ≈1M interactions — the training-time figure; (2) the
 * retail sample (engine/sample) with 10,000 items and 10,000 individuals, purchase-objective weights —
 * realistic taste structure for the scoring figures. Scoring runs the serving path's scorer (fold-in
 * of the individual's interactions, then top-k) over up to 2,000 individuals of the training data,
 * one core, default hyperparameters. Wall-clock rates come with rates per CPU-second: on a shared
 * machine the first include waiting for a core.
 */
import { plantedInteractions, plantedTriples } from '../engine/recommenders/evaluation/planted-data.ts';
import { resolveHyperparameters, type ModelHyperparameters } from '../engine/recommenders/objective/hyperparameters.ts';
import {
  buildInteractionMatrix,
  itemTotals,
  type InteractionMatrix,
} from '../engine/recommenders/objective/interactions.ts';
import { buildIvf, defaultLists, defaultProbe } from '../engine/recommenders/objective/ivf-index.ts';
import { OBJECTIVE_WEIGHTS } from '../engine/recommenders/objective/objective-weights.ts';
import { ObjectiveScorer, type ScoringMode } from '../engine/recommenders/objective/scorer.ts';
import { annRecall, trainObjectiveModel } from '../engine/recommenders/objective/train-model.ts';
import { generateRetailSample } from '../engine/sample/index.ts';
import { compare, figure, peakRssMb, report } from './harness.ts';

const ITEMS = 10_000;
const QUERIES = 2_000;

const n = (x: number): string => x.toLocaleString('en-US');

/** Trains with default hyperparameters (no index); prints wall and CPU seconds per 1M interactions. */
function timedTraining(
  label: string,
  matrix: InteractionMatrix,
  events: number,
  popularity: Float32Array,
  h: ModelHyperparameters,
) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const trained = trainObjectiveModel(matrix, popularity, { ...h, annMinItems: 0 }, 1);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  if (!trained.ok) throw new Error('training cancelled');
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  figure(
    `${label}: iALS training`,
    `${seconds.toFixed(2)} s (${cpuSeconds.toFixed(2)} CPU s) for ${n(events)} interactions = ${((seconds * 1e6) / events).toFixed(2)} s (${((cpuSeconds * 1e6) / events).toFixed(2)} CPU s) per 1M interactions (factors ${h.factors}, ${h.iterations} sweeps, ${h.cgSteps} CG steps)`,
  );
  return trained.model;
}

/** Exact against approximate top-10 (default probe and twice it) on the same individuals; recall of each. */
function scoring(
  label: string,
  matrix: InteractionMatrix,
  popularity: Float32Array,
  model: { factors: number; itemFactors: Float32Array },
  h: ModelHyperparameters,
): void {
  const items = matrix.items;
  const t0 = process.hrtime.bigint();
  const ivf = buildIvf(model.itemFactors, items, model.factors, defaultLists(items), 1);
  figure(
    `${label}: IVF index`,
    `${ivf.lists} clusters, built in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)} s`,
  );
  const common = {
    itemIds: Array.from({ length: items }, (_, i) => `prod_${i}`),
    factors: model.factors,
    itemFactors: model.itemFactors,
    popularity,
    regularization: h.regularization,
    alpha: h.alpha,
  };
  const probes = [defaultProbe(ivf.lists), Math.min(ivf.lists, 2 * defaultProbe(ivf.lists))];
  const scorers = probes.map((probe) => new ObjectiveScorer({ ...common, ivf, probe }));
  const users: number[] = [];
  for (let u = 0; u < matrix.users; u++) if (matrix.userPtr[u + 1]! > matrix.userPtr[u]!) users.push(u);
  const step = Math.max(1, Math.floor(users.length / QUERIES));
  const rows: { items: Int32Array; weights: Float64Array }[] = [];
  for (let q = 0; q < users.length && rows.length < QUERIES; q += step) {
    const from = matrix.userPtr[users[q]!]!;
    const to = matrix.userPtr[users[q]! + 1]!;
    rows.push({
      items: matrix.userItems.slice(from, to),
      weights: Float64Array.from(matrix.userWeights.subarray(from, to)),
    });
  }
  const contender = (name: string, scorer: ObjectiveScorer, mode: ScoringMode) => ({
    name,
    run: () => {
      let done = 0;
      for (const r of rows) done += scorer.topK(r.items, r.weights, r.items.length, 10, { mode }).count > 0 ? 1 : 0;
      return done;
    },
  });
  const contenders = [
    contender('exact', scorers[0]!, 'exact'),
    ...probes.map((p, i) => contender(`approximate (IVF, probe ${p}/${ivf.lists})`, scorers[i]!, 'approximate')),
  ];
  report(
    `${label}: top-10 recommendations per second, ${n(items)}-item catalogue, one core (fold-in + scoring, ${n(rows.length)} individuals)`,
    compare(contenders, 5),
    'recs/s',
  );
  for (const c of contenders) {
    const cpu0 = process.cpuUsage();
    const done = c.run() + c.run() + c.run();
    const cpu = process.cpuUsage(cpu0);
    figure(`${label}: ${c.name}, per CPU-second`, `${n(Math.round(done / ((cpu.user + cpu.system) / 1e6)))} recs`);
  }
  for (const p of probes) {
    const recall = annRecall(matrix, popularity, model.itemFactors, model.factors, h, ivf, p, 10);
    figure(
      `${label}: approximate recall@10 against exact, probe ${p}/${ivf.lists}`,
      `${recall?.toFixed(4)} (500 individuals)`,
    );
  }
}

/** The retail sample's events as a purchase-objective matrix (weights per event type, summed). */
function retailMatrix(): { matrix: InteractionMatrix; events: number; popularity: Float32Array } {
  const sample = generateRetailSample({ individuals: 10_000, items: ITEMS, seed: 1, now: '2026-11-28T00:00:00Z' });
  const index = new Map(sample.items.map((it, i) => [it.id, i]));
  const users = new Map<string, number>();
  const user: number[] = [];
  const item: number[] = [];
  const weight: number[] = [];
  const popularity = new Float32Array(ITEMS);
  const w = OBJECTIVE_WEIGHTS.purchase;
  for (const e of sample.events()) {
    let u = users.get(e.individualId);
    if (u === undefined) users.set(e.individualId, (u = users.size));
    const i = index.get(e.itemId)!;
    user.push(u);
    item.push(i);
    weight.push(w[e.type]);
    if (e.type === 'order') popularity[i]!++;
  }
  const matrix = buildInteractionMatrix(users.size, ITEMS, {
    length: user.length,
    user: Int32Array.from(user),
    item: Int32Array.from(item),
    weight: Float64Array.from(weight),
  });
  return { matrix, events: user.length, popularity };
}

export async function run(): Promise<void> {
  console.log('\n# recommenders-objective');
  const h = resolveHyperparameters({});
  // 1. Planted data, ≈1M interactions: training time.
  const data = plantedInteractions({
    users: 50_000,
    items: ITEMS,
    clusters: 100,
    eventsPerUser: 20,
    focus: 0.8,
    seed: 42,
  });
  const planted = buildInteractionMatrix(data.users, ITEMS, plantedTriples(data, 0, 1));
  const plantedPopularity = itemTotals(planted);
  figure(
    'planted',
    `${n(data.length)} interactions, ${n(data.users)} individuals × ${n(ITEMS)} items in 100 clusters (${n(planted.nnz)} non-zero entries)`,
  );
  const plantedModel = timedTraining('planted', planted, data.length, plantedPopularity, h);
  scoring('planted', planted, plantedPopularity, plantedModel, h);
  // 2. The retail sample with a 10,000-item catalogue: scoring on realistic taste.
  const retail = retailMatrix();
  figure(
    'retail sample',
    `${n(retail.events)} events, ${n(retail.matrix.users)} individuals × ${n(ITEMS)} items (${n(retail.matrix.nnz)} non-zero entries)`,
  );
  const retailModel = timedTraining('retail sample', retail.matrix, retail.events, retail.popularity, h);
  scoring('retail sample', retail.matrix, retail.popularity, retailModel, h);
  figure('peak memory (RSS)', `${peakRssMb().toFixed(0)} MB`);
}
