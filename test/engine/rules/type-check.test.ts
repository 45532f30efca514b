import { describe, expect, it } from 'vitest';
import { checkRuleTypes, type TypedOperand, type ValueType, type VarTypes } from '../../../engine/rules/index.ts';
import typeCases from './golden/type-cases.json' with { type: 'json' };

interface TypeCase {
  name: string;
  rule: unknown;
  problems: { path: string; message: string }[];
}

const schema = typeCases.schema as {
  fields: Record<string, ValueType>;
  rows: Record<string, Record<string, ValueType>>;
};
const CASES = (typeCases.cases as unknown[]).filter((c): c is TypeCase => typeof c === 'object' && c !== null);

/** The golden schema as var types: root paths, and fields of the rows of the arrays it lists. */
const varTypes: VarTypes = (site) => {
  const named = (type: ValueType | undefined, name: string): TypedOperand | undefined =>
    type === undefined ? undefined : { type, name };
  if (site.scope === 'element') {
    const rows = site.iterating === undefined ? undefined : schema.rows[site.iterating];
    const object = site.iterating?.split('.')[1];
    return named(rows?.[site.path], `${object} row field "${site.path}"`);
  }
  const type = schema.fields[site.path];
  if (site.path.startsWith('ci.')) return named(type, `calculated insight "${site.path.slice(3)}"`);
  if (site.path === 'segments') return named(type, 'segment memberships "segments"');
  return named(type, `field "${site.path}"`);
};

describe('checkRuleTypes (golden cases)', () => {
  it('has valid and invalid cases', () => {
    expect(CASES.filter((c) => c.problems.length === 0).length).toBeGreaterThan(10);
    expect(CASES.filter((c) => c.problems.length > 0).length).toBeGreaterThan(10);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(checkRuleTypes(c.rule, varTypes)).toEqual(c.problems);
  });

  it('types nothing it is not told about: without var types only operators are typed', () => {
    expect(checkRuleTypes({ '>': [{ var: 'age' }, 'x'] }, () => undefined)).toEqual([]);
    expect(checkRuleTypes({ '>': [{ ci: 'ltv' }, 'x'] }, () => undefined)).toHaveLength(1);
  });
});
