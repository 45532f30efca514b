import { describe, expect, it } from 'vitest';
import { Reconciler, resolveIdentities } from '../../../engine/identity/index.ts';
import type { SourceRecord } from '../../../engine/model/identity-resolution.ts';
import { record, ruleset } from './factories.ts';

// One person in three sources: the records disagree on the first name, the phone and the tier.
const WEB = record('web', 'w1', {
  email: 'ann@example.com',
  firstName: 'Annie',
  phone: '(212) 555-0101',
  updatedAt: '2026-03-01T00:00:00.000Z',
  attributes: { tier: 'Silver' },
});
const LOYALTY = record('loyalty', 'L1', {
  email: 'ANN@example.com',
  firstName: 'Ann',
  lastName: 'Lee',
  updatedAt: '2026-01-15T00:00:00.000Z',
  attributes: { tier: 'Gold', points: 1200 },
});
const POS = record('pos', 'p1', {
  email: 'ann@example.com',
  firstName: 'ANN',
  phone: '+1 212 555 0199',
  attributes: {},
});
const PEOPLE: SourceRecord[] = [WEB, LOYALTY, POS];

const unified = (records: SourceRecord[], rs = ruleset()) => {
  const res = resolveIdentities(records, rs);
  expect(res.individuals).toHaveLength(1);
  return res.individuals[0]!;
};

describe('reconciliation', () => {
  it('most recent (default): the latest updatedAt wins each field; records without one are the oldest', () => {
    expect(unified(PEOPLE).attributes).toEqual({
      email: 'ann@example.com',
      phone: '(212) 555-0101',
      firstName: 'Annie',
      lastName: 'Lee',
      points: 1200,
      tier: 'Silver',
    });
  });

  it('source priority: the first listed source with a value wins; unlisted sources come last', () => {
    const rs = ruleset({ reconciliation: { policy: 'sourcePriority', sourcePriority: ['pos', 'loyalty'] } });
    expect(unified(PEOPLE, rs).attributes).toEqual({
      email: 'ann@example.com',
      phone: '+1 212 555 0199',
      firstName: 'ANN',
      lastName: 'Lee',
      points: 1200,
      tier: 'Gold',
    });
  });

  it('per-field overrides: their own policy and source list, else the default list', () => {
    const rs = ruleset({
      reconciliation: {
        policy: 'mostRecent',
        sourcePriority: ['loyalty', 'web'],
        fields: [
          { field: 'firstName', policy: 'sourcePriority' },
          { field: 'phone', policy: 'sourcePriority', sourcePriority: ['pos'] },
        ],
      },
    });
    const a = unified(PEOPLE, rs).attributes;
    expect(a['firstName']).toBe('Ann'); // loyalty first (the default list)
    expect(a['phone']).toBe('+1 212 555 0199'); // pos first (its own list)
    expect(a['tier']).toBe('Silver'); // most recent (web)
  });

  it('breaks ties: equal updatedAt → source rank, then (source, sourceId)', () => {
    const t = '2026-01-01T00:00:00.000Z';
    const recs = [
      record('b', '2', { email: 'x@y.com', firstName: 'B2', updatedAt: t }),
      record('b', '1', { email: 'x@y.com', firstName: 'B1', updatedAt: t }),
      record('c', '1', { email: 'x@y.com', firstName: 'C1', updatedAt: t }),
    ];
    expect(unified(recs).attributes['firstName']).toBe('B1');
    expect(unified(recs, ruleset({ reconciliation: { sourcePriority: ['c'] } })).attributes['firstName']).toBe('C1');
  });

  it('ignores empty values: a field is taken from the best record that has one', () => {
    const recs = [
      record('web', '1', { email: 'x@y.com', lastName: '  ', updatedAt: '2026-02-01T00:00:00.000Z' }),
      record('crm', '1', { email: 'x@y.com', lastName: 'Smith' }),
    ];
    expect(unified(recs).attributes).toEqual({ email: 'x@y.com', lastName: 'Smith' });
  });

  it('reports conflicts: values that differ after normalization, with the records holding each', () => {
    const ind = unified(PEOPLE);
    expect(ind.conflicts).toEqual([
      {
        field: 'phone',
        chosen: '(212) 555-0101',
        values: [
          { value: '+1 212 555 0199', records: ['pos:p1'] },
          { value: '(212) 555-0101', records: ['web:w1'] },
        ],
      },
      {
        field: 'firstName',
        chosen: 'Annie',
        values: [
          { value: 'Ann', records: ['loyalty:L1', 'pos:p1'] },
          { value: 'Annie', records: ['web:w1'] },
        ],
      },
      {
        field: 'tier',
        chosen: 'Silver',
        values: [
          { value: 'Gold', records: ['loyalty:L1'] },
          { value: 'Silver', records: ['web:w1'] },
        ],
      },
    ]);
  });

  it('says which record each attribute came from', () => {
    const sorted = resolveIdentities(PEOPLE, ruleset()).records;
    const r = new Reconciler(sorted, ruleset()).reconcile([0, 1, 2]);
    const refs = Object.fromEntries(
      Object.entries(r.from).map(([f, i]) => [f, `${sorted[i]!.source}:${sorted[i]!.sourceId}`]),
    );
    expect(refs).toEqual({
      email: 'web:w1',
      phone: 'web:w1',
      firstName: 'web:w1',
      lastName: 'loyalty:L1',
      points: 'loyalty:L1',
      tier: 'web:w1',
    });
  });
});
