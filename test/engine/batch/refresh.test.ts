import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ensureDataGraphRefresh } from '../../../engine/batch/refresh.ts';
import { findCurrentRefresh } from '../../../engine/runtime/refresh-lookup.ts';
import { freshnessOf } from '../../../engine/batch/refresh-freshness.ts';
import {
  materializedProfileSource,
  preferStoredDocuments,
} from '../../../engine/runtime/materialized-profile-source.ts';
import type { ProfileDocument } from '../../../engine/model/index.ts';
import {
  DATA_GRAPH_REFRESH_MS,
  MINUTE_MS,
  dataGraphWatermark,
  isoOf,
  parseIsoTime,
} from '../../../engine/model/time.ts';
import { storeProfileSource } from '../../../engine/runtime/profile-source.ts';
import { createService } from '../../../engine/service/service.ts';
import type { SpaceRuntime } from '../../../engine/runtime/space-runtime.ts';
import type { WorkspaceStore } from '../../../engine/store/index.ts';
import { event, individual, item } from '../store/workspace-fixture.ts';
import { SAMPLE_END, handWorkspace, refreshTableCounts, sampleWorkspace } from './refresh-fixture.ts';

const END_MS = parseIsoTime(SAMPLE_END)!;
const GRAPH = 'Customer_Profile';

/** The single-request path's document, built on the fly from the store (never the stored one). */
function onTheFly(
  store: WorkspaceStore,
  rt: SpaceRuntime,
  id: string,
  graph: string,
  asOfMs: number,
): ProfileDocument | undefined {
  return storeProfileSource(store, rt.spaceId, rt.config, rt.compiled, rt.insights).getProfile(id, graph, asOfMs);
}

async function mustRefresh(store: WorkspaceStore, rt: SpaceRuntime, graph: string, asOfMs: number) {
  const r = await ensureDataGraphRefresh(store, rt, graph, asOfMs);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
}

describe('data-graph refresh: documents', () => {
  it('equal the on-the-fly documents of the same watermark, for every individual, at any as-of time (property)', async () => {
    // Small caps and item attributes so that lookbacks, row caps and item fields are all exercised.
    const ws = sampleWorkspace({
      individuals: 250,
      configure: (c) => {
        const g = c.dataSpaces[0]!.profileDataGraphs![0]!;
        g.engagement = {
          browse: { include: true, lookbackDays: 20, maxRows: 4 },
          cart: { include: true, lookbackDays: 45, maxRows: 50 },
          order: { include: true, lookbackDays: 365, maxRows: 2 },
          itemFields: ['category', 'brand', 'color', 'rating', 'inStock', 'createdAt', 'price', 'noSuchField'],
        };
      },
    });
    const rt = ws.runtime();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 120 * 24 * 60 }), async (minutesBack) => {
        const asOfMs = END_MS + 17 * MINUTE_MS - minutesBack * MINUTE_MS;
        const refresh = await mustRefresh(ws.store, rt, GRAPH, asOfMs);
        expect(refresh.refreshedAtMs).toBe(dataGraphWatermark(asOfMs));
        let n = 0;
        for (const doc of ws.store.dataGraphs.iterateDocuments(refresh.id)) {
          n++;
          const expected = onTheFly(ws.store, rt, doc.individualId, GRAPH, asOfMs);
          // Same values and the same key order (what JSON output shows).
          expect(JSON.stringify(doc)).toBe(JSON.stringify(expected));
        }
        expect(n).toBe(250);
        expect(refresh.individuals).toBe(250);
      }),
      { numRuns: 6, seed: 42 },
    );
  });

  it('hold segment memberships even when the graph leaves them out of the documents', async () => {
    const ws = sampleWorkspace({
      individuals: 120,
      configure: (c) => void (c.dataSpaces[0]!.profileDataGraphs![0]!.includeSegments = false),
    });
    const rt = ws.runtime();
    const refresh = await mustRefresh(ws.store, rt, GRAPH, END_MS);
    const withSegments = sampleWorkspace({ individuals: 120 });
    const expected = await mustRefresh(withSegments.store, withSegments.runtime(), GRAPH, END_MS);
    expect(refresh.segmentCounts).toEqual(expected.segmentCounts);
    for (const doc of ws.store.dataGraphs.iterateDocuments(refresh.id)) {
      expect(doc.data.segments).toEqual([]);
      expect(JSON.stringify(doc)).toBe(JSON.stringify(onTheFly(ws.store, rt, doc.individualId, GRAPH, END_MS)));
    }
  });

  it('see exactly the data at or before the watermark: an event at W is visible, one at W + 1 ms is not', async () => {
    const W = Date.parse('2026-11-28T20:00:00.000Z');
    const ws = handWorkspace(
      {
        profileDataGraphs: [{ apiName: 'P', label: 'P', fields: [{ name: 'firstName', type: 'string' }] }],
        itemDataGraphs: [{ apiName: 'I', label: 'I' }],
        segments: [
          {
            apiName: 'Recent',
            label: 'Recent',
            profileDataGraph: 'P',
            rule: { some: [{ var: 'engagement.browse' }, { within_last: [{ var: 'timestamp' }, 1, 'minutes'] }] },
          },
        ],
      },
      {
        individuals: [individual(1), individual(2)],
        items: [item(1), item(2), item(3)],
        events: [
          event('ind_1', 'prod_1', 'browse', isoOf(W - 1)),
          event('ind_1', 'prod_2', 'browse', isoOf(W)),
          event('ind_1', 'prod_3', 'browse', isoOf(W + 1)),
          event('ind_2', 'prod_3', 'browse', isoOf(W + 1)),
        ],
      },
    );
    const rt = ws.runtime();
    for (const asOf of [W, W + 1, W + 29 * MINUTE_MS + 59_999]) {
      const r = await mustRefresh(ws.store, rt, 'P', asOf);
      expect(r.refreshedAt).toBe('2026-11-28T20:00:00.000Z');
      const [one, two] = ws.store.dataGraphs.readDocuments(r.id, ['ind_1', 'ind_2']);
      expect(one!.data.engagement.browse.map((e) => e.itemId)).toEqual(['prod_2', 'prod_1']);
      expect(two!.data.engagement.browse).toEqual([]);
      expect(ws.store.dataGraphs.segmentMemberIds(r.id, 'Recent', { limit: 10 })).toEqual(['ind_1']);
    }
    // One millisecond before W, the refresh is the one at W − 30 min: none of these events yet.
    const before = await mustRefresh(ws.store, rt, 'P', W - 1);
    expect(before.refreshedAtMs).toBe(W - DATA_GRAPH_REFRESH_MS);
    expect(ws.store.dataGraphs.readDocument(before.id, 'ind_1')!.data.engagement.browse).toEqual([]);
    // At the next boundary the W + 1 ms events are there.
    const after = await mustRefresh(ws.store, rt, 'P', W + DATA_GRAPH_REFRESH_MS);
    expect(ws.store.dataGraphs.readDocument(after.id, 'ind_2')!.data.engagement.browse.map((e) => e.itemId)).toEqual([
      'prod_3',
    ]);
  });
});

describe('data-graph refresh: lifecycle', () => {
  it('is reused while current, and rebuilt beside the old one after an import or a graph change', async () => {
    const ws = sampleWorkspace({ individuals: 60 });
    const first = await mustRefresh(ws.store, ws.runtime(), GRAPH, END_MS);
    const again = await mustRefresh(ws.store, ws.runtime(), GRAPH, END_MS + 10 * MINUTE_MS);
    expect(again.id).toBe(first.id);
    // New data: a new event. The old refresh stays (runs point at it), a new one is current.
    ws.store.insertEvents(ws.spaceId, [event('ind_000001', 'prod_00001', 'browse', isoOf(END_MS - 1000))]);
    const afterImport = await mustRefresh(ws.store, ws.runtime(), GRAPH, END_MS);
    expect(afterImport.id).not.toBe(first.id);
    expect(ws.store.dataGraphs.readDocument(afterImport.id, 'ind_000001')!.data.engagement.browse[0]!.timestamp).toBe(
      isoOf(END_MS - 1000),
    );
    expect(ws.store.dataGraphs.getRefresh(first.id)).toBeDefined();
    // A graph change (another lookback): documents built from the old definition are not reused.
    const cfg = structuredClone(ws.store.getConfig()!.config) as {
      dataSpaces: { profileDataGraphs: { engagement: { browse: { lookbackDays: number } } }[] }[];
    };
    cfg.dataSpaces[0]!.profileDataGraphs[0]!.engagement.browse.lookbackDays = 7;
    ws.store.saveConfig(cfg, 'shorter browse lookback', '2026-01-02T00:00:00.000Z');
    const afterConfig = await mustRefresh(ws.store, ws.runtime(), GRAPH, END_MS);
    expect(afterConfig.id).not.toBe(afterImport.id);
    expect(afterConfig.definitionHash).not.toBe(afterImport.definitionHash);
    expect(ws.store.dataGraphs.listRefreshes(ws.spaceId).map((r) => r.id)).toEqual([
      afterConfig.id,
      afterImport.id,
      first.id,
    ]);
  });

  it('is rebuilt after an import that only updates existing individuals (no count changes)', async () => {
    const ws = sampleWorkspace({ individuals: 40 });
    const first = await mustRefresh(ws.store, ws.runtime(), GRAPH, END_MS);
    const old = ws.store.getIndividual(ws.spaceId, 'ind_000001')!;
    ws.store.insertIndividuals(ws.spaceId, [{ ...old, attributes: { ...old.attributes, firstName: 'Renamed' } }]);
    expect(ws.store.countIndividuals(ws.spaceId)).toBe(40);
    const after = await mustRefresh(ws.store, ws.runtime(), GRAPH, END_MS);
    expect(after.id).not.toBe(first.id);
    expect(ws.store.dataGraphs.readDocument(after.id, 'ind_000001')!.data['firstName']).toBe('Renamed');
    expect(ws.store.dataGraphs.readDocument(first.id, 'ind_000001')!.data['firstName']).toBe(
      old.attributes['firstName'],
    );
  });

  it('is rebuilt when a manual CI refresh at or before its watermark came after it', async () => {
    const ws = sampleWorkspace({
      individuals: 80,
      configure: (c) => {
        for (const ci of c.dataSpaces[0]!.calculatedInsights!)
          if (ci.apiName === 'lifetime_value') ci.schedule = { kind: 'none' };
      },
    });
    const service = createService(ws.store, { now: () => END_MS });
    const before = await service.call('refreshes.start', { asOf: SAMPLE_END });
    if (!before.ok) throw new Error(before.error.message);
    const first = (await service.context.jobs.wait(before.data.jobId)!).result as {
      refresh: { id: number; insightsRefreshedAt: Record<string, string | null> };
    };
    expect(first.refresh.insightsRefreshedAt).toEqual({ lifetime_value: null });
    const manual = await service.call('insights.refresh', {
      insight: 'lifetime_value',
      asOf: isoOf(END_MS - 3_600_000),
    });
    if (!manual.ok) throw new Error(manual.error.message);
    expect((await service.context.jobs.wait(manual.data.jobId)!).status).toBe('succeeded');
    const after = await service.call('refreshes.start', { asOf: SAMPLE_END });
    if (!after.ok) throw new Error(after.error.message);
    const second = (await service.context.jobs.wait(after.data.jobId)!).result as {
      refresh: { id: number; insightsRefreshedAt: Record<string, string | null> };
      reused: boolean;
    };
    expect(second.reused).toBe(false);
    expect(second.refresh.id).not.toBe(first.refresh.id);
    expect(second.refresh.insightsRefreshedAt).toEqual({ lifetime_value: isoOf(END_MS - 3_600_000) });
    const stored = ws.store.dataGraphs.readDocuments(second.refresh.id, ['ind_000001', 'ind_000002', 'ind_000003']);
    expect(stored.some((d) => typeof d.data.ci.lifetime_value === 'number')).toBe(true);
    const rt = service.context.sources.space('default');
    if (!rt.ok) throw new Error(rt.error.message);
    for (const d of stored) expect(d).toEqual(onTheFly(ws.store, rt.data, d.individualId, GRAPH, END_MS));
  });

  it('shares one build between concurrent requests for the same refresh', async () => {
    const ws = sampleWorkspace({ individuals: 80 });
    const rt = ws.runtime();
    const [a, b, c] = await Promise.all(
      [0, 5, 29].map((m) => mustRefresh(ws.store, rt, GRAPH, END_MS + m * MINUTE_MS)),
    );
    expect(new Set([a!.id, b!.id, c!.id]).size).toBe(1);
    expect(refreshTableCounts(ws.file).data_graph_refreshes).toBe(1);
  });

  it('keeps building for the callers that still wait when one of them cancels', async () => {
    const ws = sampleWorkspace({ individuals: 1100, items: 60 });
    const rt = ws.runtime();
    const impatient = new AbortController();
    const first = ensureDataGraphRefresh(ws.store, rt, GRAPH, END_MS, {
      signal: impatient.signal,
      onProgress: (p) => p.done >= 500 && impatient.abort(),
    });
    const second = ensureDataGraphRefresh(ws.store, rt, GRAPH, END_MS);
    expect(await first).toMatchObject({ ok: false, error: { code: 'Cancelled' } });
    const r = await second;
    expect(r).toMatchObject({ ok: true, data: { individuals: 1100 } });
    expect(refreshTableCounts(ws.file).data_graph_refreshes).toBe(1);
  });

  it('leaves nothing when cancelled, and can be built afterwards', async () => {
    const ws = sampleWorkspace({ individuals: 1200, items: 60 });
    const rt = ws.runtime();
    const controller = new AbortController();
    const seen: number[] = [];
    const r = await ensureDataGraphRefresh(ws.store, rt, GRAPH, END_MS, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done >= 500) controller.abort();
      },
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('Cancelled');
    expect(Math.max(...seen)).toBeLessThan(1200);
    expect(refreshTableCounts(ws.file)).toEqual({
      data_graph_refreshes: 0,
      data_graph_refresh_segments: 0,
      data_graph_documents: 0,
      data_graph_segment_members: 0,
    });
    expect(findCurrentRefresh(ws.store, rt, GRAPH, END_MS)).toEqual({ ok: true, data: undefined });
    const done = await mustRefresh(ws.store, rt, GRAPH, END_MS);
    expect(done.individuals).toBe(1200);
  });

  it('leaves nothing when the build fails half-way', async () => {
    const ws = sampleWorkspace({ individuals: 1100, items: 60 });
    await expect(
      ensureDataGraphRefresh(ws.store, ws.runtime(), GRAPH, END_MS, {
        onProgress: (p) => {
          if (p.done > 0) throw new Error('disk on fire');
        },
      }),
    ).rejects.toThrow('disk on fire');
    expect(refreshTableCounts(ws.file).data_graph_documents).toBe(0);
    expect(refreshTableCounts(ws.file).data_graph_refreshes).toBe(0);
  });

  it('materializes an empty data space as an empty refresh', async () => {
    const ws = handWorkspace(
      {
        profileDataGraphs: [{ apiName: 'P', label: 'P' }],
        itemDataGraphs: [{ apiName: 'I', label: 'I' }],
        segments: [{ apiName: 'All', label: 'All', profileDataGraph: 'P', rule: true }],
      },
      { individuals: [], items: [], events: [] },
    );
    const r = await mustRefresh(ws.store, ws.runtime(), 'P', END_MS);
    expect(r).toMatchObject({ individuals: 0, bytes: 0, segmentCounts: { All: 0 } });
    expect([...ws.store.dataGraphs.iterateDocuments(r.id)]).toEqual([]);
    expect(ws.store.dataGraphs.segmentMemberIds(r.id, 'All', { limit: 10 })).toEqual([]);
  });

  it('refuses an unknown graph and a read-only store with a clear fault', async () => {
    const ws = sampleWorkspace({ individuals: 20 });
    const r = await ensureDataGraphRefresh(ws.store, ws.runtime(), 'Nope', END_MS);
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'NotFound',
        message: expect.stringContaining(
          'profile data graph "Nope" does not exist in data space default (known: Customer_Profile)',
        ),
      },
    });
    const bad = await ensureDataGraphRefresh(ws.store, ws.runtime(), GRAPH, Number.NaN);
    expect(bad).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
  });
});

describe('data-graph refresh: readers', () => {
  it('the single-request path serves the stored document when a current refresh exists, the same as on the fly', async () => {
    const ws = sampleWorkspace({ individuals: 40 });
    const rt = ws.runtime();
    const refresh = await mustRefresh(ws.store, rt, GRAPH, END_MS);
    const ids = ws.store.dataGraphs.segmentMemberIds(refresh.id, 'Active_Shoppers', { limit: 5 });
    // A source whose on-the-fly half fails proves the stored document is what is served.
    const storedOnly = preferStoredDocuments(
      {
        getProfile: () => {
          throw new Error('built on the fly');
        },
      },
      (id, graph, w) =>
        w === refresh.refreshedAtMs && graph === GRAPH
          ? (ws.store.dataGraphs.readDocument(refresh.id, id) ?? null)
          : null,
    );
    for (const id of ids) {
      const served = rt.profiles.getProfile(id, GRAPH, END_MS + 5 * MINUTE_MS);
      expect(served).toEqual(onTheFly(ws.store, rt, id, GRAPH, END_MS));
      expect(served).toEqual(storedOnly.getProfile(id, GRAPH, END_MS));
    }
    // No refresh at another watermark: built on the fly.
    expect(rt.profiles.getProfile(ids[0]!, GRAPH, END_MS - DATA_GRAPH_REFRESH_MS)).toEqual(
      onTheFly(ws.store, rt, ids[0]!, GRAPH, END_MS - DATA_GRAPH_REFRESH_MS),
    );
    expect(rt.profiles.getProfile('nobody', GRAPH, END_MS)).toBeUndefined();
  });

  it('materializedProfileSource serves a chunk from one prefetch, and other times from the runtime', async () => {
    const ws = sampleWorkspace({ individuals: 30 });
    const rt = ws.runtime();
    const refresh = await mustRefresh(ws.store, rt, GRAPH, END_MS);
    const source = materializedProfileSource(ws.store, ws.spaceId, rt, refresh);
    const ids = ['ind_000003', 'ind_000001', 'missing', 'ind_000002'];
    expect(source.prefetch(ids)).toBe(3);
    expect(source.getProfile('ind_000003', GRAPH, END_MS)).toEqual(onTheFly(ws.store, rt, 'ind_000003', GRAPH, END_MS));
    expect(source.getProfile('missing', GRAPH, END_MS)).toBeUndefined();
    expect(source.getProfile('ind_000009', GRAPH, END_MS + 29 * MINUTE_MS)).toEqual(
      onTheFly(ws.store, rt, 'ind_000009', GRAPH, END_MS),
    );
    const earlier = END_MS - 3 * DATA_GRAPH_REFRESH_MS;
    expect(source.getProfile('ind_000001', GRAPH, earlier)).toEqual(
      onTheFly(ws.store, rt, 'ind_000001', GRAPH, earlier),
    );
  });
});

describe('freshnessOf', () => {
  it('lists the data-graph and CI watermarks and what was stale', () => {
    const refresh = {
      id: 1,
      spaceId: 1,
      dataSpace: 'default',
      graph: GRAPH,
      refreshedAt: '2026-11-28T20:00:00.000Z',
      refreshedAtMs: Date.parse('2026-11-28T20:00:00.000Z'),
      individuals: 10,
      segmentCounts: {},
      insightsRefreshedAt: { lifetime_value: '2026-11-28T19:00:00.000Z', manual_ci: null },
      definitionHash: 'x',
      dataStamp: 'y',
      configRevision: 1,
      bytes: 0,
      builtAt: '2026-11-29T00:00:00.000Z',
      durationMs: 1,
    };
    const f = freshnessOf(refresh, Date.parse('2026-11-28T20:12:00.000Z'));
    expect(f.watermarks).toEqual([
      { kind: 'data-graph', name: GRAPH, refreshedAt: '2026-11-28T20:00:00.000Z', lagMinutes: 12 },
      { kind: 'calculated-insight', name: 'lifetime_value', refreshedAt: '2026-11-28T19:00:00.000Z', lagMinutes: 72 },
      { kind: 'calculated-insight', name: 'manual_ci', refreshedAt: null, lagMinutes: null },
    ]);
    expect(f.stale).toEqual([
      'profile data (Customer_Profile) as of the data-graph refresh at 2026-11-28T20:00:00.000Z, 12 min before 2026-11-28T20:12:00.000Z; engagement after it is not visible (refreshes run every 30 minutes)',
      'calculated insight lifetime_value: as of its refresh at 2026-11-28T19:00:00.000Z, 1.2 h before 2026-11-28T20:12:00.000Z',
      'calculated insight manual_ci: never refreshed as of 2026-11-28T20:00:00.000Z; profiles hold no value for it',
    ]);
    // Exactly at the watermark the profile data is not stale.
    expect(freshnessOf({ ...refresh, insightsRefreshedAt: {} }, refresh.refreshedAtMs).stale).toEqual([]);
  });
});
