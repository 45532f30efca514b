/** Small dense linear algebra over row-major typed arrays (k × k systems, k ≤ a few hundred). */

/** YᵀY + λI of the n × k row-major matrix Y (k × k, row-major, Float64). */
export function gram(
  y: Float32Array | Float64Array,
  n: number,
  k: number,
  lambda: number,
  out: Float64Array = new Float64Array(k * k),
): Float64Array {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    for (let a = 0; a < k; a++) {
      const ya = y[o + a]!;
      if (ya === 0) continue;
      const row = a * k;
      // Upper triangle only; mirrored below.
      for (let b = a; b < k; b++) out[row + b]! += ya * y[o + b]!;
    }
  }
  for (let a = 0; a < k; a++) {
    out[a * k + a]! += lambda;
    for (let b = a + 1; b < k; b++) out[b * k + a] = out[a * k + b]!;
  }
  return out;
}

/**
 * Solves A x = b for a symmetric positive-definite A by Cholesky, in place: A's lower triangle
 * (the only part read) is overwritten by its factor, b by the solution. Returns false when A is
 * not positive definite.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, k: number): boolean {
  if (!choleskyFactor(a, k)) return false;
  choleskySubstitute(a, b, k);
  return true;
}

/** A = L Lᵀ in place, L in the lower triangle (the only part read); false when A is not positive definite. */
export function choleskyFactor(a: Float64Array, k: number): boolean {
  for (let j = 0; j < k; j++) {
    let d = a[j * k + j]!;
    for (let p = 0; p < j; p++) d -= a[j * k + p]! * a[j * k + p]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = a[i * k + j]!;
      for (let p = 0; p < j; p++) s -= a[i * k + p]! * a[j * k + p]!;
      a[i * k + j] = s / ljj;
    }
  }
  return true;
}

/** Given the factor L of choleskyFactor, overwrites b with A⁻¹b: L z = b, then Lᵀ x = z. */
export function choleskySubstitute(l: Float64Array, b: Float64Array, k: number): void {
  for (let i = 0; i < k; i++) {
    let s = b[i]!;
    for (let p = 0; p < i; p++) s -= l[i * k + p]! * b[p]!;
    b[i] = s / l[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let p = i + 1; p < k; p++) s -= l[p * k + i]! * b[p]!;
    b[i] = s / l[i * k + i]!;
  }
}

/** Dot product of row `row` of an n × k row-major matrix with a k-vector. */
export function rowDot(m: Float32Array | Float64Array, row: number, k: number, x: Float64Array): number {
  const o = row * k;
  let s = 0;
  for (let f = 0; f < k; f++) s += m[o + f]! * x[f]!;
  return s;
}
