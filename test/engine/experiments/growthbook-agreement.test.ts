/**
 * Assignments must agree with the real GrowthBook SDK (1.8.0) for every individual: whether they
 * are in the experiment, which variation, and the hash value (the SDK's `bucket`).
 */
import { describe, expect, it } from 'vitest';
import { GrowthBook, GrowthBookClient } from '@growthbook/growthbook';
import { compileExperiment, assign, toGrowthBookExperiment } from '../../../engine/experiments/index.ts';
import type { Experiment } from '../../../engine/model/experiment.ts';
import { gbUtil } from './growthbook-sdk.ts';
import { individualIds, makeExperiment } from './factories.ts';

const IDS = individualIds(10_000);
const SPECIAL_IDS = [
  'ind_élodie',
  'ind_🎉_party',
  'Ind_000001',
  'ind-000001 ',
  '0',
  '00000000-0000-4000-8000-000000000000',
];

const EXPERIMENTS: [string, Experiment][] = [
  ['2 variants 50/50, 100% traffic', makeExperiment({ key: 'exp_two_even' })],
  [
    '2 variants 10/90, 40% traffic',
    makeExperiment({
      key: 'exp_two_uneven_40',
      trafficPercent: 40,
      variants: [
        { key: 'control', weight: 10, control: true },
        { key: 'promo', weight: 90, decision: 'decision_promo' },
      ],
    }),
  ],
  [
    '3 variants 20/30/50, 100% traffic',
    makeExperiment({
      key: 'exp_three_uneven',
      variants: [
        { key: 'control', weight: 20, control: true },
        { key: 'hero_a', weight: 30, decision: 'decision_a' },
        { key: 'hero_b', weight: 50, decision: 'decision_b' },
      ],
    }),
  ],
  [
    '3 variants 33.33/33.33/33.34, 40% traffic',
    makeExperiment({
      key: 'exp_three_thirds_40',
      trafficPercent: 40,
      variants: [
        { key: 'v_a', weight: 33.33, decision: 'decision_a' },
        { key: 'v_b', weight: 33.33, decision: 'decision_b' },
        { key: 'v_c', weight: 33.34, decision: 'decision_c' },
      ],
    }),
  ],
  [
    '3 variants 0/45/55, 40% traffic, key with non-ASCII',
    makeExperiment({
      key: 'exp_zéro_🎯',
      trafficPercent: 40,
      variants: [
        { key: 'dark', weight: 0, decision: 'decision_dark' },
        { key: 'control', weight: 45, control: true },
        { key: 'hero', weight: 55, decision: 'decision_hero' },
      ],
    }),
  ],
];

interface Mismatch {
  id: string;
  what: string;
  ours: unknown;
  sdk: unknown;
}

describe.each(EXPERIMENTS)('agreement with @growthbook/growthbook: %s', (_name, experiment) => {
  const definition = toGrowthBookExperiment(experiment);
  const assigner = compileExperiment(experiment);

  it('GrowthBook#run (attributes: { id }) agrees on inExperiment, variationId, key and hash for 10,000 ids', async () => {
    const gb = new GrowthBook({ attributes: {} });
    const mismatches: Mismatch[] = [];
    let inPool = 0;
    for (const id of [...IDS, ...SPECIAL_IDS]) {
      await gb.setAttributes({ id });
      const sdk = gb.run(definition);
      const ours = assigner(id);
      const note = (what: string, o: unknown, s: unknown): void => {
        if (o !== s) mismatches.push({ id, what, ours: o, sdk: s });
      };
      note('inExperiment', ours.inPool, sdk.inExperiment);
      note('hashValue vs hash(key, id, 2)', ours.hashValue, gbUtil.hash(experiment.key, id, 2));
      if (sdk.inExperiment) {
        inPool++;
        note('variationId', ours.variantIndex, sdk.variationId);
        note('variant key', ours.variantKey, sdk.key);
        note('hashValue vs bucket', ours.hashValue, sdk.bucket);
      } else {
        note('variantIndex when out of pool', ours.variantIndex, -1);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(mismatches).toHaveLength(0);
    // The pool is the traffic share (deterministic ids, so this is an exact regression figure too).
    expect(inPool / (IDS.length + SPECIAL_IDS.length)).toBeCloseTo(experiment.trafficPercent / 100, 1);
    gb.destroy();
  });

  it('GrowthBookClient#runInlineExperiment agrees as well, and assign() equals the compiled assigner', () => {
    const client = new GrowthBookClient({});
    for (const id of IDS) {
      const sdk = client.runInlineExperiment(definition, { attributes: { id } });
      const ours = assigner(id);
      if (ours.inPool !== sdk.inExperiment || (sdk.inExperiment && ours.variantIndex !== sdk.variationId)) {
        expect({
          id,
          ours: [ours.inPool, ours.variantIndex],
          sdk: [sdk.inExperiment, sdk.variationId],
        }).toBeUndefined();
      }
      if (id.endsWith('7')) expect(assign(experiment, id)).toEqual(ours);
    }
  });

  it('fills cohorts in proportion to traffic × weight', () => {
    const counts = new Map<string, number>();
    for (const id of IDS) {
      const a = assigner(id);
      if (a.variantKey) counts.set(a.variantKey, (counts.get(a.variantKey) ?? 0) + 1);
    }
    for (const v of experiment.variants) {
      const share = (counts.get(v.key) ?? 0) / IDS.length;
      expect(Math.abs(share - (experiment.trafficPercent / 100) * (v.weight / 100))).toBeLessThan(0.02);
    }
  });
});

describe('agreement on SDK skip paths', () => {
  it('an inactive experiment puts nobody in the pool, like the SDK with active: false', async () => {
    const experiment = makeExperiment({ key: 'exp_off', active: false });
    const gb = new GrowthBook({ attributes: {} });
    const assigner = compileExperiment(experiment);
    for (const id of IDS.slice(0, 500)) {
      await gb.setAttributes({ id });
      const sdk = gb.run(toGrowthBookExperiment(experiment));
      expect(sdk.inExperiment).toBe(false);
      expect(assigner(id).inPool).toBe(false);
      expect(assign(experiment, id).inPool).toBe(false);
    }
    gb.destroy();
  });

  it('an empty id is never in the pool, like the SDK skipping a missing hash attribute', async () => {
    const experiment = makeExperiment({ key: 'exp_any' });
    const gb = new GrowthBook({ attributes: { id: '' } });
    expect(gb.run(toGrowthBookExperiment(experiment)).inExperiment).toBe(false);
    expect(compileExperiment(experiment)('')).toMatchObject({ inPool: false, variantIndex: -1, variantKey: null });
    expect(assign(experiment, '')).toMatchObject({ inPool: false, variantIndex: -1, variantKey: null });
    gb.destroy();
  });
});
