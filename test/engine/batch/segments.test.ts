import { describe, expect, it } from 'vitest';
import { ensureDataGraphRefresh } from '../../../engine/batch/refresh.ts';
import { countSegmentAt, findSegment, segmentCounts } from '../../../engine/batch/segments.ts';
import { ruleReadsAsOf, segmentDependsOnTime } from '../../../engine/batch/segments-eval.ts';
import { DAY_MS, MINUTE_MS, parseIsoTime } from '../../../engine/model/time.ts';
import { compileSpace } from '../../../engine/pipeline/compile-space.ts';
import { evaluate, ruleContext, truthy } from '../../../engine/rules/index.ts';
import { storeProfileSource } from '../../../engine/runtime/profile-source.ts';
import { createService } from '../../../engine/service/service.ts';
import type { SpaceRuntime } from '../../../engine/runtime/space-runtime.ts';
import type { WorkspaceStore } from '../../../engine/store/index.ts';
import { SAMPLE_END, sampleWorkspace } from './refresh-fixture.ts';

const END_MS = parseIsoTime(SAMPLE_END)!;
const GRAPH = 'Customer_Profile';

/** Every individual's on-the-fly document at the watermark of asOfMs (the brute-force side). */
function allDocuments(store: WorkspaceStore, rt: SpaceRuntime, asOfMs: number) {
  const source = storeProfileSource(store, rt.spaceId, rt.config, rt.compiled, rt.insights);
  return [...store.iterateIndividualIds(rt.spaceId)].map((id) => source.getProfile(id, GRAPH, asOfMs)!);
}

/**
 * Brute force of "members as of atMs": each segment in config order, its rule evaluated (the
 * interpreter, not the compiled closure) at atMs with the memberships of the earlier ones.
 */
function bruteForceMembers(
  store: WorkspaceStore,
  rt: SpaceRuntime,
  dataAsOfMs: number,
  atMs: number,
): Map<string, string[]> {
  const out = new Map(rt.config.segments.map((s) => [s.apiName, [] as string[]]));
  const ctx = ruleContext(new Date(atMs).toISOString());
  for (const doc of allDocuments(store, rt, dataAsOfMs)) {
    const data = { ...doc.data, segments: [] as string[] };
    for (const s of rt.config.segments) {
      let member: boolean;
      try {
        member = truthy(evaluate(s.rule, data, ctx));
      } catch {
        member = false;
      }
      if (member) {
        data.segments.push(s.apiName);
        out.get(s.apiName)!.push(doc.individualId);
      }
    }
  }
  return out;
}

/** The sample's segments plus one that uses another (in_segment) and reads the time. */
const withDependent = (c: { dataSpaces: { segments?: unknown[] }[] }) => {
  c.dataSpaces[0]!.segments!.push({
    apiName: 'Active_Loyal_Recent_Orders',
    label: 'Active loyal members who ordered in the last 60 days',
    profileDataGraph: GRAPH,
    rule: {
      and: [
        { in_segment: 'Active_Shoppers' },
        { in_segment: 'Loyalty_Members' },
        { some: [{ var: 'engagement.order' }, { within_last: [{ var: 'timestamp' }, 60, 'days'] }] },
      ],
    },
  });
};

describe('segments as of a time', () => {
  it('counts and lists members exactly as brute force over the documents does', async () => {
    const ws = sampleWorkspace({ individuals: 400, configure: withDependent });
    const rt = ws.runtime();
    const asOfMs = END_MS - 2 * DAY_MS + 7 * MINUTE_MS;
    const counts = await segmentCounts(ws.store, rt, asOfMs);
    if (!counts.ok) throw new Error(counts.error.message);
    const watermark = END_MS - 2 * DAY_MS;
    const brute = bruteForceMembers(ws.store, rt, asOfMs, watermark);
    expect(counts.data.segments.map((s) => [s.apiName, s.members])).toEqual(
      [...brute].map(([name, ids]) => [name, ids.length]),
    );
    // The counts are not trivial: each segment has members and non-members.
    for (const s of counts.data.segments) {
      expect(s.members).toBeGreaterThan(0);
      expect(s.members).toBeLessThan(400);
    }
    // Counting wrote nothing: no refresh, no CI refresh. Materialized, the refresh holds the same members.
    expect(ws.store.dataGraphs.listRefreshes(rt.spaceId)).toEqual([]);
    expect(counts.data.segments.every((s) => s.refreshId === null)).toBe(true);
    const built = await ensureDataGraphRefresh(ws.store, rt, GRAPH, asOfMs);
    if (!built.ok) throw new Error(built.error.message);
    const again = await segmentCounts(ws.store, rt, asOfMs);
    if (!again.ok) throw new Error(again.error.message);
    expect(again.data.segments.map((s) => [s.refreshId, s.members])).toEqual(
      counts.data.segments.map((s) => [built.data.id, s.members]),
    );
    const refreshId = built.data.id;
    for (const [name, ids] of brute)
      expect(ws.store.dataGraphs.segmentMemberIds(refreshId, name, { limit: 10_000 })).toEqual([...ids].sort());
  });

  it('evaluates a segment at a later time over the data of the refresh (the estimator’s count)', async () => {
    const ws = sampleWorkspace({ individuals: 400, configure: withDependent });
    const rt = ws.runtime();
    const r = await ensureDataGraphRefresh(ws.store, rt, GRAPH, END_MS);
    if (!r.ok) throw new Error(r.error.message);
    const later = END_MS + 9 * DAY_MS + 20 * 60 * MINUTE_MS;
    const brute = bruteForceMembers(ws.store, rt, END_MS, later);
    for (const name of ['Active_Shoppers', 'Loyalty_Members', 'Active_Loyal_Recent_Orders']) {
      expect(countSegmentAt(ws.store, rt, r.data, name, later)).toEqual({ ok: true, data: brute.get(name)!.length });
    }
    // Fewer active shoppers nine days on without new data: the 30-day window moved.
    expect(brute.get('Active_Shoppers')!.length).toBeLessThan(r.data.segmentCounts.Active_Shoppers!);
    // At the watermark itself, the stored count.
    expect(countSegmentAt(ws.store, rt, r.data, 'Active_Shoppers', END_MS)).toEqual({
      ok: true,
      data: r.data.segmentCounts.Active_Shoppers,
    });
    expect(countSegmentAt(ws.store, rt, r.data, 'Nope', later)).toMatchObject({
      ok: false,
      error: { code: 'NotFound' },
    });
  });

  it('knows which segments depend on the evaluation time', () => {
    expect(ruleReadsAsOf({ '==': [{ var: 'loyaltyTier' }, 'Gold'] })).toBe(false);
    expect(
      ruleReadsAsOf({
        and: [true, { some: [{ var: 'engagement.cart' }, { within_last: [{ var: 'timestamp' }, 7, 'days'] }] }],
      }),
    ).toBe(true);
    expect(ruleReadsAsOf({ '<': [{ time_since: [{ var: 'createdAt' }, 'days'] }, 30] })).toBe(true);
    expect(ruleReadsAsOf({ before: [{ var: 'createdAt' }, '2026-01-01T00:00:00Z'] })).toBe(false);
    const compiled = compileSpace(
      sampleWorkspace({ individuals: 1, configure: withDependent }).runtime().config,
    ).segments;
    expect(segmentDependsOnTime('Loyalty_Members', compiled)).toBe(false);
    expect(segmentDependsOnTime('Active_Shoppers', compiled)).toBe(true);
    expect(segmentDependsOnTime('Active_Loyal_Recent_Orders', compiled)).toBe(true);
  });

  it('names an unknown segment with a suggestion', () => {
    const ws = sampleWorkspace({ individuals: 5 });
    expect(findSegment(ws.runtime(), 'Loyalty_Member')).toMatchObject({
      ok: false,
      error: { code: 'NotFound', message: expect.stringContaining('(did you mean "Loyalty_Members"?)') },
    });
  });

  it('answers the service operations: list, count, members pages, and located bad input', async () => {
    const ws = sampleWorkspace({ individuals: 250 });
    const service = createService(ws.store);
    // Without an as-of, the operations run at the workspace clock.
    expect(await service.call('clock.set', { time: new Date(END_MS + 5 * MINUTE_MS).toISOString() })).toMatchObject({
      ok: true,
    });
    const list = await service.call('segments.list', {});
    if (!list.ok) throw new Error(list.error.message);
    expect(list.data.segments.map((s) => s.refreshedAt)).toEqual([SAMPLE_END, SAMPLE_END]);
    const count = await service.call('segments.count', { segment: 'Loyalty_Members' });
    if (!count.ok) throw new Error(count.error.message);
    expect(count.data.members).toBe(list.data.segments.find((s) => s.apiName === 'Loyalty_Members')!.members);
    const all: string[] = [];
    for (let offset = 0; ; offset += 40) {
      const page = await service.call('segments.members', { segment: 'Loyalty_Members', offset, limit: 40 });
      if (!page.ok) throw new Error(page.error.message);
      expect(page.data.total).toBe(count.data.members);
      all.push(...page.data.ids);
      if (page.data.ids.length < 40) break;
    }
    expect(all).toEqual(bruteForceMembers(ws.store, ws.runtime(), END_MS, END_MS).get('Loyalty_Members'));
    expect(await service.call('segments.count', { segment: 'Loyalty' })).toMatchObject({
      ok: false,
      error: { code: 'NotFound', field: 'segment' },
    });
    expect(await service.call('segments.members', { segment: 'Loyalty_Members', asOf: 'soon' })).toMatchObject({
      ok: false,
      error: { code: 'InvalidRequest', path: '$.asOf' },
    });
    expect(await service.call('segments.list', { dataSpace: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'DataSpaceNotFound' },
    });
  });
});
