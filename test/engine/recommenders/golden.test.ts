import { describe, expect, it } from 'vitest';
import { recommend } from '../../../engine/recommenders/index.ts';
import {
  BACKFILL_CASES,
  BOOST_CASES,
  EXCLUSION_CASES,
  FILTER_CASES,
  STRATEGY_CASES,
  type GoldenCase,
} from './cases.ts';
import { request, rules, strategyData } from './factories.ts';

/** Runs one golden case and returns what it is compared on. */
function run(c: GoldenCase) {
  const rec = rules(c.recommender);
  const backfillRecs = (c.backfills ?? []).map(rules);
  const r = recommend(
    rec,
    strategyData(),
    request({ individual: c.individual ?? 'ind_b', context: c.context ?? {}, count: c.count ?? 3, backfillRecs }),
  );
  const t = r.trace!;
  return { r, t };
}

function check(c: GoldenCase): void {
  const { r, t } = run(c);
  expect(r.items.map((i) => i.id)).toEqual(c.expected.items);
  expect(t.returned).toBe(c.expected.items.length);
  if (c.expected.candidates) {
    expect(
      t.candidates.map((x) => (x.from ? [x.itemId, x.excluded ?? null, x.from] : [x.itemId, x.excluded ?? null])),
    ).toEqual(c.expected.candidates);
  }
  if (c.expected.dropped) {
    const dropped = Object.fromEntries(
      t.candidates.filter((x) => x.excluded && !x.from).map((x) => [x.itemId, x.excluded]),
    );
    expect(dropped).toEqual(c.expected.dropped);
  }
  if (c.expected.boosts) {
    const boosts = Object.fromEntries(
      t.candidates.filter((x) => x.boost !== undefined).map((x) => [x.itemId, x.boost]),
    );
    expect(boosts).toEqual(c.expected.boosts);
    for (const x of t.candidates) if (x.boost !== undefined) expect(x.score).toBeCloseTo(x.baseScore! * x.boost, 6);
  }
  if (c.expected.note !== undefined) expect(t.note).toBe(c.expected.note);
  if (c.expected.backfill)
    expect(Object.fromEntries((t.backfill ?? []).map((b) => [b.apiName, b.contributed]))).toEqual(c.expected.backfill);
  // Ranks number the returned items 1..n in order; dropped candidates have none.
  expect(t.candidates.filter((x) => x.rank !== null).map((x) => x.rank)).toEqual(c.expected.items.map((_, i) => i + 1));
}

describe('rules-based strategies (golden cases)', () => {
  it.each(STRATEGY_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => check(c));
});

describe('filters (golden cases)', () => {
  it.each(FILTER_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => check(c));
});

describe('exclusions (golden cases)', () => {
  it.each(EXCLUSION_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => check(c));
});

describe('boosts (golden cases)', () => {
  it.each(BOOST_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => check(c));
});

describe('backfill (golden cases)', () => {
  it.each(BACKFILL_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => check(c));
});

describe('determinism', () => {
  const all = [...STRATEGY_CASES, ...FILTER_CASES, ...EXCLUSION_CASES, ...BOOST_CASES, ...BACKFILL_CASES];

  it.each(all.map((c) => [c.name, c] as const))(
    '%s: the same request twice gives the same items and trace, byte for byte',
    (_, c) => {
      expect(JSON.stringify(run(c).r)).toBe(JSON.stringify(run(c).r));
    },
  );

  it('the fast path (no trace) returns the same items as the trace path', () => {
    for (const c of all) {
      const rec = rules(c.recommender);
      const backfillRecs = (c.backfills ?? []).map(rules);
      const req = request({
        individual: c.individual ?? 'ind_b',
        context: c.context ?? {},
        count: c.count ?? 3,
        backfillRecs,
      });
      const fast = recommend(rec, strategyData(), { ...req, trace: false });
      expect(fast.trace).toBeUndefined();
      expect(fast.items.map((i) => i.id)).toEqual(c.expected.items);
    }
  });
});
