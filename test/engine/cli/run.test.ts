import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, sampleWorkspace } from '../batch/run-fixture.ts';
import { cli, tempDir } from './cli-harness.ts';

const tmp = tempDir();
const ws = tmp.path('ws.sqlite');
const NIGHTLY = 'Nightly Email Recs';

beforeAll(async () => {
  await sampleWorkspace(ws, { individuals: 400, items: 120, chunkSize: 50 });
});
afterAll(() => tmp.remove());

describe('workbench run', () => {
  it('runs the nightly campaign to a JSONL file and prints the summary at the end', async () => {
    const out = tmp.path('recs.jsonl');
    const r = await cli('run', ws, '--campaign', NIGHTLY, '--as-of', AS_OF, '--out', out, '--workers', '2');
    expect(r.code, r.stderr).toBe(0);
    // No progress bar without a terminal: only the start line on stderr.
    expect(r.stderr).toBe('Run 1 started…\n');
    expect(r.stdout).toMatch(
      /^Run 1 — Nightly Email Recs as of 2026-11-28T00:00:00.000Z \(data space default, config revision \d+\): succeeded$/m,
    );
    const individuals = Number(
      /^ {2}individuals +([\d,]+) \(segment Active_Shoppers\)$/m.exec(r.stdout)![1]!.replace(/,/g, ''),
    );
    expect(individuals).toBeGreaterThan(100);
    expect(r.stdout).toMatch(
      new RegExp(`^  requests +${individuals.toLocaleString('en-US')} \\(1 point: email_product_recs\\)$`, 'm'),
    );
    expect(r.stdout).toMatch(/^ {2}errors +0$/m);
    expect(r.stdout).toMatch(
      new RegExp(`^  credits +[\\d,]+ actual vs ${individuals.toLocaleString('en-US')} estimated$`, 'm'),
    );
    expect(r.stdout).toMatch(
      /^ {2}data graph +Customer_Profile: refresh \d+ at 2026-11-28T00:00:00.000Z \(400 individuals\)$/m,
    );
    expect(r.stdout).toMatch(
      new RegExp(
        `^  output +JSONL file ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(${individuals.toLocaleString('en-US')} rows, [\\d.]+ [KM]?B\\)$`,
        'm',
      ),
    );
    expect(r.stdout).toMatch(/^ {2}wall time +[\d.]+ s, [\d,]+ decisions\/s, 2 workers, \d+ chunks of 200$/m);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(individuals);
  });

  it('with --json prints the summary as one document and progress as JSON lines on stderr', async () => {
    const r = await cli('run', ws, '--campaign', NIGHTLY, '--as-of', AS_OF, '--workers', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = r.json() as Record<string, unknown>;
    expect(s).toMatchObject({
      runId: 2,
      campaign: NIGHTLY,
      status: 'succeeded',
      errors: 0,
      output: { kind: 'records', table: 'Personalized_Email_Content__c' },
    });
    const progress = r.stderr
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { progress: { message: string; done: number; total: number } });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((p) => p.progress.message === 'deciding')).toBe(true);
    expect(progress.every((p, i) => i === 0 || p.progress.done >= progress[i - 1]!.progress.done)).toBe(true);
  });

  it('decides an explicit list of individuals; unknown ids are IndividualNotFound error records, the run goes on', async () => {
    const ids = tmp.path('ids.txt');
    writeFileSync(ids, 'id\nind_000002\nind_999998\n\n# a comment\nind_000001\nind_000002\nind_999999\n');
    const r = await cli(
      'run',
      ws,
      '--campaign',
      NIGHTLY,
      '--as-of',
      AS_OF,
      '--individuals',
      ids,
      '--workers',
      '1',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      individuals: 4,
      segment: null,
      requests: 4,
      errors: 2,
      errorsByCode: [{ code: 'IndividualNotFound', count: 2 }],
      credits: { estimated: 4, erroredRequests: 2 },
    });
    const human = await cli('runs', ws, '3');
    expect(human.stdout).toMatch(/^ {2}errors +2: IndividualNotFound 2$/m);
    expect(human.stdout).toMatch(
      /^ {2}ind_999998 {2}email_product_recs {2}IndividualNotFound: individual "ind_999998" is not in profile data graph Customer_Profile/m,
    );
  });

  it.each([
    [['--campaign', 'Nope'], /NotFound: campaign "Nope" does not exist in data space default/],
    [['--campaign', NIGHTLY, '--workers', 'two'], /--workers must be a whole number/],
    [['--campaign', NIGHTLY, '--workers', '0'], /--workers must be a whole number from 1 to 64/],
    [['--campaign', NIGHTLY, '--as-of', '28/11/2026'], /--as-of "28\/11\/2026" is not an ISO-8601 time/],
    [['--campaign', NIGHTLY, '--out', 'recs.txt'], /--out recs.txt: the file name must end in .jsonl/],
    [['--resume', 'last'], /--resume must be a run id such as 12/],
    [['--resume', '99'], /NotFound: run 99 does not exist/],
    [['--resume', '1', '--out', 'x.jsonl'], /--out cannot be combined with --resume/],
    [['--resume', '1'], /Conflict: run 1 already completed/],
    [[], /give --campaign NAME \(or --resume RUN\)/],
    [['--campaign', NIGHTLY, '--individuals', 'missing-ids.txt'], /missing-ids.txt: cannot read the individuals file/],
  ])('refuses %j with exit 2 and a message', async (args, message) => {
    const before = (await cli('runs', ws, '--json')).json() as { total: number };
    const r = await cli('run', ws, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(((await cli('runs', ws, '--json')).json() as { total: number }).total).toBe(before.total);
  });

  it('refuses a missing workspace with exit 2', async () => {
    const r = await cli('run', tmp.path('nope.sqlite'), '--campaign', NIGHTLY, '--json');
    expect(r.code).toBe(2);
    expect((r.json() as { error: { code: string } }).error.code).toBe('WorkspaceNotFound');
  });
});
