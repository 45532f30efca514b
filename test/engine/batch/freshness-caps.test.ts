import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DataSpaceConfig, EngagementEvent, WorkspaceConfig } from '../../../engine/model/index.ts';
import { DAY_MS, isoOf } from '../../../engine/model/time.ts';
import { trainAndStore } from '../../../engine/batch/training.ts';
import { END, END_MS, modelWorkspace, objectiveRec, type ModelWorkspace } from '../service/models-fixture.ts';
import { editConfig, runToEnd, tempDir } from './run-fixture.ts';

const CAMPAIGN = 'Picks Everyone';
const LONG = 'ind_long';

/** Everyone, in one campaign over the fixture's recommendations point, to a JSONL file. */
function addCampaign(space: DataSpaceConfig): void {
  space.segments.push({
    apiName: 'Everyone',
    label: 'Everyone',
    description: '',
    profileDataGraph: 'Customer_Profile',
    rule: { '!!': [{ var: 'id' }] },
  });
  space.campaigns.push({
    name: CAMPAIGN,
    description: '',
    segment: 'Everyone',
    points: ['picks_point'],
    schedule: { cron: '0 20 * * *', timezone: 'UTC' },
    chunkSize: 50,
    output: { kind: 'file', format: 'jsonl' },
    status: 'Active',
  });
}

/**
 * The long-history individual: 250 orders within the year before END, one a day. The newest 200
 * (days 1–200) are of items prod_000–prod_009; the oldest 50 (days 201–250) of prod_050–prod_059,
 * 40 units each, which makes those the year's top sellers — and purchases the document's 200-row
 * cap hides.
 */
function longHistory(): EngagementEvent[] {
  const out: EngagementEvent[] = [];
  for (let d = 1; d <= 250; d++) {
    const n = d <= 200 ? d % 10 : 50 + (d % 10);
    out.push({
      individualId: LONG,
      itemId: `prod_${String(n).padStart(3, '0')}`,
      type: 'order',
      timestamp: isoOf(END_MS - d * DAY_MS - 3600_000),
      quantity: d <= 200 ? 1 : 40,
      price: 10,
    });
  }
  return out;
}

const dirs = tempDir('bpw-freshness-');
afterAll(() => dirs.remove());

/** A model workspace with the long-history individual and the campaign; `recs`: the point's recommender first. */
function workspace(name: string, recs: Parameters<typeof objectiveRec>[0][] = [{}]): ModelWorkspace {
  const dir = join(dirs.dir, name);
  mkdirSync(dir);
  const w = modelWorkspace({ dir });
  w.store.insertIndividuals(w.spaceId, [{ id: LONG, attributes: {} }]);
  w.store.insertEvents(w.spaceId, longHistory());
  editConfig(w.service, (space) => {
    addCampaign(space);
    space.recommenders = space.recommenders.map((r) =>
      r.apiName === 'picks' ? { ...r, ...(objectiveRec(recs[0]) as typeof r) } : r,
    );
  });
  return w;
}

/** The stored config's objective-based recommender `picks`. */
const picksOf = (w: ModelWorkspace) =>
  (w.store.getConfig()!.config as WorkspaceConfig).dataSpaces[0]!.recommenders.find((r) => r.apiName === 'picks')!;

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { individualId: string; payload: { recommendations?: { itemId: string }[] } | null });

describe('no silent truncation: a long history beyond the profile document’s 200-row cap', () => {
  it('a run excludes every item ordered within the year, counts the individuals read beyond their documents, and the trace says so', async () => {
    const w = workspace('caps', [
      {
        apiName: 'picks',
        type: 'rules-based',
        strategy: 'top-sellers',
        windowDays: 365,
        exclusions: { purchasedWithinDays: 365, inCart: false, anchor: true },
      },
    ]);
    try {
      const out = join(w.dir, 'caps.jsonl');
      const run = await runToEnd(w.service, { campaign: CAMPAIGN, asOf: END, out, workers: 1 });
      expect(run.summary.status).toBe('succeeded');
      const ordered = new Set(longHistory().map((e) => e.itemId));
      const mine = linesOf(out).find((l) => l.individualId === LONG)!;
      const ids = mine.payload!.recommendations!.map((r) => r.itemId);
      expect(ids).toHaveLength(5);
      for (const id of ids) expect(ordered.has(id)).toBe(false);
      // The run summary counts the individuals: one document at its cap, one exclusion read beyond it.
      expect(run.summary.caps).toEqual(
        expect.arrayContaining([
          { cap: 'Customer_Profile Product Order: the document is at its 200-row cap', individuals: 1 },
          {
            cap: 'exclusion: purchased within 365 days: Product Order read from the event history (the profile document does not cover the window)',
            individuals: 1,
          },
        ]),
      );
      const traced = await w.service.call('runs.trace', { runId: run.runId, individualId: LONG });
      if (!traced.ok) throw new Error(traced.error.message);
      const t = traced.data.trace!;
      expect(t.freshness.caps!.join('\n')).toContain('holds the newest 200 Product Order rows only');
      const rec = t.points[0]!.personalizing!.recommender!;
      expect(rec.engagementReads).toEqual([expect.objectContaining({ read: 'history', rows: 250, documentRows: 200 })]);
      expect(rec.candidates.find((c) => c.itemId === 'prod_050')!.excluded).toBe(
        'exclusion: purchased within 365 days',
      );
    } finally {
      w.close();
    }
  });
});

describe('objective-based models follow their 24-hour training cycle', () => {
  const FIVE_DAYS_BEFORE = END_MS - 5 * DAY_MS;

  it('a run five days after the last training trains the cycle’s model on demand; the summary and the trace show its age', async () => {
    const w = workspace('cycle');
    try {
      const old = await trainAndStore(w.store, w.spaceId, picksOf(w) as never, FIVE_DAYS_BEFORE);
      if (!old.ok) throw new Error(old.error.message);
      const asOf = '2026-11-28T06:10:00.000Z';
      const run = await runToEnd(w.service, { campaign: CAMPAIGN, asOf, out: join(w.dir, 'a.jsonl'), workers: 1 });
      expect(run.summary.status).toBe('succeeded');
      expect(run.summary.watermarks.modelsTrainedAt).toEqual({ picks: END });
      expect(run.summary.watermarks.models).toEqual({
        picks: { trainedAt: END, ageHours: 6.2, cycle: END, pinned: false },
      });
      expect(w.store.models.list(w.spaceId, 'picks').map((m) => m.trainedAt)).toEqual([END, isoOf(FIVE_DAYS_BEFORE)]);
      const traced = await w.service.call('runs.trace', { runId: run.runId, individualId: 'ind_0001' });
      if (!traced.ok) throw new Error(traced.error.message);
      expect(traced.data.trace!.points[0]!.personalizing!.recommender).toMatchObject({
        trainedAt: END,
        modelAgeHours: 6.2,
      });
      expect(traced.data.trace!.points[0]!.personalizing!.recommender!.modelNote).toBeUndefined();
    } finally {
      w.close();
    }
  });

  it('a pinned model is used as pinned, nothing is trained, and the summary and trace say so', async () => {
    const pinnedAt = isoOf(FIVE_DAYS_BEFORE);
    const w = workspace('pinned', [{ pinnedModelAt: pinnedAt }]);
    try {
      const rec = picksOf(w);
      const old = await trainAndStore(w.store, w.spaceId, rec as never, FIVE_DAYS_BEFORE);
      if (!old.ok) throw new Error(old.error.message);
      const run = await runToEnd(w.service, { campaign: CAMPAIGN, asOf: END, out: join(w.dir, 'p.jsonl'), workers: 1 });
      expect(run.summary.watermarks.models).toEqual({
        picks: { trainedAt: pinnedAt, ageHours: 120, cycle: END, pinned: true },
      });
      expect(run.summary.watermarks.stale.join('\n')).toContain('(pinned in the config)');
      expect(w.store.models.list(w.spaceId, 'picks')).toHaveLength(1);
      const traced = await w.service.call('runs.trace', { runId: run.runId, individualId: 'ind_0001' });
      if (!traced.ok) throw new Error(traced.error.message);
      expect(traced.data.trace!.points[0]!.personalizing!.recommender!.modelNote).toBe(
        `pinned in the config (pinnedModelAt ${pinnedAt})`,
      );
    } finally {
      w.close();
    }
  });

  it('on-demand training is deterministic: same as-of, same model, same output byte for byte', async () => {
    const a = workspace('det-a');
    const b = workspace('det-b');
    try {
      const ra = await runToEnd(a.service, { campaign: CAMPAIGN, asOf: END, out: join(a.dir, 'o.jsonl'), workers: 1 });
      const rb = await runToEnd(b.service, { campaign: CAMPAIGN, asOf: END, out: join(b.dir, 'o.jsonl'), workers: 2 });
      expect(ra.summary.status).toBe('succeeded');
      expect(rb.summary.status).toBe('succeeded');
      const ma = a.store.models.load(a.store.models.latestIdAt(a.spaceId, 'picks', END_MS)!)!;
      const mb = b.store.models.load(b.store.models.latestIdAt(b.spaceId, 'picks', END_MS)!)!;
      expect(ma.trainedAt).toBe(END);
      expect(Buffer.from(mb.itemFactors.buffer).equals(Buffer.from(ma.itemFactors.buffer))).toBe(true);
      expect(readFileSync(join(b.dir, 'o.jsonl')).equals(readFileSync(join(a.dir, 'o.jsonl')))).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  });
});
