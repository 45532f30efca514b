// The main process with the electron module mocked: the window's security options, the guards on
// every web contents, the IPC channels, the session, and a real service child process on a workspace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { initWorkspace } from '../../engine/service/init.ts';
import { INVOKE_CHANNELS } from '../../electron/desktop-api.ts';
import { fakeSession, fakeWebContents } from './fakes.ts';

const e = vi.hoisted(() => {
  const state = {
    userData: '',
    appHandlers: new Map<string, (...a: unknown[]) => void>(),
    windows: [] as { options: { webPreferences?: Record<string, unknown> }; loaded: string[] }[],
    ipcChannels: [] as string[],
    menus: 0,
    quit: 0,
    exit: [] as number[],
    dialogOpens: 0,
    session: undefined as unknown,
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    readonly loaded: string[] = [];
    readonly webContents = { send: () => {} };
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      e.windows.push(this);
    }
    once() {}
    on() {}
    show() {}
    focus() {}
    isMinimized() {
      return false;
    }
    async loadURL(url: string) {
      this.loaded.push(url);
    }
  }
  return {
    app: {
      getPath: () => e.userData,
      requestSingleInstanceLock: () => true,
      on: (name: string, h: (...a: unknown[]) => void) => e.appHandlers.set(name, h),
      whenReady: () => Promise.resolve(),
      quit: () => void e.quit++,
      exit: (code: number) => void e.exit.push(code),
    },
    BrowserWindow,
    dialog: {
      showOpenDialog: async () => {
        e.dialogOpens++;
        return { canceled: true, filePaths: [] };
      },
      showSaveDialog: async () => ({ canceled: true }),
      showErrorBox: () => {},
    },
    ipcMain: { handle: (channel: string) => e.ipcChannels.push(channel), removeHandler: () => {} },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => void e.menus++ },
    get session() {
      return { defaultSession: e.session };
    },
  };
});

let dir: string;
let workspace: string;
const argv = process.argv;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'workbench-electron-main-'));
  workspace = join(dir, 'ws.sqlite');
  const r = await initWorkspace(workspace, {
    sample: 'retail',
    individuals: 40,
    items: 20,
    seed: 1,
    now: '2026-11-28T00:00:00Z',
  });
  if (!r.ok) throw new Error(r.error.message);
});
afterAll(() => {
  process.argv = argv;
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  vi.resetModules();
  e.userData = mkdtempSync(join(dir, 'user-'));
  e.appHandlers.clear();
  e.windows.length = 0;
  e.ipcChannels.length = 0;
  e.menus = 0;
  e.quit = 0;
  e.dialogOpens = 0;
  e.session = fakeSession().session;
});

/** Imports main.ts afresh with this command line. */
async function startMain(args: string[]) {
  const { session, s } = fakeSession();
  e.session = session;
  process.argv = ['electron', 'main.js', ...args];
  await import('../../electron/main.ts');
  return s;
}

describe('electron main (electron mocked)', () => {
  it('opens one hardened window, guards every web contents, registers the IPC channels, denies permissions', async () => {
    const s = await startMain([]);
    await vi.waitFor(() => expect(e.quit).toBe(1));
    expect(e.windows).toHaveLength(1);
    expect(e.windows[0]!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: expect.stringMatching(/preload\.cjs$/),
    });
    expect([...e.ipcChannels].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(e.menus).toBeGreaterThan(0);
    let granted: boolean | undefined;
    s.request!({}, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    const f = fakeWebContents();
    e.appHandlers.get('web-contents-created')!({}, f.contents);
    expect(f.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(f.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    // Without a workspace on the command line or a recent one, it asks; cancelled → quits.
    expect(e.dialogOpens).toBe(1);
  });

  it('starts the service on the workspace given, loads its tokened URL, and stops it on quit', async () => {
    await startMain(['--workspace', workspace]);
    await vi.waitFor(() => expect(e.windows[0]?.loaded).toHaveLength(1), { timeout: 60_000, interval: 50 });
    const url = new URL(e.windows[0]!.loaded[0]!);
    const token = url.searchParams.get('token')!;
    const info = await fetch(`${url.origin}/api/op/workspace.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await info.json()) as { ok: boolean; data: { file: string } }).data.file).toBe(workspace);
    let prevented = false;
    e.appHandlers.get('will-quit')!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(e.quit).toBe(1), { timeout: 30_000, interval: 50 });
    await expect(fetch(`${url.origin}/`)).rejects.toThrow();
  });
});
