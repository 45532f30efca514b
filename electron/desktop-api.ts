// The preload's API as the renderer sees it (`window.workbenchDesktop`), and the IPC channel of
// each method. One named method per operation; there is no generic invoke.
// This file holds types and constants only: the renderer imports it with `import type`.

/** Data a user can import from the menu or the import wizard. */
export type DesktopImportKind = 'profiles' | 'items' | 'events' | 'config';

/** What a new workspace starts with. */
export type NewWorkspaceKind = 'sample' | 'empty';

/** A file chosen for import in the native open dialog. */
export interface ChosenImportFile {
  kind: DesktopImportKind;
  file: string;
}

/** A command from the application menu that the screens handle (e.g. open the import wizard). */
export type MenuCommand = { type: 'import'; kind: DesktopImportKind; file: string };

/** What the preload exposes on `window.workbenchDesktop` (Electron only; absent in browser mode). */
export interface DesktopApi {
  /** Shows the native open dialog for a workspace file and reopens the window on it; false when cancelled. */
  openWorkspace(): Promise<boolean>;
  /** Asks for a new workspace file in the native save dialog, initializes it (sample or empty) and opens it. */
  newWorkspace(kind: NewWorkspaceKind): Promise<boolean>;
  /** Recently opened workspace files, most recent first. */
  recentWorkspaces(): Promise<string[]>;
  /** Reopens the window on one of the recent workspaces. */
  openRecentWorkspace(file: string): Promise<boolean>;
  /** Shows the native open dialog for a data (or config) file; the renderer then starts import.start (or calls config.import) with it. */
  importData(kind: DesktopImportKind): Promise<ChosenImportFile | null>;
  /** Listens to application-menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channels, one per DesktopApi method (invoke) plus the menu-command push (main → renderer). */
export const CHANNELS = {
  openWorkspace: 'workspace:open',
  newWorkspace: 'workspace:new',
  recentWorkspaces: 'workspace:recent',
  openRecentWorkspace: 'workspace:open-recent',
  importData: 'data:choose-import-file',
  menuCommand: 'menu:command',
} as const;

/** The invoke channels the main process handles (every one validated and sender-checked). */
export const INVOKE_CHANNELS = [
  CHANNELS.openWorkspace,
  CHANNELS.newWorkspace,
  CHANNELS.recentWorkspaces,
  CHANNELS.openRecentWorkspace,
  CHANNELS.importData,
] as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

/** The name of the global the preload exposes. */
export const DESKTOP_GLOBAL = 'workbenchDesktop';
