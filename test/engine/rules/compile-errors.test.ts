import { describe, expect, it } from 'vitest';
import {
  compile,
  countConditions,
  evaluate,
  explain,
  referencedVars,
  RuleCompileError,
  ruleContext,
} from '../../../engine/rules/index.ts';
import cases from './golden/compile-error-cases.json' with { type: 'json' };

const ctx = ruleContext('2026-11-29T20:00:00.000Z');

const errorOf = (f: () => unknown): RuleCompileError => {
  try {
    f();
  } catch (e) {
    if (e instanceof RuleCompileError) return e;
    throw e;
  }
  throw new Error('expected a RuleCompileError');
};

describe('compile errors name the JSON path of the offending node', () => {
  it.each(cases)('$name', ({ rule, path, message }) => {
    const e = errorOf(() => compile(rule));
    expect(e.path).toBe(path);
    expect(e.message).toBe(message);
    expect(e.name).toBe('RuleCompileError');
    expect(e).toBeInstanceOf(Error);
  });

  it.each(cases)('every entry point checks the rule: $name', ({ rule, path }) => {
    expect(errorOf(() => evaluate(rule, {}, ctx)).path).toBe(path);
    expect(errorOf(() => explain(rule, {}, ctx)).path).toBe(path);
    expect(errorOf(() => referencedVars(rule)).path).toBe(path);
    expect(errorOf(() => countConditions(rule)).path).toBe(path);
  });

  it('compiles before any data is seen: an unknown operator in an untaken branch is still an error', () => {
    expect(errorOf(() => compile({ if: [false, { bogus: 1 }, 0] })).path).toBe('$.if[1]');
  });
});
