import type { InteractionTriples } from '../objective/interactions.ts';
import { seededRandom, type SeededRandom } from '../objective/random.ts';

/** Options of a synthetic interaction data set with planted structure. */
export interface PlantedOptions {
  users: number;
  items: number;
  /** Item clusters; each individual prefers one. */
  clusters: number;
  /** Interactions per individual (each individual gets 1 + a seeded share up to twice this). */
  eventsPerUser: number;
  /** Chance an interaction is with the individual's cluster (else with any item, by global popularity). */
  focus: number;
  seed: number;
}

/** Interactions at times in [0, 1), the individuals' clusters and the items'. */
export interface PlantedData {
  users: number;
  items: number;
  userCluster: Int32Array;
  itemCluster: Int32Array;
  length: number;
  user: Int32Array;
  item: Int32Array;
  time: Float64Array;
}

/** Zipf-like rank draw in [0, n): rank r has weight 1 / (r + 1); `cumulative[r]` = Σ weights of ranks ≤ r. */
function zipf(rng: SeededRandom, n: number, cumulative: Float64Array): number {
  const x = rng.next() * cumulative[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A seeded data set where taste is planted: items belong to clusters (item i to cluster i mod C),
 * each individual prefers one cluster and interacts with it with probability `focus` (popular items
 * of the cluster more often), otherwise with any item by global popularity. A popularity ranking
 * sees only the global skew; a personalised model can find the clusters. For tests and benchmarks.
 */
export function plantedInteractions(o: PlantedOptions): PlantedData {
  const rng = seededRandom(o.seed, 11);
  const itemCluster = new Int32Array(o.items);
  const members: number[][] = Array.from({ length: o.clusters }, () => []);
  for (let i = 0; i < o.items; i++) {
    itemCluster[i] = i % o.clusters;
    members[i % o.clusters]!.push(i);
  }
  const userCluster = new Int32Array(o.users);
  const counts = new Int32Array(o.users);
  let total = 0;
  for (let u = 0; u < o.users; u++) {
    userCluster[u] = rng.int(o.clusters);
    counts[u] = 1 + rng.int(2 * o.eventsPerUser);
    total += counts[u]!;
  }
  const user = new Int32Array(total);
  const item = new Int32Array(total);
  const time = new Float64Array(total);
  const cumulative = new Float64Array(o.items);
  for (let r = 0, h = 0; r < o.items; r++) cumulative[r] = h += 1 / (r + 1);
  let e = 0;
  for (let u = 0; u < o.users; u++) {
    const c = userCluster[u]!;
    for (let k = 0; k < counts[u]!; k++) {
      user[e] = u;
      item[e] =
        rng.next() < o.focus ? members[c]![zipf(rng, members[c]!.length, cumulative)]! : zipf(rng, o.items, cumulative);
      time[e] = rng.next();
      e++;
    }
  }
  return { users: o.users, items: o.items, userCluster, itemCluster, length: total, user, item, time };
}

/** The interactions with time in [from, to), weight 1 each. */
export function plantedTriples(d: PlantedData, from: number, to: number): InteractionTriples {
  let n = 0;
  for (let e = 0; e < d.length; e++) if (d.time[e]! >= from && d.time[e]! < to) n++;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const weight = new Float64Array(n).fill(1);
  let w = 0;
  for (let e = 0; e < d.length; e++) {
    if (d.time[e]! < from || d.time[e]! >= to) continue;
    user[w] = d.user[e]!;
    item[w] = d.item[e]!;
    w++;
  }
  return { length: n, user, item, weight };
}
