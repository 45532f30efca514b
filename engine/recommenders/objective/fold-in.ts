import { choleskySolve, gram } from './dense.ts';

/**
 * Computes an individual's factor vector from their interactions against fixed item factors: the
 * exact least-squares user step of iALS, x = (G + Σ (c−1) y yᵀ)⁻¹ Σ c y with G = YᵀY + λI. Used
 * for every individual at request time (known at training or not), so fresh engagement counts and
 * the model stores no per-individual data. Buffers are allocated once per instance.
 */
export class FoldIn {
  private readonly g: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;

  constructor(
    private readonly itemFactors: Float32Array,
    readonly items: number,
    readonly k: number,
    regularization: number,
    private readonly alpha: number,
  ) {
    this.g = gram(itemFactors, items, k, regularization);
    this.a = new Float64Array(k * k);
    this.b = new Float64Array(k);
  }

  /**
   * Writes the vector of the individual with interactions (item index, weight) into `out`.
   * Returns false (out zeroed) when there are none or the system is singular.
   */
  solve(items: ArrayLike<number>, weights: ArrayLike<number>, n: number, out: Float64Array): boolean {
    const { k, a, b } = this;
    out.fill(0);
    if (n === 0) return false;
    a.set(this.g);
    b.fill(0);
    const y = this.itemFactors;
    for (let e = 0; e < n; e++) {
      const w = weights[e]!;
      if (!(w > 0)) continue;
      const yo = items[e]! * k;
      const c = 1 + this.alpha * w;
      const c1 = c - 1;
      for (let f = 0; f < k; f++) {
        const yf = y[yo + f]!;
        b[f]! += c * yf;
        const cyf = c1 * yf;
        const row = f * k;
        // Lower triangle only: the Cholesky factorisation reads nothing else.
        for (let h = 0; h <= f; h++) a[row + h]! += cyf * y[yo + h]!;
      }
    }
    if (!choleskySolve(a, b, k)) return false;
    out.set(b);
    return true;
  }
}
