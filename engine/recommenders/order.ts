/** UTF-8 byte order of two ids (SQLite's BINARY collation), so ties break the same way in SQL and here. */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Code units order as UTF-8 bytes except surrogates (astral code points) against U+E000–U+FFFF.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy && (sx ? y >= 0xe000 : x >= 0xe000)) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** A scored candidate of a strategy. */
export interface Scored {
  itemId: string;
  score: number;
}

/** Best first: score descending, ties by item id ascending — the order every strategy returns. */
export const byScoreThenId = (a: Scored, b: Scored): number => b.score - a.score || compareIds(a.itemId, b.itemId);

/** Rounds a computed score to 6 decimals, so traces show 0.75 rather than 0.7500000000000001. */
export const roundScore = (x: number): number => Math.round(x * 1e6) / 1e6;
