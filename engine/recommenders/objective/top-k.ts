/**
 * Partial selection of the k best (score, index) pairs without allocating per item: a binary
 * min-heap in preallocated typed arrays whose root is the worst pair kept so far, so most items
 * cost one comparison. Better = higher score; equal scores: lower index (item id order) first.
 */
export class TopK {
  readonly index: Int32Array;
  readonly score: Float64Array;
  /** Pairs held (≤ capacity). */
  size = 0;

  constructor(readonly capacity: number) {
    this.index = new Int32Array(Math.max(1, capacity));
    this.score = new Float64Array(Math.max(1, capacity));
  }

  /** Empties the heap for the next request (no allocation). */
  reset(): void {
    this.size = 0;
  }

  /** True when (s, i) is worse than (t, j). */
  private static worse(s: number, i: number, t: number, j: number): boolean {
    return s < t || (s === t && i > j);
  }

  /** Offers one candidate. */
  push(i: number, s: number): void {
    const idx = this.index;
    const sc = this.score;
    if (this.size < this.capacity) {
      // Sift up from the new leaf.
      let c = this.size++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (!TopK.worse(s, i, sc[parent]!, idx[parent]!)) break;
        idx[c] = idx[parent]!;
        sc[c] = sc[parent]!;
        c = parent;
      }
      idx[c] = i;
      sc[c] = s;
      return;
    }
    if (this.capacity === 0 || !TopK.worse(sc[0]!, idx[0]!, s, i)) return;
    this.siftDown(0, i, s, this.size);
  }

  /** The worst score kept once full (candidates must beat it); -Infinity until then. */
  get threshold(): number {
    return this.size < this.capacity ? -Infinity : this.score[0]!;
  }

  private siftDown(at: number, i: number, s: number, size: number): void {
    const idx = this.index;
    const sc = this.score;
    let c = at;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= size) break;
      const r = l + 1;
      const m = r < size && TopK.worse(sc[r]!, idx[r]!, sc[l]!, idx[l]!) ? r : l;
      if (!TopK.worse(sc[m]!, idx[m]!, s, i)) break;
      idx[c] = idx[m]!;
      sc[c] = sc[m]!;
      c = m;
    }
    idx[c] = i;
    sc[c] = s;
  }

  /**
   * Sorts the kept pairs best first in place (heap sort) and returns how many there are; read
   * them from `index` and `score`. The heap is spent: reset() before the next request.
   */
  drain(): number {
    const n = this.size;
    for (let end = n - 1; end > 0; end--) {
      // Move the worst (root) to the end, re-heap the rest.
      const i = this.index[end]!;
      const s = this.score[end]!;
      this.index[end] = this.index[0]!;
      this.score[end] = this.score[0]!;
      this.siftDown(0, i, s, end);
    }
    this.size = 0;
    return n;
  }
}
