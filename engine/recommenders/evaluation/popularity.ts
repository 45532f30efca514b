/** Item indices by popularity, most popular first; ties by index (item id order). */
export function popularityOrder(popularity: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: popularity.length }, (_, i) => i);
  order.sort((a, b) => popularity[b]! - popularity[a]! || a - b);
  return order;
}

/**
 * Appends items in popularity order to a ranked list until it holds k items, skipping masked
 * items and items already in it. Returns the new length.
 */
export function fillByPopularity(
  list: Int32Array,
  count: number,
  k: number,
  order: Int32Array,
  mask: Uint8Array | undefined,
): number {
  let n = count;
  for (let p = 0; p < order.length && n < k; p++) {
    const i = order[p]!;
    if (mask !== undefined && mask[i] !== 0) continue;
    let seen = false;
    for (let q = 0; q < n; q++) {
      if (list[q] === i) {
        seen = true;
        break;
      }
    }
    if (!seen) list[n++] = i;
  }
  return n;
}
