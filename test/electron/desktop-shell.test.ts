// The shell's workspace switching, dialogs and menu imports, with the service process faked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DesktopShell, type ShellPorts } from '../../electron/desktop-shell.ts';
import type { Dialogs } from '../../electron/dialogs.ts';
import { RecentWorkspaces } from '../../electron/recent-workspaces.ts';
import type { ServiceProcess } from '../../electron/service-process.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'workbench-shell-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup(opts: { failOn?: string; dialog?: Partial<Dialogs> } = {}) {
  let port = 40000;
  const running = new Set<string>();
  const stops: string[] = [];
  const loads: string[] = [];
  const errors: string[] = [];
  const commands: unknown[] = [];
  const dialogs: Dialogs = {
    chooseWorkspace: vi.fn(async () => null),
    chooseNewWorkspace: vi.fn(async () => null),
    chooseImportFile: vi.fn(async () => null),
    showError: (title, message) => errors.push(`${title}: ${message}`),
    ...opts.dialog,
  };
  const ports: ShellPorts = {
    dialogs,
    recent: new RecentWorkspaces(join(dir, 'recent.json')),
    startService: async (ws) => {
      if (ws === opts.failOn) throw new Error('not a workspace');
      const origin = `http://127.0.0.1:${++port}`;
      running.add(ws);
      const p: ServiceProcess = {
        announcement: { url: `${origin}/?token=t${port}`, origin, port, token: `t${port}`, workspace: ws, pid: port },
        exited: new Promise(() => {}),
        stop: async () => {
          running.delete(ws);
          stops.push(ws);
        },
      };
      return p;
    },
    initWorkspace: vi.fn(async (file: string) => {
      writeFileSync(file, '');
      return null;
    }),
    load: async (url) => void loads.push(url),
    sendMenuCommand: (c) => commands.push(c),
    recentChanged: vi.fn(),
  };
  return { shell: new DesktopShell(ports), ports, running, stops, loads, errors, commands, dialogs };
}

const file = (name: string) => {
  const f = join(dir, name);
  writeFileSync(f, '');
  return f;
};

describe('DesktopShell', () => {
  it('opens a workspace: one service, its URL loaded, remembered as recent', async () => {
    const t = setup();
    const a = file('a.sqlite');
    expect(await t.shell.openWorkspaceFile(a)).toBe(true);
    expect(t.loads).toEqual(['http://127.0.0.1:40001/?token=t40001']);
    expect(t.shell.origin()).toBe('http://127.0.0.1:40001');
    expect(t.shell.recentWorkspaces()).toEqual([a]);
    expect(t.ports.recentChanged).toHaveBeenCalled();
  });

  it('switching stops the previous service first; reopening the same file does nothing', async () => {
    const t = setup();
    const [a, b] = [file('a.sqlite'), file('b.sqlite')];
    await t.shell.openWorkspaceFile(a);
    await t.shell.openWorkspaceFile(b);
    expect(t.stops).toEqual([a]);
    expect([...t.running]).toEqual([b]);
    await t.shell.openWorkspaceFile(b);
    expect(t.loads).toHaveLength(2);
  });

  it('a workspace that fails to open shows the error and goes back to the previous one', async () => {
    const bad = file('bad.sqlite');
    const t = setup({ failOn: bad });
    const a = file('a.sqlite');
    await t.shell.openWorkspaceFile(a);
    expect(await t.shell.openWorkspaceFile(bad)).toBe(false);
    expect(t.errors[0]).toMatch(/Cannot open the workspace: .*bad\.sqlite[\s\S]*not a workspace/);
    expect(t.shell.workspace()).toBe(a);
    expect(t.shell.recentWorkspaces()).toEqual([a]);
  });

  it('opens only recent workspaces by path (the page cannot name arbitrary files)', async () => {
    const t = setup();
    const a = file('a.sqlite');
    await expect(t.shell.openRecentWorkspace(a)).rejects.toThrow(/not a recent workspace/);
    await t.shell.openWorkspaceFile(a);
    await t.shell.openWorkspaceFile(file('b.sqlite'));
    expect(await t.shell.openRecentWorkspace(a)).toBe(true);
    expect(t.shell.workspace()).toBe(a);
  });

  it('new workspace: save dialog, init (sample or empty), then open; cancelling does nothing', async () => {
    const target = join(dir, 'new.sqlite');
    const t = setup({ dialog: { chooseNewWorkspace: vi.fn(async () => target) } });
    expect(await t.shell.newWorkspace('sample')).toBe(true);
    expect(t.ports.initWorkspace).toHaveBeenCalledWith(target, 'sample');
    expect(t.shell.workspace()).toBe(target);
    const c = setup();
    expect(await c.shell.newWorkspace('empty')).toBe(false);
    expect(c.ports.initWorkspace).not.toHaveBeenCalled();
  });

  it('import: the dialog picks the file; the menu hands it to the page as a command', async () => {
    const t = setup({ dialog: { chooseImportFile: vi.fn(async (kind) => `/data/${kind}.csv`) } });
    expect(await t.shell.importData('items')).toEqual({ kind: 'items', file: '/data/items.csv' });
    await t.shell.menuImport('profiles');
    expect(t.commands).toEqual([{ type: 'import', kind: 'profiles', file: '/data/profiles.csv' }]);
    const c = setup();
    await c.shell.menuImport('profiles');
    expect(c.commands).toEqual([]);
  });

  it('stop() stops the running service', async () => {
    const t = setup();
    await t.shell.openWorkspaceFile(file('a.sqlite'));
    await t.shell.stop();
    expect(t.running.size).toBe(0);
    expect(t.shell.origin()).toBeUndefined();
  });
});
