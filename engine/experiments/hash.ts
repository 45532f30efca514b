/**
 * GrowthBook's hashing, reproduced bit for bit (JS SDK `hash`, hash version 2), so that an
 * assignment made here can be checked with the SDK. FNV-1a runs over UTF-16 code units
 * (`charCodeAt`), exactly as the JS SDK does — not over UTF-8 bytes.
 */

/** FNV-1a 32-bit offset basis. */
export const FNV_OFFSET_BASIS = 0x811c9dc5 | 0;
/** FNV-1a 32-bit prime (2^24 + 2^8 + 0x93). */
export const FNV_PRIME = 0x01000193;

/** Continues an FNV-1a state (int32) over the UTF-16 code units of `s`. */
export function fnv1a32Continue(state: number, s: string): number {
  let h = state;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    // The SDK adds the shifted copies (h<<1)+(h<<4)+(h<<7)+(h<<8)+(h<<24); that is h*FNV_PRIME mod 2^32.
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

/** FNV-1a 32-bit of the UTF-16 code units of `s`, as an unsigned integer (GrowthBook's `hashFnv32a`). */
export function fnv1a32(s: string): number {
  return fnv1a32Continue(FNV_OFFSET_BASIS, s) >>> 0;
}

/** Powers of ten up to 10^9, to feed a uint32's decimal digits to FNV without building a string. */
const POW10 = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/**
 * FNV-1a of the decimal representation of a uint32 (what `hashFnv32a(n + "")` computes), without
 * allocating the string: digits are fed most significant first, '0' is char code 48.
 */
export function fnv1a32OfUint(n: number): number {
  let h = FNV_OFFSET_BASIS;
  let k = 0;
  while (k < 9 && n < POW10[k]!) k++; // skip leading zeros; 0 itself still yields one digit
  let r = n;
  for (; k < 10; k++) {
    const p = POW10[k]!;
    const d = (r / p) >>> 0;
    r -= d * p;
    h = Math.imul(h ^ (48 + d), FNV_PRIME);
  }
  return h >>> 0;
}

/**
 * The bucket of (seed, value) as an integer 0..9999, from an FNV state already advanced over the
 * seed. `hashV2` is this divided by 10,000; the compiled assigner uses the integer directly.
 */
export function bucketFromSeedState(seedState: number, value: string): number {
  const first = fnv1a32Continue(seedState, value) >>> 0;
  return fnv1a32OfUint(first) % 10000;
}

/**
 * GrowthBook hash version 2: `(fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000`, in [0, 1)
 * with four decimals. Identical to the SDK's `hash(seed, value, 2)`, which never returns null for
 * version 2.
 */
export function hashV2(seed: string, value: string): number {
  return bucketFromSeedState(fnv1a32Continue(FNV_OFFSET_BASIS, seed), value) / 10000;
}
