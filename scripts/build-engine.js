// `npm run build:engine` (and `npm install`, through `prepare`): the engine bundled to JavaScript
// with esbuild — dist/node/cli.js (the CLI and `workbench serve`) and the two worker entries beside
// it, where `new URL('./chunk-worker.js', import.meta.url)` finds them — so that `workbench` starts
// without compiling TypeScript. dist/node/build-stamp is dated when the build started;
// bin/workbench.js runs the bundle only while no engine source is newer than that.
// `--if-possible` (how `npm install` runs it): a failed build is reported, not fatal; the CLI then
// runs from the TypeScript sources.
import { copyFileSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'node');
const started = new Date();
rmSync(out, { recursive: true, force: true });
try {
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    entryPoints: {
      cli: 'engine/cli/main.ts',
      'chunk-worker': 'engine/batch/chunk-worker.ts',
      'training-worker': 'engine/batch/training-worker.ts',
    },
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Native code, the worker pool (it loads worker files by path) and development-only tools stay packages.
    external: ['better-sqlite3', 'piscina', 'vite', 'tsx', 'electron'],
    // Bundled CommonJS packages call require(); give them one.
    banner: {
      js: "import { createRequire as __workbenchRequire } from 'node:module'; const require = __workbenchRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
} catch (e) {
  rmSync(out, { recursive: true, force: true });
  console.error(`build:engine: ${e instanceof Error ? e.message : String(e)}`);
  console.error('build:engine: `workbench` runs from the TypeScript sources until a build succeeds');
  process.exit(process.argv.includes('--if-possible') ? 0 : 1);
}
mkdirSync(out, { recursive: true });
// Plain-JavaScript programs the engine starts by path beside itself (`new URL('./x.js', import.meta.url)`).
for (const file of ['engine/store/insight-query-process.js'])
  copyFileSync(join(root, file), join(out, file.split('/').pop()));
const stamp = join(out, 'build-stamp');
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
