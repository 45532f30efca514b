// The preload exposes one named method per operation on window.workbenchDesktop, each on its own
// channel; no raw invoke/send, and menu listeners never see the IPC event.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, DESKTOP_GLOBAL, type DesktopApi, type MenuCommand } from '../../electron/desktop-api.ts';

const exposed = vi.hoisted(() => ({ calls: [] as [string, unknown][] }));
const ipcRenderer = vi.hoisted(() => ({
  invoke: vi.fn(async (..._args: unknown[]) => 'answer'),
  on: vi.fn(),
  removeListener: vi.fn(),
  send: vi.fn(),
  sendSync: vi.fn(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.calls.push([key, api]) },
  ipcRenderer,
}));

await import('../../electron/preload.ts');
const api = () => exposed.calls[0]![1] as DesktopApi;

beforeEach(() => {
  ipcRenderer.invoke.mockClear();
});

describe('preload', () => {
  it('exposes one object, on workbenchDesktop, with exactly the named methods (functions only)', () => {
    expect(exposed.calls.map(([k]) => k)).toEqual([DESKTOP_GLOBAL]);
    const names = Object.keys(api()).sort();
    expect(names).toEqual([
      'importData',
      'newWorkspace',
      'onMenuCommand',
      'openRecentWorkspace',
      'openWorkspace',
      'recentWorkspaces',
    ]);
    for (const n of names) expect(typeof (api() as unknown as Record<string, unknown>)[n]).toBe('function');
    expect(names.some((n) => /invoke|send|ipc/i.test(n))).toBe(false);
  });

  it.each([
    ['openWorkspace', [], CHANNELS.openWorkspace],
    ['newWorkspace', ['sample'], CHANNELS.newWorkspace],
    ['recentWorkspaces', [], CHANNELS.recentWorkspaces],
    ['openRecentWorkspace', ['/ws/a.sqlite'], CHANNELS.openRecentWorkspace],
    ['importData', ['events'], CHANNELS.importData],
  ] as const)('%s invokes %s on its own channel with its arguments only', async (method, args, channel) => {
    const fn = (api() as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
    await expect(fn(...args)).resolves.toBe('answer');
    expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(channel, ...args);
    expect(ipcRenderer.send).not.toHaveBeenCalled();
  });

  it('onMenuCommand hands the page the command without the IPC event, and unsubscribes', () => {
    const seen: unknown[][] = [];
    const off = api().onMenuCommand((...a: unknown[]) => seen.push(a));
    expect(ipcRenderer.on).toHaveBeenCalledWith(CHANNELS.menuCommand, expect.any(Function));
    const wrapped = ipcRenderer.on.mock.calls[0]![1] as (e: unknown, c: MenuCommand) => void;
    const command: MenuCommand = { type: 'import', kind: 'items', file: '/d/items.csv' };
    wrapped({ sender: 'secret' }, command);
    expect(seen).toEqual([[command]]);
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(CHANNELS.menuCommand, wrapped);
  });
});
