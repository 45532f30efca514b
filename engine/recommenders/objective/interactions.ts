/**
 * The user × item interaction matrix a model trains on, in compressed sparse rows both ways
 * (by user for the user half-step, by item for the item half-step). Duplicate (user, item) pairs
 * are summed; rows are sorted by column, so the layout (and the training) is deterministic.
 */
export interface InteractionMatrix {
  users: number;
  items: number;
  /** Non-zero entries. */
  nnz: number;
  /** Row u spans userPtr[u] .. userPtr[u+1] of userItems / userWeights. */
  userPtr: Int32Array;
  userItems: Int32Array;
  userWeights: Float32Array;
  /** Column i spans itemPtr[i] .. itemPtr[i+1] of itemUsers / itemWeights. */
  itemPtr: Int32Array;
  itemUsers: Int32Array;
  itemWeights: Float32Array;
}

/** Interactions as parallel columns (one entry per event); weight 0 entries are dropped. */
export interface InteractionTriples {
  length: number;
  user: Int32Array;
  item: Int32Array;
  weight: Float32Array | Float64Array;
}

/** Counting sort of entries by `key` (stable): returns the row pointers and the permutation. */
function bucket(keys: Int32Array, n: number, count: number): { ptr: Int32Array; order: Int32Array } {
  const ptr = new Int32Array(count + 1);
  for (let e = 0; e < n; e++) ptr[keys[e]! + 1]!++;
  for (let r = 0; r < count; r++) ptr[r + 1]! += ptr[r]!;
  const next = ptr.slice(0, count);
  const order = new Int32Array(n);
  for (let e = 0; e < n; e++) order[next[keys[e]!]!++] = e;
  return { ptr, order };
}

/**
 * Builds the matrix from triples. Users and items are dense indices in [0, users) and [0, items);
 * an index outside them is a caller bug (throws).
 */
export function buildInteractionMatrix(users: number, items: number, t: InteractionTriples): InteractionMatrix {
  // 1. Check the indices; keep positive weights (copying only when some are not: memory matters
  //    with tens of millions of events).
  let n = 0;
  for (let e = 0; e < t.length; e++) {
    const u = t.user[e]!;
    const i = t.item[e]!;
    if (!(u >= 0 && u < users && i >= 0 && i < items))
      throw new Error(`interaction ${e}: user ${u} or item ${i} is outside the matrix (${users} × ${items})`);
    if (t.weight[e]! > 0) n++;
  }
  let keepUser = t.user.subarray(0, t.length);
  let keepItem = t.item.subarray(0, t.length);
  let keepWeight = t.weight.subarray(0, t.length);
  if (n < t.length) {
    keepUser = new Int32Array(n);
    keepItem = new Int32Array(n);
    keepWeight = new Float64Array(n);
    for (let e = 0, k = 0; e < t.length; e++) {
      if (!(t.weight[e]! > 0)) continue;
      keepUser[k] = t.user[e]!;
      keepItem[k] = t.item[e]!;
      keepWeight[k] = t.weight[e]!;
      k++;
    }
  }
  // 2. Sort by item, then (stably) by user: each user's row comes out sorted by item.
  const byItem = bucket(keepItem, n, items).order;
  const userOfSorted = new Int32Array(n);
  for (let s = 0; s < n; s++) userOfSorted[s] = keepUser[byItem[s]!]!;
  const byUser = bucket(userOfSorted, n, users);
  // 3. Merge duplicates inside each row.
  const userPtr = new Int32Array(users + 1);
  const rowItems = new Int32Array(n);
  const rowWeights = new Float64Array(n);
  let nnz = 0;
  for (let u = 0; u < users; u++) {
    userPtr[u] = nnz;
    let last = -1;
    for (let s = byUser.ptr[u]!; s < byUser.ptr[u + 1]!; s++) {
      const e = byItem[byUser.order[s]!]!;
      const i = keepItem[e]!;
      if (i === last) rowWeights[nnz - 1]! += keepWeight[e]!;
      else {
        rowItems[nnz] = i;
        rowWeights[nnz] = keepWeight[e]!;
        nnz++;
        last = i;
      }
    }
  }
  userPtr[users] = nnz;
  const userItems = rowItems.slice(0, nnz);
  const userWeights = Float32Array.from(rowWeights.subarray(0, nnz));
  // 4. The transpose: columns sorted by user because rows are visited in user order.
  const itemPtr = new Int32Array(items + 1);
  for (let s = 0; s < nnz; s++) itemPtr[userItems[s]! + 1]!++;
  for (let i = 0; i < items; i++) itemPtr[i + 1]! += itemPtr[i]!;
  const fill = itemPtr.slice(0, items);
  const itemUsers = new Int32Array(nnz);
  const itemWeights = new Float32Array(nnz);
  for (let u = 0; u < users; u++) {
    for (let s = userPtr[u]!; s < userPtr[u + 1]!; s++) {
      const at = fill[userItems[s]!]!++;
      itemUsers[at] = u;
      itemWeights[at] = userWeights[s]!;
    }
  }
  return { users, items, nnz, userPtr, userItems, userWeights, itemPtr, itemUsers, itemWeights };
}

/** Column sums of the matrix: each item's total interaction weight (its popularity). */
export function itemTotals(m: InteractionMatrix): Float32Array {
  const out = new Float32Array(m.items);
  for (let i = 0; i < m.items; i++) {
    let s = 0;
    for (let p = m.itemPtr[i]!; p < m.itemPtr[i + 1]!; p++) s += m.itemWeights[p]!;
    out[i] = s;
  }
  return out;
}
