import { describe, expect, it } from 'vitest';
import jsonLogic from 'json-logic-js';
import { compile, evaluate, explain, ruleContext } from '../../../engine/rules/index.ts';
import { STANDARD_CASES } from './golden-cases.ts';

const ctx = ruleContext('2026-11-29T20:00:00.000Z');
const clone = <T>(v: T): T => structuredClone(v);

describe('standard JSONLogic golden cases', () => {
  it('has a case for every standard operator', () => {
    const used = new Set<string>();
    const collect = (r: unknown): void => {
      if (Array.isArray(r)) r.forEach(collect);
      else if (r && typeof r === 'object')
        for (const [k, v] of Object.entries(r)) {
          used.add(k);
          collect(v);
        }
    };
    STANDARD_CASES.forEach((c) => collect(c.rule));
    const standard = [
      'var',
      'missing',
      'missing_some',
      'if',
      '?:',
      '==',
      '===',
      '!=',
      '!==',
      '!',
      '!!',
      'or',
      'and',
      '>',
      '>=',
      '<',
      '<=',
      'max',
      'min',
      '+',
      '-',
      '*',
      '/',
      '%',
      'map',
      'filter',
      'reduce',
      'all',
      'none',
      'some',
      'merge',
      'in',
      'cat',
      'substr',
      'log',
    ];
    expect(standard.filter((op) => !used.has(op))).toEqual([]);
  });

  it.each(STANDARD_CASES)('compile: $name', ({ rule, data, result }) => {
    expect(compile(rule)(clone(data), ctx)).toEqual(result);
  });

  it.each(STANDARD_CASES)('evaluate and explain agree: $name', ({ rule, data, result }) => {
    expect(evaluate(rule, clone(data), ctx)).toEqual(result);
    expect(explain(rule, clone(data), ctx).value).toEqual(result);
  });

  it.each(STANDARD_CASES)('json-logic-js 2.0.5 agrees (oracle): $name', ({ rule, data, result }) => {
    const original = console.log;
    console.log = () => {}; // json-logic-js logs `log` operands to the console
    try {
      expect(jsonLogic.apply(clone(rule) as never, clone(data))).toEqual(result);
    } finally {
      console.log = original;
    }
  });
});
