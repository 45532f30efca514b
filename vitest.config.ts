import { defineConfig } from 'vitest/config';

// Tests live under test/, mirroring the source tree. Renderer tests opt into jsdom per file.
export default defineConfig({
  root: '.',
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
