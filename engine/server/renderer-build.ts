// The built renderer (dist/renderer): whether it matches the sources, and building it with vite.
// A build writes build-stamp.json holding a digest of the renderer's sources; `serve` compares it
// with the sources' digest now, so a stale bundle is rebuilt (or reported) instead of served.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root (where package.json, vite.config.ts and dist/ are): two folders up from this
 * file in the sources, four from its compiled copy in dist/node/engine/server.
 */
export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

function packageRoot(here: string): string {
  const sources = join(here, '..', '..');
  return existsSync(join(sources, 'package.json')) ? sources : join(here, '..', '..', '..', '..');
}
/** Where `vite build` writes the renderer. */
export const RENDERER_DIST = join(PACKAGE_ROOT, 'dist', 'renderer');
/** The stamp file inside the built renderer. */
export const BUILD_STAMP = 'build-stamp.json';

/** Files whose content decides the renderer bundle (folders and files relative to the root). */
export const RENDERER_SOURCES = ['renderer', 'vite.config.ts', 'package.json', 'package-lock.json'];

/** Every file under the given folders/files (missing ones skipped), sorted. */
function filesUnder(root: string, entries: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  for (const entry of entries) {
    const p = join(root, entry);
    if (!existsSync(p)) continue;
    if (statSync(p).isDirectory()) walk(p);
    else out.push(p);
  }
  return out.sort();
}

/** SHA-256 over the renderer's source files (relative paths and contents). */
export function rendererSourceHash(root: string = PACKAGE_ROOT): string {
  return sourcesHash(root, RENDERER_SOURCES);
}

/** SHA-256 over files (relative paths and contents): what a build stamp records. */
export function sourcesHash(root: string, entries: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of filesUnder(root, entries)) {
    h.update(relative(root, f).split(sep).join('/'));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

export type RendererState = { state: 'fresh' } | { state: 'missing' } | { state: 'stale'; builtFrom: string | null };

/** Whether the built renderer in `dist` exists and was built from the current sources. */
export function rendererState(dist: string = RENDERER_DIST, root: string = PACKAGE_ROOT): RendererState {
  if (!existsSync(join(dist, 'index.html'))) return { state: 'missing' };
  let stamp: { sourceHash?: string; nodeEnv?: string };
  try {
    stamp = JSON.parse(readFileSync(join(dist, BUILD_STAMP), 'utf8')) as typeof stamp;
  } catch {
    stamp = {};
  }
  // Only a production bundle built from the current sources is fresh.
  const builtFrom = stamp.sourceHash ?? null;
  return builtFrom === rendererSourceHash(root) && stamp.nodeEnv === 'production'
    ? { state: 'fresh' }
    : { state: 'stale', builtFrom };
}

/** What to run by hand when building from `serve` is not possible. */
export const BUILD_HINT = 'npm run build';

/**
 * Builds the renderer with vite into a temporary folder beside `dist`, then swaps it in, so a
 * server reading the old bundle never sees a half-written one. Vite's log goes to `log`.
 */
export async function buildRenderer(
  opts: { root?: string; dist?: string; log?: (line: string) => void } = {},
): Promise<void> {
  const root = opts.root ?? PACKAGE_ROOT;
  const dist = opts.dist ?? RENDERER_DIST;
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const tmp = `${dist}.build-${process.pid}-${Date.now()}`;
  const { build, createLogger } = await import('vite');
  const logger = createLogger('warn');
  // Vite logs to stdout by default; stdout belongs to the command's output (--json), so redirect.
  for (const level of ['info', 'warn', 'error'] as const) logger[level] = (msg: string) => log(msg);
  // Vite keeps an existing NODE_ENV (vitest sets "test"), and React's bundle follows it: the
  // workbench always serves the production bundle.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      mode: 'production',
      configFile: join(root, 'vite.config.ts'),
      root: join(root, 'renderer'),
      logLevel: 'warn',
      customLogger: logger,
      build: { outDir: tmp, emptyOutDir: true },
    });
    const old = `${dist}.old-${process.pid}-${Date.now()}`;
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(tmp, dist);
    rmSync(old, { recursive: true, force: true });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Builds the renderer when it is missing or stale; returns what it found. */
export async function ensureRendererBuilt(
  opts: { root?: string; dist?: string; log?: (line: string) => void } = {},
): Promise<RendererState> {
  const state = rendererState(opts.dist, opts.root);
  if (state.state !== 'fresh') await buildRenderer(opts);
  return state;
}
