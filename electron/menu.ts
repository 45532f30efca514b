// The application menu: workspaces (new, open, recent), data import, view. Built from actions so
// the template is testable without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopImportKind, NewWorkspaceKind } from './desktop-api.ts';

export interface MenuActions {
  newWorkspace(kind: NewWorkspaceKind): void;
  openWorkspace(): void;
  openRecentWorkspace(file: string): void;
  clearRecentWorkspaces(): void;
  importData(kind: DesktopImportKind): void;
}

export interface MenuOptions {
  recent: string[];
  /** Development build: adds the developer tools toggle. */
  dev: boolean;
  platform: NodeJS.Platform;
}

const IMPORTS: { kind: DesktopImportKind; label: string }[] = [
  { kind: 'profiles', label: 'Profiles…' },
  { kind: 'items', label: 'Items…' },
  { kind: 'events', label: 'Engagement events…' },
  { kind: 'config', label: 'Configuration (JSON)…' },
];

/** The menu template for the current recent list and mode. */
export function buildMenuTemplate(actions: MenuActions, opts: MenuOptions): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] =
    opts.recent.length === 0
      ? [{ label: 'No recent workspaces', enabled: false }]
      : [
          ...opts.recent.map((file): MenuItemConstructorOptions => ({
            label: file,
            click: () => actions.openRecentWorkspace(file),
          })),
          { type: 'separator' },
          { label: 'Clear recent', click: () => actions.clearRecentWorkspaces() },
        ];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'New workspace',
        submenu: [
          { label: 'With the retail sample…', click: () => actions.newWorkspace('sample') },
          { label: 'Empty…', click: () => actions.newWorkspace('empty') },
        ],
      },
      { label: 'Open workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
      { label: 'Open recent', submenu: recent },
      { type: 'separator' },
      {
        label: 'Import data',
        submenu: IMPORTS.map(({ kind, label }) => ({ label, click: () => actions.importData(kind) })),
      },
      { type: 'separator' },
      opts.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(opts.dev ? [{ role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  return opts.platform === 'darwin'
    ? [{ role: 'appMenu' }, file, edit, view, { role: 'windowMenu' }]
    : [file, edit, view];
}
