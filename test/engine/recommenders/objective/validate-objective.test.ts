import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../../engine/config/validate.ts';
import { retailSampleConfig } from '../../../../engine/sample/index.ts';
import type { WorkspaceConfigInput } from '../../../../engine/model/index.ts';

/** The sample config with its objective-based recommender changed. */
function withObjective(
  edit: (rec: Record<string, unknown>, recs: Record<string, unknown>[]) => void,
): WorkspaceConfigInput {
  const config = structuredClone(retailSampleConfig({ individuals: 100 }));
  const recs = config.dataSpaces[0]!.recommenders as unknown as Record<string, unknown>[];
  const rec = recs.find((r) => r['type'] === 'objective-based')!;
  edit(rec, recs);
  return config;
}

describe('objective-based recommender checks', () => {
  const at = (recs: Record<string, unknown>[], name: string) =>
    `$.dataSpaces[0].recommenders[${recs.findIndex((r) => r['apiName'] === name)}]`;

  it('accepts the sample config', () => {
    expect(validateConfig(retailSampleConfig({ individuals: 100 })).errors).toEqual([]);
  });

  it('refuses an objective-based backfill, naming the path', () => {
    let recs: Record<string, unknown>[] = [];
    const config = withObjective((rec, all) => {
      recs = all;
      all.push({ ...rec, apiName: 'second_model', backfill: 'top_sellers_30d' });
      rec['backfill'] = 'second_model';
    });
    const check = validateConfig(config);
    expect(check.errors).toContainEqual({
      path: `${at(recs, 'recommended_for_you')}.backfill`,
      message: expect.stringMatching(/backfill second_model is objective-based; a backfill must be rules-based/),
    });
  });

  it('refuses unknown hyperparameters and values out of range', () => {
    let recs: Record<string, unknown>[] = [];
    const config = withObjective((rec, all) => {
      recs = all;
      rec['hyperparameters'] = { factorz: 8, factors: 1000, iterations: 2.5 };
    });
    const path = `${at(recs, 'recommended_for_you')}.hyperparameters`;
    const { errors } = validateConfig(config);
    expect(errors).toContainEqual({
      path: `${path}.factorz`,
      message: expect.stringMatching(/unknown hyperparameter "factorz"; known: factors, iterations/),
    });
    expect(errors).toContainEqual({
      path: `${path}.factors`,
      message: expect.stringMatching(/factors must be from 4 to 256/),
    });
    expect(errors).toContainEqual({
      path: `${path}.iterations`,
      message: expect.stringMatching(/iterations must be a whole number/),
    });
  });

  it('warns when an objective-based recommender has no backfill', () => {
    let recs: Record<string, unknown>[] = [];
    const config = withObjective((rec, all) => {
      recs = all;
      delete rec['backfill'];
    });
    const check = validateConfig(config);
    expect(check.errors).toEqual([]);
    expect(check.warnings).toContainEqual({
      path: `${at(recs, 'recommended_for_you')}.backfill`,
      message: expect.stringMatching(/has no backfill: items created after its last training can never be recommended/),
    });
  });
});
