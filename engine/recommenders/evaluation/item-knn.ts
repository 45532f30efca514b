import type { InteractionMatrix } from '../objective/interactions.ts';
import { TopK } from '../objective/top-k.ts';
import { POLL_EVERY, type TrainingHooks } from '../objective/training-hooks.ts';

/** Item-to-item cosine similarities, the `neighbours` most similar per item (CSR). */
export interface ItemKnnModel {
  items: number;
  ptr: Int32Array;
  neighbour: Int32Array;
  similarity: Float32Array;
}

export const ITEM_KNN_NEIGHBOURS = 50;

/**
 * Builds the item-kNN baseline (Sarwar et al. 2001; Deshpande & Karypis 2004): cosine similarity
 * of item columns of the weighted interaction matrix, keeping each item's `neighbours` most
 * similar items (ties by item index). Returns undefined when cancelled.
 */
export function buildItemKnn(
  m: InteractionMatrix,
  neighbours = ITEM_KNN_NEIGHBOURS,
  hooks: TrainingHooks = {},
): ItemKnnModel | undefined {
  const isCancelled = hooks.isCancelled ?? (() => false);
  // 1. Column norms.
  const norm = new Float64Array(m.items);
  for (let i = 0; i < m.items; i++) {
    let s = 0;
    for (let p = m.itemPtr[i]!; p < m.itemPtr[i + 1]!; p++) s += m.itemWeights[p]! * m.itemWeights[p]!;
    norm[i] = Math.sqrt(s);
  }
  // 2. Per item: co-occurrence dot products with every item sharing an individual, then the best.
  const acc = new Float64Array(m.items);
  const touched = new Int32Array(m.items);
  const heap = new TopK(neighbours);
  const ptr = new Int32Array(m.items + 1);
  const nb = new Int32Array(m.items * neighbours);
  const sim = new Float32Array(m.items * neighbours);
  let nnz = 0;
  for (let i = 0; i < m.items; i++) {
    if (i % POLL_EVERY === 0 && isCancelled()) return undefined;
    ptr[i] = nnz;
    let t = 0;
    for (let p = m.itemPtr[i]!; p < m.itemPtr[i + 1]!; p++) {
      const u = m.itemUsers[p]!;
      const wi = m.itemWeights[p]!;
      for (let q = m.userPtr[u]!; q < m.userPtr[u + 1]!; q++) {
        const j = m.userItems[q]!;
        if (j === i) continue;
        if (acc[j] === 0) touched[t++] = j;
        acc[j]! += wi * m.userWeights[q]!;
      }
    }
    heap.reset();
    for (let s = 0; s < t; s++) {
      const j = touched[s]!;
      heap.push(j, acc[j]! / (norm[i]! * norm[j]!));
      acc[j] = 0;
    }
    const kept = heap.drain();
    for (let r = 0; r < kept; r++) {
      nb[nnz] = heap.index[r]!;
      sim[nnz] = heap.score[r]!;
      nnz++;
    }
    if (i % 256 === 255)
      hooks.onProgress?.({
        step: i + 1,
        steps: m.items,
        message: `item-kNN similarities: ${i + 1} of ${m.items} items`,
      });
  }
  ptr[m.items] = nnz;
  return { items: m.items, ptr, neighbour: nb.slice(0, nnz), similarity: sim.slice(0, nnz) };
}

/** Scores for one individual: Σ over their items i of weight(i) × similarity(i, j). */
export class ItemKnnScorer {
  private readonly acc: Float64Array;
  private readonly touched: Int32Array;

  constructor(private readonly model: ItemKnnModel) {
    this.acc = new Float64Array(model.items);
    this.touched = new Int32Array(model.items);
  }

  /** Offers every item with a positive score to `heap` (masked items skipped); returns how many. */
  score(items: ArrayLike<number>, weights: ArrayLike<number>, n: number, heap: TopK, mask?: Uint8Array): number {
    const { model, acc, touched } = this;
    let t = 0;
    for (let e = 0; e < n; e++) {
      const i = items[e]!;
      const w = weights[e]!;
      for (let p = model.ptr[i]!; p < model.ptr[i + 1]!; p++) {
        const j = model.neighbour[p]!;
        const s = w * model.similarity[p]!;
        if (!(s > 0)) continue;
        if (acc[j] === 0) touched[t++] = j;
        acc[j]! += s;
      }
    }
    let offered = 0;
    for (let s = 0; s < t; s++) {
      const j = touched[s]!;
      if (mask === undefined || mask[j] === 0) {
        heap.push(j, acc[j]!);
        offered++;
      }
      acc[j] = 0;
    }
    return offered;
  }
}
