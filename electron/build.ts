// Builds the Electron entries with vite: dist/electron/main.js (ESM, dependencies bundled, electron
// and node: external) and dist/electron/preload.cjs (CommonJS: sandboxed preloads cannot load ESM).
// Run by `npm run build` and, when stale, by `npm start` before launching Electron.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT, sourcesHash } from '../engine/server/renderer-build.ts';

export const ELECTRON_DIST = join(PACKAGE_ROOT, 'dist', 'electron');
/** What the main bundle is built from (the shell imports the CSP from engine/server/security.ts). */
const ELECTRON_SOURCES = ['electron', 'engine/server/security.ts', 'package.json', 'package-lock.json'];
const STAMP = 'build-stamp.json';

/** True when dist/electron holds both bundles built from the current sources. */
export function electronBuildFresh(root: string = PACKAGE_ROOT, dist: string = ELECTRON_DIST): boolean {
  if (!existsSync(join(dist, 'main.js')) || !existsSync(join(dist, 'preload.cjs'))) return false;
  try {
    return (
      (JSON.parse(readFileSync(join(dist, STAMP), 'utf8')) as { sourceHash?: string }).sourceHash ===
      sourcesHash(root, ELECTRON_SOURCES)
    );
  } catch {
    return false;
  }
}

/** Builds both bundles into `dist` (vite's log goes to `log`). */
export async function buildElectron(
  opts: { root?: string; dist?: string; log?: (line: string) => void } = {},
): Promise<void> {
  const root = opts.root ?? PACKAGE_ROOT;
  const dist = opts.dist ?? ELECTRON_DIST;
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const sourceHash = sourcesHash(root, ELECTRON_SOURCES);
  const { build, createLogger } = await import('vite');
  const logger = createLogger('warn');
  for (const level of ['info', 'warn', 'error'] as const) logger[level] = (msg: string) => log(msg);
  const common = { configFile: false as const, root, logLevel: 'warn' as const, customLogger: logger };
  // 1. Main: an ESM bundle for Node (Electron's main process); zod and the rest bundled in.
  await build({
    ...common,
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: join(root, 'electron', 'main.ts'),
      outDir: dist,
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      sourcemap: true,
      rolldownOptions: { external: ['electron', /^node:/], output: { format: 'es', entryFileNames: 'main.js' } },
    },
  });
  // 2. Preload: one CommonJS file; only `electron` is required at run time (allowed in the sandbox).
  await build({
    ...common,
    build: {
      lib: { entry: join(root, 'electron', 'preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
      outDir: dist,
      emptyOutDir: false,
      target: 'chrome130',
      minify: false,
      sourcemap: true,
      rolldownOptions: { external: ['electron'] },
    },
  });
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, STAMP), JSON.stringify({ sourceHash }) + '\n');
}

// `node --import tsx electron/build.ts` (npm run build)
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildElectron();
  process.stderr.write(`built ${ELECTRON_DIST}/main.js and preload.cjs\n`);
}
