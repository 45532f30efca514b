import { describe, expect, it } from 'vitest';
import type { WorkspaceStore } from '../../../engine/store/index.ts';
import { expectCounts, fault, importWorkspace, located, report } from './import/import-fixture.ts';

/** Writes a hand-made resolution: each source record (by "source:sourceId") → a unified id. */
function resolveAs(store: WorkspaceStore, space: number, mapping: Record<string, string>): void {
  const records = [...store.identity.iterateSourceRecords(space)];
  const pkOf = new Map(records.map((r) => [`${r.source}:${r.sourceId}`, r.pk]));
  const ids = [...new Set(Object.values(mapping))];
  const r = store.identity.applyResolution(space, {
    resolvedAt: '2026-01-01T00:00:00.000Z',
    configRevision: null,
    ruleset: {},
    sourceRecordsVersion: store.identity.sourceRecordsVersion(space),
    individuals: ids.map((id) => ({
      unifiedId: id,
      anchorPk: pkOf.get(Object.keys(mapping).find((k) => mapping[k] === id)!)!,
      records: 1,
      attributesJson: '{}',
    })),
    links: Object.entries(mapping).map(([ref, id]) => ({
      recordPk: pkOf.get(ref)!,
      unifiedId: id,
      rule: null,
      matchedPk: null,
    })),
    report: () => ({}),
  });
  if (!r.ok) throw new Error(r.error.message);
}

const EVENTS = 'individualId,itemId,type,timestamp';
const ordersOf = (store: WorkspaceStore, space: number, id: string) =>
  store
    .readEngagement(space, id, {
      type: 'browse',
      fromMs: 0,
      toMs: Date.parse('2030-01-01T00:00:00Z'),
      limit: 100,
      itemFields: [],
    })
    .map((e) => e.timestamp.slice(0, 10));

describe('events keyed by source ids', () => {
  it('maps source:sourceId and unambiguous plain sourceIds to the unified individual; an individual id wins', async () => {
    const w = importWorkspace(); // ind_1..3, prod_1..3
    report(
      await w.run(
        'source-records',
        'r.csv',
        'sourceId,source,email\n100,web,a@x.com\n100,pos,a@x.com\n200,web,b@x.com\nurn:x:1,crm,c@x.com\nind_1,crm,d@x.com\n',
      ),
    );
    resolveAs(w.store, w.space, {
      'web:100': 'ui_a',
      'pos:100': 'ui_a',
      'web:200': 'ui_b',
      'crm:urn:x:1': 'ui_c',
      'crm:ind_1': 'ui_d',
    });
    const csv = [
      EVENTS,
      'web:100,prod_1,browse,2026-01-01T00:00:00Z', // one record
      '100,prod_1,browse,2026-01-02T00:00:00Z', // in web and pos, but both are ui_a
      'pos:100,prod_1,browse,2026-01-03T00:00:00Z',
      '200,prod_1,browse,2026-01-04T00:00:00Z',
      'crm:urn:x:1,prod_1,browse,2026-01-05T00:00:00Z', // a sourceId with colons
      'urn:x:1,prod_1,browse,2026-01-06T00:00:00Z', // the same, plain (no source "urn")
      'ind_1,prod_1,browse,2026-01-07T00:00:00Z', // an individual id, also a crm sourceId: the individual wins
      'ui_b,prod_1,browse,2026-01-08T00:00:00Z', // a unified id itself
    ].join('\n');
    expect(report(await w.run('events', 'e.csv', csv))).toMatchObject({ inserted: 8 });
    expect(ordersOf(w.store, w.space, 'ui_a')).toEqual(['2026-01-03', '2026-01-02', '2026-01-01']);
    expect(ordersOf(w.store, w.space, 'ui_b')).toEqual(['2026-01-08', '2026-01-04']);
    expect(ordersOf(w.store, w.space, 'ui_c')).toEqual(['2026-01-06', '2026-01-05']);
    expect(ordersOf(w.store, w.space, 'ind_1')).toEqual(['2026-01-07']);
    expect(ordersOf(w.store, w.space, 'ui_d')).toEqual([]);
  });

  it('refuses ambiguous plain sourceIds, records not resolved yet and unknown ids, row by row; imports nothing', async () => {
    const w = importWorkspace();
    report(await w.run('source-records', 'r.csv', 'sourceId,source,email\n100,web,a@x.com\n100,pos,b@x.com\n'));
    resolveAs(w.store, w.space, { 'web:100': 'ui_a', 'pos:100': 'ui_b' });
    report(await w.run('source-records', 'late.csv', 'sourceId,source,email\n300,web,c@x.com\n'));
    const csv = [
      EVENTS,
      '100,prod_1,browse,2026-01-01T00:00:00Z',
      'web:300,prod_1,browse,2026-01-01T00:00:00Z',
      '300,prod_1,browse,2026-01-01T00:00:00Z',
      'nobody,prod_1,browse,2026-01-01T00:00:00Z',
      'web:100,prod_1,browse,2026-01-01T00:00:00Z',
    ].join('\n');
    const f = fault(await w.run('events', 'e.csv', csv));
    expect(located(f)).toEqual([
      [
        2,
        'individualId',
        'individualId: "100" is the sourceId of records in sources pos, web that resolve to different individuals (ui_b, ui_a); write it as source:sourceId',
      ],
      [
        3,
        'individualId',
        'individualId: "web:300" is a source record imported after the last identity resolution (web); run `workbench resolve` first',
      ],
      [
        4,
        'individualId',
        'individualId: "300" is a source record imported after the last identity resolution (web); run `workbench resolve` first',
      ],
      [
        5,
        'individualId',
        'individualId: "nobody" is not an individual of data space "default" (import the profiles first)',
      ],
    ]);
    expectCounts(w.store, w.space, { individuals: 5, items: 3, events: 0 });
  });
});
