import { describe, expect, it } from 'vitest';
import { checkExperiment } from '../../../engine/experiments/index.ts';
import { makeExperiment, rawExperiment } from './factories.ts';

const PATH = '$.dataSpaces[0].personalizationPoints[2].experiment';

describe('checkExperiment errors', () => {
  it('accepts a valid experiment with a control cohort', () => {
    expect(checkExperiment(makeExperiment(), { path: PATH, expectedIndividuals: 100_000 })).toEqual({
      errors: [],
      warnings: [],
    });
  });

  it('accepts weights that sum to 100 up to floating-point noise', () => {
    const e = makeExperiment({
      variants: [
        { key: 'a', weight: 33.3, decision: 'd_a' },
        { key: 'b', weight: 33.3, decision: 'd_b' },
        { key: 'c', weight: 33.4, decision: 'd_c' },
      ],
    });
    expect(checkExperiment(e).errors).toEqual([]);
  });

  it.each([
    { weights: [50, 40], sum: '90' },
    { weights: [60, 50], sum: '110' },
    { weights: [33.33, 33.33, 33.33], sum: '99.99' },
    { weights: [50, 50.000001], sum: '100.000001' },
  ])('weights $weights: names the sum and the limit, at the variants path', ({ weights, sum }) => {
    const e = makeExperiment({ variants: weights.map((w, i) => ({ key: `v${i}`, weight: w, decision: `d${i}` })) });
    expect(checkExperiment(e, { path: PATH }).errors).toEqual([
      { path: `${PATH}.variants`, message: `cohort weights sum to ${sum}; experiment cohort weights must sum to 100` },
    ]);
  });

  it('reports a duplicate variant key at the second occurrence, naming the first', () => {
    const e = makeExperiment({
      variants: [
        { key: 'control', weight: 20, control: true },
        { key: 'hero', weight: 40, decision: 'd_a' },
        { key: 'hero', weight: 40, decision: 'd_b' },
      ],
    });
    expect(checkExperiment(e, { path: PATH }).errors).toEqual([
      {
        path: `${PATH}.variants[2].key`,
        message: `duplicate variant key "hero" (first defined at ${PATH}.variants[1].key)`,
      },
    ]);
  });

  it('allows at most one control cohort', () => {
    const e = makeExperiment({
      variants: [
        { key: 'control', weight: 30, control: true },
        { key: 'hero', weight: 40, decision: 'd_a' },
        { key: 'holdout', weight: 30, control: true },
      ],
    });
    expect(checkExperiment(e, { path: PATH }).errors).toEqual([
      {
        path: `${PATH}.variants[2].control`,
        message:
          'more than one control variant: holdout and control are both control; at most one control cohort is allowed',
      },
    ]);
  });

  it('requires each variant to serve a decision or be the control, not both and not neither', () => {
    const e = rawExperiment({
      variants: [
        { key: 'both', weight: 50, decision: 'd_a', control: true },
        { key: 'neither', weight: 50, control: false },
      ],
    });
    expect(checkExperiment(e, { path: PATH }).errors).toEqual([
      {
        path: `${PATH}.variants[0]`,
        message: 'variant both names decision "d_a" and is the control cohort; a variant is one or the other',
      },
      {
        path: `${PATH}.variants[1]`,
        message: 'variant neither names no decision and is not the control cohort; set decision, or control: true',
      },
    ]);
  });

  it('reports the shape limits when given unparsed input', () => {
    const e = rawExperiment({
      trafficPercent: 120,
      variants: [{ key: 'only', weight: 100, decision: 'd', control: false }],
    });
    expect(checkExperiment(e).errors).toEqual([
      { path: '$.variants', message: 'an experiment needs at least 2 variants; it has 1' },
      { path: '$.trafficPercent', message: 'trafficPercent is 120; it must be between 0 and 100' },
    ]);
  });

  it('uses $ as the path prefix by default', () => {
    const e = makeExperiment({
      variants: [
        { key: 'a', weight: 10, decision: 'd' },
        { key: 'b', weight: 10, control: true },
      ],
    });
    expect(checkExperiment(e).errors.map((p) => p.path)).toEqual(['$.variants']);
  });
});

describe('checkExperiment cohort-size warning', () => {
  const e = makeExperiment({
    trafficPercent: 40,
    variants: [
      { key: 'control', weight: 10, control: true },
      { key: 'hero_a', weight: 45, decision: 'd_a' },
      { key: 'hero_b', weight: 45, decision: 'd_b' },
    ],
  });

  it('warns for each cohort expected to hold fewer than 1,000 individuals (individuals × traffic × weight)', () => {
    // 20,000 × 0.4 × 0.1 = 800 for control; 20,000 × 0.4 × 0.45 = 3,600 for the others.
    expect(checkExperiment(e, { path: PATH, expectedIndividuals: 20_000 })).toEqual({
      errors: [],
      warnings: [{ path: `${PATH}.variants[0]`, message: 'cohort control expects ~800 individuals, fewer than 1,000' }],
    });
  });

  it('formats large counts with thousands separators and rounds to whole individuals', () => {
    const w = checkExperiment(e, { expectedIndividuals: 5_555 }).warnings.map((p) => p.message);
    expect(w).toEqual([
      'cohort control expects ~222 individuals, fewer than 1,000',
      'cohort hero_a expects ~1,000 individuals, fewer than 1,000', // 999.9 rounds up for display
      'cohort hero_b expects ~1,000 individuals, fewer than 1,000',
    ]);
  });

  it('does not warn at exactly 1,000, nor without an expected count', () => {
    expect(checkExperiment(e, { expectedIndividuals: 25_000 }).warnings).toEqual([]); // control: 25,000 × 0.4 × 0.1 = 1,000
    expect(checkExperiment(e).warnings).toEqual([]);
  });
});
