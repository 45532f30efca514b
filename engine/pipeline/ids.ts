/** Deterministic ids for requests and personalizations (FNV-1a, two seeds → 16 hex digits). */
function fnv(s: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h >>> 0;
}

/** A stable 16-hex-digit digest of the given parts. */
export function stableId(prefix: string, ...parts: string[]): string {
  const s = parts.join('\u0000');
  return prefix + fnv(s, 2166136261).toString(16).padStart(8, '0') + fnv(s, 0x811c9dc5 ^ 0x5bd1e995).toString(16).padStart(8, '0');
}
