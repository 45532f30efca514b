// The Electron preload's API, when the renderer runs inside the desktop shell.
import type { DesktopApi, MenuCommand } from '../../../electron/desktop-api.ts';

export type { DesktopApi, MenuCommand };
export type { ChosenImportFile, DesktopImportKind, NewWorkspaceKind } from '../../../electron/desktop-api.ts';

/** The preload's API in Electron; undefined in browser mode (use the client's upload there). */
export function desktopApi(): DesktopApi | undefined {
  // The global's name is DESKTOP_GLOBAL in electron/desktop-api.ts (a value import would pull the shell into the bundle).
  return (globalThis as { workbenchDesktop?: DesktopApi }).workbenchDesktop;
}
