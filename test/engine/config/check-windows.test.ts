import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../engine/config/validate.ts';
import type { DataSpaceConfigInput } from '../../../engine/model/index.ts';
import { spaceConfig } from '../pipeline/factories.ts';

const P = '$.dataSpaces[0]';

/** The small config with the recommendations point served by `rec` (backfilled by top sellers). */
function withRecommender(rec: Record<string, unknown>, graphEngagement?: Record<string, unknown>) {
  const s = structuredClone(spaceConfig()) as DataSpaceConfigInput;
  s.recommenders!.push({ itemDataGraph: 'Products', label: 'R', backfill: 'top', ...rec } as never);
  const point = s.personalizationPoints![1]!;
  (point.decisions![0]!.content as { recommender: string }).recommender = rec['apiName'] as string;
  if (graphEngagement) (s.profileDataGraphs![0] as Record<string, unknown>).engagement = graphEngagement;
  return validateConfig({ version: 1, dataSpaces: [s] });
}

describe('the config check on windows longer than the profile document holds', () => {
  it('warns when recently-viewed reads a window longer than the graph’s browse lookback', () => {
    const r = withRecommender({ apiName: 'rv', type: 'rules-based', strategy: 'recently-viewed', windowDays: 120 });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContainEqual({
      path: `${P}.recommenders[1].windowDays`,
      message: expect.stringContaining(
        "its 120-day window is longer than profile data graph Profile's 90-day lookback",
      ),
    });
  });

  it('warns when abandoned-cart reads carts the graph leaves out, and not for a window within the lookback', () => {
    const r = withRecommender(
      { apiName: 'ac', type: 'rules-based', strategy: 'abandoned-cart', windowDays: 7 },
      {
        browse: { include: true, lookbackDays: 90, maxRows: 200 },
        cart: { include: false, lookbackDays: 30, maxRows: 50 },
        order: { include: true, lookbackDays: 365, maxRows: 200 },
        itemFields: ['category'],
      },
    );
    expect(r.warnings.map((w) => w.message)).toContainEqual(
      expect.stringContaining('which profile data graph Profile leaves out'),
    );
    const ok = withRecommender({ apiName: 'ac', type: 'rules-based', strategy: 'abandoned-cart', windowDays: 7 });
    expect(ok.warnings.filter((w) => (w.path ?? '').endsWith('windowDays'))).toEqual([]);
  });

  it('refuses a pinnedModelAt that is not a time, or not a training-cycle boundary', () => {
    const objective = { apiName: 'o', type: 'objective-based', objective: 'purchase' };
    expect(withRecommender({ ...objective, pinnedModelAt: 'yesterday' }).errors).toEqual([
      { path: `${P}.recommenders[1].pinnedModelAt`, message: '"yesterday" is not an ISO-8601 time with a time zone' },
    ]);
    expect(withRecommender({ ...objective, pinnedModelAt: '2026-11-27T06:00:00Z' }).errors[0]!.message).toMatch(
      /not a training-cycle boundary/,
    );
    expect(withRecommender({ ...objective, pinnedModelAt: '2026-11-27T00:00:00Z' }).errors).toEqual([]);
  });
});
