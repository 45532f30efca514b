/**
 * Disjoint sets over 0..n-1 whose representative is always the smallest member, so that the
 * clusters and their anchors do not depend on the order in which unions happen.
 */
export class UnionFind {
  private readonly parent: Int32Array;

  constructor(readonly size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  /** The smallest member of i's set (with path halving). */
  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) {
      p[i] = p[p[i]!]!;
      i = p[i]!;
    }
    return i;
  }

  /** Joins the sets of a and b; true when they were apart. */
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
    return true;
  }
}
