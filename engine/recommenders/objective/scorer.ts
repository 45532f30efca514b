import type { EngagementRow, EngagementType } from '../../model/index.ts';
import { parseIsoTime } from '../../model/time.ts';
import { FoldIn } from './fold-in.ts';
import { IvfSearcher, type IvfIndex } from './ivf-index.ts';
import type { EventWeights } from './objective-weights.ts';
import { TopK } from './top-k.ts';

/** What scoring needs of a trained model (the stored snapshot, decoded). */
export interface ObjectiveModelData {
  /** The items the model knows, sorted by id; index i is row i of itemFactors. */
  itemIds: readonly string[];
  factors: number;
  itemFactors: Float32Array;
  /** Objective-weighted interactions per item in the training window (the cold-start ranking). */
  popularity: Float32Array;
  regularization: number;
  alpha: number;
  /** The approximate index, when the catalogue is large enough to use one. */
  ivf?: IvfIndex;
  /** Clusters scanned per request through the index. */
  probe: number;
}

/** One individual's top candidates, best first (read `count` entries of index/score). */
export interface ScoredCandidates {
  count: number;
  index: Int32Array;
  score: Float64Array;
  /** No usable interactions: ranked by popularity in the training window. */
  coldStart: boolean;
  /** Scored through the IVF index (approximate) rather than over every item. */
  approximate: boolean;
}

export type ScoringMode = 'exact' | 'approximate' | 'auto';

/**
 * Scores a trained model's catalogue for one individual at a time: fold-in of the individual's
 * interactions, then top-k by inner product over every item (exact) or the IVF index's probed
 * clusters (approximate). Allocates nothing per item; reuse one scorer for many requests.
 */
export class ObjectiveScorer {
  private readonly ids: Map<string, number>;
  private readonly foldIn: FoldIn;
  private readonly user: Float64Array;
  private readonly heaps = new Map<number, TopK>();
  private readonly searcher: IvfSearcher | undefined;
  /** The item factors widened once to float64: inner products then read no float32 conversions (measured ~1.4× faster). */
  private readonly y: Float64Array;

  constructor(readonly data: ObjectiveModelData) {
    const n = data.itemIds.length;
    if (data.itemFactors.length !== n * data.factors)
      throw new Error(`item factors hold ${data.itemFactors.length} numbers, expected ${n} items × ${data.factors}`);
    this.ids = new Map(data.itemIds.map((id, i) => [id, i]));
    this.foldIn = new FoldIn(data.itemFactors, n, data.factors, data.regularization, data.alpha);
    this.user = new Float64Array(data.factors);
    this.y = Float64Array.from(data.itemFactors);
    this.searcher = data.ivf ? new IvfSearcher(data.ivf, this.y, data.probe) : undefined;
  }

  get items(): number {
    return this.data.itemIds.length;
  }

  /** The model's index of an item id, or undefined when the model does not know it. */
  indexOf(itemId: string): number | undefined {
    return this.ids.get(itemId);
  }

  itemId(index: number): string {
    return this.data.itemIds[index]!;
  }

  private heap(k: number): TopK {
    let h = this.heaps.get(k);
    if (!h) {
      h = new TopK(k);
      this.heaps.set(k, h);
    }
    h.reset();
    return h;
  }

  /**
   * The k best items for an individual with interactions (item index, weight)[0..n): folded in,
   * then scored. Masked items (mask[i] ≠ 0) are skipped. The returned arrays are reused by the
   * next call with the same k.
   */
  topK(
    items: ArrayLike<number>,
    weights: ArrayLike<number>,
    n: number,
    k: number,
    opts: { mode?: ScoringMode; mask?: Uint8Array } = {},
  ): ScoredCandidates {
    const heap = this.heap(Math.min(k, this.items));
    const mask = opts.mask;
    const x = this.user;
    // 1. The individual's vector; without interactions, popularity decides.
    if (!this.foldIn.solve(items, weights, n, x)) {
      const pop = this.data.popularity;
      for (let i = 0; i < pop.length; i++) if (mask === undefined || mask[i] === 0) heap.push(i, pop[i]!);
      return { count: heap.drain(), index: heap.index, score: heap.score, coldStart: true, approximate: false };
    }
    // 2. Inner products: the probed clusters, or every item.
    const approximate = this.searcher !== undefined && opts.mode !== 'exact';
    if (approximate) this.searcher!.search(x, heap, mask);
    else scanAll(this.y, this.items, this.data.factors, x, heap, mask);
    return { count: heap.drain(), index: heap.index, score: heap.score, coldStart: false, approximate };
  }
}

/**
 * Exact top-k: every item's inner product with x, offered to the heap as it is computed (no score
 * array, no allocation). A running offset over the row-major factors, four partial sums.
 */
function scanAll(
  y: Float64Array,
  n: number,
  k: number,
  x: Float64Array,
  heap: TopK,
  mask: Uint8Array | undefined,
): void {
  const k4 = k - (k % 4);
  let o = 0;
  for (let i = 0; i < n; i++, o += k) {
    if (mask !== undefined && mask[i] !== 0) continue;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let f = 0;
    for (; f < k4; f += 4) {
      s0 += y[o + f]! * x[f]!;
      s1 += y[o + f + 1]! * x[f + 1]!;
      s2 += y[o + f + 2]! * x[f + 2]!;
      s3 += y[o + f + 3]! * x[f + 3]!;
    }
    for (; f < k; f++) s0 += y[o + f]! * x[f]!;
    heap.push(i, s0 + s1 + s2 + s3);
  }
}

/** An individual's interactions as the model's (item index, weight) pairs. */
export interface FoldInInteractions {
  items: Int32Array;
  weights: Float64Array;
  count: number;
  /** Rows on items the model does not know (skipped). */
  unknown: number;
}

/**
 * Collects a profile document's engagement rows with fromMs < timestamp ≤ toMs into per-item
 * weights for fold-in (summed per item, in first-seen order of browse, cart, order rows).
 */
export function profileInteractions(
  engagement: Readonly<Record<EngagementType, readonly EngagementRow[]>>,
  weights: EventWeights,
  fromMs: number,
  toMs: number,
  indexOf: (itemId: string) => number | undefined,
): FoldInInteractions {
  return sumInteractions(
    function* (type) {
      for (const row of engagement[type] ?? []) {
        const t = parseIsoTime(row.timestamp);
        if (t !== undefined && t > fromMs && t <= toMs) yield row.itemId;
      }
    },
    weights,
    indexOf,
  );
}

/**
 * The same as `profileInteractions` over engagement already cut to the window (`read(type, fromMs)`:
 * item ids, newest first, from the document or the event history): per-item weights for fold-in,
 * summed per item in first-seen order of browse, cart, order rows.
 */
export function itemInteractions(
  read: (type: EngagementType, fromMs: number) => readonly string[],
  weights: EventWeights,
  fromMs: number,
  indexOf: (itemId: string) => number | undefined,
): FoldInInteractions {
  return sumInteractions((type) => read(type, fromMs), weights, indexOf);
}

/** Sums each type's weight per known item, in first-seen order of browse, cart, order item ids. */
function sumInteractions(
  itemIdsOf: (type: EngagementType) => Iterable<string>,
  weights: EventWeights,
  indexOf: (itemId: string) => number | undefined,
): FoldInInteractions {
  const at = new Map<number, number>();
  const items: number[] = [];
  const sums: number[] = [];
  let unknown = 0;
  for (const type of ['browse', 'cart', 'order'] as const) {
    const w = weights[type];
    if (!(w > 0)) continue;
    for (const itemId of itemIdsOf(type)) {
      const i = indexOf(itemId);
      if (i === undefined) {
        unknown++;
        continue;
      }
      const slot = at.get(i);
      if (slot === undefined) {
        at.set(i, items.length);
        items.push(i);
        sums.push(w);
      } else sums[slot]! += w;
    }
  }
  return { items: Int32Array.from(items), weights: Float64Array.from(sums), count: items.length, unknown };
}
