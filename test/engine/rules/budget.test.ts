import { describe, expect, it } from 'vitest';
import {
  compile,
  estimateRuleCost,
  evaluate,
  explain,
  ruleContext,
  RuleBudgetError,
  RuleCompileError,
  RULE_DEPTH_LIMIT,
  RULE_STEP_LIMIT,
} from '../../../engine/rules/index.ts';

const ctx = ruleContext('2026-11-28T00:00:00.000Z');
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const nested = (depth: number, array: (level: number) => unknown, leaf: unknown): unknown => {
  let rule = leaf;
  for (let level = depth - 1; level >= 0; level--) rule = { some: [array(level), rule] };
  return rule;
};
/** Three nested iterations over profile arrays: 10^6 steps estimated (100 elements each), 10^9 with these arrays. */
const dataDriven = nested(3, (level) => ({ var: `l${level}` }), { '==': [{ var: '' }, -1] });
const bigArrays = (n: number) => {
  const row = range(n);
  const inner = { l2: row };
  const middle = { l1: range(n).map(() => inner) };
  return { l0: range(n).map(() => middle) };
};

/** The error a call throws (fails the test when it throws none). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('rule budgets', () => {
  it('refuses at compile time four nested iterations over 1,000-element literals, naming the limit and the path', () => {
    const lit = range(1000);
    const rule = nested(4, () => lit, { '==': [{ var: '' }, -1] });
    expect(estimateRuleCost(rule).steps).toBeGreaterThan(1e12);
    const e = thrown(() => compile(rule));
    expect(e).toBeInstanceOf(RuleCompileError);
    expect((e as RuleCompileError).path).toBe('$.some[1]');
    expect(e.message).toMatch(/the limit is 10,000,000 steps per evaluation/);
    expect(thrown(() => evaluate(rule, {}, ctx))).toBeInstanceOf(RuleCompileError);
  });

  it('counts reduce growth: an accumulator merged or concatenated with itself doubles', () => {
    const doubling = (op: string, init: unknown) => ({
      reduce: [range(40), { [op]: [{ var: 'accumulator' }, { var: 'accumulator' }] }, init],
    });
    expect(thrown(() => compile(doubling('merge', [1]))).message).toMatch(/the limit is 10,000,000/);
    expect(thrown(() => compile(doubling('cat', 'x'))).message).toMatch(/the limit is 10,000,000/);
    // Linear growth is fine.
    const appending = { reduce: [range(1000), { merge: [{ var: 'accumulator' }, [{ var: 'current' }]] }, []] };
    expect(estimateRuleCost(appending).steps).toBeLessThan(RULE_STEP_LIMIT);
    expect((compile(appending)({}, ctx) as unknown[]).length).toBe(1000);
  });

  it('accepts ordinary rules with room to spare', () => {
    const rule = {
      some: [{ var: 'purchases' }, { some: [{ var: 'items' }, { '==': [{ var: 'sku' }, 'x'] }] }],
    };
    expect(estimateRuleCost(rule).steps).toBeLessThan(RULE_STEP_LIMIT / 100);
    expect(compile(rule)({ purchases: [{ items: [{ sku: 'x' }] }] }, ctx)).toBe(true);
  });

  it('stops one evaluation over the step budget with a RuleBudgetError naming the loop; the next evaluation starts afresh', () => {
    const f = compile(dataDriven);
    const e = thrown(() => f(bigArrays(1000), ctx));
    expect(e).toBeInstanceOf(RuleBudgetError);
    expect(e.message).toMatch(/more than 10,000,000 evaluation steps for this individual/);
    expect((e as RuleBudgetError).path).toMatch(/^\$\.some\[1\]/);
    // The budget is per evaluation: a small profile after a runaway one evaluates normally.
    expect(f(bigArrays(3), ctx)).toBe(false);
    expect(f({ l0: [{ l1: [{ l2: [-1] }] }] }, ctx)).toBe(true);
    expect(thrown(() => evaluate(dataDriven, bigArrays(1000), ctx))).toBeInstanceOf(RuleBudgetError);
    expect(thrown(() => explain(dataDriven, bigArrays(1000), ctx))).toBeInstanceOf(RuleBudgetError);
  });

  it('meters merge and cat results built from profile arrays', () => {
    const big = range(5000);
    const rule = { map: [{ var: 'xs' }, { merge: [{ var: 'big' }, { var: 'big' }] }] };
    const data = { xs: big.map(() => ({ big })) };
    expect(thrown(() => compile(rule)(data, ctx))).toBeInstanceOf(RuleBudgetError);
    const text = 'x'.repeat(5000);
    const cat = { map: [{ var: 'xs' }, { cat: [{ var: 't' }, { var: 't' }] }] };
    expect(thrown(() => compile(cat)({ xs: big.map(() => ({ t: text })) }, ctx))).toBeInstanceOf(RuleBudgetError);
  });

  it('meters `in` over a list read from the profile, not over a literal list', () => {
    const rule = { some: [{ var: 'xs' }, { in: [{ var: 'v' }, { var: 'list' }] }] };
    const list = range(5000).map((i) => -i - 1);
    const data = { xs: range(3000).map((v) => ({ v, list })) };
    expect(thrown(() => compile(rule)(data, ctx))).toBeInstanceOf(RuleBudgetError);
    expect(thrown(() => evaluate(rule, data, ctx))).toBeInstanceOf(RuleBudgetError);
    expect(thrown(() => explain(rule, data, ctx))).toBeInstanceOf(RuleBudgetError);
    const literal = { some: [{ var: 'xs' }, { in: [{ var: 'v' }, list] }] };
    expect(compile(literal)(data, ctx)).toBe(false);
  });

  it.each([RULE_DEPTH_LIMIT + 1, 10_000, 100_000])(
    'refuses a rule nested %i deep with the depth limit, not a stack overflow',
    (depth) => {
      let rule: unknown = { var: 'x' };
      for (let i = 0; i < depth; i++) rule = { '!': [rule] };
      const e = thrown(() => compile(rule));
      expect(e).toBeInstanceOf(RuleCompileError);
      expect(e.message).toMatch(/nested more than 100 levels deep/);
      expect((e as RuleCompileError).path).toBe(`$${'["!"][0]'.repeat(RULE_DEPTH_LIMIT + 1)}`);
    },
  );

  it('accepts a rule exactly at the depth limit', () => {
    let rule: unknown = true;
    for (let i = 0; i < RULE_DEPTH_LIMIT; i++) rule = { '!!': [rule] };
    expect(compile(rule)({}, ctx)).toBe(true);
  });
});
