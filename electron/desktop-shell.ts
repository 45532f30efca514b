// What the desktop adds around the service: which workspace is open (one service child process per
// workspace), switching workspaces, recent workspaces, and native dialogs. No business logic.
import { resolve } from 'node:path';
import type { ChosenImportFile, DesktopImportKind, MenuCommand, NewWorkspaceKind } from './desktop-api.ts';
import type { Dialogs } from './dialogs.ts';
import type { DesktopActions } from './ipc.ts';
import type { RecentWorkspaces } from './recent-workspaces.ts';
import type { ServiceProcess } from './service-process.ts';

export interface ShellPorts {
  dialogs: Dialogs;
  recent: RecentWorkspaces;
  startService(workspace: string): Promise<ServiceProcess>;
  initWorkspace(file: string, kind: NewWorkspaceKind): Promise<string | null>;
  /** Loads the service's tokened URL in the window. */
  load(url: string): Promise<void>;
  /** Sends a menu command to the page. */
  sendMenuCommand(command: MenuCommand): void;
  /** The recent list changed: rebuild the menu. */
  recentChanged(): void;
}

export class DesktopShell implements DesktopActions {
  private service: ServiceProcess | undefined;
  private switching: Promise<boolean> = Promise.resolve(true);

  constructor(private readonly ports: ShellPorts) {}

  /** The origin of the running service (IPC senders and navigation are checked against it). */
  origin(): string | undefined {
    return this.service?.announcement.origin;
  }

  /** The open workspace file. */
  workspace(): string | undefined {
    return this.service?.announcement.workspace;
  }

  /** Stops the current service, starts one on `file`, loads it; on failure reopens the previous workspace. */
  openWorkspaceFile(file: string): Promise<boolean> {
    // One switch at a time: menu clicks and IPC calls queue up.
    this.switching = this.switching.then(() => this.switchTo(resolve(file)));
    return this.switching;
  }

  private async switchTo(file: string): Promise<boolean> {
    const previous = this.service;
    if (previous?.announcement.workspace === file) return true;
    await previous?.stop();
    this.service = undefined;
    try {
      this.service = await this.ports.startService(file);
    } catch (e) {
      this.ports.dialogs.showError('Cannot open the workspace', `${file}\n\n${(e as Error).message}`);
      if (previous) {
        try {
          this.service = await this.ports.startService(previous.announcement.workspace);
          await this.ports.load(this.service.announcement.url);
        } catch {
          this.service = undefined;
        }
      }
      return false;
    }
    this.ports.recent.add(file);
    this.ports.recentChanged();
    await this.ports.load(this.service.announcement.url);
    return true;
  }

  async openWorkspace(): Promise<boolean> {
    const file = await this.ports.dialogs.chooseWorkspace();
    return file ? this.openWorkspaceFile(file) : false;
  }

  async newWorkspace(kind: NewWorkspaceKind): Promise<boolean> {
    const file = await this.ports.dialogs.chooseNewWorkspace();
    if (!file) return false;
    const problem = await this.ports.initWorkspace(file, kind);
    if (problem) {
      this.ports.dialogs.showError('Cannot create the workspace', `${file}\n\n${problem}`);
      return false;
    }
    return this.openWorkspaceFile(file);
  }

  recentWorkspaces(): string[] {
    return this.ports.recent.list();
  }

  /** Only paths already in the recent list can be opened this way (the page cannot name arbitrary files). */
  async openRecentWorkspace(file: string): Promise<boolean> {
    if (!this.ports.recent.has(file)) throw new Error(`${file} is not a recent workspace`);
    return this.openWorkspaceFile(file);
  }

  clearRecentWorkspaces(): void {
    this.ports.recent.clear();
    this.ports.recentChanged();
  }

  async importData(kind: DesktopImportKind): Promise<ChosenImportFile | null> {
    const file = await this.ports.dialogs.chooseImportFile(kind);
    return file ? { kind, file } : null;
  }

  /** Menu → Import data: the dialog, then the page's import wizard takes over with the chosen file. */
  async menuImport(kind: DesktopImportKind): Promise<void> {
    const chosen = await this.importData(kind);
    if (chosen) this.ports.sendMenuCommand({ type: 'import', ...chosen });
  }

  async stop(): Promise<void> {
    await this.switching.catch(() => undefined);
    await this.service?.stop();
    this.service = undefined;
  }
}
