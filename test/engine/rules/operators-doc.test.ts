import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, OPERATORS } from '../../../engine/rules/index.ts';

const doc = readFileSync(new URL('../../../docs/rules.md', import.meta.url), 'utf8');

describe('OPERATORS', () => {
  it('lists every operator once', () => {
    const names = OPERATORS.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(44);
  });

  it.each(OPERATORS.map((o) => [o.name, o] as const))(
    '%s is documented in docs/rules.md exactly as in OPERATORS',
    (_name, o) => {
      expect(doc).toContain(`| \`${o.name}\` | ${o.kind} | ${o.arity} | ${o.doc} |`);
    },
  );

  it.each(OPERATORS.map((o) => [o.name] as const))('%s compiles with operands of its arity', (name) => {
    const o = OPERATORS.find((x) => x.name === name)!;
    const n = Number(/^(\d+)/.exec(o.arity)![1]);
    const operands =
      name === 'in_segment' || name === 'ci'
        ? ['X']
        : name === 'time_ago' || name === 'time_since'
          ? [1, 'days']
          : name === 'within_last'
            ? ['t', 1, 'days']
            : Array.from({ length: n }, () => 1);
    expect(() => compile({ [name]: operands })).not.toThrow();
  });
});
