// Electron's security checklist, applied to the one window and the session: isolated, sandboxed
// renderer without Node; no navigation away from the service, no new windows, no webviews, no
// permissions; a Content-Security-Policy on every response.
import type { BrowserWindowConstructorOptions, HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../engine/server/security.ts';

/** The window's options: the security-relevant webPreferences are fixed here and unit-tested. */
export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Batch Personalization Workbench',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** The origin of a URL, or undefined when it does not parse. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** A navigation event: its target and the way to stop it (Electron's Event<…EventParams>). */
export interface NavigationEventLike {
  url: string;
  preventDefault(): void;
}

/** The parts of WebContents the hardening uses (a stand-in in tests). */
export interface WebContentsLike {
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate' | 'will-attach-webview',
    listener: (details: NavigationEventLike) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
}

/**
 * Blocks navigation to anything but the service's origin (the window is reopened by the main process
 * itself when the workspace changes), every new window, and webviews.
 */
export function hardenWebContents(contents: WebContentsLike, serviceOrigin: () => string | undefined): void {
  const guard = (details: NavigationEventLike) => {
    const trusted = serviceOrigin();
    if (trusted === undefined || originOf(details.url) !== trusted) details.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The parts of Session the hardening uses. */
export interface SessionLike {
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string) => boolean) | null): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/** Denies every permission request and check; adds the CSP to any response that lacks one. */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-security-policy'))
      headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}
