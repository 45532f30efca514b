// import.start: an import is a job with progress, a typed result, and a cancel that rolls back.
import { describe, expect, it } from 'vitest';
import { jobOutcome, type JobInfo } from '../../../engine/service/jobs.ts';
import { identityWorkspace, must } from '../identity/service-fixture.ts';

/** A profiles CSV of `n` rows (ids p_000000…). */
const profilesCsv = (n: number, start = 0): string => {
  const lines = ['id,firstName,shoeSize'];
  for (let i = start; i < start + n; i++) lines.push(`p_${String(i).padStart(6, '0')},Name${i},${36 + (i % 10)}`);
  return lines.join('\n') + '\n';
};

describe('import.start', () => {
  it('reports progress as it reads, then rows read, inserted and updated, and the fields it added', async () => {
    const w = await identityWorkspace();
    const file = w.write('people.csv', profilesCsv(120_000));
    const started = must(await w.service.call('import.start', { kind: 'profiles', file }));
    const seen: JobInfo<'import'>[] = [];
    const off = w.ctx.jobs.watch(started.jobId, (job) => seen.push(job));
    const ended = await w.ctx.jobs.wait(started.jobId)!;
    off();
    const report = must(jobOutcome(ended));
    expect(report).toMatchObject({ kind: 'profiles', rowsRead: 120_000, inserted: 120_000, updated: 0 });
    expect(report.addedFields.map((f) => f.name)).toEqual(['firstName', 'shoeSize']);
    expect(report.configRevision).toEqual(expect.any(Number));
    // Progress counts the file's bytes (for the bar) and the rows read; events are throttled, the
    // first one always goes out, and the ended job keeps the last progress reported.
    const first = seen.find((j) => (j.progress.counters?.rows ?? 0) > 0);
    expect(first!.progress.counters!.rows).toBeGreaterThanOrEqual(50_000);
    expect(first!.progress.done).toBeLessThan(first!.progress.total!);
    expect(ended.progress).toMatchObject({ counters: { rows: 120_000 }, done: first!.progress.total });
    expect(w.store.countIndividuals(w.space)).toBe(120_000);
  });

  it('ends with InvalidInput naming file, line and field for a bad row; nothing is imported', async () => {
    const w = await identityWorkspace();
    const file = w.write(
      'events.csv',
      'individualId,itemId,type,timestamp\nnobody,prod_1,teleport,2026-11-01T00:00:00Z\n',
    );
    const started = must(await w.service.call('import.start', { kind: 'events', file }));
    const r = jobOutcome(await w.ctx.jobs.wait(started.jobId)!);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('InvalidInput');
    expect(r.error.message).toMatch(/events\.csv: 1 bad row; nothing was imported/);
    expect(r.error.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ file, line: 2, field: 'type' })]),
    );
    expect(w.store.countEvents(w.space)).toBe(0);
  });

  it('names the file as given by `name` (an upload) in messages and problems', async () => {
    const w = await identityWorkspace();
    const file = w.write('tmp-upload.csv', 'id,birthDate\np_1,not a date\np_2,2001-02-03\n');
    must(
      await w.service.call('import.start', {
        kind: 'profiles',
        file: w.write('seed.csv', 'id,birthDate\np_0,2000-01-01\n'),
      }),
    );
    await Promise.all(w.ctx.jobs.list().map((j) => w.ctx.jobs.wait(j.id)));
    const started = must(await w.service.call('import.start', { kind: 'profiles', file, name: 'people.csv' }));
    const r = jobOutcome(await w.ctx.jobs.wait(started.jobId)!);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.problems?.[0]).toMatchObject({ file: 'people.csv', line: 2, field: 'birthDate' });
    expect(JSON.stringify(r)).not.toContain('tmp-upload');
  });

  it('cancelled part-way, rolls back: the row counts are unchanged', async () => {
    const w = await identityWorkspace();
    must(
      jobOutcome(
        await w.ctx.jobs.wait(
          must(await w.service.call('import.start', { kind: 'profiles', file: w.write('a.csv', profilesCsv(10)) }))
            .jobId,
        )!,
      ),
    );
    const before = w.store.countIndividuals(w.space);
    const file = w.write('many.csv', profilesCsv(200_000, 10));
    const started = must(await w.service.call('import.start', { kind: 'profiles', file }));
    let readDuring: number | undefined;
    const off = w.ctx.jobs.watch(started.jobId, (job) => {
      if ((job.progress.counters?.rows ?? 0) > 0 && readDuring === undefined) {
        // Reads go on meanwhile and see the data as it was before the import.
        readDuring = w.store.countIndividuals(w.space);
        w.ctx.jobs.cancel(started.jobId);
      }
    });
    const ended = await w.ctx.jobs.wait(started.jobId)!;
    off();
    expect(ended).toMatchObject({ status: 'cancelled', error: { code: 'Cancelled' } });
    expect(ended.error?.message).toMatch(/many\.csv: import cancelled; nothing was imported/);
    expect(readDuring).toBe(before);
    expect(w.store.countIndividuals(w.space)).toBe(before);
    expect(w.store.getIndividual(w.space, 'p_000100')).toBeUndefined();
  });

  it('refuses a second import and other writes while one runs (Conflict); reads go on', async () => {
    const w = await identityWorkspace();
    const started = must(
      await w.service.call('import.start', { kind: 'profiles', file: w.write('big.csv', profilesCsv(100_000)) }),
    );
    const second = await w.service.call('import.start', { kind: 'profiles', file: w.write('b.csv', profilesCsv(1)) });
    expect(second).toMatchObject({
      ok: false,
      error: {
        code: 'Conflict',
        message: expect.stringMatching(
          /b\.csv: not imported — an import is in progress \(import of profiles from .*big\.csv, job_\d+\); import when it has finished/,
        ),
      },
    });
    const config = must(await w.service.call('config.get', {}));
    const save = await w.service.call('config.save', { config: config.config });
    expect(save).toMatchObject({
      ok: false,
      error: { code: 'Conflict', message: expect.stringMatching(/an import is in progress/) },
    });
    expect(must(await w.service.call('workspace.info', {})).dataSpaces[0]!.individuals).toBe(0);
    expect((await w.ctx.jobs.wait(started.jobId)!).status).toBe('succeeded');
    expect(
      (await w.service.call('config.save', { config: must(await w.service.call('config.get', {})).config })).ok,
    ).toBe(true);
  });
});
