// Finds Electron's binary without `require('electron')`: that call starts a download when the
// binary is missing, and here it is missing by design (no network, no postinstall).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

/** How to get the binary, for messages (docs/desktop.md has the details). */
export const ELECTRON_INSTALL_HINT = 'node node_modules/electron/install.js (needs network), then see docs/desktop.md';

/** The Electron executable installed under `root`/node_modules/electron, or why there is none. */
export function electronBinary(root: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json')))
    return { ok: false, reason: 'the electron package is not installed (run npm install)' };
  let rel: string;
  try {
    rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    return { ok: false, reason: "Electron's binary is not downloaded (node_modules/electron/path.txt is missing)" };
  }
  const path = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, rel) : join(pkg, 'dist', rel);
  return existsSync(path)
    ? { ok: true, path }
    : { ok: false, reason: `Electron's binary is not downloaded (${path} is missing)` };
}

/** Why Electron cannot open a window here even with the binary (Linux without a display), or undefined. */
export function noDisplayReason(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (platform === 'darwin' || platform === 'win32') return undefined;
  return env.DISPLAY || env.WAYLAND_DISPLAY
    ? undefined
    : 'there is no display ($DISPLAY and $WAYLAND_DISPLAY are unset)';
}
