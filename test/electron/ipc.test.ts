// IPC: the channel list, sender checks (service origin, main frame) and payload validation.
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, INVOKE_CHANNELS } from '../../electron/desktop-api.ts';
import { PAYLOADS, registerIpcHandlers, senderProblem, type DesktopActions } from '../../electron/ipc.ts';
import { fakeIpcMain } from './fakes.ts';

const ORIGIN = 'http://127.0.0.1:43210';

function setup(origin: string | undefined = ORIGIN) {
  const actions: DesktopActions = {
    openWorkspace: vi.fn(async () => true),
    newWorkspace: vi.fn(async () => true),
    recentWorkspaces: vi.fn(() => ['/ws/a.sqlite']),
    openRecentWorkspace: vi.fn(async () => true),
    importData: vi.fn(async (kind) => ({ kind, file: `/data/${kind}.csv` })),
  };
  const f = fakeIpcMain();
  const unregister = registerIpcHandlers(f.ipc, actions, () => origin);
  return { actions, ...f, unregister };
}

describe('the channel list', () => {
  it('registers exactly one handler per invoke channel, each with a payload schema', () => {
    const { handlers, unregister } = setup();
    expect([...handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(Object.keys(PAYLOADS).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(INVOKE_CHANNELS).not.toContain(CHANNELS.menuCommand);
    unregister();
    expect(handlers.size).toBe(0);
  });
});

describe('sender checks', () => {
  it('accepts the service page in the main frame and calls the action', async () => {
    const { invoke, actions } = setup();
    await expect(invoke(CHANNELS.importData, `${ORIGIN}/data`, ['profiles'])).resolves.toEqual({
      kind: 'profiles',
      file: '/data/profiles.csv',
    });
    expect(actions.importData).toHaveBeenCalledWith('profiles');
  });

  it.each([
    ['another origin', 'https://evil.example/', null, /not the workbench service/],
    ['another port', 'http://127.0.0.1:43211/', null, /not the workbench service/],
    ['a file URL', 'file:///tmp/x.html', null, /not the workbench service/],
    ['a subframe of the service', `${ORIGIN}/`, { url: ORIGIN }, /main frame/],
  ])('refuses %s without calling the action', async (_name, url, parent, why) => {
    const { invoke, actions } = setup();
    await expect(invoke(CHANNELS.openWorkspace, url, [], parent)).rejects.toThrow(why);
    expect(actions.openWorkspace).not.toHaveBeenCalled();
  });

  it('refuses everything while no service runs, and a destroyed frame', () => {
    expect(senderProblem({ senderFrame: { url: `${ORIGIN}/`, parent: null } }, undefined)).toMatch(
      /no workspace service/,
    );
    expect(senderProblem({ senderFrame: null }, ORIGIN)).toMatch(/gone/);
  });
});

describe('payload validation', () => {
  it.each([
    [CHANNELS.importData, ['pets'], /invalid payload/],
    [CHANNELS.importData, [], /invalid payload/],
    [CHANNELS.importData, ['profiles', 'extra'], /invalid payload/],
    [CHANNELS.importData, [{ kind: 'profiles' }], /invalid payload/],
    [CHANNELS.newWorkspace, ['huge'], /invalid payload/],
    [CHANNELS.openRecentWorkspace, [42], /invalid payload/],
    [CHANNELS.openRecentWorkspace, [''], /invalid payload/],
    [CHANNELS.openRecentWorkspace, ['/a\0b.sqlite'], /NUL/],
    [CHANNELS.openWorkspace, ['/etc/passwd'], /invalid payload/],
    [CHANNELS.recentWorkspaces, [1], /invalid payload/],
  ])('%s %j is refused', async (channel, args, why) => {
    const { invoke, actions } = setup();
    await expect(invoke(channel, `${ORIGIN}/`, args)).rejects.toThrow(why);
    for (const fn of Object.values(actions)) expect(fn).not.toHaveBeenCalled();
  });

  it('passes valid payloads through', async () => {
    const { invoke, actions } = setup();
    await invoke(CHANNELS.newWorkspace, `${ORIGIN}/`, ['empty']);
    await invoke(CHANNELS.openRecentWorkspace, `${ORIGIN}/`, ['/ws/a.sqlite']);
    expect(await invoke(CHANNELS.recentWorkspaces, `${ORIGIN}/`, [])).toEqual(['/ws/a.sqlite']);
    expect(actions.newWorkspace).toHaveBeenCalledWith('empty');
    expect(actions.openRecentWorkspace).toHaveBeenCalledWith('/ws/a.sqlite');
  });
});
