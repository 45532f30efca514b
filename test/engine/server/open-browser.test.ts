// Which command opens the system browser, and never one where there is no graphical session.
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserOpener } from '../../../engine/server/open-browser.ts';

describe('browserOpener', () => {
  it('uses open on macOS and start on Windows (with & escaped for cmd)', () => {
    expect(browserOpener('darwin', {})?.cmd).toBe('open');
    const win = browserOpener('win32', {})!;
    expect(win.cmd).toBe('cmd');
    expect(win.args('http://127.0.0.1:1/?token=a&b=c')).toEqual([
      '/c',
      'start',
      '""',
      'http://127.0.0.1:1/?token=a^&b=c',
    ]);
  });

  it('on Linux needs a display and xdg-open on the PATH (never /usr/bin/open, which is openvt there)', () => {
    const bin = mkdtempSync(join(tmpdir(), 'workbench-xdg-'));
    try {
      writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\n');
      chmodSync(join(bin, 'xdg-open'), 0o755);
      expect(browserOpener('linux', { PATH: bin })).toBeUndefined();
      expect(browserOpener('linux', { PATH: bin, DISPLAY: ':0' })?.cmd).toBe('xdg-open');
      expect(browserOpener('linux', { PATH: bin, WAYLAND_DISPLAY: 'wayland-0' })?.cmd).toBe('xdg-open');
      expect(browserOpener('linux', { PATH: join(bin, 'empty'), DISPLAY: ':0' })).toBeUndefined();
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
