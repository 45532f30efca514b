/** Deterministic ids for requests and personalizations (FNV-1a, two seeds → 16 hex digits). */
const BASIS_1 = 2166136261;
const BASIS_2 = (0x811c9dc5 ^ 0x5bd1e995) >>> 0;

/** A stable 16-hex-digit digest of the given parts (both FNV-1a hashes in one pass: a batch run makes two ids per decision). */
export function stableId(prefix: string, ...parts: string[]): string {
  const s = parts.join('\u0000');
  let h1 = BASIS_1;
  let h2 = BASIS_2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619) >>> 0;
    h2 = Math.imul(h2 ^ c, 16777619) >>> 0;
  }
  return prefix + h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
