// Which engine `workbench` runs: the bundle in dist/node (built by `npm run build:engine`) while it
// is at least as new as every file under engine/, else the TypeScript sources (through tsx).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time of the files under a folder. */
function newestFile(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const m = e.isDirectory() ? newestFile(p) : statSync(p).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

/** 'bundle' or 'sources' for the package at `root`; WORKBENCH_FROM_SOURCES=1 forces the sources. */
export function engineEntry(root, env = process.env) {
  const stamp = join(root, 'dist', 'node', 'build-stamp');
  if (env.WORKBENCH_FROM_SOURCES === '1' || !existsSync(stamp) || !existsSync(join(root, 'dist', 'node', 'cli.js')))
    return 'sources';
  return newestFile(join(root, 'engine')) <= statSync(stamp).mtimeMs ? 'bundle' : 'sources';
}
