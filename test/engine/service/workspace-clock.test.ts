import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace } from '../../../engine/service/init.ts';
import { openService, type Service } from '../../../engine/service/service.ts';
import { workspaceChecksum } from '../store/workspace-checksum.ts';

// The sample ends in the past; the injected wall clock is months later. Everything without an
// as-of must run at the workspace's time, never at the machine's.
const SAMPLE_END = '2026-03-01T00:00:00.000Z';
const WALL_CLOCK = Date.parse('2026-12-06T04:00:00Z');

const dir = mkdtempSync(join(tmpdir(), 'workbench-clock-'));
const file = join(dir, 'ws.sqlite');
let service: Service;

beforeAll(async () => {
  const r = await initWorkspace(file, { sample: 'retail', individuals: 300, items: 80, now: SAMPLE_END });
  if (!r.ok) throw new Error(r.error.message);
  const s = openService(file, { now: () => WALL_CLOCK });
  if (!s.ok) throw new Error(s.error.message);
  service = s.data;
});
afterAll(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

const must = <T>(r: { ok: true; data: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
};

describe('the workspace clock', () => {
  it("defaults to the end of the data: the sample's --now", async () => {
    expect(must(await service.call('clock.get', {}))).toEqual({
      time: SAMPLE_END,
      timeMs: Date.parse(SAMPLE_END),
      source: 'data',
      endOfData: SAMPLE_END,
    });
  });

  it('is the default as-of of segment counts, estimates, decisions and models, not the wall clock', async () => {
    const segments = must(await service.call('segments.list', {}));
    expect(segments.asOf).toBe(SAMPLE_END);
    const active = segments.segments.find((s) => s.apiName === 'Active_Shoppers')!;
    expect(active.members).toBeGreaterThan(0);
    const estimate = must(await service.call('campaigns.estimate', { campaign: 'Nightly Email Recs' }));
    expect(estimate.asOf).toBe(SAMPLE_END);
    expect(estimate.refresh.refreshedAt).toBe(SAMPLE_END);
    expect(estimate.segmentSize).toBeGreaterThan(0);
    expect(estimate.creditsPerRun).toBe(estimate.segmentSize * estimate.points.length);
    const decision = must(
      await service.call('decide', { individualId: 'ind_000001', points: ['email_product_recs'], trace: true }),
    );
    expect(decision.trace?.asOf).toBe(SAMPLE_END);
    const models = must(await service.call('models.status', {}));
    expect(models.asOf).toBe(SAMPLE_END);
    expect(models.recommenders.every((m) => m.current)).toBe(true);
    const campaigns = must(await service.call('campaigns.list', {}));
    const nightly = campaigns.find((c) => c.campaign.name === 'Nightly Email Recs')!;
    // 20:00 New York on the last day of the data, not a day after the wall clock.
    expect(nightly.nextScheduledAt).toBe('2026-03-01T01:00:00.000Z');
  });

  it('moves when set, and comes back to the end of the data', async () => {
    const set = must(await service.call('clock.set', { time: '2026-02-15T12:00:00+01:00' }));
    expect(set).toMatchObject({ time: '2026-02-15T11:00:00.000Z', source: 'set', endOfData: SAMPLE_END });
    expect(must(await service.call('segments.list', {})).asOf).toBe('2026-02-15T11:00:00.000Z');
    // An explicit as-of still wins.
    expect(must(await service.call('segments.list', { asOf: SAMPLE_END })).asOf).toBe(SAMPLE_END);
    expect(must(await service.call('clock.set', { time: null }))).toMatchObject({ time: SAMPLE_END, source: 'data' });
  });

  it('refuses a time without a zone, naming the field, and changes nothing', async () => {
    const before = workspaceChecksum(file);
    expect(await service.call('clock.set', { time: '2026-02-15 12:00' })).toMatchObject({
      ok: false,
      error: { code: 'InvalidInput', field: 'set', message: expect.stringContaining('"2026-02-15 12:00"') },
    });
    expect(workspaceChecksum(file)).toEqual(before);
  });

  it('is refused on a read-only workspace', async () => {
    const ro = must(openService(file, { readonly: true }));
    try {
      expect(await ro.call('clock.set', { time: SAMPLE_END })).toMatchObject({
        ok: false,
        error: { code: 'InvalidRequest', message: expect.stringContaining('read-only') },
      });
      expect(must(await ro.call('clock.get', {})).time).toBe(SAMPLE_END);
    } finally {
      ro.close();
    }
  });

  it('of a workspace without data is its creation time', async () => {
    const empty = join(dir, 'empty.sqlite');
    must(await initWorkspace(empty, { clock: () => Date.parse('2026-05-05T05:05:05Z') }));
    const s = must(openService(empty));
    try {
      expect(must(await s.call('clock.get', {}))).toEqual({
        time: '2026-05-05T05:05:05.000Z',
        timeMs: Date.parse('2026-05-05T05:05:05Z'),
        source: 'created',
        endOfData: null,
      });
    } finally {
      s.close();
    }
  });
});
