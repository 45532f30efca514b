// One process: an import job and a data-graph refresh each hold the write lock on a connection of
// their own until they commit. The service keeps writers from tripping over each other: imports and
// writing jobs refuse to overlap (Conflict), and a run waits for a refresh being built instead of
// failing on a locked database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { AS_OF, TWO_POINTS, open, sampleWorkspace, tempDir } from '../batch/run-fixture.ts';
import type { Service } from '../../../engine/service/service.ts';
import { jobOutcome } from '../../../engine/service/jobs.ts';

const tmp = tempDir('bpw-conflicts-');
const ws = tmp.path('ws.sqlite');
let service: Service;

beforeAll(async () => {
  await sampleWorkspace(ws, { individuals: 1200, items: 150, chunkSize: 50 });
  service = open(ws);
});
afterAll(() => {
  service?.close();
  tmp.remove();
});

/** Imports a file through the import job; resolves to its outcome. */
const importFile = async (kind: 'events' | 'profiles', file: string) => {
  const started = await service.call('import.start', { kind, file });
  if (!started.ok) return started;
  return jobOutcome(await service.context.jobs.wait(started.data.jobId)!);
};

const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
};

describe('writers in one process', () => {
  it('refuses an import while a run is writing, naming the run; the run completes', async () => {
    const hold = tmp.path('hold');
    process.env['WORKBENCH_TEST_HOLD_CHUNK'] = '2';
    process.env['WORKBENCH_TEST_HOLD_FILE'] = hold;
    try {
      const started = await service.call('runs.start', {
        campaign: TWO_POINTS,
        asOf: AS_OF,
        out: tmp.path('held.jsonl'),
        workers: 1,
      });
      if (!started.ok) throw new Error(started.error.message);
      await until(() => existsSync(`${hold}.held`));
      const csv = tmp.path('events.csv');
      writeFileSync(csv, 'individualId,itemId,type,timestamp\nind_000001,prod_00001,browse,2026-11-27T10:00:00Z\n');
      const refused = await service.call('import.start', { kind: 'events', file: csv });
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'Conflict',
          file: csv,
          message: expect.stringMatching(/in progress \(job_\d+\); import when it has finished/),
        },
      });
      writeFileSync(hold, 'go');
      const ended = await service.context.jobs.wait(started.data.jobId)!;
      expect(ended.status).toBe('succeeded');
      const accepted = await importFile('events', csv);
      expect(accepted.ok).toBe(true);
    } finally {
      delete process.env['WORKBENCH_TEST_HOLD_CHUNK'];
      delete process.env['WORKBENCH_TEST_HOLD_FILE'];
    }
  });

  it('refuses to start a run while an import is in progress', async () => {
    const csv = tmp.path('profiles.csv');
    writeFileSync(csv, 'id,firstName\nind_000002,Ana\n');
    const importing = await service.call('import.start', { kind: 'profiles', file: csv });
    if (!importing.ok) throw new Error(importing.error.message);
    const refused = await service.call('runs.start', { campaign: TWO_POINTS, asOf: AS_OF, out: tmp.path('x.jsonl') });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'Conflict', message: expect.stringMatching(/an import is in progress/) },
    });
    expect((await service.context.jobs.wait(importing.data.jobId)!).status).toBe('succeeded');
  });

  it('starts a run while a data-graph refresh is being built: the run waits for it instead of failing', async () => {
    // A new data version: the refresh at this watermark has to be built again.
    const csv = tmp.path('more.csv');
    writeFileSync(csv, 'individualId,itemId,type,timestamp\nind_000003,prod_00002,browse,2026-11-27T11:00:00Z\n');
    expect((await importFile('events', csv)).ok).toBe(true);
    const refresh = await service.call('refreshes.start', { asOf: AS_OF });
    if (!refresh.ok) throw new Error(refresh.error.message);
    expect(service.context.jobs.get(refresh.data.jobId)!.status).toBe('running');
    const run = await service.call('runs.start', {
      campaign: TWO_POINTS,
      asOf: AS_OF,
      out: tmp.path('after-refresh.jsonl'),
    });
    if (!run.ok) throw new Error(`${run.error.code}: ${run.error.message}`);
    expect((await service.context.jobs.wait(refresh.data.jobId)!).status).toBe('succeeded');
    expect((await service.context.jobs.wait(run.data.jobId)!).status).toBe('succeeded');
  });
});
