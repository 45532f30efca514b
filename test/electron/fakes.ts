// Stand-ins for the parts of Electron the shell touches: web contents, session, ipcMain.
import type { IpcEventLike, IpcMainLike } from '../../electron/ipc.ts';
import type { NavigationEventLike, SessionLike, WebContentsLike } from '../../electron/window-security.ts';

type Listener = (details: NavigationEventLike) => void;

/** Web contents that record listeners and the window-open handler. */
export function fakeWebContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const contents: WebContentsLike = {
    on: (event: string, l: Listener) => listeners.set(event, [...(listeners.get(event) ?? []), l]),
    setWindowOpenHandler: (h) => (openHandler = h as never),
  };
  /** Fires an event; returns whether a listener prevented it. */
  const fire = (event: string, url: string): boolean => {
    let prevented = false;
    for (const l of listeners.get(event) ?? []) l({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents, listeners, fire, openWindow: (url: string) => openHandler?.({ url }) };
}

/** A session recording its permission handlers and header hook. */
export function fakeSession() {
  const s = {
    request: undefined as undefined | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
    check: undefined as undefined | ((wc: unknown, permission: string) => boolean),
    headers: undefined as
      | undefined
      | ((
          d: { responseHeaders?: Record<string, string[]> },
          cb: (r: { responseHeaders?: Record<string, string[]> }) => void,
        ) => void),
  };
  const session: SessionLike = {
    setPermissionRequestHandler: (h) => (s.request = h ?? undefined),
    setPermissionCheckHandler: (h) => (s.check = h ?? undefined),
    webRequest: { onHeadersReceived: (l) => (s.headers = l) },
  };
  return { session, s };
}

/** ipcMain with handlers callable as the renderer would. */
export function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = {
    handle: (channel, l) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, l);
    },
    removeHandler: (channel) => handlers.delete(channel),
  };
  /** Invokes a channel from a frame at `url` (main frame unless `parent` is given). */
  const invoke = async (channel: string, url: string, args: unknown[], parent: unknown = null) => {
    const h = handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h({ senderFrame: { url, parent } }, ...args);
  };
  return { ipc, handlers, invoke };
}
