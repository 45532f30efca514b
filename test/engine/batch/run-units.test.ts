import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_RATE_THRESHOLD, nextCampaignState } from '../../../engine/batch/campaign-status.ts';
import { readIndividualsFile } from '../../../engine/batch/individuals-file.ts';
import { markActive, runLiveness, REMOTE_HEARTBEAT_TIMEOUT_MS } from '../../../engine/batch/run-liveness.ts';
import { campaignSlug, resolveRunOutput } from '../../../engine/batch/run-output.ts';
import { outputsDir } from '../../../engine/batch/output-target.ts';
import { relativeOutputPathProblem } from '../../../engine/config/output-path.ts';
import { Campaign } from '../../../engine/model/index.ts';
import type { CampaignState, RunRecord } from '../../../engine/store/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'bpw-run-units-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stored run factory (what the status and liveness rules read). */
const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  id: 4,
  spaceId: 1,
  campaign: 'Nightly',
  status: 'succeeded',
  asOfMs: 0,
  asOf: '1970-01-01T00:00:00.000Z',
  configRevision: 1,
  segment: 'S',
  points: ['p'],
  chunkSize: 200,
  workers: 1,
  output: { kind: 'records', table: 'T' },
  watermarks: {},
  totalIndividuals: 100,
  estimatedCredits: 100,
  counters: {
    individuals: 100,
    requests: 100,
    decisions: 100,
    fallbacks: 0,
    nones: 0,
    errors: 0,
    credits: 100,
    errorsByCode: {},
    caps: {},
  },
  chunks: 1,
  outputRows: 100,
  outputBase: 0,
  outputBytes: 0,
  wallMs: 1,
  attempts: 1,
  startedAt: 't',
  endedAt: 't',
  pid: null,
  host: null,
  heartbeatMs: null,
  fault: null,
  ...over,
});
const prev: CampaignState = {
  campaign: 'Nightly',
  status: 'Active',
  statusReason: '',
  lastRunId: 3,
  lastSuccessfulRunId: 3,
  updatedAt: 't0',
};
const withErrors = (errors: number) =>
  run({ counters: { ...run().counters, errors, decisions: 100 - errors, errorsByCode: { ModelValidation: errors } } });

describe('campaign status after a run', () => {
  it(`is Active at or below ${ERROR_RATE_THRESHOLD * 100}% error records, with the run as last successful`, () => {
    expect(nextCampaignState(prev, withErrors(5), 't1')).toEqual({
      campaign: 'Nightly',
      status: 'Active',
      statusReason: '',
      lastRunId: 4,
      lastSuccessfulRunId: 4,
      updatedAt: 't1',
    });
  });
  it('is Error above the threshold, keeping the last successful run', () => {
    expect(nextCampaignState(prev, withErrors(6), 't1')).toEqual({
      campaign: 'Nightly',
      status: 'Error',
      lastRunId: 4,
      lastSuccessfulRunId: 3,
      updatedAt: 't1',
      statusReason: 'run 4: 6 of 100 requests (6.0%) ended in an error record (ModelValidation 6); the threshold is 5%',
    });
  });
  it('is Error after a run-level fault', () => {
    expect(
      nextCampaignState(prev, run({ status: 'failed', fault: { code: 'Internal', message: 'worker crashed' } }), 't1'),
    ).toMatchObject({
      status: 'Error',
      statusReason: 'run 4 failed: Internal: worker crashed',
      lastSuccessfulRunId: 3,
    });
  });
  it('does not change after a cancelled run, which is still the last run', () => {
    const error = { ...prev, status: 'Error' as const, statusReason: 'earlier' };
    expect(nextCampaignState(error, run({ status: 'cancelled' }), 't1')).toMatchObject({
      status: 'Error',
      statusReason: 'earlier',
      lastRunId: 4,
      lastSuccessfulRunId: 3,
    });
    expect(nextCampaignState(undefined, run({ status: 'cancelled' }), 't1')).toMatchObject({
      status: 'Active',
      lastRunId: 4,
      lastSuccessfulRunId: null,
    });
  });
});

describe('run liveness', () => {
  const now = 10 * REMOTE_HEARTBEAT_TIMEOUT_MS;
  it('is not live once ended', () => expect(runLiveness('ws', run(), now).live).toBe(false));
  it('follows this process’s own registry', () => {
    const r = run({ status: 'running', pid: process.pid, host: hostname() });
    expect(runLiveness('ws', r, now)).toEqual({
      live: false,
      why: 'run 4 was left running by an earlier session of this process',
    });
    const release = markActive('ws', 4);
    expect(runLiveness('ws', r, now)).toEqual({ live: true, why: 'run 4 is running in this process' });
    release();
    expect(runLiveness('ws', r, now).live).toBe(false);
  });
  it('asks whether another process on this machine exists', () => {
    expect(runLiveness('ws', run({ status: 'running', pid: process.ppid, host: hostname() }), now)).toEqual({
      live: true,
      why: `run 4 is running in process ${process.ppid}`,
    });
    expect(runLiveness('ws', run({ status: 'running', pid: 2 ** 22 + 7, host: hostname() }), now).why).toMatch(
      /which is no longer alive/,
    );
  });
  it('trusts a recent heartbeat from another machine, not an old one', () => {
    expect(
      runLiveness('ws', run({ status: 'running', pid: 1, host: 'elsewhere', heartbeatMs: now - 1000 }), now),
    ).toEqual({ live: true, why: 'run 4 is running on elsewhere (last heartbeat 1 s ago)' });
    expect(
      runLiveness(
        'ws',
        run({ status: 'running', pid: 1, host: 'elsewhere', heartbeatMs: now - REMOTE_HEARTBEAT_TIMEOUT_MS }),
        now,
      ),
    ).toEqual({ live: false, why: 'run 4 was left running on elsewhere, silent for 10 min' });
  });
});

describe('where a run writes', () => {
  const campaign = (output: unknown) =>
    Campaign.parse({
      name: 'Weekly Loyalty Email!',
      segment: 'S',
      points: ['p'],
      schedule: { cron: '0 6 * * 1' },
      output,
    });
  const ws = join(dir, 'ws.sqlite');
  mkdirSync(join(dir, 'folder.csv'));
  writeFileSync(join(dir, 'notes.csv'), 'my,notes\n');
  writeFileSync(join(dir, 'db.csv'), Buffer.concat([Buffer.from('SQLite format 3\u0000', 'latin1'), Buffer.alloc(84)]));
  const asOf = Date.parse('2026-11-28T06:00:00Z');
  it('a file output without a path goes into the outputs folder, named after the campaign and the as-of time', () => {
    expect(campaignSlug('Weekly Loyalty Email!')).toBe('weekly-loyalty-email');
    expect(outputsDir(ws)).toBe(join(dir, 'ws.outputs'));
    expect(resolveRunOutput(campaign({ kind: 'file', format: 'csv' }), ws, asOf)).toEqual({
      ok: true,
      data: { kind: 'file', format: 'csv', path: join(dir, 'ws.outputs', 'weekly-loyalty-email-20261128T060000Z.csv') },
    });
  });
  it('a relative config path is inside the outputs folder; --out wins and its extension sets the format', () => {
    expect(resolveRunOutput(campaign({ kind: 'file', format: 'jsonl', path: 'out.jsonl' }), ws, asOf)).toMatchObject({
      data: { path: join(dir, 'ws.outputs', 'out.jsonl'), format: 'jsonl' },
    });
    expect(resolveRunOutput(campaign({ kind: 'records' }), ws, asOf, 'sub/x.csv')).toMatchObject({
      data: { kind: 'file', format: 'csv', path: join(dir, 'ws.outputs', 'sub', 'x.csv') },
    });
    expect(resolveRunOutput(campaign({ kind: 'records' }), ws, asOf, join(dir, 'x.csv'))).toMatchObject({
      data: { kind: 'file', format: 'csv', path: join(dir, 'x.csv') },
    });
    expect(resolveRunOutput(campaign({ kind: 'records' }), ws, asOf)).toEqual({
      ok: true,
      data: { kind: 'records', table: 'Personalized_Email_Content__c' },
    });
    expect(resolveRunOutput(campaign({ kind: 'stream', stream: 'emails' }), ws, asOf)).toEqual({
      ok: true,
      data: { kind: 'stream', stream: 'emails' },
    });
  });
  it.each([
    ['x.txt', /must end in .jsonl \(or .ndjson\) or .csv/],
    [join(dir, 'missing', 'x.jsonl'), /the directory .*missing does not exist/],
    [join(dir, 'folder.csv'), /is a directory; give a file name/],
    [join(dir, 'ws.sqlite'), /must end in .jsonl/],
    [join(dir, 'db.csv'), /is an SQLite database; outputs never overwrite one/],
    [join(dir, 'notes.csv'), /notes.csv already exists; choose another file or pass --overwrite/],
    ['../escape.jsonl', /would leave the workspace's outputs folder/],
  ])('refuses --out %s', (out, message) => {
    const r = resolveRunOutput(campaign({ kind: 'records' }), ws, asOf, out);
    expect(!r.ok && r.error.message).toMatch(message);
  });
  it('replaces an existing file only with overwrite, and never an SQLite file', () => {
    expect(resolveRunOutput(campaign({ kind: 'records' }), ws, asOf, join(dir, 'notes.csv'), true)).toMatchObject({
      ok: true,
    });
    expect(resolveRunOutput(campaign({ kind: 'records' }), ws, asOf, join(dir, 'db.csv'), true)).toMatchObject({
      ok: false,
      error: { code: 'InvalidInput' },
    });
    expect(resolveRunOutput(campaign({ kind: 'records' }), ws, asOf, join(dir, 'notes.csv'))).toMatchObject({
      ok: false,
      error: { code: 'Conflict', field: 'overwrite' },
    });
  });
  it.each([
    ['ws.sqlite', /must end in .jsonl/],
    ['/etc/out.jsonl', /an absolute path is not allowed here/],
    ['../out.jsonl', /".." would leave the workspace's outputs folder/],
    ['a/../../out.jsonl', /".." would leave/],
  ])('refuses the config output path %s', (path, message) => {
    const r = resolveRunOutput(campaign({ kind: 'file', format: 'jsonl', path }), ws, asOf);
    expect(!r.ok && r.error.message).toMatch(message);
    expect(relativeOutputPathProblem(path)).toMatch(message);
  });
});

describe('an individuals file', () => {
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  it('is one id per line, with an optional header, blank lines and comments skipped', async () => {
    expect(await readIndividualsFile(write('a.txt', '\uFEFFindividualId\r\nind_2\r\n\r\n# note\r\nind_1\r\n'))).toEqual(
      { ok: true, data: ['ind_2', 'ind_1'] },
    );
  });
  it.each([
    ['b.txt', 'ind_1\nind_2,ind_3\n', /b.txt:2: expected one individual id per line, found a comma or a tab$/],
    ['c.sqlite', 'SQLite format 3\u0000secret,stuff\n', /c.sqlite: not a text file of individual ids/],
    ['c.txt', '\n# nothing\n', /c.txt: no individual ids/],
  ])('refuses %s', async (name, text, message) => {
    const r = await readIndividualsFile(write(name, text));
    expect(!r.ok && r.error.message).toMatch(message);
  });
});
