// The preload (sandboxed, bundled to CommonJS): exposes one named method per desktop operation on
// window.workbenchDesktop. No raw ipcRenderer, invoke or send reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, DESKTOP_GLOBAL, type DesktopApi, type MenuCommand } from './desktop-api.ts';

/** The API object the page sees (built here so the unit tests can inspect it). */
export function createDesktopApi(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>): DesktopApi {
  return {
    openWorkspace: () => ipc.invoke(CHANNELS.openWorkspace),
    newWorkspace: (kind) => ipc.invoke(CHANNELS.newWorkspace, kind),
    recentWorkspaces: () => ipc.invoke(CHANNELS.recentWorkspaces),
    openRecentWorkspace: (file) => ipc.invoke(CHANNELS.openRecentWorkspace, file),
    importData: (kind) => ipc.invoke(CHANNELS.importData, kind),
    onMenuCommand: (listener) => {
      // The page gets the command only, never the IPC event (which would expose the sender).
      const wrapped = (_event: IpcRendererEvent, command: MenuCommand) => listener(command);
      ipc.on(CHANNELS.menuCommand, wrapped);
      return () => {
        ipc.removeListener(CHANNELS.menuCommand, wrapped);
      };
    },
  };
}

contextBridge.exposeInMainWorld(DESKTOP_GLOBAL, createDesktopApi(ipcRenderer));
