// Launches the real Electron app on a sample workspace and waits for the workspace screen. It needs
// Electron's binary (not downloaded here: electron has no postinstall, and this machine has no
// network) and a display; otherwise it is skipped, saying why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { initWorkspace } from '../../engine/service/init.ts';
import { ensureRendererBuilt, PACKAGE_ROOT } from '../../engine/server/renderer-build.ts';
import { electronBinary, noDisplayReason } from '../../electron/binary.ts';
import { buildElectron, ELECTRON_DIST } from '../../electron/build.ts';

const binary = electronBinary(PACKAGE_ROOT);
const skipReason = !binary.ok ? `${binary.reason}; see docs/desktop.md` : noDisplayReason();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('Electron launch', () => {
  it('opens one window on the workspace given and shows its counts', async (ctx) => {
    ctx.skip(skipReason !== undefined, `Electron launch skipped: ${skipReason}`);
    if (!binary.ok) return;
    const dir = mkdtempSync(join(tmpdir(), 'workbench-electron-launch-'));
    dirs.push(dir);
    const ws = join(dir, 'ws.sqlite');
    const r = await initWorkspace(ws, {
      sample: 'retail',
      individuals: 300,
      items: 50,
      seed: 1,
      now: '2026-11-28T00:00:00Z',
    });
    if (!r.ok) throw new Error(r.error.message);
    await ensureRendererBuilt();
    await buildElectron();
    const app = await _electron.launch({
      executablePath: binary.path,
      args: [join(ELECTRON_DIST, 'main.js'), '--workspace', ws, `--user-data-dir=${join(dir, 'user')}`],
      env: { ...process.env, WORKBENCH_NODE: process.execPath },
    });
    try {
      const page = await app.firstWindow();
      await expect.poll(() => page.getByText('300', { exact: true }).count(), { timeout: 60_000 }).toBeGreaterThan(0);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(
        await page.evaluate(() =>
          Object.keys((globalThis as { workbenchDesktop?: object }).workbenchDesktop ?? {}).sort(),
        ),
      ).toEqual([
        'importData',
        'newWorkspace',
        'onMenuCommand',
        'openRecentWorkspace',
        'openWorkspace',
        'recentWorkspaces',
      ]);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
