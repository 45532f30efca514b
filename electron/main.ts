// Electron's main process: starts the service on a workspace (a child process), opens one hardened
// window on its tokened URL, and adds the menu, dialogs and recent workspaces. Bundled by
// electron/build.ts to dist/electron/main.js; run by `npm start` (scripts/start.ts).
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNELS, type MenuCommand } from './desktop-api.ts';
import { DesktopShell } from './desktop-shell.ts';
import { nativeDialogs } from './dialogs.ts';
import { registerIpcHandlers, type IpcMainLike } from './ipc.ts';
import { buildMenuTemplate } from './menu.ts';
import { RecentWorkspaces } from './recent-workspaces.ts';
import { initWorkspaceProcess, nodeCommand, startServiceProcess } from './service-process.ts';
import {
  hardenSession,
  hardenWebContents,
  mainWindowOptions,
  type SessionLike,
  type WebContentsLike,
} from './window-security.ts';
import { workspaceArgument } from './args.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The package root: ../.. from the bundle (dist/electron/main.js), .. from the source (electron/main.ts). */
const root = existsSync(join(here, '..', 'package.json')) ? join(here, '..') : join(here, '..', '..');
const preload = join(here, 'preload.cjs');
const dev = process.argv.includes('--dev') || process.env.WORKBENCH_ELECTRON_DEV === '1';
const log = (line: string) => process.stderr.write(`[workbench] ${line}\n`);

let window: BrowserWindow | undefined;
const recent = new RecentWorkspaces(join(app.getPath('userData'), 'recent-workspaces.json'));
const node = nodeCommand(process.env, process.execPath);

const shell: DesktopShell = new DesktopShell({
  dialogs: nativeDialogs(dialog, () => window),
  recent,
  startService: (ws) => startServiceProcess(root, ws, node, log),
  initWorkspace: (file, kind) => initWorkspaceProcess(root, file, kind, node),
  load: async (url) => {
    await window?.loadURL(url);
  },
  sendMenuCommand: (command: MenuCommand) => window?.webContents.send(CHANNELS.menuCommand, command),
  recentChanged: () => installMenu(),
});

function installMenu(): void {
  const template = buildMenuTemplate(
    {
      newWorkspace: (kind) => void shell.newWorkspace(kind),
      openWorkspace: () => void shell.openWorkspace(),
      openRecentWorkspace: (file) => void shell.openWorkspaceFile(file),
      clearRecentWorkspaces: () => shell.clearRecentWorkspaces(),
      importData: (kind) => void shell.menuImport(kind),
    },
    { recent: recent.list(), dev, platform: process.platform },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function ready(): Promise<void> {
  hardenSession(session.defaultSession as unknown as SessionLike);
  registerIpcHandlers(ipcMain as unknown as IpcMainLike, shell, () => shell.origin());
  installMenu();
  window = new BrowserWindow(mainWindowOptions(preload));
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = undefined));
  // 1. The workspace: the command line's, else the most recent one, else ask.
  const wanted = workspaceArgument(process.argv) ?? recent.list()[0];
  const opened = wanted && existsSync(wanted) ? await shell.openWorkspaceFile(wanted) : await shell.openWorkspace();
  if (!opened && !shell.origin()) {
    log('no workspace opened; quitting');
    app.quit();
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  // Every web contents (the window, devtools, anything created later) gets the same guards.
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents as unknown as WebContentsLike, () => shell.origin()),
  );
  app.on('window-all-closed', () => app.quit());
  let stopping = false;
  app.on('will-quit', (event) => {
    if (stopping) return;
    stopping = true;
    event.preventDefault();
    void shell.stop().finally(() => app.quit());
  });
  app.whenReady().then(ready, (e: unknown) => {
    log(`cannot start: ${(e as Error).stack ?? String(e)}`);
    app.exit(1);
  });
}
