import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../../engine/store/index.ts';
import { AS_OF, BIN, TWO_POINTS, copyWorkspace, query, sampleWorkspace, tempDir } from './run-fixture.ts';

// The workspace file and the file system: other applications' databases are refused before anything
// is written to them, reading writes nothing (so read-only files and full disks can be inspected),
// and a workspace runs one campaign run at a time, across processes.

const tmp = tempDir('bpw-wsfiles-');
const base = tmp.path('base.sqlite');

beforeAll(async () => {
  await sampleWorkspace(base, { individuals: 200, items: 80, chunkSize: 20 });
  // A run to read back (runs, trace).
  const r = cli(['run', base, '--campaign', TWO_POINTS, '--as-of', AS_OF, '--workers', '1']);
  if (r.status !== 0) throw new Error(r.stderr);
}, 300_000);
afterAll(() => tmp.remove());

function cli(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

function health(file: string) {
  return {
    integrity: query(file, 'PRAGMA integrity_check'),
    counts: query(
      file,
      'SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM decision_log) AS log, (SELECT count(*) FROM individuals) AS individuals',
    ),
  };
}

/** A file with a fingerprint of everything a write would change. */
const fingerprint = (file: string) => ({
  bytes: readFileSync(file).toString('base64'),
  mtime: statSync(file, { bigint: true }).mtimeNs,
  wal: existsSync(`${file}-wal`),
});

describe("another application's SQLite file", () => {
  it.each([
    ['without an application id', 0],
    ['with its own application id', 0x12345678],
  ])('is refused (%s) before anything is written to it', (_what, appId) => {
    const file = tmp.path(`other-${appId}.db`);
    const db = new Database(file);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('keep')");
    if (appId !== 0) db.pragma(`application_id = ${appId}`);
    db.close();
    const before = fingerprint(file);
    const r = openWorkspace(file);
    expect(r).toMatchObject({ ok: false, error: { code: 'WorkspaceIncompatible' } });
    expect(!r.ok && r.error.message).toMatch(/is not a workspace: it is an SQLite database of another application/);
    expect(fingerprint(file)).toEqual(before);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });
});

describe('reading', () => {
  const reads = (ws: string): string[][] => [
    ['runs', ws],
    ['runs', ws, '1'],
    ['export-config', ws],
    ['trace', ws, '--run', '1', '--individual', firstMember(ws)],
    ['decide', ws, '--individual', firstMember(ws), '--point', 'email_product_recs', '--as-of', AS_OF, '--json'],
  ];
  const firstMember = (ws: string) =>
    query<{ id: string }>(ws, 'SELECT individual_id AS id FROM decision_log WHERE run_id = 1 ORDER BY seq LIMIT 1')[0]!
      .id;

  it('runs, trace, export-config and decide write nothing to the workspace', () => {
    const ws = copyWorkspace(base, tmp.path('read.sqlite'));
    const commands = reads(ws);
    const before = fingerprint(ws);
    for (const args of commands) {
      const r = cli(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(fingerprint(ws)).toEqual(before);
  }, 300_000);

  it('works on a workspace that cannot be written (a read-only file; a full disk fails writes the same way)', () => {
    const ws = copyWorkspace(base, tmp.path('locked.sqlite'));
    const before = health(ws);
    const members = reads(ws);
    // chattr +i binds root too; chmod is enough for anyone else.
    const root = process.getuid?.() === 0;
    if (root) expect(spawnSync('chattr', ['+i', ws]).status).toBe(0);
    else chmodSync(ws, 0o444);
    try {
      expect(() => writeFileSync(ws, 'x', { flag: 'a' })).toThrow();
      for (const args of members) {
        const r = cli(args);
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      }
      const write = cli(['run', ws, '--campaign', TWO_POINTS, '--as-of', AS_OF, '--workers', '1']);
      expect(write.status).toBe(2);
    } finally {
      if (root) spawnSync('chattr', ['-i', ws]);
      else chmodSync(ws, 0o644);
    }
    expect(health(ws)).toEqual(before);
  }, 300_000);
});

describe('two runs on one workspace', () => {
  it('the second (another process) is a Conflict up front; the first finishes; the workspace is sound', async () => {
    const ws = copyWorkspace(base, tmp.path('two.sqlite'));
    const hold = tmp.path('two-hold');
    const first = spawn(
      process.execPath,
      [BIN, 'run', ws, '--campaign', TWO_POINTS, '--as-of', AS_OF, '--workers', '1', '--json'],
      { env: { ...process.env, WORKBENCH_TEST_HOLD_CHUNK: '2', WORKBENCH_TEST_HOLD_FILE: hold }, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((r) => first.once('exit', (c) => r(c)));
    let gone = false;
    void exited.then(() => (gone = true));
    while (!existsSync(`${hold}.held`)) {
      if (gone) throw new Error('the first run ended before its hold');
      await new Promise((r) => setTimeout(r, 20));
    }
    const second = cli(['run', ws, '--campaign', TWO_POINTS, '--as-of', AS_OF, '--workers', '1']);
    expect(second.status, second.stderr).toBe(2);
    expect(second.stderr).toMatch(
      new RegExp(`Conflict: run 2 is running in process ${first.pid} .*one run at a time per workspace`),
    );
    writeFileSync(hold, '');
    expect(await exited).toBe(0);
    expect(query(ws, 'SELECT id, status FROM runs ORDER BY id')).toEqual([
      { id: 1, status: 'succeeded' },
      { id: 2, status: 'succeeded' },
    ]);
    expect(query(ws, 'SELECT count(*) AS n FROM decision_log WHERE run_id = 2')).toEqual(
      query(ws, 'SELECT count(*) AS n FROM decision_log WHERE run_id = 1'),
    );
    expect(query(ws, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  }, 300_000);
});
