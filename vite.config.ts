// Vite builds the renderer (renderer/ → dist/renderer) and serves it in development (`npm run dev`).
// The Electron main/preload bundles are built by electron/build.ts (see docs/desktop.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { BUILD_STAMP, rendererSourceHash } from './engine/server/renderer-build.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Writes build-stamp.json (the digest of the sources the bundle was built from); `serve` checks it. */
function buildStamp(): Plugin {
  let sourceHash = '';
  let outDir = '';
  let nodeEnv = '';
  return {
    name: 'workbench-build-stamp',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      // React's bundle follows NODE_ENV: record it so that a development bundle is never served as fresh.
      nodeEnv = String(config.define?.['process.env.NODE_ENV'] ?? JSON.stringify(process.env.NODE_ENV ?? 'production'));
    },
    buildStart() {
      // Taken before bundling: an edit made during the build makes the stamp stale, not wrong.
      sourceHash = rendererSourceHash(root);
    },
    closeBundle() {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, BUILD_STAMP), JSON.stringify({ sourceHash, nodeEnv: JSON.parse(nodeEnv) }) + '\n');
    },
  };
}

// `npm run dev`: scripts/start.ts starts `workbench serve` and passes its origin here; the dev
// server proxies /api to it. The service refuses foreign Origin headers, so the proxy presents
// the service's own origin (the token is still required on every call).
const api = process.env.WORKBENCH_API_ORIGIN;

export default defineConfig({
  root: join(root, 'renderer'),
  base: '/',
  plugins: [react(), buildStamp()],
  build: {
    outDir: join(root, 'dist', 'renderer'),
    emptyOutDir: true,
    // No inline scripts or data: modules: the service's Content-Security-Policy forbids them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    host: '127.0.0.1',
    strictPort: false,
    ...(api
      ? {
          proxy: {
            '/api': {
              target: api,
              changeOrigin: true,
              configure: (proxy) => {
                proxy.on('proxyReq', (req) => {
                  if (req.getHeader('origin')) req.setHeader('origin', api);
                });
              },
            },
          },
        }
      : {}),
  },
});
