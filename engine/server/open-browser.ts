// Opens a URL in the system browser where there is one; never fails when there is none.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const onPath = (cmd: string, env: NodeJS.ProcessEnv): boolean =>
  (env.PATH ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, cmd)));

/** The command that opens a URL on this platform, or undefined (e.g. Linux without a display). */
export function browserOpener(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): { cmd: string; args: (url: string) => string[] } | undefined {
  if (platform === 'darwin') return { cmd: 'open', args: (u) => [u] };
  if (platform === 'win32') return { cmd: 'cmd', args: (u) => ['/c', 'start', '""', u.replace(/&/g, '^&')] };
  // Elsewhere (Linux, BSD): only with a graphical session and xdg-open installed.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return onPath('xdg-open', env) ? { cmd: 'xdg-open', args: (u) => [u] } : undefined;
}

/** Tries to open the URL; resolves to whether a browser was asked to open it. */
export function openInBrowser(url: string): Promise<boolean> {
  const opener = browserOpener();
  if (!opener) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      const child = spawn(opener.cmd, opener.args(url), { stdio: 'ignore', detached: true, windowsHide: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
