import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  EngagementRow,
  EngagementType,
  ProfileData,
  ProfileDocument,
  Scalar,
} from '../../../engine/model/index.ts';
import {
  DocumentDecoder,
  DocumentEncoder,
  ENGAGEMENT_ORDER,
  type RawEngagement,
  type RefreshDictionary,
} from '../../../engine/store/data-graph-refreshes-codec.ts';
import { isoOf } from '../../../engine/model/time.ts';
import type { RefreshBuildSpec } from '../../../engine/store/index.ts';
import { event, individual, item, mustOpen, newWorkspace } from './workspace-fixture.ts';

const W = Date.parse('2026-11-28T20:00:00.000Z');

describe('document codec', () => {
  const scalar = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );
  const fields = ['firstName', 'email', 'loyaltyTier', 'age', 'optIn'];
  const dict: RefreshDictionary = {
    codec: 1,
    fields,
    segments: ['A', 'B', 'C'],
    itemFields: ['category', 'rating'],
    items: [
      ['prod_1', 'Shoes', 4.5],
      ['prod_2', 'Shirts', null],
      ['prod_3', 'Hats', 3],
    ],
  };
  const rowArb = fc.record({
    item: fc.integer({ min: 0, max: 2 }),
    back: fc.oneof(
      fc.integer({ min: 0, max: 5_000_000 }),
      fc.integer({ min: 0, max: 5_000 }).map((s) => s * 1000),
    ),
    quantity: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true })),
    price: fc.oneof(
      fc.constant(null),
      fc.integer({ min: 0, max: 10_000_00 }).map((c) => c / 100),
      fc.double({ min: 0, max: 1e9, noNaN: true }).filter((x) => !Object.is(x, -0)),
    ),
  });
  const docArb = fc.record({
    values: fc.array(fc.option(scalar, { nil: undefined }), { minLength: fields.length, maxLength: fields.length }),
    ci: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), scalar, { maxKeys: 3 }),
    segments: fc.subarray(['A', 'B', 'C']),
    rows: fc.record({
      browse: fc.array(rowArb, { maxLength: 8 }),
      cart: fc.array(rowArb, { maxLength: 3 }),
      order: fc.array(rowArb, { maxLength: 3 }),
    }),
  });

  it('decodes exactly what was encoded, key order included (property)', () => {
    const encoder = new DocumentEncoder(dict, W);
    const decoder = new DocumentDecoder(dict, W);
    fc.assert(
      fc.property(docArb, (d) => {
        const raw = {} as Record<EngagementType, RawEngagement>;
        const engagement = {} as Record<EngagementType, EngagementRow[]>;
        for (const type of ENGAGEMENT_ORDER) {
          let ts = W;
          raw[type] = { item: [], ts: [] };
          engagement[type] = d.rows[type].map((r) => {
            ts -= r.back;
            raw[type].item.push(r.item);
            raw[type].ts.push(ts);
            const [itemId, category, rating] = dict.items[r.item]!;
            return {
              itemId,
              type,
              timestamp: new Date(ts).toISOString(),
              quantity: r.quantity,
              price: r.price,
              category,
              rating,
            } as EngagementRow;
          });
        }
        const data: ProfileData = { id: 'ind_1', engagement, segments: d.segments, ci: d.ci };
        d.values.forEach((v, i) => {
          if (v !== undefined) data[fields[i]!] = v;
        });
        const expected: ProfileDocument = { individualId: 'ind_1', refreshedAt: '2026-11-28T20:00:00.000Z', data };
        const decoded = decoder.decode('ind_1', encoder.encode(data, raw));
        expect(JSON.stringify(decoded)).toBe(JSON.stringify(expected));
        expect(decoded).toEqual(expected);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('stores a typical row in about 10 bytes', () => {
    const encoder = new DocumentEncoder(dict, W);
    const rows = Array.from({ length: 30 }, (_, i): EngagementRow => ({
      itemId: 'prod_2',
      type: 'browse',
      timestamp: new Date(W - i * 3_600_000).toISOString(),
      quantity: 1,
      price: 19.99,
      category: 'Shirts',
      rating: null,
    }));
    const raw = {
      browse: { item: rows.map(() => 1), ts: rows.map((_, i) => W - i * 3_600_000) },
      cart: { item: [], ts: [] },
      order: { item: [], ts: [] },
    };
    const bytes = encoder.encode(
      { id: 'x', engagement: { browse: rows, cart: [], order: [] }, segments: ['A'], ci: {} },
      raw,
    );
    expect(bytes.length).toBeLessThan(30 * 10 + 20);
  });

  it('refuses (a bug) rows that are not newest first and segments outside the dictionary', () => {
    const encoder = new DocumentEncoder(dict, W);
    const row = (ts: number): EngagementRow => ({
      itemId: 'prod_1',
      type: 'browse',
      timestamp: new Date(ts).toISOString(),
      quantity: 1,
      price: null,
      category: 'Shoes',
      rating: 4.5,
    });
    const empty = { item: [], ts: [] };
    expect(() =>
      encoder.encode(
        { id: 'x', engagement: { browse: [row(W - 10), row(W - 5)], cart: [], order: [] }, segments: [], ci: {} },
        { browse: { item: [0, 0], ts: [W - 10, W - 5] }, cart: empty, order: empty },
      ),
    ).toThrow(/newest first/);
    expect(() =>
      encoder.encode(
        { id: 'x', engagement: { browse: [], cart: [], order: [] }, segments: ['Z'], ci: {} },
        { browse: empty, cart: empty, order: empty },
      ),
    ).toThrow(/not in the refresh dictionary/);
  });

  it('formats timestamps exactly as toISOString (property over the whole Date range)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(isoOf(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000, seed: 3 },
    );
    for (const ms of [
      0, -1, 253402300799999, 253402300800000, -62167219200000, -62167219200001, 951782400000, 1795824000000,
    ])
      expect(isoOf(ms)).toBe(new Date(ms).toISOString());
  });
});

/** A refresh built directly through the repository: documents from the scan, membership A = even ids. */
function buildRefresh(individuals: number, refreshedAtMs = W) {
  const ws = newWorkspace();
  ws.store.insertItems(ws.space, [item(1), item(2, { attributes: { color: 'red' } })]);
  ws.store.insertIndividuals(
    ws.space,
    Array.from({ length: individuals }, (_, i) => individual(i + 1)),
  );
  ws.store.insertEvents(ws.space, [
    event('ind_1', 'prod_1', 'browse', new Date(W - 5000).toISOString()),
    event('ind_1', 'prod_2', 'order', new Date(W - 9000).toISOString(), 2, 12.5),
    event('ind_2', 'prod_2', 'cart', new Date(W + 1).toISOString()),
  ]);
  const spec: RefreshBuildSpec = {
    spaceId: ws.space,
    graph: 'P',
    refreshedAtMs,
    definitionHash: 'h1',
    configRevision: null,
    fields: ['firstName'],
    segments: ['A', 'B'],
    itemFields: ['category', 'color'],
    engagement: {
      browse: { include: true, lookbackDays: 30, maxRows: 10 },
      cart: { include: true, lookbackDays: 30, maxRows: 10 },
      order: { include: true, lookbackDays: 30, maxRows: 10 },
    },
    insightsRefreshedAt: { ltv: null },
    builtAt: '2026-11-29T00:00:00.000Z',
  };
  const b = ws.store.dataGraphs.beginBuild(spec);
  if (!b.ok) throw new Error(b.error.message);
  const build = b.data;
  const docs: ProfileDocument[] = [];
  for (let page = build.nextPage(700); page.length > 0; page = build.nextPage(700)) {
    for (const s of page) {
      const n = Number(s.individual.id.slice(4));
      const data: ProfileData = {
        id: s.individual.id,
        engagement: s.engagement,
        segments: n % 2 === 0 ? ['A'] : [],
        ci: {},
        firstName: s.individual.attributes.firstName as Scalar,
      };
      const doc = { individualId: s.individual.id, refreshedAt: new Date(refreshedAtMs).toISOString(), data };
      build.write(s, doc);
      docs.push(doc);
    }
  }
  const id = build.commit(12);
  return { ...ws, id, docs, spec };
}

describe('dataGraphs repository', () => {
  it('records a refresh and finds it by watermark, definition and data', () => {
    const r = buildRefresh(5);
    const rec = r.store.dataGraphs.getRefresh(r.id)!;
    expect(rec).toMatchObject({
      id: r.id,
      dataSpace: 'default',
      graph: 'P',
      refreshedAtMs: W,
      refreshedAt: '2026-11-28T20:00:00.000Z',
      individuals: 5,
      segmentCounts: { A: 2, B: 0 },
      insightsRefreshedAt: { ltv: null },
      definitionHash: 'h1',
      durationMs: 12,
    });
    expect(rec.bytes).toBeGreaterThan(0);
    const stamp = r.store.dataGraphs.dataStamp(r.space);
    expect(r.store.dataGraphs.findRefresh(r.space, 'P', W, { definitionHash: 'h1', dataStamp: stamp })?.id).toBe(r.id);
    expect(r.store.dataGraphs.findRefresh(r.space, 'P', W, { definitionHash: 'other' })).toBeUndefined();
    expect(r.store.dataGraphs.findRefresh(r.space, 'P', W + 1)).toBeUndefined();
    expect(r.store.dataGraphs.latestRefreshAtOrBefore(r.space, 'P', W + 3_600_000)?.id).toBe(r.id);
    expect(r.store.dataGraphs.latestRefreshAtOrBefore(r.space, 'P', W - 1)).toBeUndefined();
    expect(r.store.dataGraphs.listRefreshes(r.space).map((x) => x.id)).toEqual([r.id]);
    // New data changes the stamp: the refresh is no longer current.
    r.store.insertEvents(r.space, [event('ind_3', 'prod_1', 'browse', '2026-11-01T00:00:00.000Z')]);
    expect(
      r.store.dataGraphs.findRefresh(r.space, 'P', W, {
        definitionHash: 'h1',
        dataStamp: r.store.dataGraphs.dataStamp(r.space),
      }),
    ).toBeUndefined();
  });

  it('reads documents by id (in the order asked, missing ones left out), in id order, and by segment', () => {
    const r = buildRefresh(2300);
    const dg = r.store.dataGraphs;
    const byId = new Map(r.docs.map((d) => [d.individualId, d]));
    expect(dg.readDocuments(r.id, ['ind_20', 'nobody', 'ind_1']).map((d) => d.individualId)).toEqual([
      'ind_20',
      'ind_1',
    ]);
    // A chunk-sized list (read with one statement): still the caller's order, missing ids left out, repeats kept.
    const chunk = [...Array.from({ length: 60 }, (_, i) => `ind_${2000 - i * 7}`), 'nobody', 'ind_5', 'ind_5'];
    const read = dg.readDocuments(r.id, chunk);
    expect(read.map((d) => d.individualId)).toEqual(chunk.filter((id) => id !== 'nobody'));
    expect(read).toEqual(chunk.filter((id) => id !== 'nobody').map((id) => byId.get(id)));
    const one = dg.readDocument(r.id, 'ind_1')!;
    expect(one).toEqual(byId.get('ind_1'));
    expect(one.data.engagement.order).toEqual([
      {
        itemId: 'prod_2',
        type: 'order',
        timestamp: new Date(W - 9000).toISOString(),
        quantity: 2,
        price: 12.5,
        category: 'Shoes',
        color: 'red',
      },
    ]);
    expect(dg.readDocument(r.id, 'ind_2')!.data.engagement.cart).toEqual([]);
    const all = [...dg.iterateDocuments(r.id)];
    const sortedIds = r.docs.map((d) => d.individualId).sort();
    expect(all.map((d) => d.individualId)).toEqual(sortedIds);
    expect([...dg.iterateDocuments(r.id, { afterId: sortedIds[1500]! })].map((d) => d.individualId)).toEqual(
      sortedIds.slice(1501),
    );
    const evens = sortedIds.filter((id) => Number(id.slice(4)) % 2 === 0);
    expect([...dg.iterateSegmentDocuments(r.id, 'A')].map((d) => d.individualId)).toEqual(evens);
  });

  it('pages and counts segment members from the membership key', () => {
    const r = buildRefresh(2300);
    const dg = r.store.dataGraphs;
    const evens = r.docs
      .map((d) => d.individualId)
      .filter((id) => Number(id.slice(4)) % 2 === 0)
      .sort();
    expect(dg.countSegmentMembers(r.id, 'A')).toBe(1150);
    expect(dg.countSegmentMembers(r.id, 'B')).toBe(0);
    const paged: string[] = [];
    for (
      let page = dg.segmentMemberIds(r.id, 'A', { limit: 333 });
      page.length > 0;
      page = dg.segmentMemberIds(r.id, 'A', { afterId: page.at(-1)!, limit: 333 })
    )
      paged.push(...page);
    expect(paged).toEqual(evens);
    expect(dg.segmentMembersPage(r.id, 'A', { offset: 100, limit: 5 })).toEqual(evens.slice(100, 105));
    expect(dg.isSegmentMember(r.id, 'A', 'ind_2')).toBe(true);
    expect(dg.isSegmentMember(r.id, 'A', 'ind_3')).toBe(false);
    expect(() => dg.countSegmentMembers(r.id, 'Nope')).toThrow(/holds no segment "Nope"/);
  });

  it('is readable from a read-only connection in a worker thread', async () => {
    const r = buildRefresh(50);
    const ids = ['ind_7', 'ind_1', 'ind_40'];
    const result = await new Promise<string>((resolve, reject) => {
      const w = new Worker(new URL('./data-graph-refreshes-worker.mjs', import.meta.url), {
        workerData: { file: r.file, refreshId: r.id, ids, segment: 'A' },
      });
      w.once('message', resolve);
      w.once('error', reject);
    });
    const got = JSON.parse(result) as { docs: ProfileDocument[]; members: string[]; count: number };
    expect(got.docs).toEqual(r.store.dataGraphs.readDocuments(r.id, ids));
    expect(got.members).toEqual(r.store.dataGraphs.segmentMemberIds(r.id, 'A', { limit: 100 }));
    expect(got.count).toBe(25);
  });

  it('refuses to build on a read-only store, and reports Conflict while another writer holds the workspace', () => {
    const r = buildRefresh(3);
    const ro = mustOpen(r.file, { readonly: true });
    expect(ro.dataGraphs.beginBuild(r.spec)).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
    const other = new Database(r.file);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(
        r.store.dataGraphs.beginBuild({ ...r.spec, refreshedAtMs: W + 1_800_000 }, { busyTimeoutMs: 0 }),
      ).toMatchObject({ ok: false, error: { code: 'Conflict' } });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('deletes a refresh with everything of it', () => {
    const r = buildRefresh(30);
    expect(r.store.dataGraphs.deleteRefresh(r.id)).toBe(true);
    expect(r.store.dataGraphs.getRefresh(r.id)).toBeUndefined();
    expect(r.store.dataGraphs.deleteRefresh(r.id)).toBe(false);
    const db = new Database(r.file, { readonly: true });
    try {
      for (const t of [
        'data_graph_refreshes',
        'data_graph_refresh_segments',
        'data_graph_documents',
        'data_graph_segment_members',
      ])
        expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('a rolled-back build leaves nothing, and a build that finds its refresh already there writes nothing', () => {
    const r = buildRefresh(4);
    const b = r.store.dataGraphs.beginBuild({ ...r.spec, refreshedAtMs: W + 1_800_000 });
    if (!b.ok) throw new Error(b.error.message);
    for (const s of b.data.nextPage(10))
      b.data.write(s, {
        individualId: s.individual.id,
        refreshedAt: '',
        data: { id: s.individual.id, engagement: s.engagement, segments: [], ci: {} },
      });
    b.data.rollback();
    expect(r.store.dataGraphs.listRefreshes(r.space)).toHaveLength(1);
    const again = r.store.dataGraphs.beginBuild(r.spec);
    if (!again.ok) throw new Error(again.error.message);
    expect(again.data.existingId).toBe(r.id);
    again.data.rollback();
    expect(r.store.dataGraphs.listRefreshes(r.space)).toHaveLength(1);
  });
});
