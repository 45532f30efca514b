import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareRun } from '../../../engine/batch/run-prepare.ts';
import { executeRun } from '../../../engine/batch/runner.ts';
import type { Service } from '../../../engine/service/service.ts';
import {
  AS_OF,
  TWO_POINTS,
  copyWorkspace,
  editConfig,
  execute,
  open,
  query,
  resumeToEnd,
  runToEnd,
  sampleWorkspace,
  tempDir,
} from './run-fixture.ts';

const tmp = tempDir();
const base = tmp.path('base.sqlite');
let seq = 0;

beforeAll(async () => {
  await sampleWorkspace(base, { individuals: 600, items: 150, chunkSize: 50 });
});
afterAll(() => tmp.remove());

/** A fresh copy of the base workspace with its service; closed by the caller. */
function fresh(): { file: string; service: Service } {
  const file = copyWorkspace(base, tmp.path(`ws-${++seq}.sqlite`));
  return { file, service: open(file) };
}

const logOf = (file: string, runId: number) =>
  query<Record<string, unknown>>(file, 'SELECT * FROM decision_log WHERE run_id = ? ORDER BY seq', runId).map(
    ({ run_id: _r, ...rest }) => rest,
  );

describe('a dry run of a campaign', () => {
  it('decides every segment member × point in id order, logs and outputs each, and sums it up', async () => {
    const { file, service } = fresh();
    try {
      const { job, summary, runId } = await runToEnd(service, { campaign: TWO_POINTS, asOf: AS_OF, workers: 2 });
      expect(job.status).toBe('succeeded');
      const refreshId = summary.watermarks.refreshes['Customer_Profile']!.id;
      const members = query<{ individual_id: string }>(
        file,
        `SELECT m.individual_id FROM data_graph_segment_members m JOIN data_graph_refresh_segments s ON s.refresh_id = m.refresh_id AND s.segment_idx = m.segment_idx
         WHERE m.refresh_id = ? AND s.api_name = 'Active_Shoppers' ORDER BY m.individual_id`,
        refreshId,
      ).map((r) => r.individual_id);
      expect(members.length).toBeGreaterThan(150);
      // One log row per member × point, members in id order, points in the campaign's order.
      const log = logOf(file, runId);
      expect(log.map((r) => `${r['individual_id']}/${r['point']}`)).toEqual(
        members.flatMap((m) => [`${m}/email_product_recs`, `${m}/onboarding_banner`]),
      );
      expect(log.map((r) => r['seq'])).toEqual(log.map((_, i) => i));
      expect(new Set(log.map((r) => r['decided_at_ms']))).toEqual(new Set([Date.parse(AS_OF)]));
      // The summary adds up, and estimated credits are the estimator's: members × points.
      expect(summary).toMatchObject({
        status: 'succeeded',
        individuals: members.length,
        totalIndividuals: members.length,
        requests: 2 * members.length,
        errors: 0,
        errorsByCode: [],
        attempts: 1,
        workers: 2,
      });
      expect(summary.decisions + summary.fallbacks + summary.none + summary.errors).toBe(summary.requests);
      expect(summary.credits).toEqual({
        estimated: 2 * members.length,
        actual: summary.decisions + summary.fallbacks,
        erroredRequests: 0,
      });
      expect(summary.chunks).toBe(Math.ceil(members.length / 50));
      expect(summary.watermarks.refreshes['Customer_Profile']).toMatchObject({ refreshedAt: AS_OF, individuals: 600 });
      expect(summary.watermarks.stale).toEqual([]);
      expect(summary.wallMs).toBeGreaterThan(0);
      // The records output: one row per log row, same order, the personalization's data as payload.
      const records = await service.call('outputs.rows', { table: 'Two_Point_Content__c', runId, limit: 1000 });
      expect(records.ok && records.data.total).toBe(log.length);
      const first = records.ok ? records.data.rows[1]! : undefined;
      expect(first).toMatchObject({
        individualId: members[0],
        point: 'onboarding_banner',
        status: 'ok',
        personalizationId: log[1]!['personalization_id'],
      });
      expect((first!.payload as Record<string, unknown>)['headline']).toEqual(expect.any(String));
      // The experiment on onboarding_banner splits the pool; control and variant are both logged.
      const variants = new Set(log.filter((r) => r['point'] === 'onboarding_banner').map((r) => r['variant']));
      expect(variants).toEqual(new Set(['control', 'free_shipping']));
      // The campaign is Active with this run as its last and last successful run.
      const campaigns = await service.call('campaigns.list', {});
      const c = campaigns.ok ? campaigns.data.find((x) => x.campaign.name === TWO_POINTS) : undefined;
      expect(c).toMatchObject({
        status: 'Active',
        lastRun: { runId },
        lastSuccessfulRun: { runId },
        nextScheduledAt: expect.stringMatching(/T01:00:00.000Z$/),
      });
    } finally {
      service.close();
    }
  }, 300_000);

  it('logs what a single decide request answers for the same individual and time', async () => {
    const { file, service } = fresh();
    try {
      const { runId } = await runToEnd(service, { campaign: TWO_POINTS, asOf: AS_OF, workers: 1 });
      const log = logOf(file, runId);
      for (const individualId of [
        log[0]!['individual_id'],
        log[40]!['individual_id'],
        log[log.length - 1]!['individual_id'],
      ] as string[]) {
        const one = await service.call('decide', {
          individualId,
          points: ['email_product_recs', 'onboarding_banner'],
          asOf: AS_OF,
        });
        expect(one.ok).toBe(true);
        const logged = log.filter((r) => r['individual_id'] === individualId);
        expect(one.ok && one.data.response.personalizations.map((p) => [p.personalizationId, p.contentId])).toEqual(
          logged.map((r) => [r['personalization_id'], r['decision']]),
        );
        expect(one.ok && one.data.requestId).toBe(logged[0]!['request_id']);
      }
    } finally {
      service.close();
    }
  }, 300_000);

  it('writes byte-identical files whatever the worker count (JSONL and CSV), and the same rows as a records run', async () => {
    const outs: Record<string, Buffer> = {};
    for (const [name, workers, out] of [
      ['jsonl-1', 1, 'a.jsonl'],
      ['jsonl-2', 2, 'b.jsonl'],
      ['csv-1', 1, 'a.csv'],
      ['csv-2', 2, 'b.csv'],
    ] as const) {
      const { service } = fresh();
      try {
        const r = await runToEnd(service, {
          campaign: TWO_POINTS,
          asOf: AS_OF,
          workers,
          out: tmp.path(`${seq}-${out}`),
        });
        expect(r.summary.status).toBe('succeeded');
        expect(r.runId).toBe(1);
        outs[name] = readFileSync(tmp.path(`${seq}-${out}`));
        expect(r.summary.output).toMatchObject({ kind: 'file', bytes: outs[name]!.length });
      } finally {
        service.close();
      }
    }
    expect(outs['jsonl-1']!.equals(outs['jsonl-2']!)).toBe(true);
    expect(outs['csv-1']!.equals(outs['csv-2']!)).toBe(true);
    const lines = outs['jsonl-1']!.toString('utf8').trimEnd().split('\n');
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual([
      'runId',
      'individualId',
      'point',
      'status',
      'personalizationId',
      'contentId',
      'errorCode',
      'errorMessage',
      'payload',
    ]);
    expect(outs['csv-1']!.toString('utf8').split('\n')[0]).toBe(
      'run_id,individual_id,point,status,personalization_id,content_id,error_code,error_message,payload',
    );
    // A records run exported as JSONL holds the very same lines.
    const { service } = fresh();
    try {
      const r = await runToEnd(service, { campaign: TWO_POINTS, asOf: AS_OF, workers: 2 });
      const exported = await service.call('runs.export', {
        runId: r.runId,
        what: 'output',
        format: 'jsonl',
        file: tmp.path('exported.jsonl'),
      });
      expect(exported.ok && exported.data.rows).toBe(lines.length);
      expect(readFileSync(tmp.path('exported.jsonl')).equals(outs['jsonl-1']!)).toBe(true);
    } finally {
      service.close();
    }
  }, 300_000);

  it('cancelled mid-way, stays consistent, and resumes to the uninterrupted outputs (file cut back to the last commit)', async () => {
    // Uninterrupted.
    const a = fresh();
    let expectedFile: Buffer;
    let expectedLog: Record<string, unknown>[];
    try {
      const r = await runToEnd(a.service, {
        campaign: TWO_POINTS,
        asOf: AS_OF,
        workers: 2,
        out: tmp.path('whole.jsonl'),
      });
      expectedFile = readFileSync(tmp.path('whole.jsonl'));
      expectedLog = logOf(a.file, r.runId);
    } finally {
      a.service.close();
    }
    // Held before committing chunk 3 (its lines already in the file), then cancelled.
    const b = fresh();
    const hold = tmp.path('hold-cancel');
    process.env['WORKBENCH_TEST_HOLD_CHUNK'] = '3';
    process.env['WORKBENCH_TEST_HOLD_FILE'] = hold;
    try {
      const started = await b.service.call('runs.start', {
        campaign: TWO_POINTS,
        asOf: AS_OF,
        workers: 2,
        out: tmp.path('cut.jsonl'),
      });
      if (!started.ok) throw new Error(started.error.message);
      while (!existsSync(`${hold}.held`)) await new Promise((r) => setTimeout(r, 10));
      delete process.env['WORKBENCH_TEST_HOLD_CHUNK'];
      expect(statSync(tmp.path('cut.jsonl.run1.partial')).size).toBeGreaterThan(0);
      expect(existsSync(tmp.path('cut.jsonl'))).toBe(false);
      const cancel = await b.service.call('runs.cancel', { runId: started.data.runId });
      expect(cancel.ok && cancel.data.cancelled).toBe(true);
      const job = await b.service.call('jobs.wait', { id: started.data.jobId });
      expect(job.ok && job.data.status).toBe('cancelled');
      expect(job.ok && job.data.error?.message).toMatch(/cancelled after 3 committed chunk\(s\).*--resume 1/);
      const run = await b.service.call('runs.get', { runId: started.data.runId });
      expect(run.ok && run.data).toMatchObject({ status: 'cancelled', chunks: 3, individuals: 150, requests: 300 });
      expect(query(b.file, 'SELECT count(*) AS n FROM decision_log')).toEqual([{ n: 300 }]);
      // The file holds chunk 3's lines beyond the committed offset: resume must cut them.
      expect(statSync(tmp.path('cut.jsonl.run1.partial')).size).toBeGreaterThan((run.ok && run.data.output.bytes) || 0);
      const campaigns = await b.service.call('campaigns.list', {});
      expect(campaigns.ok && campaigns.data.find((c) => c.campaign.name === TWO_POINTS)).toMatchObject({
        status: 'Active',
        lastRun: { runId: 1, status: 'cancelled' },
        lastSuccessfulRun: null,
      });
      const resumed = await resumeToEnd(b.service, started.data.runId, 1);
      expect(resumed.summary).toMatchObject({ status: 'succeeded', attempts: 2, workers: 1 });
      expect(readFileSync(tmp.path('cut.jsonl')).equals(expectedFile)).toBe(true);
      expect(logOf(b.file, 1)).toEqual(expectedLog);
      expect(
        query(
          b.file,
          'SELECT count(*) AS n, count(DISTINCT individual_id || point) AS d FROM decision_log WHERE run_id = 1',
        ),
      ).toEqual([{ n: expectedLog.length, d: expectedLog.length }]);
      expect(query(b.file, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      delete process.env['WORKBENCH_TEST_HOLD_CHUNK'];
      delete process.env['WORKBENCH_TEST_HOLD_FILE'];
      b.service.close();
    }
  }, 300_000);

  it('refuses to resume a completed run or one still running in this process; accepts one whose process died', async () => {
    const { file, service } = fresh();
    try {
      const done = await runToEnd(service, { campaign: TWO_POINTS, asOf: AS_OF, workers: 1 });
      const again = await service.call('runs.resume', { runId: done.runId });
      expect(!again.ok && again.error).toMatchObject({
        code: 'Conflict',
        message: expect.stringMatching(/already completed/),
      });
      // Prepared (row written, marked live here) but not executed yet.
      const prepared = prepareRun(
        service.context.store,
        { dataSpace: 'default', campaign: TWO_POINTS, asOfMs: Date.parse(AS_OF), workers: 1 },
        Date.now(),
      );
      if (!prepared.ok) throw new Error(prepared.error.message);
      const live = await service.call('runs.resume', { runId: prepared.data.runId });
      expect(!live.ok && live.error).toMatchObject({
        code: 'Conflict',
        message: expect.stringMatching(/running in this process/),
      });
      const listed = await service.call('runs.cancel', { runId: prepared.data.runId });
      expect(!listed.ok && listed.error.message).toMatch(/running in this process, not in this session/);
      prepared.data.release();
      // Another live process (our parent) holds it: refused.
      execute(file, 'UPDATE runs SET pid = ? WHERE id = ?', process.ppid, prepared.data.runId);
      const other = await service.call('runs.resume', { runId: prepared.data.runId });
      expect(!other.ok && other.error.message).toMatch(new RegExp(`running in process ${process.ppid}`));
      // A pid that no longer exists: resumable, and the summary says the run was abandoned.
      execute(file, 'UPDATE runs SET pid = ? WHERE id = ?', 2 ** 22 + 12345, prepared.data.runId);
      const got = await service.call('runs.get', { runId: prepared.data.runId });
      expect(got.ok && got.data.abandoned).toMatch(/no longer alive; resume it with `workbench run --resume 2`/);
      const started = await service.call('runs.resume', { runId: prepared.data.runId, workers: 1 });
      expect(started.ok && started.data.recovered).toMatch(/which is no longer alive/);
      const job = started.ok ? await service.call('jobs.wait', { id: started.data.jobId }) : undefined;
      expect(job?.ok && job.data.status).toBe('succeeded');
      expect(logOf(file, 2)).toEqual(logOf(file, 1));
    } finally {
      service.close();
    }
  }, 300_000);

  it('exports the decision log as CSV or JSONL, lists its outputs, and deletes a run', async () => {
    const { file, service } = fresh();
    try {
      const { runId, summary } = await runToEnd(service, { campaign: TWO_POINTS, asOf: AS_OF, workers: 1 });
      const csv = await service.call('runs.export', {
        runId,
        what: 'log',
        format: 'csv',
        file: tmp.path(`log-${seq}.csv`),
      });
      expect(csv.ok && csv.data.rows).toBe(summary.requests);
      const lines = readFileSync(tmp.path(`log-${seq}.csv`), 'utf8')
        .trimEnd()
        .split('\n');
      expect(lines[0]).toBe(
        'run_id,seq,individual_id,point,decision,outcome,reason,experiment,variant,in_pool,control,item_ids,credits,error_code,error_message,decided_at,request_id,personalization_id',
      );
      expect(lines).toHaveLength(summary.requests + 1);
      expect(lines[2]).toMatch(
        /^1,1,ind_\d+,onboarding_banner,\w+,(decision|fallback),\w+,onboarding_banner_copy,(control|free_shipping),1,[01],,1,,,2026-11-28T00:00:00.000Z,req_[0-9a-f]{16},pz_[0-9a-f]{16}$/,
      );
      const jsonl = await service.call('runs.export', {
        runId,
        what: 'log',
        format: 'jsonl',
        file: tmp.path(`log-${seq}.jsonl`),
      });
      expect(jsonl.ok && jsonl.data.rows).toBe(summary.requests);
      const first = JSON.parse(readFileSync(tmp.path(`log-${seq}.jsonl`), 'utf8').split('\n')[0]!) as Record<
        string,
        unknown
      >;
      expect(first).toMatchObject({
        runId,
        seq: 0,
        point: 'email_product_recs',
        decidedAt: AS_OF,
        credits: expect.any(Number),
      });
      const outputs = await service.call('outputs.list', {});
      expect(outputs.ok && outputs.data).toEqual([
        { kind: 'records', name: 'Two_Point_Content__c', rows: summary.requests, runs: 1, lastRunId: runId },
      ]);
      const badFormat = await service.call('runs.export', {
        runId: 99,
        what: 'log',
        format: 'csv',
        file: tmp.path('x.csv'),
      });
      expect(!badFormat.ok && badFormat.error.code).toBe('NotFound');
      const deleted = await service.call('runs.delete', { runId });
      expect(deleted.ok && deleted.data).toEqual({ runId, decisions: summary.requests });
      expect(
        query(
          file,
          'SELECT (SELECT count(*) FROM decision_log) AS log, (SELECT count(*) FROM output_records) AS records, (SELECT count(*) FROM runs) AS runs',
        ),
      ).toEqual([{ log: 0, records: 0, runs: 0 }]);
    } finally {
      service.close();
    }
  }, 300_000);

  it('refuses a Paused campaign without force, and runs it with force', async () => {
    const { service } = fresh();
    try {
      editConfig(service, (space) => {
        space.campaigns.find((c) => c.name === TWO_POINTS)!.status = 'Paused';
      });
      const refused = await service.call('runs.start', { campaign: TWO_POINTS, asOf: AS_OF });
      expect(!refused.ok && refused.error).toMatchObject({
        code: 'Conflict',
        message: `campaign "${TWO_POINTS}" is Paused; run it anyway with --force`,
      });
      expect((await service.call('runs.list', {})).ok && (await service.call('runs.list', {}))).toMatchObject({
        data: { total: 0 },
      });
      const forced = await runToEnd(service, { campaign: TWO_POINTS, asOf: AS_OF, force: true, workers: 1 });
      expect(forced.summary.status).toBe('succeeded');
      const campaigns = await service.call('campaigns.list', {});
      expect(campaigns.ok && campaigns.data.find((c) => c.campaign.name === TWO_POINTS)).toMatchObject({
        status: 'Paused',
        lastSuccessfulRun: { runId: forced.runId },
      });
    } finally {
      service.close();
    }
  }, 300_000);

  it.each([
    [
      { campaign: 'Nope' },
      'NotFound',
      /campaign "Nope" does not exist in data space default \(known: "Nightly Email Recs"/,
    ],
    [{ campaign: TWO_POINTS, asOf: 'yesterday' }, 'InvalidInput', /--as-of "yesterday" is not an ISO-8601 time/],
    [{ campaign: TWO_POINTS, workers: 0 }, 'InvalidInput', /--workers must be a whole number from 1 to 64/],
    [{ campaign: TWO_POINTS, out: 'recs.txt' }, 'InvalidInput', /must end in .jsonl \(or .ndjson\) or .csv/],
    [
      { campaign: TWO_POINTS, out: '/no/such/dir/recs.jsonl' },
      'InvalidInput',
      /the directory \/no\/such\/dir does not exist/,
    ],
    [{ campaign: TWO_POINTS, dataSpace: 'other' }, 'DataSpaceNotFound', /data space "other" does not exist/],
    [{ campaign: TWO_POINTS, individuals: [] }, 'InvalidInput', /the list of individuals is empty/],
    [{ campaign: TWO_POINTS, individualsFile: '/no/such/ids.txt' }, 'InvalidInput', /cannot read the individuals file/],
  ])('refuses bad input %j with %s, recording nothing', async (input, code, message) => {
    const { service } = fresh();
    try {
      const r = await service.call('runs.start', input as never);
      expect(!r.ok && r.error.code).toBe(code);
      expect(!r.ok && r.error.message).toMatch(message);
      const runs = await service.call('runs.list', {});
      expect(runs.ok && runs.data.total).toBe(0);
    } finally {
      service.close();
    }
  });

  it('fails as a run (not per individual) when its output cannot be written, and the campaign goes to Error', async () => {
    const { service } = fresh();
    try {
      const dir = join(tmp.dir, `gone-${seq}`);
      mkdirSync(dir);
      const prepared = prepareRun(
        service.context.store,
        {
          dataSpace: 'default',
          campaign: TWO_POINTS,
          asOfMs: Date.parse(AS_OF),
          workers: 1,
          out: join(dir, 'recs.jsonl'),
        },
        Date.now(),
      );
      if (!prepared.ok) throw new Error(prepared.error.message);
      rmdirSync(dir);
      const r = await executeRun(service.context.store, prepared.data);
      expect(!r.ok && r.error).toMatchObject({
        code: 'InvalidInput',
        message: expect.stringMatching(/cannot write the output file/),
      });
      const run = await service.call('runs.get', { runId: prepared.data.runId });
      expect(run.ok && run.data).toMatchObject({ status: 'failed', fault: { code: 'InvalidInput' }, individuals: 0 });
      const campaigns = await service.call('campaigns.list', {});
      expect(campaigns.ok && campaigns.data.find((c) => c.campaign.name === TWO_POINTS)).toMatchObject({
        status: 'Error',
        statusReason: expect.stringMatching(/^run 1 failed: InvalidInput/),
        lastSuccessfulRun: null,
      });
      // Once writable again, a resume completes it.
      mkdirSync(dir);
      const resumed = await resumeToEnd(service, prepared.data.runId, 1);
      expect(resumed.summary.status).toBe('succeeded');
      const after = await service.call('campaigns.list', {});
      expect(after.ok && after.data.find((c) => c.campaign.name === TWO_POINTS)).toMatchObject({
        status: 'Active',
        lastSuccessfulRun: { runId: 1 },
      });
    } finally {
      service.close();
    }
  }, 300_000);
});
