// `npm start` end to end in browser mode (the path taken wherever Electron's binary or a display is
// missing): it creates the sample workspace, serves it, prints the tokened URL; the page and the API
// answer; SIGTERM stops it. And `npm run dev`: vite's dev server with /api proxied to the service.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace } from '../../engine/service/init.ts';
import { PACKAGE_ROOT } from '../../engine/server/renderer-build.ts';
import { electronBinary, noDisplayReason } from '../../electron/binary.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'workbench-start-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `node scripts/start.js …` (what `npm start` runs) until it prints a tokened URL. */
function runStart(args: string[]) {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'scripts', 'start.js'), ...args], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = new Promise<URL>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout += line + '\n';
      const m = /(http:\/\/(?:127\.0\.0\.1|localhost):\d+\/\?token=[A-Za-z0-9_-]+)/.exec(line);
      if (m) resolve(new URL(m[1]!));
    });
    void exit.then((code) => reject(new Error(`start exited ${code} before printing a URL\n${stdout}\n${stderr}`)));
  });
  return { child, exit, url, out: () => stdout, err: () => stderr };
}

// Where Electron could run, force browser mode: this test is about that path.
const electronHere = electronBinary(PACKAGE_ROOT).ok && noDisplayReason() === undefined;

describe('npm start (browser mode)', () => {
  it('creates the sample workspace, says in one line why not Electron, serves it with the token, and stops on SIGTERM', async () => {
    const ws = join(dir, 'sample.sqlite');
    const run = runStart(['--workspace', ws, '--no-open', ...(electronHere ? ['--browser'] : [])]);
    const url = await run.url;
    expect(existsSync(ws)).toBe(true);
    expect(run.out()).toMatch(/10,000 individuals/);
    if (!electronHere) {
      const lines = run
        .err()
        .split('\n')
        .filter((l) => /Electron is not available/.test(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/docs\/desktop\.md/);
    }
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root"><\/div>/);
    const token = url.searchParams.get('token')!;
    const info = await fetch(`${url.origin}/api/op/workspace.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const body = (await info.json()) as { ok: boolean; data: { file: string; dataSpaces: { individuals: number }[] } };
    expect(body.data.file).toBe(ws);
    expect(body.data.dataSpaces[0]!.individuals).toBe(10_000);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('reuses an existing workspace', async () => {
    const ws = join(dir, 'existing.sqlite');
    const r = await initWorkspace(ws, {
      sample: 'retail',
      individuals: 50,
      items: 20,
      seed: 3,
      now: '2026-11-28T00:00:00Z',
    });
    if (!r.ok) throw new Error(r.error.message);
    const run = runStart(['--workspace', ws, '--no-open', '--browser']);
    const url = await run.url;
    expect(run.err()).not.toMatch(/Creating the sample workspace/);
    const info = await fetch(`${url.origin}/api/op/workspace.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(
      ((await info.json()) as { data: { dataSpaces: { individuals: number }[] } }).data.dataSpaces[0]!.individuals,
    ).toBe(50);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('refuses unknown flags with exit 2 and the usage', async () => {
    const run = runStart(['--frobnicate']);
    await expect(run.url).rejects.toThrow();
    expect(await run.exit).toBe(2);
    expect(run.err()).toMatch(/Usage: npm start/);
  });
});

describe('npm run dev', () => {
  it('serves the renderer with hot reload and proxies /api (with the token) to the service', async () => {
    const ws = join(dir, 'dev.sqlite');
    const r = await initWorkspace(ws, {
      sample: 'retail',
      individuals: 30,
      items: 20,
      seed: 1,
      now: '2026-11-28T00:00:00Z',
    });
    if (!r.ok) throw new Error(r.error.message);
    const run = runStart(['--dev', '--workspace', ws, '--no-open']);
    const url = await run.url;
    try {
      const page = await fetch(new URL('/', url));
      expect(await page.text()).toMatch(/@vite\/client|\/src\/main\.tsx/);
      const token = url.searchParams.get('token')!;
      // As the dev page would call it: its own origin, proxied to the service.
      const call = await fetch(new URL('/api/op/workspace.info', url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: url.origin },
        body: '{}',
      });
      expect(((await call.json()) as { ok: boolean }).ok).toBe(true);
      const refused = await fetch(new URL('/api/op/workspace.info', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(refused.status).toBe(401);
      await refused.body?.cancel();
    } finally {
      run.child.kill('SIGTERM');
      await run.exit;
    }
  });
});
