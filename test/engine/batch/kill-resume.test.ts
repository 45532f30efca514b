import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, BIN, TWO_POINTS, copyWorkspace, query, sampleWorkspace, tempDir } from './run-fixture.ts';

const tmp = tempDir('bpw-kill-');
const base = tmp.path('base.sqlite');

beforeAll(async () => {
  await sampleWorkspace(base, { individuals: 600, items: 150, chunkSize: 40 });
});
afterAll(() => tmp.remove());

/** Runs the CLI to completion in a child process. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** Waits until a file exists (the child's hold marker), or fails when the child exits first. */
async function waitForFile(path: string, child: ReturnType<typeof spawn>): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  while (!existsSync(path)) {
    if (exited) throw new Error(`the run process exited before reaching ${path}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const logRows = (file: string) => query(file, 'SELECT * FROM decision_log ORDER BY run_id, seq');
const recordRows = (file: string) =>
  query(
    file,
    'SELECT table_name, run_id, seq, individual_id, point, personalization_id, content_id, payload, status, error_code, error_message FROM output_records ORDER BY id',
  );

describe('a run process interrupted with Ctrl-C (SIGINT)', () => {
  it('cancels after its last committed chunk, exits 130 naming the resume command, and resumes to the same file', async () => {
    const whole = copyWorkspace(base, tmp.path('int-whole.sqlite'));
    const a = cli([
      'run',
      whole,
      '--campaign',
      TWO_POINTS,
      '--as-of',
      AS_OF,
      '--workers',
      '1',
      '--out',
      tmp.path('int-whole.csv'),
      '--json',
    ]);
    expect(a.status, a.stderr).toBe(0);
    const ws = copyWorkspace(base, tmp.path('int.sqlite'));
    const hold = tmp.path('int-hold');
    const child = spawn(
      process.execPath,
      [BIN, 'run', ws, '--campaign', TWO_POINTS, '--as-of', AS_OF, '--workers', '1', '--out', tmp.path('int.csv')],
      {
        env: { ...process.env, WORKBENCH_TEST_HOLD_CHUNK: '2', WORKBENCH_TEST_HOLD_FILE: hold },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    let stdout = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    await waitForFile(`${hold}.held`, child);
    const code = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    child.kill('SIGINT');
    expect(await code).toBe(130);
    expect(stderr).toMatch(/cancelling run 1 after the chunk in progress/);
    expect(stderr).toMatch(
      /workbench: Cancelled: run 1 was cancelled after 2 committed chunk\(s\) \(80 individuals\); resume it with `workbench run --resume 1`/,
    );
    expect(stdout).toMatch(/^Run 1 — Two Point Test .*: cancelled$/m);
    expect(query(ws, 'SELECT status, chunks FROM runs')).toEqual([{ status: 'cancelled', chunks: 2 }]);
    const b = cli(['run', ws, '--resume', '1', '--workers', '2']);
    expect(b.status, b.stderr).toBe(0);
    expect(readFileSync(tmp.path('int.csv')).equals(readFileSync(tmp.path('int-whole.csv')))).toBe(true);
    expect(logRows(ws)).toEqual(logRows(whole));
  }, 300_000);
});

describe.each([
  ['a JSONL file', true],
  ['the records table', false],
])('a run process killed (SIGKILL) mid-way and resumed, writing %s', (_what, toFile) => {
  it('ends with the outputs and log of an uninterrupted run: same rows, same order, no duplicates, sound file', async () => {
    const tag = toFile ? 'file' : 'records';
    const out = (name: string) => (toFile ? ['--out', tmp.path(`${tag}-${name}.jsonl`)] : []);
    // 1. The uninterrupted run.
    const whole = copyWorkspace(base, tmp.path(`${tag}-whole.sqlite`));
    const a = cli([
      'run',
      whole,
      '--campaign',
      TWO_POINTS,
      '--as-of',
      AS_OF,
      '--workers',
      '2',
      '--json',
      ...out('whole'),
    ]);
    expect(a.status, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ runId: 1, status: 'succeeded' });

    // 2. The same run, held before committing chunk 4 (its lines already written to a file output), then killed.
    const killed = copyWorkspace(base, tmp.path(`${tag}-killed.sqlite`));
    const hold = tmp.path(`${tag}-hold`);
    const child = spawn(
      process.execPath,
      [BIN, 'run', killed, '--campaign', TWO_POINTS, '--as-of', AS_OF, '--workers', '2', '--json', ...out('killed')],
      {
        env: { ...process.env, WORKBENCH_TEST_HOLD_CHUNK: '4', WORKBENCH_TEST_HOLD_FILE: hold },
        stdio: 'ignore',
      },
    );
    await waitForFile(`${hold}.held`, child);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const [run] = query<{ status: string; chunks: number; pid: number; output_bytes: number }>(
      killed,
      'SELECT status, chunks, pid, output_bytes FROM runs WHERE id = 1',
    );
    expect(run).toMatchObject({ status: 'running', chunks: 4, pid: child.pid });
    expect(query(killed, 'SELECT count(*) AS n FROM decision_log')).toEqual([{ n: 4 * 40 * 2 }]);
    // The lines go to the run's partial file; the output's path appears only when the run succeeds.
    if (toFile) {
      expect(statSync(tmp.path(`${tag}-killed.jsonl.run1.partial`)).size).toBeGreaterThan(run!.output_bytes);
      expect(existsSync(tmp.path(`${tag}-killed.jsonl`))).toBe(false);
    }

    // 3. Resumed by a new process: it sees the run's process is gone and continues after chunk 3.
    const b = cli(['run', killed, '--resume', '1']);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stderr).toMatch(
      new RegExp(`Resuming run 1 \\(run 1 was left running by process ${child.pid}, which is no longer alive\\)`),
    );
    expect(b.stdout).toMatch(/^Run 1 — Two Point Test as of 2026-11-28T00:00:00.000Z .*: succeeded after 2 attempts$/m);

    // 4. Same outputs, same log, sound workspace, no duplicates.
    if (toFile) {
      expect(readFileSync(tmp.path(`${tag}-killed.jsonl`)).equals(readFileSync(tmp.path(`${tag}-whole.jsonl`)))).toBe(
        true,
      );
      expect(existsSync(tmp.path(`${tag}-killed.jsonl.run1.partial`))).toBe(false);
    } else expect(recordRows(killed)).toEqual(recordRows(whole));
    expect(logRows(killed)).toEqual(logRows(whole));
    expect(query(killed, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(
      query(
        killed,
        'SELECT count(*) AS n, count(DISTINCT individual_id || char(0) || point) AS d FROM decision_log WHERE run_id = 1',
      ),
    ).toEqual([{ n: logRows(whole).length, d: logRows(whole).length }]);
    const summary = (f: string) =>
      query<Record<string, unknown>>(
        f,
        'SELECT individuals, requests, decisions, fallbacks, nones, errors, credits, errors_by_code, chunks, output_rows, output_bytes, status FROM runs WHERE id = 1',
      );
    expect(summary(killed)).toEqual(summary(whole));
  }, 300_000);
});
