import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../engine/config/validate.ts';
import { profileVarTypes } from '../../../engine/config/rule-types.ts';
import { ProfileDataGraph } from '../../../engine/model/index.ts';
import { generateRetailSample } from '../../../engine/sample/index.ts';
import cases from './golden/rule-type-cases.json' with { type: 'json' };

interface ConfigTypeCase {
  name: string;
  at: (string | number)[];
  rule: unknown;
  errors: { path: string; message: string }[];
  itemFields?: string[];
}

const CASES = (cases as unknown[]).filter((c): c is ConfigTypeCase => typeof c === 'object' && c !== null);

/** The retail sample's config with one rule put in place (and the engagement item fields, when given). */
function configWith(c: ConfigTypeCase): unknown {
  const sample = generateRetailSample({ individuals: 20, items: 20, seed: 3, now: '2026-11-28T00:00:00Z' });
  const config = structuredClone(sample.config) as { dataSpaces: Record<string, unknown>[] };
  const space = config.dataSpaces[0]!;
  let target = space as Record<string | number, unknown>;
  for (const key of c.at.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[c.at[c.at.length - 1]!] = c.rule;
  if (c.itemFields) {
    const graph = (space.profileDataGraphs as { engagement: { itemFields: string[] } }[])[0]!;
    graph.engagement.itemFields = c.itemFields;
  }
  return config;
}

describe('config validation types rule literals (golden cases)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(validateConfig(configWith(c)).errors).toEqual(c.errors);
  });
});

describe('profileVarTypes', () => {
  const graph = ProfileDataGraph.parse({
    apiName: 'G',
    label: 'G',
    fields: [{ name: 'age', type: 'number' }],
    calculatedInsights: ['ltv'],
    engagement: { itemFields: ['category', 'rating', 'size'] },
  });
  const types = profileVarTypes(graph, {
    itemDataGraphs: [
      {
        apiName: 'A',
        label: 'A',
        object: 'GoodsProduct',
        fields: [
          { name: 'rating', type: 'number' },
          { name: 'size', type: 'string' },
        ],
      },
      { apiName: 'B', label: 'B', object: 'GoodsProduct', fields: [{ name: 'size', type: 'number' }] },
    ],
  });
  it.each([
    [{ path: 'age', scope: 'root' as const }, 'number'],
    [{ path: 'id', scope: 'root' as const }, 'string'],
    [{ path: 'segments', scope: 'root' as const }, 'list'],
    [{ path: 'ci.ltv', scope: 'root' as const }, 'number'],
    [{ path: 'ci.unknown', scope: 'root' as const }, undefined],
    [{ path: 'engagement.browse.0.timestamp', scope: 'root' as const }, 'datetime'],
    [{ path: 'engagement.browse', scope: 'root' as const }, undefined],
    [{ path: 'category', scope: 'element' as const, iterating: 'engagement.cart' }, 'string'],
    [{ path: 'rating', scope: 'element' as const, iterating: 'engagement.cart' }, 'number'],
    // Two item data graphs disagree on the type of size: not typed.
    [{ path: 'size', scope: 'element' as const, iterating: 'engagement.cart' }, undefined],
    [{ path: 'price', scope: 'element' as const, iterating: 'segments' }, undefined],
    [{ path: 'nope', scope: 'root' as const }, undefined],
  ])('%o is %s', (site, type) => {
    expect(types(site)?.type).toBe(type);
  });
});
