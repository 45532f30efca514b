// The application menu: workspaces, recent list, imports, dev tools only in development.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../../electron/menu.ts';

const actions = (): MenuActions => ({
  newWorkspace: vi.fn(),
  openWorkspace: vi.fn(),
  openRecentWorkspace: vi.fn(),
  clearRecentWorkspaces: vi.fn(),
  importData: vi.fn(),
});

/** Finds an item by a path of labels (or roles). */
function item(template: MenuItemConstructorOptions[], ...path: string[]): MenuItemConstructorOptions | undefined {
  let level: MenuItemConstructorOptions[] = template;
  let found: MenuItemConstructorOptions | undefined;
  for (const name of path) {
    found = level.find((i) => i.label === name || i.role === name);
    if (!found) return undefined;
    level = (found.submenu as MenuItemConstructorOptions[] | undefined) ?? [];
  }
  return found;
}
const click = (i: MenuItemConstructorOptions | undefined) => (i!.click as () => void)();

describe('buildMenuTemplate', () => {
  it('offers new (sample or empty), open, recent and import items wired to the actions', () => {
    const a = actions();
    const t = buildMenuTemplate(a, { recent: ['/ws/a.sqlite', '/ws/b.sqlite'], dev: false, platform: 'linux' });
    click(item(t, 'File', 'New workspace', 'With the retail sample…'));
    click(item(t, 'File', 'New workspace', 'Empty…'));
    expect(a.newWorkspace).toHaveBeenNthCalledWith(1, 'sample');
    expect(a.newWorkspace).toHaveBeenNthCalledWith(2, 'empty');
    click(item(t, 'File', 'Open workspace…'));
    expect(a.openWorkspace).toHaveBeenCalledOnce();
    click(item(t, 'File', 'Open recent', '/ws/b.sqlite'));
    expect(a.openRecentWorkspace).toHaveBeenCalledWith('/ws/b.sqlite');
    click(item(t, 'File', 'Open recent', 'Clear recent'));
    expect(a.clearRecentWorkspaces).toHaveBeenCalledOnce();
    const imports = (item(t, 'File', 'Import data')!.submenu as MenuItemConstructorOptions[]).map((i) => i.label);
    expect(imports).toEqual(['Profiles…', 'Items…', 'Engagement events…', 'Configuration (JSON)…']);
    click(item(t, 'File', 'Import data', 'Engagement events…'));
    expect(a.importData).toHaveBeenCalledWith('events');
  });

  it('shows a disabled placeholder without recent workspaces', () => {
    const t = buildMenuTemplate(actions(), { recent: [], dev: false, platform: 'linux' });
    expect(item(t, 'File', 'Open recent', 'No recent workspaces')).toMatchObject({ enabled: false });
  });

  it('has the developer tools in development only, reload always', () => {
    const prod = buildMenuTemplate(actions(), { recent: [], dev: false, platform: 'linux' });
    const dev = buildMenuTemplate(actions(), { recent: [], dev: true, platform: 'linux' });
    expect(item(prod, 'View', 'toggleDevTools')).toBeUndefined();
    expect(item(dev, 'View', 'toggleDevTools')).toBeDefined();
    expect(item(prod, 'View', 'reload')).toBeDefined();
  });

  it('follows the macOS layout there (app menu first)', () => {
    const t = buildMenuTemplate(actions(), { recent: [], dev: false, platform: 'darwin' });
    expect(t[0]!.role).toBe('appMenu');
    expect(item(t, 'File', 'close')).toBeDefined();
  });
});
