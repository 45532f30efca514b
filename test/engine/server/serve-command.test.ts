// `workbench serve`: bad input exits 2 with a message naming the option or file; a served
// workspace announces its URL as one JSON line and stops cleanly on SIGTERM or when stdin closes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../engine/cli/main.ts';
import type { ServeAnnouncement } from '../../../engine/cli/commands/serve.ts';
import { PACKAGE_ROOT } from '../../../engine/server/renderer-build.ts';
import { sampleWorkspace } from './server-fixture.ts';

let dir: string;
let ws: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'workbench-serve-cmd-'));
  ws = await sampleWorkspace(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

describe('serve: bad input exits 2 and names what is wrong', () => {
  it.each([
    [['--host', '0.0.0.0'], /--host 0\.0\.0\.0 is not a loopback address/],
    [['--host', '192.168.1.10'], /not a loopback address/],
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--port', '-1'], /--port must be a whole number/],
  ])('%j', async (flags, message) => {
    const r = await cli('serve', ws, '--no-open', '--no-build', ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('a missing workspace file (JSON fault with --json)', async () => {
    const r = await cli('serve', join(dir, 'nope.sqlite'), '--no-open', '--no-build', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'WorkspaceNotFound' } });
  });

  it('a file that is not a workspace', async () => {
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'this is not sqlite');
    const r = await cli('serve', junk, '--no-open', '--no-build');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/junk\.sqlite/);
  });

  it('a port already in use', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await cli('serve', ws, '--no-open', '--no-build', '--port', String(port));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`port ${port} is in use`));
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});

/** Spawns the real bin and reads its announcement. */
function spawnServe(args: string[]) {
  const child = spawn(
    process.execPath,
    [join(PACKAGE_ROOT, 'bin', 'workbench.js'), 'serve', ws, '--json', '--no-open', '--no-build', ...args],
    { cwd: PACKAGE_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const announced = new Promise<ServeAnnouncement>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (l) => resolve(JSON.parse(l) as ServeAnnouncement));
    void exit.then((code) => reject(new Error(`serve exited ${code} before announcing\n${stderr}`)));
  });
  return { child, exit, announced, stderr: () => stderr };
}

describe('serve: a running server', () => {
  it('prints one JSON line with the tokened URL, answers calls with the token, stops on SIGTERM with exit 0', async () => {
    const p = spawnServe([]);
    const a = await p.announced;
    expect(a.url).toBe(`${a.origin}/?token=${a.token}`);
    expect(a.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.workspace).toBe(ws);
    expect(a.pid).toBe(p.child.pid);
    const r = await fetch(`${a.origin}/api/op/workspace.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await r.json()) as { ok: boolean }).ok).toBe(true);
    const refused = await fetch(`${a.origin}/api/op/workspace.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(401);
    await refused.body?.cancel();
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(p.stderr()).toMatch(/Stopping \(SIGTERM\)/);
  });

  it('with --watch-stdin, stops when its parent closes stdin', async () => {
    const p = spawnServe(['--watch-stdin']);
    await p.announced;
    p.child.stdin.end();
    expect(await p.exit).toBe(0);
    expect(p.stderr()).toMatch(/Stopping \(stdin closed\)/);
  });

  it('listens on the --port asked for', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const p = spawnServe(['--port', String(port)]);
    const a = await p.announced;
    expect(a.port).toBe(port);
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  });
});
