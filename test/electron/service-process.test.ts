// The service child process the shell starts: real `workbench serve` and `workbench init` runs.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../engine/server/renderer-build.ts';
import { spawn } from 'node:child_process';
import { initWorkspaceProcess, startServiceProcess, stopChild } from '../../electron/service-process.ts';

let dir: string;
const node = { command: process.execPath, env: process.env };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'workbench-service-process-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('initWorkspaceProcess and startServiceProcess', () => {
  it('creates an empty workspace, serves it, and stops it', async () => {
    const ws = join(dir, 'empty.sqlite');
    expect(await initWorkspaceProcess(PACKAGE_ROOT, ws, 'empty', node)).toBeNull();
    expect(existsSync(ws)).toBe(true);
    const p = await startServiceProcess(PACKAGE_ROOT, ws, node);
    expect(p.announcement.workspace).toBe(ws);
    const r = await fetch(`${p.announcement.origin}/api/op/workspace.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${p.announcement.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(
      ((await r.json()) as { data: { dataSpaces: { individuals: number }[] } }).data.dataSpaces[0]!.individuals,
    ).toBe(0);
    await p.stop();
    expect(await p.exited).toBe(0);
  });

  it('rejects with the service’s own message when the workspace cannot be opened', async () => {
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'not a database');
    await expect(startServiceProcess(PACKAGE_ROOT, junk, node)).rejects.toThrow(
      /could not start: WorkspaceIncompatible: .*junk\.sqlite/,
    );
  });

  it('init reports why it failed', async () => {
    const problem = await initWorkspaceProcess(PACKAGE_ROOT, join(dir, 'no-such-dir', 'x.sqlite'), 'empty', node);
    expect(problem).toEqual(expect.any(String));
    expect(problem).not.toBe('');
  });
});

describe('stopChild', () => {
  it('kills (SIGKILL) a process that ignores SIGTERM once the grace period is over', async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        "process.on('SIGTERM', () => {}); process.stdin.resume(); process.stdout.write('ready'); setInterval(() => {}, 1000);",
      ],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise((resolve) => child.stdout.once('data', resolve));
    await stopChild(child, exited, 200);
    expect(await exited).toBe('SIGKILL');
  });

  it('does not kill a process that exits on SIGTERM', async () => {
    const child = spawn(process.execPath, ['-e', "process.stdout.write('ready'); setInterval(() => {}, 1000);"], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise((resolve) => child.stdout.once('data', resolve));
    await stopChild(child, exited, 60_000);
    expect(await exited).toBe('SIGTERM');
  });
});
