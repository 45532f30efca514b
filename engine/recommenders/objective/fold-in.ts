import { choleskyFactor, choleskySolve, choleskySubstitute, gram } from './dense.ts';

/**
 * Computes an individual's factor vector from their interactions against fixed item factors: the
 * exact least-squares user step of iALS, x = (G + Σ (c−1) y yᵀ)⁻¹ Σ c y with G = YᵀY + λI. Used
 * for every individual at request time (known at training or not), so fresh engagement counts and
 * the model stores no per-individual data. Buffers are allocated once per instance.
 *
 * Two exact ways, by the number m of interactions:
 * - m < k (most individuals): Woodbury. With P = Y G⁻¹ computed once per model (row i = G⁻¹yᵢ) and
 *   U the interacted rows scaled by √(c−1), x = G⁻¹b − G⁻¹U (I + UᵀG⁻¹U)⁻¹ UᵀG⁻¹b: an m × m system
 *   instead of forming and factoring the k × k one (about m²k + m³/6 operations, not m·k²/2 + k³/6).
 * - otherwise the k × k normal equations, factored by Cholesky.
 */
export class FoldIn {
  private readonly g: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  /** Y G⁻¹ (items × k), built on the first Woodbury solve. */
  private p: Float64Array | null | undefined;
  private readonly gb: Float64Array;
  private readonly rows: Int32Array;
  private readonly scale: Float64Array;

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
    this.gb = new Float64Array(k);
    this.rows = new Int32Array(k);
    this.scale = new Float64Array(k);
  }

  /**
   * Writes the vector of the individual with interactions (item index, weight) into `out`.
   * Returns false (out zeroed) when there are none or the system is singular.
   */
  solve(items: ArrayLike<number>, weights: ArrayLike<number>, n: number, out: Float64Array): boolean {
    out.fill(0);
    let m = 0;
    for (let e = 0; e < n; e++) if (weights[e]! > 0) m++;
    if (m === 0) return false;
    return m < this.k ? this.woodbury(items, weights, n, out) : this.normalEquations(items, weights, n, out);
  }

  /** The k × k normal equations, formed and solved by Cholesky. */
  private normalEquations(items: ArrayLike<number>, weights: ArrayLike<number>, n: number, out: Float64Array): boolean {
    const { k, a, b } = this;
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

  /** Y G⁻¹, one row per item (G's Cholesky factor applied to each item's factors); null when G is not positive definite. */
  private projected(): Float64Array | null {
    if (this.p !== undefined) return this.p;
    const { k, items } = this;
    const l = Float64Array.from(this.g);
    const p = new Float64Array(items * k);
    const row = new Float64Array(k);
    // Factor G once, then two triangular solves per item.
    if (!choleskyFactor(l, k)) return (this.p = null);
    for (let i = 0; i < items; i++) {
      const o = i * k;
      for (let f = 0; f < k; f++) row[f] = this.itemFactors[o + f]!;
      choleskySubstitute(l, row, k);
      p.set(row, o);
    }
    this.p = p;
    return p;
  }

  /** Woodbury's identity over the m < k interactions (see the class comment). */
  private woodbury(items: ArrayLike<number>, weights: ArrayLike<number>, n: number, out: Float64Array): boolean {
    const { k, a: mm, b: r, gb, rows, scale } = this;
    const y = this.itemFactors;
    const p = this.projected();
    // Degenerate factors (G not positive definite): the normal equations say so in their own way.
    if (p === null) return this.normalEquations(items, weights, n, out);
    // 1. The interactions kept, G⁻¹b = Σ c pᵢ.
    let m = 0;
    gb.fill(0);
    for (let e = 0; e < n; e++) {
      const w = weights[e]!;
      if (!(w > 0)) continue;
      const i = items[e]!;
      const c = 1 + this.alpha * w;
      rows[m] = i;
      scale[m] = Math.sqrt(c - 1);
      const po = i * k;
      for (let f = 0; f < k; f++) gb[f]! += c * p[po + f]!;
      m++;
    }
    // 2. M = I + UᵀG⁻¹U (lower triangle, m × m) and r = UᵀG⁻¹b.
    for (let s = 0; s < m; s++) {
      const ys = rows[s]! * k;
      let rs = 0;
      for (let f = 0; f < k; f++) rs += y[ys + f]! * gb[f]!;
      r[s] = scale[s]! * rs;
      for (let t = 0; t <= s; t++) {
        const pt = rows[t]! * k;
        let d = 0;
        for (let f = 0; f < k; f++) d += y[ys + f]! * p[pt + f]!;
        mm[s * m + t] = scale[s]! * scale[t]! * d + (s === t ? 1 : 0);
      }
    }
    // 3. z = M⁻¹ r, then x = G⁻¹b − Σ √(c−1) z pᵢ.
    if (!choleskySolve(mm, r, m)) return false;
    for (let f = 0; f < k; f++) out[f] = gb[f]!;
    for (let s = 0; s < m; s++) {
      const coef = scale[s]! * r[s]!;
      const po = rows[s]! * k;
      for (let f = 0; f < k; f++) out[f]! -= coef * p[po + f]!;
    }
    return true;
  }
}
