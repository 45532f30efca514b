import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRecords, normalizeValue, resolveIdentities, unifiedIdOf } from '../../../engine/identity/index.ts';
import { fieldOf } from '../../../engine/identity/record-fields.ts';
import type { IdentityResolutionConfig, SourceRecord } from '../../../engine/model/identity-resolution.ts';
import { record, ruleset } from './factories.ts';

// Small pools, so that records often share an email or a phone in some spelling.
const emails = fc.constantFrom(
  'ann@example.com',
  ' ANN@example.com',
  'bob@example.com',
  'Bob@Example.com ',
  'cy@example.org',
  'not-an-email',
  null,
);
const phones = fc.constantFrom(
  '(212) 555-0101',
  '+1 212 555 0101',
  '212.555.0102',
  '+44 20 7946 0958',
  '020 7946 0958',
  '123',
  null,
);
const names = fc.constantFrom('Ann', 'ann', 'Bob', 'Robert', 'Cy', null);
const loyalty = fc.constantFrom('L1', 'l1', 'L2', undefined);

const recordArb = fc.record({
  source: fc.constantFrom('web', 'pos', 'loyalty', 'Web2'),
  sourceId: fc.stringMatching(/^[a-z0-9:]{1,4}$/),
  email: emails,
  phone: phones,
  firstName: names,
  updatedAt: fc.option(
    fc.integer({ min: 0, max: 5 }).map((d) => `2026-01-0${d + 1}T00:00:00.000Z`),
    { nil: null },
  ),
  loyaltyId: loyalty,
});

const recordsArb = fc
  .uniqueArray(recordArb, { selector: (r) => `${r.source}\u0000${r.sourceId}`, maxLength: 40 })
  .map((rs) =>
    rs.map((r): SourceRecord =>
      record(r.source, r.sourceId, {
        email: r.email,
        phone: r.phone,
        firstName: r.firstName,
        updatedAt: r.updatedAt,
        attributes: r.loyaltyId === undefined ? {} : { loyaltyId: r.loyaltyId },
      }),
    ),
  );

const RULESET = ruleset({
  matchRules: [
    { name: 'email_exact', criteria: [{ field: 'email', normalize: 'email' }] },
    { name: 'phone_exact', criteria: [{ field: 'phone', normalize: 'phone' }] },
    {
      name: 'loyalty_and_name',
      criteria: [
        { field: 'loyaltyId', normalize: 'text' },
        { field: 'firstName', normalize: 'name' },
      ],
    },
  ],
});

/** Reference clustering: connected components of the "shares a rule's key" graph, by breadth-first search. */
function referenceComponents(records: readonly SourceRecord[], rs: IdentityResolutionConfig): string[][] {
  const keys = records.map((r) =>
    rs.matchRules.map((rule) => {
      if (!rule.active) return undefined;
      const parts = rule.criteria.map((c) => normalizeValue(c.normalize, fieldOf(r, c.field), rs.normalization));
      return parts.some((p) => p === undefined) ? undefined : parts.join('|');
    }),
  );
  const linked = (a: number, b: number) => keys[a]!.some((k, ri) => k !== undefined && k === keys[b]![ri]);
  const seen = new Set<number>();
  const components: string[][] = [];
  for (let i = 0; i < records.length; i++) {
    if (seen.has(i)) continue;
    const queue = [i];
    const members: number[] = [];
    seen.add(i);
    while (queue.length > 0) {
      const x = queue.shift()!;
      members.push(x);
      for (let y = 0; y < records.length; y++) {
        if (seen.has(y) || !linked(x, y)) continue;
        seen.add(y);
        queue.push(y);
      }
    }
    components.push(members.map((m) => `${records[m]!.source}:${records[m]!.sourceId}`).sort());
  }
  return components.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

const clustersOf = (records: readonly SourceRecord[], rs: IdentityResolutionConfig): string[][] => {
  const res = resolveIdentities(records, rs);
  return res.individuals
    .map((ind) => ind.members.map((i) => `${res.records[i]!.source}:${res.records[i]!.sourceId}`).sort())
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
};

describe('clustering', () => {
  it('is independent of the order of the records (same ids, members, attributes, report)', () => {
    fc.assert(
      fc.property(
        recordsArb.chain((rs) =>
          fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length })),
        ),
        ([records, shuffled]) => {
          expect(resolveIdentities(shuffled, RULESET)).toEqual(resolveIdentities(records, RULESET));
        },
      ),
      { seed: 4242, numRuns: 200 },
    );
  });

  it('puts two records in one cluster exactly when a chain of rule matches links them (transitive merges)', () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        expect(clustersOf(records, RULESET)).toEqual(referenceComponents(records, RULESET));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('names each cluster after its smallest (source, sourceId) and counts links per rule consistently', () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        const res = resolveIdentities(records, RULESET);
        for (const ind of res.individuals) {
          const smallest = ind.members.map((i) => res.records[i]!).sort(compareRecords)[0]!;
          expect(res.records[ind.anchor]).toBe(smallest);
          expect(ind.unifiedId).toBe(unifiedIdOf(smallest.source, smallest.sourceId));
        }
        const links = res.report.matchRules.reduce((s, r) => s + r.links, 0);
        expect(res.report.individuals).toBe(records.length - links);
        expect(res.report.clusterSizes.reduce((s, c) => s + c.size * c.clusters, 0)).toBe(records.length);
        // Every record of a multi-record cluster names the rule and the record it matched.
        res.records.forEach((_, i) => {
          const size = res.individuals[res.individualOf[i]!]!.members.length;
          expect(res.clustering.ruleOf[i]! >= 0).toBe(size > 1);
          if (size > 1) expect(res.individualOf[res.clustering.matchedWith[i]!]).toBe(res.individualOf[i]);
        });
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('keeps every other unified id when a record that matches nothing is added', () => {
    fc.assert(
      fc.property(recordsArb, (records) => {
        const before = resolveIdentities(records, RULESET).individuals.map((i) => i.unifiedId);
        const lonely = record('zz', 'lonely', { email: 'nobody-else@example.net' });
        const after = resolveIdentities([...records, lonely], RULESET).individuals.map((i) => i.unifiedId);
        expect(after).toEqual([...before, unifiedIdOf('zz', 'lonely')]);
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it('links a~b by email and b~c by phone into one cluster, and says which rule linked each record', () => {
    const a = record('web', '1', { email: 'Ann@Example.com' });
    const b = record('loyalty', 'L9', { email: 'ann@example.com ', phone: '(212) 555-0101' });
    const c = record('pos', 'p-7', { phone: '+1 212 555 0101' });
    const d = record('pos', 'p-8', { phone: '+1 212 555 0199' });
    const res = resolveIdentities([c, d, a, b], ruleset());
    expect(res.records.map((r) => `${r.source}:${r.sourceId}`)).toEqual(['loyalty:L9', 'pos:p-7', 'pos:p-8', 'web:1']);
    expect(res.individuals.map((i) => [i.unifiedId, i.members])).toEqual([
      [unifiedIdOf('loyalty', 'L9'), [0, 1, 3]],
      [unifiedIdOf('pos', 'p-8'), [2]],
    ]);
    const rules = res.records.map((_, i) => res.clustering.ruleOf[i]);
    expect(rules).toEqual([0, 1, -1, 0]); // L9 and web:1 by email; p-7 by phone
    expect([...res.clustering.matchedWith]).toEqual([3, 0, -1, 0]);
    expect(res.report.matchRules).toEqual([
      { name: 'email_exact', active: true, links: 1, matchedRecords: 2 },
      { name: 'phone_exact', active: true, links: 1, matchedRecords: 2 },
    ]);
  });

  it('skips inactive rules and needs every criterion of a rule present', () => {
    const rs = ruleset({
      matchRules: [
        { name: 'email_exact', active: false, criteria: [{ field: 'email', normalize: 'email' }] },
        {
          name: 'name_postcode',
          criteria: [
            { field: 'lastName', normalize: 'name' },
            { field: 'postcode', normalize: 'postcode' },
          ],
        },
      ],
    });
    const res = resolveIdentities(
      [
        record('a', '1', { email: 'x@y.com', lastName: "O'Neil", attributes: { postcode: 'sw1a 1aa' } }),
        record('a', '2', { email: 'x@y.com', lastName: 'oneil', attributes: { postcode: 'SW1A-1AA' } }),
        record('a', '3', { email: 'x@y.com', lastName: 'ONeil' }),
      ],
      rs,
    );
    expect(res.individuals.map((i) => i.members)).toEqual([[0, 1], [2]]);
    expect(res.report.matchRules).toEqual([
      { name: 'email_exact', active: false, links: 0, matchedRecords: 0 },
      { name: 'name_postcode', active: true, links: 1, matchedRecords: 2 },
    ]);
  });

  it('sorts by code point (SQLite BINARY order), not by UTF-16 unit', () => {
    // U+FF5E (fullwidth tilde) is below U+1F600 (emoji) by code point, above it by UTF-16 unit.
    const res = resolveIdentities([record('s', '😀'), record('s', '～')], ruleset());
    expect(res.records.map((r) => r.sourceId)).toEqual(['～', '😀']);
  });

  it('refuses a repeated (source, sourceId) as a bug', () => {
    expect(() => resolveIdentities([record('web', '1'), record('web', '1')], ruleset())).toThrow(/web:1 appears twice/);
  });
});
