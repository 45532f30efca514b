import { describe, expect, it } from 'vitest';
import { isoOf } from '../../../engine/model/time.ts';
import { createRng } from '../../../engine/sample/random.ts';

describe('isoOf', () => {
  it.each([
    0,
    -1,
    1,
    951_782_400_000,
    1_709_164_799_999,
    4_102_444_800_000,
    -62_167_219_200_000,
    253_402_300_799_999,
    1.7e12 + 0.7,
  ])('writes %d exactly as toISOString does', (ms) => expect(isoOf(ms)).toBe(new Date(ms).toISOString()));

  it('agrees with toISOString on many random instants, in and out of order', () => {
    const rng = createRng(9);
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(rng.range(-1e13, 1e13));
      expect(isoOf(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('falls back to toISOString outside years 0000–9999', () => {
    expect(isoOf(8.64e15)).toBe(new Date(8.64e15).toISOString());
    expect(isoOf(-8.64e15)).toBe(new Date(-8.64e15).toISOString());
  });
});
