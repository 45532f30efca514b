import { describe, expect, it } from 'vitest';
import { resolveIdentities, unifiedIdOf } from '../../../engine/identity/index.ts';
import { record, ruleset } from './factories.ts';

// Eight records, five people: web:1, loyalty:L1 and pos:9 are Ann (email, then phone); web:2 and crm:1 are Bob.
const RECORDS = [
  record('web', '1', {
    email: 'ann@x.com',
    phone: '(212) 555-0101',
    firstName: 'Ann',
    updatedAt: '2026-02-01T00:00:00.000Z',
  }),
  record('web', '2', { email: 'bob@x.com' }),
  record('web', '3', { email: 'carl@x.com' }),
  record('loyalty', 'L1', { email: ' ANN@x.com', firstName: 'Annie', updatedAt: '2026-01-01T00:00:00.000Z' }),
  record('pos', '9', { phone: '212-555-0101' }),
  record('pos', '10', { phone: '212-555-0102' }),
  record('crm', '1', { email: 'bob@x.com', lastName: 'Smith' }),
  record('crm', '2', { email: 'broken@' }),
];

describe('identity report figures', () => {
  it('counts records in, individuals out, consolidation, matches per rule, clusters, conflicts and unusable values', () => {
    const { report } = resolveIdentities(RECORDS, ruleset());
    const ann = unifiedIdOf('loyalty', 'L1');
    const bob = unifiedIdOf('crm', '1');
    expect(report).toEqual({
      records: 8,
      individuals: 5,
      consolidationRate: 0.375,
      sources: [
        { source: 'crm', records: 2 },
        { source: 'loyalty', records: 1 },
        { source: 'pos', records: 2 },
        { source: 'web', records: 3 },
      ],
      matchRules: [
        { name: 'email_exact', active: true, links: 2, matchedRecords: 4 },
        { name: 'phone_exact', active: true, links: 1, matchedRecords: 2 },
      ],
      unmatchedRecords: 3,
      clusterSizes: [
        { size: 1, clusters: 3 },
        { size: 2, clusters: 1 },
        { size: 3, clusters: 1 },
      ],
      largestClusters: [
        {
          unifiedId: ann,
          size: 3,
          sources: { loyalty: 1, pos: 1, web: 1 },
          records: ['loyalty:L1', 'pos:9', 'web:1'],
          rules: ['email_exact', 'phone_exact'],
        },
        { unifiedId: bob, size: 2, sources: { crm: 1, web: 1 }, records: ['crm:1', 'web:2'], rules: ['email_exact'] },
      ],
      conflicts: [
        {
          field: 'firstName',
          clusters: 1,
          examples: [
            {
              unifiedId: ann,
              field: 'firstName',
              chosen: 'Ann',
              values: [
                { value: 'Annie', records: ['loyalty:L1'] },
                { value: 'Ann', records: ['web:1'] },
              ],
            },
          ],
        },
      ],
      unusableValues: [{ field: 'email', normalize: 'email', records: 1, examples: ['crm:2 = "broken@"'] }],
    });
  });

  it('has a consolidation rate of 0 when nothing matches, and reconciles each unified individual', () => {
    const res = resolveIdentities(
      [record('a', '1', { email: 'p@x.com' }), record('a', '2', { email: 'q@x.com' })],
      ruleset(),
    );
    expect(res.report.consolidationRate).toBe(0);
    expect(res.report.largestClusters).toEqual([]);
    const all = resolveIdentities(RECORDS, ruleset());
    expect(all.individuals.map((i) => [i.unifiedId, i.attributes])).toEqual([
      [unifiedIdOf('crm', '1'), { email: 'bob@x.com', lastName: 'Smith' }],
      [unifiedIdOf('crm', '2'), { email: 'broken@' }],
      [unifiedIdOf('loyalty', 'L1'), { email: 'ann@x.com', phone: '(212) 555-0101', firstName: 'Ann' }],
      [unifiedIdOf('pos', '10'), { phone: '212-555-0102' }],
      [unifiedIdOf('web', '3'), { email: 'carl@x.com' }],
    ]);
  });

  it('lists at most ten largest clusters, biggest first, ties in anchor order', () => {
    const recs = [];
    for (let c = 0; c < 12; c++)
      for (let k = 0; k <= c % 3; k++)
        recs.push(record('s', `${String(c).padStart(2, '0')}-${k}`, { email: `p${c}@x.com` }));
    const { report } = resolveIdentities(recs, ruleset());
    expect(report.largestClusters.map((c) => [c.records[0], c.size])).toEqual([
      ['s:02-0', 3],
      ['s:05-0', 3],
      ['s:08-0', 3],
      ['s:11-0', 3],
      ['s:01-0', 2],
      ['s:04-0', 2],
      ['s:07-0', 2],
      ['s:10-0', 2],
    ]);
    const big = Array.from({ length: 12 }, (_, i) => record('t', String(i).padStart(2, '0'), { email: 'same@x.com' }));
    const one = resolveIdentities(big, ruleset()).report.largestClusters;
    expect(one).toHaveLength(1);
    expect(one[0]!.records).toHaveLength(10);
    expect(one[0]!.size).toBe(12);
  });
});
