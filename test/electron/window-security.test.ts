// Electron's security checklist: window options, navigation and window-open blocking, webviews,
// permissions, and the CSP on every response.
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../engine/server/security.ts';
import { hardenSession, hardenWebContents, mainWindowOptions, originOf } from '../../electron/window-security.ts';
import { fakeSession, fakeWebContents } from './fakes.ts';

const ORIGIN = 'http://127.0.0.1:43210';

describe('mainWindowOptions', () => {
  it('isolates and sandboxes the renderer, without Node, with web security on', () => {
    const prefs = mainWindowOptions('/app/dist/electron/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
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
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });
});

describe('hardenWebContents', () => {
  it.each([
    ['will-navigate', `${ORIGIN}/campaigns`, false],
    ['will-navigate', 'https://evil.example/', true],
    ['will-navigate', 'http://127.0.0.1:43211/', true],
    ['will-navigate', 'file:///etc/passwd', true],
    ['will-navigate', 'not a url', true],
    ['will-redirect', 'https://evil.example/', true],
    ['will-frame-navigate', 'https://evil.example/', true],
    ['will-frame-navigate', `${ORIGIN}/x`, false],
  ])('%s to %s → prevented: %s', (event, url, prevented) => {
    const f = fakeWebContents();
    hardenWebContents(f.contents, () => ORIGIN);
    expect(f.fire(event, url)).toBe(prevented);
  });

  it('blocks all navigation while no service runs', () => {
    const f = fakeWebContents();
    hardenWebContents(f.contents, () => undefined);
    expect(f.fire('will-navigate', `${ORIGIN}/`)).toBe(true);
  });

  it('denies every new window, even to the service origin, and every webview', () => {
    const f = fakeWebContents();
    hardenWebContents(f.contents, () => ORIGIN);
    expect(f.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(f.openWindow(`${ORIGIN}/`)).toEqual({ action: 'deny' });
    expect(f.fire('will-attach-webview', '')).toBe(true);
  });

  it('parses origins', () => {
    expect(originOf(`${ORIGIN}/a?b#c`)).toBe(ORIGIN);
    expect(originOf('::')).toBeUndefined();
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check', () => {
    const { session, s } = fakeSession();
    hardenSession(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      s.request!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(s.check!({}, permission)).toBe(false);
    }
  });

  it('adds the strict CSP to responses without one and keeps an existing one', () => {
    const { session, s } = fakeSession();
    hardenSession(session);
    let out: Record<string, string[]> | undefined;
    s.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (out = r.responseHeaders));
    expect(out!['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    s.headers!(
      { responseHeaders: { 'content-security-policy': ["default-src 'none'"] } },
      (r) => (out = r.responseHeaders),
    );
    expect(out).toEqual({ 'content-security-policy': ["default-src 'none'"] });
  });
});
