import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { compile, evaluate, explain, ruleContext, whyNot, truthy } from '../../../engine/rules/index.ts';
import { data, ruleArbitrary } from './rule-arbitraries.ts';
import { referenceEvaluate } from './reference-interpreter.ts';

const ctx = ruleContext('2026-11-29T20:00:00.000Z');
const RUNS = 3000;

/** The outcome of a call: its value, or the fact that it threw. */
function outcome(f: () => unknown): { value: unknown } | { threw: true } {
  try {
    return { value: f() };
  } catch {
    return { threw: true };
  }
}

/** json-logic-js prints `log` operands; keep the test output clean. */
function quietly<T>(f: () => T): T {
  const original = console.log;
  console.log = () => {};
  try {
    return f();
  } finally {
    console.log = original;
  }
}

describe('property: the compiled closure agrees with the reference interpreter and json-logic-js', () => {
  it('standard operators: compile() = evaluate() = reference interpreter = json-logic-js apply()', () => {
    fc.assert(
      fc.property(ruleArbitrary(false), data, (rule, d) => {
        const ours = outcome(() => compile(rule)(structuredClone(d), ctx));
        expect(ours).toStrictEqual(outcome(() => evaluate(rule, structuredClone(d), ctx)));
        expect(ours).toStrictEqual(outcome(() => referenceEvaluate(rule, structuredClone(d), ctx)));
        expect(ours).toStrictEqual(
          quietly(() => outcome(() => jsonLogic.apply(structuredClone(rule) as never, structuredClone(d)))),
        );
      }),
      { seed: 42, numRuns: RUNS },
    );
  });

  it('with the custom operators: compile() = evaluate() = reference interpreter', () => {
    fc.assert(
      fc.property(ruleArbitrary(true), data, (rule, d) => {
        const ours = outcome(() => compile(rule)(d, ctx));
        expect(ours).toStrictEqual(outcome(() => evaluate(rule, d, ctx)));
        expect(ours).toStrictEqual(outcome(() => referenceEvaluate(rule, d, ctx)));
      }),
      { seed: 42, numRuns: RUNS },
    );
  });

  it('one compiled closure gives the same answers over many profiles (no state leaks between calls)', () => {
    fc.assert(
      fc.property(ruleArbitrary(true), fc.array(data, { minLength: 2, maxLength: 6 }), (rule, profiles) => {
        const f = outcome(() => compile(rule));
        if ('threw' in f) return;
        const compiled = f.value as ReturnType<typeof compile>;
        for (const p of profiles)
          expect(outcome(() => compiled(p, ctx))).toStrictEqual(outcome(() => referenceEvaluate(rule, p, ctx)));
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});

describe('property: time predicates near their bounds', () => {
  const AS_OF = Date.UTC(2026, 10, 29, 20);
  const BOUNDS = [AS_OF, AS_OF - 30 * 86_400_000, Date.UTC(2026, 10, 1), AS_OF - 3_600_000];
  const iso = (ms: number) => new Date(ms).toISOString();
  const withOffset = (ms: number, minutes: number) => {
    const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 19);
    const sign = minutes < 0 ? '-' : '+';
    const m = Math.abs(minutes);
    return `${local}${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  };
  const timestamp = fc
    .tuple(
      fc.constantFrom(...BOUNDS),
      fc.constantFrom(0, 1, -1, 999, -1000, 60_000, -3_600_000, 86_400_000),
      fc.integer({ min: 0, max: 5 }),
    )
    .map(([b, delta, form]) => {
      const ms = b + delta;
      switch (form) {
        case 0:
          return iso(ms);
        case 1:
          return withOffset(ms, 60);
        case 2:
          return withOffset(ms, -330);
        case 3:
          return iso(ms).replace(/-(\d\d)T/, '-32T'); // canonical shape, invalid day
        case 4:
          return iso(ms).replace('T', ' ');
        default:
          return iso(ms).slice(0, 10);
      }
    });
  const rules = [
    { within_last: [{ var: 't' }, 30, 'days'] },
    { within_last: [{ var: 't' }, 1, 'hours'] },
    { before: [{ var: 't' }, '2026-11-01T00:00:00.000Z'] },
    { after: [{ var: 't' }, '2026-11-01T00:00:00.000Z'] },
    { before: ['2026-11-01T00:00:00.000Z', { var: 't' }] },
    { after: ['2026-11-01T00:00:00.000Z', { var: 't' }] },
    { after: [{ var: 't' }, { time_ago: [30, 'days'] }] },
    { before: [{ var: 't' }, { time_ago: [1, 'hours'] }] },
    { before: [{ now: [] }, { var: 't' }] },
    { after: [{ now: [] }, { var: 't' }] },
    { after: [{ var: 't' }, { var: 'u' }] },
  ];
  it('compile() = evaluate() = reference interpreter', () => {
    fc.assert(
      fc.property(fc.constantFrom(...rules), timestamp, timestamp, (rule, t, u) => {
        const d = { t, u };
        const ours = compile(rule)(d, ctx);
        expect(ours).toBe(referenceEvaluate(rule, d, ctx));
        expect(evaluate(rule, d, ctx)).toBe(ours);
      }),
      { seed: 42, numRuns: RUNS },
    );
  });
});

describe('property: explain does not change results', () => {
  it('explain(rule).value = evaluate(rule), and whyNot answers exactly when the rule is falsy', () => {
    fc.assert(
      fc.property(ruleArbitrary(true), data, (rule, d) => {
        const evaluated = outcome(() => evaluate(rule, d, ctx));
        const explained = outcome(() => explain(rule, d, ctx));
        if ('threw' in evaluated) {
          expect(explained).toStrictEqual({ threw: true });
          return;
        }
        expect('value' in explained).toBe(true);
        const tree = (explained as { value: ReturnType<typeof explain> }).value;
        expect(tree.value).toStrictEqual(evaluated.value);
        const why = whyNot(tree);
        expect(why === undefined).toBe(truthy(evaluated.value));
        if (why) expect(why.description.length).toBeGreaterThan(0);
      }),
      { seed: 42, numRuns: RUNS },
    );
  });

  it('explain calls log exactly as often as evaluate, with the same values', () => {
    fc.assert(
      fc.property(ruleArbitrary(false), data, (inner, d) => {
        const rule = { and: [{ log: { var: 'n' } }, inner, { log: inner }] };
        const a: unknown[] = [];
        const b: unknown[] = [];
        outcome(() => evaluate(rule, d, { ...ctx, log: (v) => a.push(v) }));
        outcome(() => explain(rule, d, { ...ctx, log: (v) => b.push(v) }));
        expect(b).toStrictEqual(a);
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});
