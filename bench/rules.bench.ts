/**
 * Rule evaluation throughput — the batch hot path: one targeting rule over 1,000,000 in-memory
 * profiles. Contenders, same rule, same data, one process: our compile(), json-logic-js apply()
 * (the reference interpreter of jsonlogic.com) and json-logic-engine's compiled build().
 *
 * The rule is a realistic targeting rule with no custom operators (so the peers can run it): an
 * `and` of comparisons on root attributes, an `in` against a literal list, and a `some` over the
 * browse engagement rows with a timestamp comparison (canonical ISO strings compare as strings)
 * and a category check. Profiles come from a seeded PRNG (mulberry32), 0–10 browse rows each.
 * Every contender counts truthy results; the counts must agree.
 */
import jsonLogic from 'json-logic-js';
import { LogicEngine } from 'json-logic-engine';
import { compile, ruleContext, truthy } from '../engine/rules/index.ts';
import { compileNode } from '../engine/rules/compile-node.ts';
import { parseRule } from '../engine/rules/rule-node.ts';
import { compare, figure, report } from './harness.ts';

const N = 1_000_000;
const SEED = 20261129;

export const BENCH_RULE = {
  and: [
    { '!=': [{ var: 'loyaltyTier' }, 'Bronze'] },
    { '>=': [{ var: 'age' }, 25] },
    { '<': [{ var: 'age' }, 70] },
    { in: [{ var: 'country' }, ['US', 'CA', 'GB', 'DE', 'FR', 'NL']] },
    {
      some: [
        { var: 'engagement.browse' },
        {
          and: [{ '>=': [{ var: 'timestamp' }, '2026-10-30T20:00:00.000Z'] }, { '==': [{ var: 'category' }, 'shoes'] }],
        },
      ],
    },
  ],
};

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ['Bronze', 'Silver', 'Gold', 'Platinum'];
const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'ES', 'IT', 'BR', 'JP', 'AU', 'IN'];
const CATEGORIES = ['shoes', 'shirts', 'pants', 'jackets', 'bags', 'hats', 'socks', 'watches'];
const AS_OF_MS = Date.UTC(2026, 10, 29, 20, 0, 0);
const DAY_MS = 86_400_000;

/** Builds N profile documents (root attributes, engagement, segments, ci) from the seed. */
export function buildProfiles(n: number, seed: number): unknown[] {
  const rnd = mulberry32(seed);
  const int = (k: number): number => Math.floor(rnd() * k);
  // A pool of timestamps over the last 90 days, shared like interned strings of a loaded graph.
  const stamps = Array.from({ length: 50_000 }, () =>
    new Date(AS_OF_MS - Math.floor(rnd() * 90 * DAY_MS)).toISOString(),
  );
  const profiles = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const rows = int(11);
    const browse = new Array<unknown>(rows);
    for (let j = 0; j < rows; j++) {
      browse[j] = {
        itemId: `prod_${int(5000)}`,
        type: 'browse',
        timestamp: stamps[int(stamps.length)]!,
        quantity: 1,
        price: Math.round(rnd() * 20000) / 100,
        category: CATEGORIES[int(CATEGORIES.length)]!,
      };
    }
    profiles[i] = {
      id: `ind_${String(i + 1).padStart(7, '0')}`,
      firstName: `Name${int(1000)}`,
      loyaltyTier: TIERS[int(TIERS.length)]!,
      age: 18 + int(62),
      country: COUNTRIES[int(COUNTRIES.length)]!,
      engagement: { browse, cart: [], order: [] },
      segments: rnd() < 0.3 ? ['Active_Shoppers'] : [],
      ci: { lifetimeValue: Math.round(rnd() * 500000) / 100 },
    };
  }
  return profiles;
}

export async function run(): Promise<void> {
  const profiles = buildProfiles(N, SEED);
  const ctx = ruleContext(new Date(AS_OF_MS).toISOString());
  const ours = compile(BENCH_RULE);
  const closuresOnly = compileNode(parseRule(BENCH_RULE)).fn;
  const engine = new LogicEngine();
  const built = engine.build(BENCH_RULE) as (data: unknown) => unknown;

  // One loop per contender (not a shared helper), so every call site stays monomorphic.
  const counts = new Map<string, number>();
  const ms = compare(
    [
      {
        name: 'ours compile()',
        run: () => {
          let n = 0;
          for (let i = 0; i < N; i++) if (truthy(ours(profiles[i], ctx))) n++;
          counts.set('ours compile()', n);
          return N;
        },
      },
      {
        name: 'ours, closures only',
        run: () => {
          let n = 0;
          for (let i = 0; i < N; i++) {
            const p = profiles[i];
            if (truthy(closuresOnly(p, p, ctx))) n++;
          }
          counts.set('ours, closures only', n);
          return N;
        },
      },
      {
        name: 'json-logic-engine build()',
        run: () => {
          let n = 0;
          for (let i = 0; i < N; i++) if (truthy(built(profiles[i]))) n++;
          counts.set('json-logic-engine build()', n);
          return N;
        },
      },
      {
        name: 'json-logic-js apply()',
        run: () => {
          let n = 0;
          for (let i = 0; i < N; i++) if (truthy(jsonLogic.apply(BENCH_RULE as never, profiles[i]))) n++;
          counts.set('json-logic-js apply()', n);
          return N;
        },
      },
    ],
    5,
  );
  report(
    `rules: targeting rule over ${N.toLocaleString('en-US')} profiles (and / in / some over browse rows)`,
    ms,
    'profiles/s',
  );
  const values = [...counts.values()];
  const agree = values.every((v) => v === values[0]);
  figure(
    'rules: truthy counts',
    `${[...counts].map(([k, v]) => `${k}=${v}`).join(', ')} — ${agree ? 'all agree' : 'DISAGREE'}`,
  );
  if (!agree) process.exitCode = 1;

  // The same rule with the custom time operator instead of a literal ISO bound (ours only).
  const custom = compile(CUSTOM_RULE);
  const customCounts = new Map<string, number>();
  const ms2 = compare(
    [
      {
        name: 'literal ISO bound',
        run: () => {
          let n = 0;
          for (let i = 0; i < N; i++) if (truthy(ours(profiles[i], ctx))) n++;
          customCounts.set('literal', n);
          return N;
        },
      },
      {
        name: 'within_last 30 days',
        run: () => {
          let n = 0;
          for (let i = 0; i < N; i++) if (truthy(custom(profiles[i], ctx))) n++;
          customCounts.set('within_last', n);
          return N;
        },
      },
    ],
    5,
  );
  report('rules: the same rule with {"within_last": [timestamp, 30, "days"]} (ours)', ms2, 'profiles/s');
  figure('rules: custom-operator truthy counts', [...customCounts].map(([k, v]) => `${k}=${v}`).join(', '));
}

/** The bench rule with the timestamp bound written as a custom operator (same as-of, same bound). */
const CUSTOM_RULE = JSON.parse(
  JSON.stringify(BENCH_RULE).replace(
    '{">=":[{"var":"timestamp"},"2026-10-30T20:00:00.000Z"]}',
    '{"within_last":[{"var":"timestamp"},30,"days"]}',
  ),
) as unknown;
