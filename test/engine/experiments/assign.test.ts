import { describe, expect, it } from 'vitest';
import {
  assign,
  compileExperiment,
  hashV2,
  toGrowthBookExperiment,
  type Assignment,
} from '../../../engine/experiments/index.ts';
import { individualIds, makeExperiment } from './factories.ts';

const experiment = makeExperiment({
  key: 'exp_home_hero_2026',
  trafficPercent: 40,
  variants: [
    { key: 'control', weight: 20, control: true },
    { key: 'hero_a', weight: 30, decision: 'decision_hero_a' },
    { key: 'hero_b', weight: 50, decision: 'decision_hero_b' },
  ],
});
const IDS = individualIds(5_000);

/** A deterministic permutation (seeded LCG + Fisher–Yates). */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('assignment trace', () => {
  it('has the ExperimentTrace shape, with the hash of (experiment key, individual id)', () => {
    const a = assign(experiment, 'ind_000001');
    expect(Object.keys(a).sort()).toEqual([
      'bucketRanges',
      'control',
      'hashValue',
      'inPool',
      'key',
      'variantIndex',
      'variantKey',
    ]);
    expect(a.key).toBe('exp_home_hero_2026');
    expect(a.hashValue).toBe(0.2841); // golden: GrowthBook hash('exp_home_hero_2026', 'ind_000001', 2)
    expect(a.hashValue).toBe(hashV2(experiment.key, 'ind_000001'));
    expect(a.bucketRanges).toEqual([
      [0, 0.08000000000000002],
      [0.2, 0.32],
      [0.5, 0.7],
    ]);
    // 0.2841 is in hero_a's range [0.2, 0.32).
    expect(a).toMatchObject({ inPool: true, variantKey: 'hero_a', variantIndex: 1, control: false });
    // 0.7743 (golden) is past hero_b's range end (0.7): outside the pool.
    expect(assign(experiment, 'ind_000002')).toMatchObject({
      hashValue: 0.7743,
      inPool: false,
      variantKey: null,
      variantIndex: -1,
      control: false,
    });
  });

  it('marks the control cohort and the decision-serving cohorts', () => {
    const byVariant = new Map<string, Assignment>();
    for (const id of IDS) {
      const a = assign(experiment, id);
      if (a.variantKey && !byVariant.has(a.variantKey)) byVariant.set(a.variantKey, a);
    }
    expect(byVariant.get('control')).toMatchObject({ inPool: true, variantIndex: 0, control: true });
    expect(byVariant.get('hero_a')).toMatchObject({ inPool: true, variantIndex: 1, control: false });
    expect(byVariant.get('hero_b')).toMatchObject({ inPool: true, variantIndex: 2, control: false });
  });

  it('shares one frozen copy of the ranges across a compiled experiment’s assignments', () => {
    const assigner = compileExperiment(experiment);
    const a = assigner('ind_000001');
    const b = assigner('ind_000002');
    expect(a.bucketRanges).toBe(b.bucketRanges);
    expect(Object.isFrozen(a.bucketRanges)).toBe(true);
    expect(Object.isFrozen(a.bucketRanges[0])).toBe(true);
  });
});

describe('determinism and stability', () => {
  it('compiled and uncompiled assignment agree for every id', () => {
    const assigner = compileExperiment(experiment);
    for (const id of IDS) expect(assigner(id)).toEqual(assign(experiment, id));
  });

  it('does not depend on call order, on earlier calls, or on other experiments compiled in between', () => {
    const forward = compileExperiment(experiment);
    const first = new Map(IDS.map((id) => [id, forward(id)] as const));
    const other = compileExperiment(makeExperiment({ key: 'exp_other' }));
    const assigner = compileExperiment(experiment);
    for (const id of shuffled(IDS, 99)) {
      other(id);
      expect(assigner(id)).toEqual(first.get(id));
    }
    for (const id of [...IDS].reverse()) expect(assign(experiment, id)).toEqual(first.get(id));
  });

  it('depends only on key, weights, traffic and variant order — not on labels or decision names', () => {
    const relabelled = makeExperiment({
      key: experiment.key,
      trafficPercent: 40,
      variants: experiment.variants.map((v) => ({
        ...v,
        label: `Label ${v.key}`,
        decision: v.decision ? `${v.decision}_v2` : undefined,
      })),
    });
    const a = compileExperiment(experiment);
    const b = compileExperiment(relabelled);
    for (const id of IDS.slice(0, 1000)) expect(b(id).variantIndex).toBe(a(id).variantIndex);
  });

  it('keeps everyone in their cohort when traffic grows: raising 40% to 100% only adds individuals', () => {
    const at40 = compileExperiment(experiment);
    const at100 = compileExperiment(
      makeExperiment({ key: experiment.key, trafficPercent: 100, variants: experiment.variants }),
    );
    let added = 0;
    for (const id of IDS) {
      const before = at40(id);
      const after = at100(id);
      expect(after.inPool).toBe(true);
      if (before.inPool) expect(after.variantKey).toBe(before.variantKey);
      else added++;
    }
    expect(added).toBeGreaterThan(0);
  });

  it('a different experiment key reshuffles individuals (keys are independent seeds)', () => {
    const a = compileExperiment(makeExperiment({ key: 'exp_a' }));
    const b = compileExperiment(makeExperiment({ key: 'exp_b' }));
    const same = IDS.filter((id) => a(id).variantIndex === b(id).variantIndex).length / IDS.length;
    expect(same).toBeGreaterThan(0.4);
    expect(same).toBeLessThan(0.6);
  });
});

describe('toGrowthBookExperiment', () => {
  it('maps percents to fractions and pins hash version 2 on the id attribute', () => {
    expect(toGrowthBookExperiment(experiment)).toEqual({
      key: 'exp_home_hero_2026',
      variations: ['control', 'hero_a', 'hero_b'],
      weights: [0.2, 0.3, 0.5],
      coverage: 0.4,
      hashVersion: 2,
      hashAttribute: 'id',
      active: true,
      meta: [{ key: 'control' }, { key: 'hero_a' }, { key: 'hero_b' }],
    });
  });
});
