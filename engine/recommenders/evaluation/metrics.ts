/** Ranking metrics at a cut-off k, averaged over evaluated individuals. */
export interface RankingMetrics {
  /** Share of individuals with at least one target in their top k. */
  hitRate: number;
  /** Targets found in the top k over min(k, targets), averaged. */
  recall: number;
  /** Binary-relevance NDCG@k, averaged. */
  ndcg: number;
  /** Distinct items recommended to anyone over the items the model could recommend. */
  coverage: number;
  /** Individuals averaged over. */
  individuals: number;
}

/**
 * Accumulates hit-rate, recall, NDCG and catalogue coverage over ranked lists. Targets of one
 * individual are a sorted slice of item indices (binary search, no allocation per list).
 */
export class MetricAccumulator {
  private hits = 0;
  private recallSum = 0;
  private ndcgSum = 0;
  private n = 0;
  private readonly recommended: Uint8Array;
  private distinct = 0;
  /** 1 / log2(r + 2) for ranks r < k. */
  private readonly discount: Float64Array;

  constructor(
    readonly k: number,
    private readonly items: number,
  ) {
    this.recommended = new Uint8Array(items);
    this.discount = new Float64Array(k);
    for (let r = 0; r < k; r++) this.discount[r] = 1 / Math.log2(r + 2);
  }

  /** Adds one individual: the ranked list (first `count` entries of `ranked`) and their targets. */
  add(ranked: ArrayLike<number>, count: number, targets: Int32Array, from: number, to: number): void {
    const k = this.k;
    const t = to - from;
    if (t <= 0) return;
    let found = 0;
    let dcg = 0;
    const shown = Math.min(count, k);
    for (let r = 0; r < shown; r++) {
      const item = ranked[r]!;
      if (this.recommended[item] === 0) {
        this.recommended[item] = 1;
        this.distinct++;
      }
      if (contains(targets, from, to, item)) {
        found++;
        dcg += this.discount[r]!;
      }
    }
    const ideal = Math.min(k, t);
    let idcg = 0;
    for (let r = 0; r < ideal; r++) idcg += this.discount[r]!;
    this.n++;
    if (found > 0) this.hits++;
    this.recallSum += found / ideal;
    this.ndcgSum += dcg / idcg;
  }

  result(): RankingMetrics {
    const n = Math.max(1, this.n);
    return {
      hitRate: this.hits / n,
      recall: this.recallSum / n,
      ndcg: this.ndcgSum / n,
      coverage: this.items > 0 ? this.distinct / this.items : 0,
      individuals: this.n,
    };
  }
}

/** Binary search of a sorted slice. */
function contains(sorted: Int32Array, from: number, to: number, v: number): boolean {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = sorted[mid]!;
    if (x === v) return true;
    if (x < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
