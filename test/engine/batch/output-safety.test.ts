import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceConfig } from '../../../engine/model/index.ts';
import { saveConfig } from '../../../engine/service/ops/config.ts';
import {
  AS_OF,
  BIN,
  TWO_POINTS,
  copyWorkspace,
  open,
  query,
  runToEnd,
  sampleWorkspace,
  tempDir,
} from './run-fixture.ts';

// Hostile outputs: paths aimed at the workspace, at other SQLite files and at a user's files. After
// every case the workspace is sound (integrity_check) and holds what it held.

const tmp = tempDir('bpw-outputs-');
const base = tmp.path('base.sqlite');

beforeAll(async () => {
  await sampleWorkspace(base, { individuals: 200, items: 80, chunkSize: 40 });
});
afterAll(() => tmp.remove());

function cli(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

/** Row counts of the tables a run or an export could damage, and the file's soundness. */
function health(file: string) {
  return {
    integrity: query(file, 'PRAGMA integrity_check'),
    counts: query(
      file,
      `SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM decision_log) AS log,
              (SELECT count(*) FROM individuals) AS individuals, (SELECT count(*) FROM config_revisions) AS revisions`,
    ),
  };
}

/** The sample config with the two-point campaign writing a file at `path`. */
function withFileOutput(ws: string, path: string): WorkspaceConfig {
  const service = open(ws);
  try {
    const cfg = service.context.sources.config();
    if (!cfg.ok) throw new Error(cfg.error.message);
    const next = structuredClone(cfg.data.config) as WorkspaceConfig;
    const c = next.dataSpaces[0]!.campaigns.find((x) => x.name === TWO_POINTS)!;
    c.output = { kind: 'file', format: 'jsonl', path };
    return next;
  } finally {
    service.close();
  }
}

describe('a campaign file output aimed at the workspace', () => {
  it.each([
    ['the workspace itself', 'ws.sqlite', /must end in .jsonl/],
    ['a path outside the outputs folder', '../ws.jsonl', /".." would leave the workspace's outputs folder/],
    ['an absolute path', '/tmp/x.jsonl', /an absolute path is not allowed here/],
  ])('is refused at config save (%s) with the JSON path', (_what, path, message) => {
    const ws = copyWorkspace(base, tmp.path(`save-${readdirSync(tmp.dir).length}.sqlite`));
    const before = health(ws);
    const service = open(ws);
    try {
      const saved = saveConfig(service.context, withFileOutput(ws, path), 'hostile');
      expect(saved.ok).toBe(false);
      if (saved.ok) return;
      const problem = saved.error.problems?.find((p) => p.path?.endsWith('.output.path'));
      expect(problem?.path).toMatch(/^\$\.dataSpaces\[0\]\.campaigns\[\d+\]\.output\.path$/);
      expect(problem?.message).toMatch(message);
    } finally {
      service.close();
    }
    expect(health(ws)).toEqual(before);
  });

  it('stored by an older version, it fails the run up front (exit 2) and the workspace stays whole', () => {
    const ws = copyWorkspace(base, tmp.path('old-config.sqlite'));
    const service = open(ws);
    // A revision saved without today's check (as an older version would have).
    service.context.store.saveConfig(withFileOutput(ws, 'old-config.sqlite'), 'old', AS_OF);
    service.close();
    const before = health(ws);
    const size = statSync(ws).size;
    const r = cli(['run', ws, '--campaign', TWO_POINTS, '--as-of', AS_OF, '--workers', '1']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/campaigns\[\d+\]\.output\.path.*"old-config.sqlite": the file name must end in .jsonl/);
    expect(statSync(ws).size).toBe(size);
    expect(health(ws)).toEqual(before);
  }, 120_000);
});

describe('run --out', () => {
  it('never writes into an SQLite file, whatever its name, even with --overwrite', () => {
    const ws = copyWorkspace(base, tmp.path('out-sqlite.sqlite'));
    const disguised = copyWorkspace(base, tmp.path('disguised.jsonl'));
    const bytes = readFileSync(disguised);
    const before = health(ws);
    for (const out of [disguised, ws]) {
      const r = cli(['run', ws, '--campaign', TWO_POINTS, '--as-of', AS_OF, '--out', out, '--overwrite']);
      expect(r.status, r.stderr).toBe(2);
    }
    expect(readFileSync(disguised).equals(bytes)).toBe(true);
    expect(health(ws)).toEqual(before);
  }, 120_000);

  it('refuses an existing file without --overwrite (nothing recorded), replaces it with --overwrite', () => {
    const ws = copyWorkspace(base, tmp.path('out-exists.sqlite'));
    const notes = tmp.path('notes.csv');
    writeFileSync(notes, 'my,own,notes\n');
    const before = health(ws);
    const refused = cli(['run', ws, '--campaign', TWO_POINTS, '--as-of', AS_OF, '--out', notes]);
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/Conflict: .*notes.csv already exists; choose another file or pass --overwrite/);
    expect(readFileSync(notes, 'utf8')).toBe('my,own,notes\n');
    expect(health(ws)).toEqual(before);
    const replaced = cli(['run', ws, '--campaign', TWO_POINTS, '--as-of', AS_OF, '--out', notes, '--overwrite']);
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(readFileSync(notes, 'utf8')).toMatch(/^run_id,/);
    expect(existsSync(`${notes}.run1.partial`)).toBe(false);
    expect(health(ws).integrity).toEqual([{ integrity_check: 'ok' }]);
  }, 120_000);

  it('puts a relative name into the outputs folder, made on demand', () => {
    const ws = copyWorkspace(base, tmp.path('rel.sqlite'));
    const r = cli(['run', ws, '--campaign', TWO_POINTS, '--as-of', AS_OF, '--out', 'recs.jsonl', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const file = join(tmp.dir, 'rel.outputs', 'recs.jsonl');
    expect(JSON.parse(r.stdout)).toMatchObject({ output: { kind: 'file', path: file } });
    expect(statSync(file).size).toBeGreaterThan(0);
  }, 120_000);
});

describe('runs.export', () => {
  it('refuses the workspace, its -wal, SQLite files and existing files; replaces a plain file only with overwrite', async () => {
    const ws = copyWorkspace(base, tmp.path('export.sqlite'));
    const service = open(ws);
    try {
      await runToEnd(service, { campaign: TWO_POINTS, asOf: AS_OF, workers: 1 });
      const before = health(ws);
      const other = tmp.path('other.csv');
      copyFileSync(base, other);
      const otherBytes = readFileSync(other);
      const cases: [string, boolean, string, RegExp][] = [
        [ws, true, 'InvalidInput', /must end in .jsonl/],
        [`${ws}-wal`, true, 'InvalidInput', /must end in .jsonl/],
        [other, true, 'InvalidInput', /is an SQLite database; outputs never overwrite one/],
        ['../escape.csv', false, 'InvalidInput', /would leave the workspace's outputs folder/],
      ];
      for (const [file, overwrite, code, message] of cases) {
        const r = await service.call('runs.export', { runId: 1, what: 'log', format: 'csv', file, overwrite });
        expect(r.ok, file).toBe(false);
        expect(!r.ok && r.error.code, file).toBe(code);
        expect(!r.ok && r.error.message, file).toMatch(message);
      }
      expect(readFileSync(other).equals(otherBytes)).toBe(true);
      const notes = tmp.path('export-notes.csv');
      writeFileSync(notes, 'keep me\n');
      const refused = await service.call('runs.export', { runId: 1, what: 'log', format: 'csv', file: notes });
      expect(refused).toMatchObject({ ok: false, error: { code: 'Conflict', field: 'overwrite' } });
      expect(readFileSync(notes, 'utf8')).toBe('keep me\n');
      const replaced = await service.call('runs.export', {
        runId: 1,
        what: 'log',
        format: 'csv',
        file: notes,
        overwrite: true,
      });
      expect(replaced.ok && replaced.data.rows).toBeGreaterThan(0);
      expect(readFileSync(notes, 'utf8')).toMatch(/^run_id,seq,/);
      const relative = await service.call('runs.export', { runId: 1, what: 'log', format: 'jsonl', file: 'log.jsonl' });
      expect(relative.ok && relative.data.file).toBe(join(tmp.dir, 'export.outputs', 'log.jsonl'));
      expect(readdirSync(tmp.dir).filter((f) => f.includes('.export-'))).toEqual([]);
      expect(health(ws)).toEqual(before);
    } finally {
      service.close();
    }
  }, 120_000);
});
