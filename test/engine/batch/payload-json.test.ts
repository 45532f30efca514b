import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { payloadJson } from '../../../engine/batch/payload-json.ts';
import type { JsonValue } from '../../../engine/model/index.ts';

describe('payloadJson', () => {
  it('is JSON.stringify for recommendations of shared frozen items, served again and again', () => {
    const a = Object.freeze({ itemId: 'prod_1', name: 'Trail "Runner"', price: 89.5, tags: ['a', 'b'] });
    const b = Object.freeze({ itemId: 'prod_2', name: 'Café ☕', price: 10 });
    for (const data of [{ recommendations: [a, b] }, { recommendations: [b, a, b] }, { recommendations: [] }]) {
      expect(payloadJson(data)).toBe(JSON.stringify(data));
      expect(payloadJson(data)).toBe(JSON.stringify(data));
    }
  });

  it('is JSON.stringify for any other payload (manual content, extra keys, unfrozen items)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.jsonValue()),
        fc.boolean(),
        (anyOther, anyRecs, onlyRecs) => {
          const other = anyOther as Record<string, JsonValue>;
          const recs = anyRecs as JsonValue[];
          const data: Record<string, JsonValue> = onlyRecs
            ? { recommendations: recs }
            : { ...other, recommendations: recs };
          expect(payloadJson(data)).toBe(JSON.stringify(data));
          expect(payloadJson(other)).toBe(JSON.stringify(other));
        },
      ),
      { seed: 20261129, numRuns: 300 },
    );
  });
});
