/**
 * Compares two strings by Unicode code point — the order of their UTF-8 bytes, which is SQLite's
 * BINARY collation — so that the engine and the store sort ids the same way. JavaScript's `<`
 * compares UTF-16 code units, which puts U+E000–U+FFFF after astral characters; this does not.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800–DFFF) encode code points above FFFF: move them above E000–FFFF.
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x - y;
  }
  return a.length - b.length;
}
