import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fnv1a32, hashV2 } from '../../../engine/experiments/index.ts';
import { fnv1a32OfUint } from '../../../engine/experiments/hash.ts';
import cases from './cases.json' with { type: 'json' };
import { gbUtil } from './growthbook-sdk.ts';

describe('fnv1a32', () => {
  it.each(cases.fnv1a32)('$name', ({ input, expected }) => {
    expect(fnv1a32(input)).toBe(expected);
  });

  it('hashes a uint32 digit by digit exactly as hashing its decimal string', () => {
    for (const n of [0, 1, 9, 10, 99999, 100000, 999999999, 1e9, 2 ** 31 - 1, 2 ** 31, 4294967295]) {
      expect(fnv1a32OfUint(n)).toBe(fnv1a32(String(n)));
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4294967295 }), (n) => fnv1a32OfUint(n) === fnv1a32(String(n))),
      { seed: 20261129, numRuns: 5000 },
    );
  });
});

describe('hashV2', () => {
  it.each(cases.hashV2)('$source: hash($seed, $value) = $expected', ({ seed, value, expected }) => {
    expect(hashV2(seed, value)).toBe(expected);
    expect(gbUtil.hash(seed, value, 2)).toBe(expected);
  });

  it('equals the SDK hash(seed, value, 2) for arbitrary strings, including surrogate pairs', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (seed, value) => {
          return hashV2(seed, value) === gbUtil.hash(seed, value, 2);
        },
      ),
      { seed: 42, numRuns: 3000 },
    );
  });

  it('stays in [0, 1) with at most four decimals', () => {
    for (let i = 0; i < 2000; i++) {
      const h = hashV2('exp', `ind_${i}`);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(1);
      expect(Math.round(h * 10000) / 10000).toBe(h);
    }
  });
});
