import { describe, expect, it } from 'vitest';
import { compile, evaluate, explain, OPERATORS, ruleContext } from '../../../engine/rules/index.ts';
import { CUSTOM_CASES, GOLDEN_AS_OF } from './golden-cases.ts';
import { referenceEvaluate } from './reference-interpreter.ts';

const ctx = ruleContext(GOLDEN_AS_OF);

describe('custom operator golden cases (as of 2026-11-29T20:00:00.000Z)', () => {
  it('has a case for every custom operator', () => {
    const text = JSON.stringify(CUSTOM_CASES.map((c) => c.rule));
    const missing = OPERATORS.filter((o) => o.kind === 'custom' && !text.includes(`"${o.name}"`)).map((o) => o.name);
    expect(missing).toEqual([]);
  });

  it.each(CUSTOM_CASES)('compile: $name', ({ rule, data, result }) => {
    expect(compile(rule)(structuredClone(data), ctx)).toEqual(result);
  });

  it.each(CUSTOM_CASES)('evaluate, explain and the reference interpreter agree: $name', ({ rule, data, result }) => {
    expect(evaluate(rule, data, ctx)).toEqual(result);
    expect(explain(rule, data, ctx).value).toEqual(result);
    expect(referenceEvaluate(rule, data, ctx)).toEqual(result);
  });

  it('time_ago follows the context: one compiled rule, two as-of times', () => {
    const rule = compile({ time_ago: [1, 'days'] });
    expect(rule({}, ruleContext('2026-01-02T00:00:00.000Z'))).toBe('2026-01-01T00:00:00.000Z');
    expect(rule({}, ruleContext('2026-03-01T12:00:00Z'))).toBe('2026-02-28T12:00:00.000Z');
    expect(rule({}, ruleContext('2026-01-02T00:00:00.000Z'))).toBe('2026-01-01T00:00:00.000Z');
  });

  it('within_last follows the context', () => {
    const rule = compile({ within_last: [{ var: 't' }, 1, 'days'] });
    const data = { t: '2026-06-01T12:00:00.000Z' };
    expect(rule(data, ruleContext('2026-06-02T00:00:00.000Z'))).toBe(true);
    expect(rule(data, ruleContext('2026-06-03T00:00:00.000Z'))).toBe(false);
  });

  it('log calls ctx.log (never the console) and returns its operand', () => {
    const seen: unknown[] = [];
    const logging = { ...ctx, log: (v: unknown) => seen.push(v) };
    expect(evaluate({ '+': [{ log: { var: 'a' } }, 1] }, { a: 2 }, logging)).toBe(3);
    expect(seen).toEqual([2]);
    expect(evaluate({ log: 'quiet' }, {}, ctx)).toBe('quiet');
  });
});
